package markdown

import (
	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// TestBlocksOfCostlyText: a blurb or footer holding more Markdown than
// weekly parses is written escaped, and its block carries it as plain text
// (the blurb as typed, then the URLs it does not carry) for the preview.
func TestBlocksOfCostlyText(t *testing.T) {
	t.Parallel()
	hostile := strings.Repeat("*a_", 600) + "\nsee https://example.com/in  "
	d := draft.New("Hostile Weekly", 3, "2024-05-05", []string{"News"})
	d.Footer = hostile
	d.Sections[0].Items = []draft.Item{
		{ID: "h", Blurb: hostile, URLs: []string{"https://example.com/in", "https://example.com/out"}},
		{ID: "n", Blurb: "A *normal* blurb.", URLs: []string{"https://example.com/n"}},
	}
	var plains []string
	for _, b := range Blocks(d) {
		if b.Plain != "" {
			plains = append(plains, b.Plain)
			if !strings.HasPrefix(b.Text, sanitize.Literal(hostile)) {
				t.Errorf("block %q: its Markdown is not the text escaped", b.Item)
			}
		} else if strings.Contains(b.Text, "*a_") {
			t.Errorf("block %q holds the costly text unescaped, without Plain", b.Item)
		}
	}
	want := []string{
		strings.TrimRight(hostile, " ") + "\n\nhttps://example.com/out",
		strings.TrimRight(hostile, " "),
	}
	if len(plains) != 2 || plains[0] != want[0] || plains[1] != want[1] {
		t.Errorf("Plain of the costly blocks = %q, want %q", plains, want)
	}
	if Item(d.Sections[0].Items[1]) != "A *normal* blurb.\n\n<https://example.com/n>" {
		t.Errorf("a plain blurb's Markdown changed: %q", Item(d.Sections[0].Items[1]))
	}
}
