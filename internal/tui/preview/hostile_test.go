package preview

import (
	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/hostile"
	"github.com/weekly-dev/weekly/internal/markdown"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// hostileIssue is a short issue with one blurb of text that may be hostile
// between two ordinary items.
func hostileIssue(blurb string) *draft.Draft {
	d := draft.New("Hostile Weekly", 9, "2024-05-05", []string{"News"})
	d.Intro = "An *intro*."
	d.Sections[0].Items = []draft.Item{
		{ID: "a", Blurb: "Before: a *normal* blurb.", URLs: []string{"https://example.com/a"}},
		{ID: "h", Blurb: blurb, URLs: []string{"https://example.com/h"}},
		{ID: "z", Blurb: "After: a *normal* blurb.", URLs: []string{"https://example.com/z"}},
	}
	return d
}

// TestCostlyBlurbShowsAsTyped: a blurb holding more Markdown than weekly
// parses is shown as typed, wrapped at the width, between blocks glamour
// rendered as usual; in the plain-text mode too.
func TestCostlyBlurbShowsAsTyped(t *testing.T) {
	t.Parallel()
	blurb := strings.Repeat("*a_", 2000) + "\n[b](https://b.example/) <c>"
	for _, mode := range []Mode{Rendered, Plain} {
		lay, err := newCache().run(job{draft: hostileIssue(blurb), width: 60, style: "notty", mode: mode})
		if err != nil {
			t.Fatal(err)
		}
		all := strings.Join(lay.lines, "\n")
		for _, want := range []string{
			strings.Repeat("*a_", 16) + "*a", // a line of it, cut at the width
			"[b](https://b.example/) <c>",
			"Before: a",
			"After: a",
		} {
			if mode == Plain && strings.HasPrefix(want, "*") {
				want = strings.Repeat("*a_", 20) // the email's lines are 60 wide, without a margin
			}
			if !strings.Contains(all, want) {
				t.Errorf("%v: %q is not shown:\n%s", mode, want, all[:min(len(all), 2000)])
			}
		}
		if sp, ok := lay.items["h"]; !ok || sp.end-sp.start < 100 {
			t.Errorf("%v: the costly item's lines are %v", mode, sp)
		}
	}
}

// TestLongWordWraps: a word of a megabyte is cut at the width, line after
// line (the cut used to measure what was left of the word at each line).
func TestLongWordWraps(t *testing.T) {
	t.Parallel()
	word := strings.Repeat("x", 1<<20)
	lines := wrap("start "+word, 80)
	if len(lines) != 1+(len(word)+79)/80 || lines[0] != "start" || lines[1] != strings.Repeat("x", 80) {
		t.Errorf("wrap gave %d lines, the first %q", len(lines), lines[0])
	}
}

// TestMergedGroupsAreBounded: blocks that reach into each other (each a
// list item continuing the list before) merge only up to maxGroup, so that
// glamour never renders more than that at once.
func TestMergedGroupsAreBounded(t *testing.T) {
	t.Parallel()
	d := draft.New("Lists Weekly", 1, "2024-05-05", []string{"News"})
	for i := range 160 { // some 21 KiB of list, more than maxGroup
		d.Sections[0].Items = append(d.Sections[0].Items, draft.Item{ID: string(rune('a'+i%26)) + strings.Repeat("x", i/26), Blurb: "- an item of a list\n\n  continued " + strings.Repeat("word ", 20)})
	}
	g := grouper{c: NewCache(0)}
	groups := g.groups(markdown.Blocks(d))
	if len(groups) < 2 {
		t.Fatalf("%d groups", len(groups))
	}
	for _, gr := range groups {
		if len(gr.text) > maxGroup {
			t.Errorf("a group of %d bytes, more than %d", len(gr.text), maxGroup)
		}
	}
}

// BenchmarkHostileBlurb renders, from an empty cache, the whole of an
// issue with one 1 MiB blurb of each hostile shape between two ordinary
// items, as the preview's commands do (the dark style, 80 columns), and in
// the plain-text mode; /limit is the longest repetition of the shape still
// parsed as Markdown, the worst a blurb can make glamour render.
func BenchmarkHostileBlurb(b *testing.B) {
	for _, sh := range hostile.Shapes {
		for _, size := range []string{"1MiB", "limit"} {
			blurb := hostile.Repeat(sh.Unit, 1<<20)
			if size == "limit" {
				if blurb = hostile.Limit(sh.Unit, sanitize.Costly); blurb == "" {
					continue
				}
			}
			d := hostileIssue(blurb)
			for _, mode := range []Mode{Rendered, Plain} {
				b.Run(sh.Name+"/"+size+"/"+mode.String(), func(b *testing.B) {
					for b.Loop() {
						if _, err := newCache().run(job{draft: d.Clone(), width: 80, style: "dark", mode: mode}); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		}
	}
}

// FuzzLinearPreview renders the whole of an issue whose blurb is a unit
// repeated, in the dark style and as the plain-text email, and fails when
// the work grows much faster than the text (see hostile.Linear).
func FuzzLinearPreview(f *testing.F) {
	for _, sh := range hostile.Shapes {
		f.Add(sh.Unit)
	}
	f.Fuzz(func(t *testing.T, unit string) {
		if len(unit) > 64 {
			t.Skip("a unit is short; the repetition makes it long")
		}
		hostile.Linear(t, unit, func(s string) {
			for _, mode := range []Mode{Rendered, Plain} {
				if _, err := newCache().run(job{draft: hostileIssue(s), width: 80, style: "dark", mode: mode}); err != nil {
					t.Fatal(err)
				}
			}
		})
	})
}

// TestMarksCapped: a blurb of 100,000 combining marks on one letter (drawn
// as plain text: it is far past sanitize.MaxMarkdown), and one of 3,000
// (rendered by glamour), reach the screen as the letter and a few marks.
func TestMarksCapped(t *testing.T) {
	t.Parallel()
	for _, n := range []int{100000, 3000} {
		for _, mode := range []Mode{Rendered, Plain} {
			m := newTestModel(60, 20)
			m = settle(t, m, m.SetMode(mode))
			m = settle(t, m, m.SetDraft(hostileIssue("Z"+strings.Repeat("\u0301", n)+" and more")))
			m.ShowItem("h")
			m = settle(t, m, nil)
			v := m.View()
			if c := strings.Count(v, "\u0301"); c > sanitize.MaxMarks {
				t.Errorf("%d marks, %v: %d reach the screen, more than %d", n, mode, c, sanitize.MaxMarks)
			}
			if !strings.Contains(plainView(m), "and more") {
				t.Errorf("%d marks, %v: the text after them is not shown:\n%s", n, mode, plainView(m))
			}
		}
	}
}
