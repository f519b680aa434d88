package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/store"
)

// mergeDriver is the command git runs to merge a draft.
const mergeDriver = "weekly merge-driver -- %O %A %B %P"

// gitAttributes are the lines weekly git setup keeps in the drafts folder's
// .gitattributes: drafts merge by item; settings and the archive, which are
// not drafts, keep git's line merge.
var gitAttributes = []string{
	"# weekly: drafts merge card by card (weekly git setup)",
	"/*.json merge=weekly",
	"/settings.json merge=text",
	"/archive.json merge=text",
}

// gitIgnore are the lines weekly git setup keeps in the drafts folder's
// .gitignore: locks, queues and half-written files belong to one machine,
// and so do the SSH server's private host key, weekly capture's tokens
// (hashes, with when each was last used) and the key that signs its cookies.
var gitIgnore = []string{
	"# weekly: locks, queues and temporary files (weekly git setup)",
	".*.json.lock",
	".*.json.edit",
	".*.json.incoming",
	".*.json[0-9]*",
	"/.weekly/host_ed25519*",
	"/.weekly/tokens*",
	"/.weekly/capture_key",
}

func newGitCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "git",
		Short: "Merge drafts in git card by card",
		Args:  cobra.NoArgs,
	}
	setup := &cobra.Command{
		Use:   "setup",
		Short: "Make git merge drafts card by card in this repository",
		Long: `Set up the git repository that holds the drafts folder so that git merges
two edits of a draft card by card (see weekly merge-driver), not line by line:

  - the drafts folder's .gitattributes sends *.json to the weekly merge driver
    (settings.json and archive.json keep git's own merge);
  - the repository's config names the driver: merge.weekly.driver is
    "` + mergeDriver + `";
  - the drafts folder's .gitignore leaves out lock, queue and temporary files,
    the SSH server's host key, and weekly capture's tokens and cookie key.

Commit .gitattributes and .gitignore. The config is not part of what git
shares: run weekly git setup in every clone. Running it again changes
nothing. weekly must be on the PATH of the git that merges.`,
		Example: `  cd newsletter && weekly git setup
  git add drafts/.gitattributes drafts/.gitignore`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runGitSetup(app)
		},
	}
	cmd.AddCommand(setup)
	return cmd
}

func runGitSetup(app *App) error {
	dir := app.Store().Dir
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("git setup: %w", err)
	}
	if _, err := git(dir, "rev-parse", "--show-toplevel"); err != nil {
		return fmt.Errorf("git setup: %s is not in a git repository (%v); run git init or git clone first, or give --dir", dir, err)
	}
	changed := false
	for _, f := range []struct {
		name  string
		lines []string
	}{{".gitattributes", gitAttributes}, {".gitignore", gitIgnore}} {
		path := filepath.Join(dir, f.name)
		added, err := ensureLines(path, f.lines)
		if err != nil {
			return fmt.Errorf("git setup: %w", err)
		}
		if added {
			fmt.Fprintf(app.Out, "wrote %s\n", path)
			changed = true
		}
	}
	for _, kv := range [][2]string{{"merge.weekly.name", "weekly: merge drafts card by card"}, {"merge.weekly.driver", mergeDriver}} {
		now, _ := git(dir, "config", "--local", "--get", kv[0])
		if now == kv[1] {
			continue
		}
		if _, err := git(dir, "config", "--local", kv[0], kv[1]); err != nil {
			return fmt.Errorf("git setup: %w", err)
		}
		fmt.Fprintf(app.Out, "set git config %s %q\n", kv[0], kv[1])
		changed = true
	}
	if !changed {
		fmt.Fprintln(app.Out, "git is set up for weekly already: nothing changed")
	}
	if _, err := exec.LookPath("weekly"); err != nil {
		fmt.Fprintln(app.Err, "note: weekly is not on your PATH, so git cannot run the merge driver; put it there")
	}
	return nil
}

// ensureLines appends to the file at path each of lines it does not have,
// and reports whether it wrote anything.
func ensureLines(path string, lines []string) (bool, error) {
	data, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return false, err
	}
	have := map[string]bool{}
	for _, l := range strings.Split(string(data), "\n") {
		have[strings.TrimSpace(l)] = true
	}
	var add []string
	for _, l := range lines {
		if !have[l] {
			add = append(add, l)
		}
	}
	if len(add) == 0 {
		return false, nil
	}
	out := bytes.Clone(data)
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	out = append(out, strings.Join(add, "\n")+"\n"...)
	return true, store.WriteFile(path, out)
}

// git runs git in dir and returns its output, trimmed.
func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(errOut.String()); msg != "" {
			return "", errors.New(msg)
		}
		return "", err
	}
	return strings.TrimSpace(out.String()), nil
}
