// Package cli is weekly's command line: one file per command, each with an
// options struct, its flags and a run function over the App's streams.
package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"charm.land/fang/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/fetch"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/store"
)

// Version is weekly's version when set at build time with
// -ldflags "-X github.com/weekly-dev/weekly/internal/cli.Version=v1.2.3";
// otherwise BuildVersion reads it from the build information.
var Version = ""

// BuildVersion returns which build of weekly this is: Version when set,
// else the module's version (go install ...@v1.2.3), else the commit it was
// built from and its date, marked "dirty" when the tree had changes, else
// "dev".
func BuildVersion() string {
	if Version != "" {
		return Version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return unstamped
	}
	return buildVersion(info)
}

// unstamped is the version of a build that carries no revision: go build
// with -buildvcs=false (as GOFLAGS sets on some machines), or outside git.
const unstamped = "dev (no revision recorded: build in a git checkout with GOFLAGS=-buildvcs=true)"

func buildVersion(info *debug.BuildInfo) string {
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, date string
	dirty := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			date = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return unstamped
	}
	v := "dev-" + rev[:min(len(rev), 12)]
	if date != "" {
		v += " (" + date + ")"
	}
	if dirty {
		v += " dirty"
	}
	return v
}

// App is what every command runs against: its streams, environment and clock.
type App struct {
	In     io.Reader
	Out    io.Writer
	Err    io.Writer
	Getenv func(string) string
	Now    func() time.Time
	// Fetch holds the limits for fetching titles and checking links; the
	// zero value means fetch's defaults (tests shorten the deadline).
	Fetch fetch.Options

	dir string // --dir
}

// Store returns the drafts directory: --dir, else $WEEKLY_DIR, else drafts/.
func (a *App) Store() *store.Store {
	switch {
	case a.dir != "":
		return store.New(a.dir)
	case a.Getenv("WEEKLY_DIR") != "":
		return store.New(a.Getenv("WEEKLY_DIR"))
	}
	return store.New(store.DefaultDir)
}

// Fetcher returns a fetcher with the App's limits that says it is this
// version of weekly.
func (a *App) Fetcher() *fetch.Fetcher {
	opts := a.Fetch
	if opts.UserAgent == "" {
		opts.UserAgent = fetch.UserAgent(BuildVersion())
	}
	return fetch.New(opts)
}

// DraftPath resolves a DRAFT argument against the drafts directory.
func (a *App) DraftPath(name string) (string, error) {
	return a.Store().Path(name)
}

// Main runs weekly with args and returns the process exit code.
func Main(ctx context.Context, args []string, in io.Reader, out, errOut io.Writer) int {
	return runApp(ctx, &App{In: in, Out: out, Err: errOut, Getenv: os.Getenv, Now: time.Now}, args)
}

// runApp runs weekly with args over app and returns the process exit code.
func runApp(ctx context.Context, app *App, args []string) int {
	in, out, errOut := app.In, app.Out, app.Err
	root := NewRoot(app)
	root.SetArgs(args)
	root.SetIn(in)
	// What the command line itself writes (help, version, completions)
	// has no trailing blanks: fang pads its help to the terminal's width,
	// which a pipe or a file keeps. What commands write goes to app.Out
	// untouched.
	help := &trimWriter{w: out}
	root.SetOut(help)
	root.SetErr(errOut)
	opts := []fang.Option{fang.WithVersion(BuildVersion()), fang.WithErrorHandler(printError)}
	err := fang.Execute(ctx, root, opts...)
	help.Flush()
	var exit exitError
	switch {
	case errors.As(err, &exit):
		return exit.code
	case err != nil:
		return 1
	}
	return 0
}

// exitError is an error that ends weekly with its own exit status, not 1.
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string { return e.err.Error() }
func (e exitError) Unwrap() error { return e.err }

// trimWriter writes lines without their trailing spaces.
type trimWriter struct {
	w    io.Writer
	line []byte
}

func (t *trimWriter) Write(p []byte) (int, error) {
	for _, c := range p {
		if c != '\n' {
			t.line = append(t.line, c)
			continue
		}
		t.line = append(bytes.TrimRight(t.line, " \t"), '\n')
		if _, err := t.w.Write(t.line); err != nil {
			return 0, err
		}
		t.line = t.line[:0]
	}
	return len(p), nil
}

// Flush writes what is left of the last line.
func (t *trimWriter) Flush() {
	if len(t.line) > 0 {
		_, _ = t.w.Write(t.line)
		t.line = t.line[:0]
	}
}

// printError writes an error as weekly says it, unchanged: fang's default
// handler re-cases the text ("URL" becomes "Url"), which garbles names and
// values the message quotes.
func printError(w io.Writer, _ fang.Styles, err error) {
	fmt.Fprintln(w, "Error: "+sanitize.Text(err.Error()))
	if isUsageError(err) {
		fmt.Fprintln(w, "Try --help for usage.")
	}
}

// isUsageError reports the errors cobra makes for a wrong command line.
func isUsageError(err error) bool {
	s := err.Error()
	for _, prefix := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument", "invalid argument", "accepts ", "requires at least", "requires at most"} {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// NewRoot builds the weekly command tree over app.
func NewRoot(app *App) *cobra.Command {
	root := &cobra.Command{
		Use:   "weekly",
		Short: "Compose a link newsletter in the terminal",
		Long: `weekly collects links into an inbox, places them in sections, keeps a blurb
for each, and exports the issue as the plain-text email, Markdown, HTML, the
email message (eml) or JSON, and sends a test of the email to the editor.

Drafts are JSON files in the drafts directory: drafts/ by default, or --dir,
or $WEEKLY_DIR. A DRAFT argument is a draft's name (519 for drafts/519.json)
or a path to a .json file.`,
		Example: `  # open the newest draft on the board
  weekly
  # start issue 519 and compose it from the shell
  weekly new 519 --newsletter "DevOps Weekly" --date 2020-12-06
  weekly add 519 https://example.com/post --blurb "A good post."
  weekly export 519 --format text`,
		SilenceUsage: true,
		Args:         cobra.NoArgs,
	}
	edit := newEditCmd(app)
	root.RunE = edit.RunE // weekly alone opens the newest draft
	root.SetVersionTemplate("weekly {{.Version}}\n")
	root.PersistentFlags().StringVar(&app.dir, "dir", "", "drafts directory (or $WEEKLY_DIR)")
	root.AddCommand(
		newNewCmd(app),
		newSetCmd(app),
		newSectionCmd(app),
		newAddCmd(app),
		newSponsorCmd(app),
		newImportCmd(app),
		newListCmd(app),
		newCheckCmd(app),
		newExportCmd(app),
		newSendCmd(app),
		newPublishCmd(app),
		newArchiveCmd(app),
		newGitCmd(app),
		newMergeDriverCmd(),
		newServeCmd(app),
		newCaptureCmd(app),
		edit,
	)
	// cobra's own texts for completion are too wide for 80 columns.
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Short = "Print a shell completion script"
			for _, sh := range c.Commands() {
				sh.Long = ansi.Wordwrap(sh.Long, 78, "")
			}
		}
	}
	return root
}

// completeDrafts completes a DRAFT argument with the names in the drafts
// directory.
func completeDrafts(app *App) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveDefault
		}
		entries, _ := app.Store().List()
		names := make([]string, 0, len(entries))
		for _, e := range entries {
			names = append(names, e.Name)
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	}
}
