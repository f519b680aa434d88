package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/weekly-dev/weekly/internal/spell"
)

// TestSpellingInThePreview opens the preview (p) on a blurb with a misspelt
// word: p loads the newsletter's checker, and the preview underlines the
// word and not the words the dictionary holds.
func TestSpellingInThePreview(t *testing.T) {
	t.Parallel()
	d := writing()
	d.Sections[0].Items[0].Blurb = "Go 1.26 is out, with teh new golang features."
	load := func(string, int) (*spell.Checker, error) {
		return spell.New(spell.Options{Lang: "tiny", Dirs: []string{tinyDictionary(t)}}), nil
	}
	m := newModel(t, d, nil, 120, 32, WithSpelling(load, func(string) error { return nil }), withPreview(testPreview()))
	_, cmd := m.Update(tea.KeyPressMsg{Code: 'p', Text: "p"})
	settle(t, m, cmd)
	if m.speller == nil {
		t.Fatal("opening the preview did not load the checker")
	}
	v := m.View().Content
	if !strings.Contains(v, "\x1b[4mteh\x1b[24m") {
		t.Fatalf("the preview does not underline teh:\n%q", v)
	}
	for _, w := range []string{"golang", "features"} {
		if strings.Contains(v, "\x1b[4m"+w) {
			t.Errorf("the preview underlines %s, a word of the dictionary", w)
		}
	}
}
