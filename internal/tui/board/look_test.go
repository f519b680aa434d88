package board

import (
	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/sanitize"
)

func TestCountsAgreeWithColumnsWhileCarrying(t *testing.T) {
	t.Parallel()
	b := newTestBoard(newDraft([]string{"a", "b", "c"}, []string{"n"}), 120, 20)
	press(b, "space", "right")
	placed, inbox, _ := b.Counts()
	view := screen(b)
	if placed != 2 || inbox != 2 || !strings.Contains(view, "[0] Inbox · 2") || !strings.Contains(view, "[1] News · 2") {
		t.Fatalf("carrying a to News: header counts %d placed, %d in inbox; columns:\n%s", placed, inbox, view)
	}
}

func TestLongSectionNameKeepsCountAndSponsorMark(t *testing.T) {
	t.Parallel()
	d := newDraft(nil, []string{"x", "y"})
	d.Sections[0].Name = "Sponsored by a company whose name is far too long for any column"
	d.Sections[0].Sponsor = true
	for _, w := range []int{120, 60, 40} {
		b := newTestBoard(d, w, 12)
		b.FocusColumn(1)
		top := strings.Split(screen(b), "\n")[0]
		if !strings.Contains(top, "[1] Sponsored") || !strings.Contains(top, "… "+sponsorMark+" · 2") {
			t.Errorf("width %d: the name is cut, not the count or the mark: %q", w, top)
		}
	}
}

func TestMarksAreTheSameWordsInAColumn(t *testing.T) {
	t.Parallel()
	d := newDraft([]string{"a", "b", "c"})
	d.Inbox[0].Blurb, d.Inbox[1].Blurb = "", ""
	d.Inbox[1].URLs = d.Inbox[2].URLs // b repeats c's link
	for w := 20; w <= 140; w += 3 {
		b := newTestBoard(d, w, 12)
		view := screen(b)
		words, symbols := strings.Contains(view, "no blurb"), strings.Contains(view, "✎")
		if words && symbols {
			t.Fatalf("width %d: one column mixes words and symbols:\n%s", w, view)
		}
	}
}

func TestAKeyThatDoesNothingSaysWhy(t *testing.T) {
	t.Parallel()
	b := newTestBoard(newDraft([]string{"a", "b"}), 120, 20)
	press(b, "z")
	if n := b.TakeNote(); !strings.Contains(n.Text, "z does nothing here") {
		t.Fatalf("z: note %+v", n)
	}
	press(b, "space", "x")
	if n := b.TakeNote(); !strings.Contains(n.Text, "x does nothing while a card is carried · space put down") {
		t.Fatalf("x while carrying: note %+v", n)
	}
}

// TestMarksCapped: a card whose blurb and section name carry 100,000
// combining marks on one letter draws the letter and a few marks.
func TestMarksCapped(t *testing.T) {
	t.Parallel()
	zalgo := "Z" + strings.Repeat("\u0301", 100000) + " and more"
	d := newDraft([]string{"a"}, []string{"x"})
	d.Sections[0].Name = zalgo
	d.Inbox[0].Blurb = zalgo
	b := newTestBoard(d, 100, 12)
	v := b.View()
	if n := strings.Count(v, "\u0301"); n > 2*sanitize.MaxMarks {
		t.Errorf("%d marks reach the screen, more than %d", n, 2*sanitize.MaxMarks)
	}
	if !strings.Contains(screen(b), "and more") {
		t.Errorf("the text after the marks is not shown:\n%s", screen(b))
	}
}
