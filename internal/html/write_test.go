package html

import (
	"fmt"
	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/markdown"
)

// TestChunkedRenderMatchesWhole checks that rendering a large issue in
// parallel chunks gives exactly the HTML of rendering it whole.
func TestChunkedRenderMatchesWhole(t *testing.T) {
	d := draft.New("Big Weekly", 3, "2024-01-07", []string{"News", "Tools"})
	blurbs := []string{
		"A plain blurb with *emphasis* and `code`.",
		"A blurb ending in a list:\n\n- one\n- two",
		"> a quote\n> continued",
		"1. numbered\n2. list",
		"Text with a bare link https://bare.example/x inside.",
	}
	for i := range 3000 {
		it := draft.Item{ID: fmt.Sprint(i), Blurb: blurbs[i%len(blurbs)]}
		if i%7 != 0 { // some items carry no URL, so their blocks touch
			it.URLs = []string{fmt.Sprintf("https://example.com/%d", i)}
		}
		_ = d.Append(1+i%2, it)
	}
	blocks := markdown.Texts(markdown.Blocks(d))
	whole, err := Render(strings.Join(blocks, "\n\n") + "\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := len(split(blocks, 16<<10)); got < 4 {
		t.Fatalf("the issue splits into %d chunks; the test needs several", got)
	}
	chunked, err := renderBlocks(blocks, 4)
	if err != nil {
		t.Fatal(err)
	}
	if string(whole) != string(chunked) {
		w, c := strings.Split(string(whole), "\n"), strings.Split(string(chunked), "\n")
		for i := range min(len(w), len(c)) {
			if w[i] != c[i] {
				t.Fatalf("chunked HTML differs at line %d:\nwhole:   %s\nchunked: %s", i+1, w[i], c[i])
			}
		}
		t.Fatalf("chunked HTML has %d lines, whole %d", len(c), len(w))
	}
}
