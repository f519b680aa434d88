package cli

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/store"
)

type sectionOptions struct {
	at      int
	sponsor bool
}

func newSectionCmd(app *App) *cobra.Command {
	opts := &sectionOptions{}
	cmd := &cobra.Command{
		Use:   "section VERB [ARGS...]",
		Short: "Add, rename, remove, move sections",
		Long: `Manage the sections of a draft (DRAFT first, or the newest draft):

  weekly section [DRAFT] add NAME [--at POS] [--sponsor]
  weekly section [DRAFT] rename OLD NEW
  weekly section [DRAFT] remove NAME
  weekly section [DRAFT] move NAME POS

Positions count from 1, left to right as the board shows them. A new section
goes last unless --at gives its position; --sponsor makes it a sponsor
section. Adding a section the draft has already,
still empty (News and Tools come with every new draft), moves it to where
the new one would go, so that a script can add an issue's sections in order.
Removing a section keeps its items: they go to the end of the inbox.`,
		Example: `  weekly section 519 add Events
  weekly section 519 add "StackHawk sponsors" --sponsor --at 1
  weekly section 519 rename Events Conferences
  weekly section 519 move Tools 2
  weekly section 519 remove Conferences`,
		Args:              cobra.MinimumNArgs(1),
		ValidArgsFunction: completeSection(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 && isSectionVerb(args[0]) && !isDraft(app, args[0]) {
				args = append([]string{""}, args...)
			}
			if len(args) < 2 {
				return fmt.Errorf("section: what to do? add, rename, remove or move")
			}
			return runSection(app, opts, args)
		},
	}
	cmd.Flags().IntVar(&opts.at, "at", 0, "with add: its position, from 1 (default last)")
	cmd.Flags().BoolVar(&opts.sponsor, "sponsor", false, "with add: make it a sponsor section")
	return cmd
}

func completeSection(app *App) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	drafts := completeDrafts(app)
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		switch len(args) {
		case 0:
			return drafts(cmd, args, toComplete)
		case 1:
			return []string{"add", "rename", "remove", "move"}, cobra.ShellCompDirectiveNoFileComp
		}
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
}

func runSection(app *App, opts *sectionOptions, args []string) error {
	path, err := draftPath(app, args[0])
	if err != nil {
		return err
	}
	verb, rest := args[1], args[2:]
	need := map[string]int{"add": 1, "rename": 2, "remove": 1, "move": 2}
	n, ok := need[verb]
	if !ok {
		return fmt.Errorf("unknown section action %q: use add, rename, remove or move", verb)
	}
	if len(rest) != n {
		return fmt.Errorf("section %s takes %d argument(s) after the action, got %d: see weekly section --help", verb, n, len(rest))
	}
	if verb != "add" && (opts.at != 0 || opts.sponsor) {
		return fmt.Errorf("--at and --sponsor go with section add only")
	}
	var msg string
	queued, err := store.Change(path, "weekly section", func(d *draft.Draft) (draft.Change, error) {
		switch verb {
		case "add":
			msg = fmt.Sprintf("Added section %q", rest[0])
			if i := d.SectionIndex(rest[0]); i >= 0 {
				return placeExisting(d, i, opts, &msg)
			}
			return draft.Change{{Kind: draft.OpSectionAdd, To: draft.Pos{Col: opts.at}, Section: rest[0], Sponsor: opts.sponsor}}, nil
		case "rename":
			msg = fmt.Sprintf("Renamed section %q to %q", rest[0], rest[1])
			return draft.Change{{Kind: draft.OpSectionRename, Section: rest[0], After: rest[1]}}, nil
		case "remove":
			i, err := d.Section(rest[0])
			if err != nil {
				return nil, err
			}
			msg = fmt.Sprintf("Removed section %q", rest[0])
			if moved := len(d.Sections[i].Items); moved > 0 {
				msg += fmt.Sprintf("; its %d item(s) are now at the end of the inbox", moved)
			}
			return draft.Change{{Kind: draft.OpSectionRemove, From: draft.Pos{Col: i + 1}, Section: d.Sections[i].Name}}, nil
		default:
			pos, err := strconv.Atoi(rest[1])
			if err != nil {
				return nil, fmt.Errorf("position %q is not a number", rest[1])
			}
			msg = fmt.Sprintf("Moved section %q to position %d", rest[0], pos)
			return draft.Change{{Kind: draft.OpSectionMove, Section: rest[0], To: draft.Pos{Col: pos}}}, nil
		}
	})
	if err != nil {
		return err
	}
	if queued {
		msg += " (queued for the board that has the draft open; it applies it within a second)"
	}
	fmt.Fprintln(app.Out, sanitize.Line(msg))
	return nil
}

// placeExisting handles section add of a section the draft has already. An
// empty one (such as a default section a script names again while it adds
// an issue's sections in order) is moved to where add would have put it; one
// that holds items is left alone with an error, since moving it is what
// section move is for.
func placeExisting(d *draft.Draft, i int, opts *sectionOptions, msg *string) (draft.Change, error) {
	s := d.Sections[i]
	if len(s.Items) > 0 {
		return nil, fmt.Errorf("there is already a section %q, with %d item(s); use section move to reorder it", s.Name, len(s.Items))
	}
	at := opts.at
	if at == 0 {
		at = len(d.Sections)
	}
	if at < 1 || at > len(d.Sections) {
		return nil, fmt.Errorf("position %d is out of range: use 1 to %d", at, len(d.Sections))
	}
	c := draft.Change{{Kind: draft.OpSectionMove, From: draft.Pos{Col: i + 1}, Section: s.Name, To: draft.Pos{Col: at}}}
	if opts.sponsor && !s.Sponsor {
		c = append(c, draft.Op{Kind: draft.OpSectionKind, Section: s.Name, After: draft.KindSponsor})
	}
	*msg = fmt.Sprintf("Section %q was there already, empty; it is now at position %d", s.Name, at)
	return c, nil
}
