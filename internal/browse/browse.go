// Package browse opens a link in the user's browser: $BROWSER when it is
// set, else the system's opener (github.com/cli/browser).
package browse

import (
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"sync"

	"github.com/cli/browser"
)

// ErrNoBrowser is the system opener's failure to find any browser.
var ErrNoBrowser = errors.New("no browser found; set $BROWSER")

// quiet sends cli/browser's output nowhere: it would draw over a board or
// a command's own output. Its writers are package variables, set once.
var quiet = sync.OnceFunc(func() { browser.Stdout, browser.Stderr = io.Discard, io.Discard })

// Open opens u with $BROWSER (its first entry when it is a list, %s
// standing for the URL when it holds one), else with the system's opener.
// With wait it returns once $BROWSER has exited, with its failure; else
// once it has started.
func Open(getenv func(string) string, u string, wait bool) error {
	if b := strings.TrimSpace(strings.Split(getenv("BROWSER"), ":")[0]); b != "" {
		args := strings.Fields(b)
		if strings.Contains(b, "%s") {
			for i := range args {
				args[i] = strings.ReplaceAll(args[i], "%s", u)
			}
		} else {
			args = append(args, u)
		}
		c := exec.Command(args[0], args[1:]...)
		err := c.Start()
		if err == nil && wait {
			err = c.Wait()
		} else if err == nil {
			go func() { _ = c.Wait() }()
		}
		if err != nil {
			return fmt.Errorf("$BROWSER (%s): %w", args[0], err)
		}
		return nil
	}
	quiet()
	if err := browser.OpenURL(u); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return ErrNoBrowser
		}
		return err
	}
	return nil
}
