package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/draft"
	threeway "github.com/weekly-dev/weekly/internal/merge"
	"github.com/weekly-dev/weekly/internal/store"
)

func newMergeDriverCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "merge-driver BASE OURS THEIRS",
		Short: "Merge two edits of a draft (git)",
		Long: `Merge two versions of a draft that were edited apart from a common ancestor,
item by item, and write the result over OURS. Git runs it for the drafts
folder once weekly git setup has configured the repository; it is called as
git's %O %A %B %P.

Cards added on both sides are both kept; moves and edits of different cards
both apply; a card deleted on one side and edited on the other is kept,
edited. A blurb or issue field changed differently on both sides keeps this
side's text and records the other side's in a conflict mark, which the board
shows and weekly check reports. The result is always a valid draft, never
text with conflict markers.

Exits 0 when the merge is clean. When it marked a conflict it exits 1 after
writing the merged draft, so that git lists the file as conflicted and does
not commit the merge until you have settled it (edit the blurb or field,
then git add the file).`,
		Example: `  git config merge.weekly.driver "weekly merge-driver -- %O %A %B %P"`,
		// Every argument is a file name, whatever it starts with: a draft
		// named -2.json is a path, not a flag, even in a repository set up
		// before weekly git setup wrote the "--".
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
				return cmd.Help()
			}
			if len(args) > 0 && args[0] == "--" {
				args = args[1:]
			}
			if len(args) < 3 || len(args) > 4 {
				return fmt.Errorf("merge-driver takes BASE OURS THEIRS [PATH], as git's %%O %%A %%B %%P; got %d arguments", len(args))
			}
			name := args[1]
			if len(args) == 4 {
				name = args[3]
			}
			return runMergeDriver(args[0], args[1], args[2], name)
		},
	}
}

func runMergeDriver(basePath, oursPath, theirsPath, name string) error {
	base, err := loadSide(basePath, name, "the common ancestor", true)
	if err != nil {
		return err
	}
	ours, err := loadSide(oursPath, name, "our side", false)
	if err != nil {
		return err
	}
	theirs, err := loadSide(theirsPath, name, "their side", false)
	if err != nil {
		return err
	}
	r := threeway.Merge(base, ours, theirs, otherBranch(os.Environ()))
	data, err := store.Encode(r.Draft)
	if err != nil {
		return fmt.Errorf("merge %s: %w", name, err)
	}
	if err := store.WriteFile(oursPath, data); err != nil {
		return err
	}
	if r.Conflicts > 0 {
		return fmt.Errorf("%s: merged, with %d conflict(s) marked: a text changed differently on both sides is kept in both versions; weekly check %s lists them. Settle each (edit the blurb or field), then git add %s", name, r.Conflicts, name, name)
	}
	return nil
}

// loadSide reads one of the three versions git gives the driver. An empty
// common ancestor (both sides added the file) counts as an empty draft.
func loadSide(path, name, side string, emptyOK bool) (*draft.Draft, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("merge %s: read %s: %w", name, side, err)
	}
	if emptyOK && len(strings.TrimSpace(string(data))) == 0 {
		return &draft.Draft{Schema: draft.Schema}, nil
	}
	d, err := store.Decode(name+" ("+side+")", data)
	if err != nil {
		return nil, fmt.Errorf("merge %s: %w", name, err)
	}
	if err := threeway.Mergeable(d); err != nil {
		return nil, fmt.Errorf("merge %s: %s: %w; git keeps our side in the file and the others in its index (git show :1:%s, :3:%s)", name, side, err, name, name)
	}
	return d, nil
}

// otherBranch names the side being merged in, as git merge tells its
// drivers through GITHEAD_<commit>=<name>; "the other branch" when it does
// not (a rebase, or several heads).
func otherBranch(environ []string) string {
	var names []string
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(k, "GITHEAD_") || v == "" {
			continue
		}
		if len(v) == 40 && strings.Trim(v, "0123456789abcdef") == "" {
			v = "commit " + v[:7] // git pull names the fetched head by its hash
		}
		names = append(names, v)
	}
	if len(names) == 1 {
		return names[0]
	}
	return "the other branch"
}
