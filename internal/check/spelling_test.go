package check

import (
	"slices"
	"testing"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/spell"
)

func TestSpelling(t *testing.T) {
	t.Parallel()
	d := draft.New("Test Weekly", 519, "2020-12-06", []string{"Nwes", "Tools"})
	d.Title = "A speical issue"
	d.Intro = "Starting out with teh intro."
	d.Footer = "Thanks for readng."
	d.Closing = "Untill next week."
	d.Sections[0].Items = []draft.Item{
		{ID: "a", Blurb: "From someone ver familiar. Ver ver.", URLs: []string{"https://blog.example/post"}},
		{ID: "b", Blurb: "Opstrace is new; see https://exmaple.com/wrod.", URLs: []string{"https://github.com/opstrace/opstrace"}},
	}
	d.Inbox = []draft.Item{{ID: "c", Blurb: "Inbox wrods are not checked.", URLs: []string{"https://c.example/"}}}

	got, err := Spelling(d, spell.New(spell.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, f := range got {
		lines = append(lines, f.String())
	}
	want := []string{
		`title: "speical" — special?`,
		`intro: "teh" — the? ten? tea?`,
		`section 1 "Nwes": "Nwes" — News? Owes? Noes?`,
		`Nwes, item 1: "ver" — very? ever? over?`,
		`closing: "Untill" — Until?`,
		`footer: "readng" — reading?`,
	}
	if !slices.Equal(lines, want) {
		t.Errorf("Spelling =\n%q\nwant\n%q", lines, want)
	}
}

func TestSpellingWithoutADictionary(t *testing.T) {
	t.Parallel()
	d := draft.New("Test Weekly", 1, "2024-01-07", []string{"News"})
	if _, err := Spelling(d, spell.New(spell.Options{Lang: "xx_XX", Dirs: []string{t.TempDir()}})); err == nil {
		t.Error("no error without the dictionary")
	}
}
