// Command tmuxkeys times keys to the screen in tmux itself: it runs a
// command in a detached tmux session on a private server, attaches a
// control-mode client (tmux -C) and, for each key, writes "send-keys" to
// that client and waits for the first %output of the pane after it. The
// time covers tmux taking the key, the program reading it, drawing, and
// tmux reading the drawing back: what a person at tmux waits for.
//
//	tmuxkeys -n 50 -key j -gap 100ms -- weekly --dir /tmp/k10/drafts edit 9
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

func main() {
	n := flag.Int("n", 50, "keys to time")
	key := flag.String("key", "j", "the key, as tmux send-keys names it")
	gap := flag.Duration("gap", 100*time.Millisecond, "least pause between keys (a random 0-100% more is added)")
	settle := flag.Duration("settle", 3*time.Second, "wait for the program's first frame")
	size := flag.String("size", "120x32", "the window's size")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: tmuxkeys [flags] -- command [args]")
		os.Exit(2)
	}
	w, h, _ := strings.Cut(*size, "x")
	sock := fmt.Sprintf("tmuxkeys%d", os.Getpid())
	tmux := func(args ...string) *exec.Cmd {
		return exec.Command("tmux", append([]string{"-L", sock, "-f", "/dev/null"}, args...)...)
	}
	if out, err := tmux("new-session", "-d", "-s", "k", "-x", w, "-y", h, shellJoin(flag.Args())).CombinedOutput(); err != nil {
		fail("tmux new-session: %v: %s", err, out)
	}
	defer tmux("kill-server").Run()
	time.Sleep(*settle)

	c := tmux("-C", "attach-session", "-t", "k")
	in, _ := c.StdinPipe()
	out, _ := c.StdoutPipe()
	if err := c.Start(); err != nil {
		fail("tmux -C: %v", err)
	}
	lines := make(chan string, 1024)
	go func() {
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	// The control client must not change the window's size.
	fmt.Fprintf(in, "refresh-client -C %s,%s\n", w, h)
	drain(lines, 500*time.Millisecond)

	var took []time.Duration
	for i := 0; i < *n; i++ {
		time.Sleep(*gap + time.Duration(rand.Int64N(int64(*gap)+1)))
		drain(lines, 0)
		t0 := time.Now()
		if _, err := io.WriteString(in, "send-keys -t k "+*key+"\n"); err != nil {
			fail("write: %v", err)
		}
		if !waitOutput(lines, 2*time.Second) {
			fmt.Fprintf(os.Stderr, "key %d: no output in 2 s\n", i+1)
			continue
		}
		took = append(took, time.Since(t0))
	}
	in.Close()
	c.Process.Kill()
	if len(took) == 0 {
		fail("no key reached the screen")
	}
	slices.Sort(took)
	q := func(p float64) time.Duration { return took[min(len(took)-1, int(p*float64(len(took))))] }
	fmt.Printf("%d keys: median %.2f ms, p10 %.2f, p90 %.2f, max %.2f\n", len(took),
		ms(q(0.5)), ms(q(0.1)), ms(q(0.9)), ms(took[len(took)-1]))
}

// waitOutput waits for the pane's first %output line.
func waitOutput(lines <-chan string, limit time.Duration) bool {
	deadline := time.After(limit)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				return false
			}
			if strings.HasPrefix(l, "%output ") {
				return true
			}
		case <-deadline:
			return false
		}
	}
}

// drain reads what is waiting, and what comes within quiet of it.
func drain(lines <-chan string, quiet time.Duration) {
	for {
		select {
		case <-lines:
		case <-time.After(quiet):
			return
		}
	}
}

func shellJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func fail(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "tmuxkeys: "+format+"\n", a...)
	os.Exit(1)
}
