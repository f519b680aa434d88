package cli_test

import (
	"strconv"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/store"
)

// cardCmd changes one card of a draft as the board would, for scripts that
// need a move or a blurb the command line has no command for:
//
//	card DRAFT.json URL move SECTION INDEX   (INDEX from 0; SECTION inbox for the inbox)
//	card DRAFT.json URL blurb TEXT
func cardCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 4 && len(args) != 5 {
		ts.Fatalf("usage: card DRAFT.json URL move SECTION INDEX | card DRAFT.json URL blurb TEXT")
	}
	err := store.Update(ts.MkAbs(args[0]), "card", func(d *draft.Draft) error {
		var at draft.Pos
		found := false
		d.Items(func(p draft.Pos, it *draft.Item) {
			if link.Normalize(it.URL()) == link.Normalize(args[1]) {
				at, found = p, true
			}
		})
		if !found {
			ts.Fatalf("no card with %s", args[1])
		}
		switch args[2] {
		case "move":
			col := draft.Inbox
			if args[3] != "inbox" {
				i, err := d.Section(args[3])
				ts.Check(err)
				col = i + 1
			}
			n, err := strconv.Atoi(args[4])
			ts.Check(err)
			_, err = d.Move(at, draft.Pos{Col: col, Index: n})
			return err
		case "blurb":
			_, err := d.Do(draft.Op{Kind: draft.OpEdit, Field: draft.FieldBlurb, From: at, Item: *d.At(at), After: args[3]})
			return err
		}
		ts.Fatalf("card: unknown change %q", args[2])
		return nil
	})
	ts.Check(err)
}
