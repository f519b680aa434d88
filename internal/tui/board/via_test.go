package board

import (
	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/draft"
)

// captured returns a draft whose inbox holds a card of the editor's own,
// then one sent through weekly capture by sender with note.
func captured(sender, note string) *draft.Draft {
	d := newDraft([]string{"mine", "sent"})
	d.Inbox[1].Blurb, d.Inbox[1].Via, d.Inbox[1].Note = "", sender, note
	return d
}

func TestCardSaysWhoSentIt(t *testing.T) {
	t.Parallel()
	for w, want := range map[int]string{120: "sent.example.com · via Ann", 60: "sent.example… · via Ann"} {
		b := newTestBoard(captured("Ann", ""), w, 12)
		if view := screen(b); !strings.Contains(view, want) || strings.Count(view, "via ") != 1 {
			t.Errorf("width %d: the captured card, and it alone, says %q:\n%s", w, want, view)
		}
	}
	// Too narrow for both: the site stays; the card pane names the sender.
	b := newTestBoard(captured("Ann", ""), 24, 12)
	if view := screen(b); !strings.Contains(view, "sent.exam") || strings.Contains(view, "via") {
		t.Errorf("narrow: the site is kept:\n%s", view)
	}
}

func TestViaIsSanitisedAndBounded(t *testing.T) {
	t.Parallel()
	b := newTestBoard(captured("Ann\x1b]8;;https://evil.example/\a\u202eBob with a name far too long for any card", ""), 120, 12)
	view := b.View()
	for _, bad := range []string{"\x1b]8", "\u202e"} {
		if strings.Contains(view, bad) {
			t.Errorf("the card drew %q from the sender's name", bad)
		}
	}
	if !strings.Contains(screen(b), "sent.exam… · via AnnBob w…") {
		t.Errorf("the name is cleaned and cut:\n%s", screen(b))
	}
}

func TestSearchFindsSenderAndNote(t *testing.T) {
	t.Parallel()
	for _, q := range []string{"ann", "for tools"} {
		b := newTestBoard(captured("Ann", "For Tools, maybe?"), 120, 12)
		b.setQuery(q)
		hits := b.freshHits()
		if len(hits) != 1 || b.current().At(hits[0]).ID != "sent" {
			t.Errorf("/%s: hits %v, want the captured card", q, hits)
		}
	}
}

// A blurb imported from a plain-text email keeps its asterisks as
// Markdown escapes; the card shows the text as the email printed it.
func TestCardShowsBlurbWithoutEscapes(t *testing.T) {
	t.Parallel()
	d := newDraft([]string{"one"})
	d.Inbox[0].Blurb = `A \*rich\* \[sic\] C:\\t \x`
	view := screen(newTestBoard(d, 120, 12))
	if want := `A *rich* [sic] C:\t \x`; !strings.Contains(view, want) {
		t.Errorf("the card shows %q:\n%s", want, view)
	}
}
