package cli_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/cli"
)

// TestHelpFitsEightyColumns walks every command: its help has no line wider
// than 80 columns, nothing cut with "…", each command listed once with its
// summary on one line, and examples narrow enough that fang does not cut
// them in an 80-column terminal.
func TestHelpFitsEightyColumns(t *testing.T) {
	t.Parallel()
	root := cli.NewRoot(&cli.App{})
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		seen := map[string]bool{}
		for _, sc := range c.Commands() {
			if seen[sc.Name()] {
				t.Errorf("%q is listed twice under %q", sc.Name(), strings.Join(path, " "))
			}
			seen[sc.Name()] = true
			walk(sc, append(append([]string{}, path...), sc.Name()))
		}
		for _, l := range strings.Split(c.Example, "\n") {
			if w := ansi.StringWidth(l); w > 72 {
				t.Errorf("weekly %s: example line of %d columns (72 at most, fang cuts wider ones at 80): %q", strings.Join(path, " "), w, l)
			}
		}
		var out, errOut bytes.Buffer
		args := append(append([]string{}, path...), "--help")
		if code := cli.Main(context.Background(), args, strings.NewReader(""), &out, &errOut); code != 0 {
			t.Errorf("weekly %s: exit %d: %s", strings.Join(args, " "), code, errOut.String())
		}
		for _, l := range strings.Split(out.String(), "\n") {
			if strings.HasSuffix(l, " ") {
				t.Errorf("weekly %s: a line ends in blanks (piped help keeps fang's padding): %q", strings.Join(args, " "), l)
			}
			l = ansi.Strip(l)
			if w := ansi.StringWidth(l); w > 80 {
				t.Errorf("weekly %s: line of %d columns: %q", strings.Join(args, " "), w, l)
			}
			if strings.Contains(l, "…") {
				t.Errorf("weekly %s: cut line: %q", strings.Join(args, " "), l)
			}
		}
	}
	walk(root, nil)
}

// TestUsageLinesAgreeWithHelp: a command whose help opens with its usage
// ("weekly sponsor [DRAFT] NAME [URL...]: ...") has that usage line.
func TestUsageLinesAgreeWithHelp(t *testing.T) {
	t.Parallel()
	for _, c := range cli.NewRoot(&cli.App{}).Commands() {
		first, _, _ := strings.Cut(c.Long, ":")
		if strings.HasPrefix(first, "weekly "+c.Name()+" ") && first != "weekly "+c.Use {
			t.Errorf("weekly %s: the help opens with %q, the usage line is %q", c.Name(), first, c.Use)
		}
	}
}
