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

// TestMarksCapped: a card whose blurb carries 100,000 combining marks on
// one letter, and a section whose name carries 1,000, draw the letter and
// a few marks (a card's line is drawn from the first few KiB of its text:
// what follows 100,000 marks is not shown).
func TestMarksCapped(t *testing.T) {
	t.Parallel()
	d := newDraft([]string{"a"}, []string{"x"})
	d.Sections[0].Name = "Z" + strings.Repeat("\u0301", 1000) + " and more"
	d.Inbox[0].Blurb = "Y" + strings.Repeat("\u0301", 100000) + " and more"
	b := newTestBoard(d, 100, 12)
	v := b.View()
	if n := strings.Count(v, "\u0301"); n > 2*sanitize.MaxMarks {
		t.Errorf("%d marks reach the screen, more than %d", n, 2*sanitize.MaxMarks)
	}
	if s := screen(b); !strings.Contains(s, "Y\u0301") || !strings.Contains(s, "\u0301 and more") {
		t.Errorf("the letters, or the name after its marks, are not shown:\n%s", s)
	}
}

// BenchmarkHostileCard draws a board one of whose cards holds a blurb of
// 1 MiB, in ASCII, in accented letters and in combining marks: a frame
// draws the card's line from the blurb's first few KiB.
func BenchmarkHostileCard(b *testing.B) {
	for name, blurb := range map[string]string{
		"ascii":  strings.Repeat("*a_", 350000),
		"accent": strings.Repeat("é ", 350000),
		"marks":  "Z" + strings.Repeat("\u0301", 500000),
	} {
		d := newDraft([]string{"a", "b"}, []string{"x"})
		d.Inbox[0].Blurb = blurb
		bd := newTestBoard(d, 120, 30)
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				_ = bd.View()
			}
		})
	}
}
