package cli

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/weekly-dev/weekly/internal/sanitize"
)

// draftPath resolves a DRAFT argument; without one it is the newest draft
// (the highest issue number), as for edit, and stderr says which.
func draftPath(app *App, name string) (string, error) {
	if name != "" {
		return app.DraftPath(name)
	}
	st := app.Store()
	path, broken, err := st.Newest()
	if err != nil {
		return "", err
	}
	if path != "" {
		fmt.Fprintf(app.Err, "Using %s, the newest draft.\n", path)
		return path, nil
	}
	for _, e := range broken {
		fmt.Fprintln(app.Err, sanitize.Text(e.Err.Error()))
	}
	return "", fmt.Errorf("no draft named and none in %s: give a draft name such as 519, or start one with weekly new --newsletter NAME", st.Dir)
}

// optionalDraft returns the args split into the DRAFT named first, or ""
// when the first argument is not a draft's name but the command's next
// argument, which isArg recognises.
func optionalDraft(app *App, args []string, isArg func(string) bool) (string, []string) {
	switch {
	case len(args) == 0:
		return "", nil
	case isArg(args[0]) && !isDraft(app, args[0]):
		return "", args
	}
	return args[0], args[1:]
}

// isDraft reports whether name is a draft that exists.
func isDraft(app *App, name string) bool {
	path, err := app.DraftPath(name)
	if err != nil {
		return false
	}
	_, err = os.Stat(path)
	return err == nil
}

// looksLikeURL reports whether an argument is a link (or - for links on
// standard input) rather than a draft's name: it has a scheme, or a dot
// without being a .json file.
func looksLikeURL(arg string) bool {
	return arg == "-" || strings.Contains(arg, "://") ||
		(strings.Contains(arg, ".") && !strings.HasSuffix(arg, ".json"))
}

// sectionVerbs are what section does; a first argument among them names no
// draft.
var sectionVerbs = []string{"add", "rename", "remove", "move"}

func isSectionVerb(arg string) bool { return slices.Contains(sectionVerbs, arg) }

// firstArg returns the first argument, or "" when there is none.
func firstArg(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}
