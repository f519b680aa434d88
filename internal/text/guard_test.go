package text

import (
	"fmt"
	"strings"
	"testing"
)

func TestReadRefusesIssueNumbersItCannotHold(t *testing.T) {
	t.Parallel()
	for _, number := range []string{"-5", "123456789012345678901234567"} {
		src := "DEVOPS WEEKLY\nISSUE #" + number + " - 6th December 2020\n\nNews\n====\n\nBlurb.\n\nhttps://a.example/\n"
		d, err := Parse(src)
		if err == nil || !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), number) {
			t.Errorf("ISSUE #%s read as %+v, %v", number, d, err)
		}
	}
}

// longItem is an issue whose one item holds n URL lines.
func longItem(n int) string {
	var b strings.Builder
	b.WriteString("DEVOPS WEEKLY\nISSUE #1 - 6th December 2020\n\n\nNews\n====\n\nA blurb for the only item.\n\n")
	for i := range n {
		fmt.Fprintf(&b, "https://example.com/p%d\n", i)
	}
	return b.String()
}

func TestReadKeepsEveryURLOfALongItem(t *testing.T) {
	t.Parallel()
	d, err := Parse(longItem(40000))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(d.Sections[0].Items[0].URLs); n != 40000 {
		t.Fatalf("the item has %d URLs, want 40000", n)
	}
}

// BenchmarkReadLongItem reads an item of 40,000 and of 200,000 URL lines;
// the time grows with the lines, not their square.
func BenchmarkReadLongItem(b *testing.B) {
	for _, n := range []int{40000, 200000} {
		src := longItem(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Parse(src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// underLinks is an issue of n items, each printed right under the link of
// the one before, one blank line apart, with its own link below it.
func underLinks(n int) string {
	var b strings.Builder
	b.WriteString("DEVOPS WEEKLY\nISSUE #1 - 6th December 2020\n\n\nNews\n====\n\nThe first *item*.\n\n")
	for i := range n {
		fmt.Fprintf(&b, "https://example.com/p%d\nItem *%d*.\n\n", i, i)
	}
	b.WriteString("https://example.com/last\n")
	return b.String()
}

func TestReadItemsUnderLinks(t *testing.T) {
	t.Parallel()
	d, err := Parse(underLinks(500))
	if err != nil {
		t.Fatal(err)
	}
	items := d.Sections[0].Items
	if len(items) != 501 || items[1].Blurb != `Item \*0\*.` || items[1].URLs[0] != "https://example.com/p1" {
		t.Fatalf("%d items; the second: %+v", len(items), items[1])
	}
}

// BenchmarkReadItemsUnderLinks reads issues of 8,000 and 32,000 items
// printed right under the links of the one before: the time grows with
// the items, not their square (it did, while each looked ahead for links).
func BenchmarkReadItemsUnderLinks(b *testing.B) {
	for _, n := range []int{8000, 32000} {
		src := underLinks(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Parse(src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// aboutUs is an issue of one item followed by n paragraphs without links,
// one blank line apart: all of them the item's (its "About us").
func aboutUs(n int) string {
	return "DEVOPS WEEKLY\nISSUE #1 - 6th December 2020\n\n\nNews\n====\n\nA post.\n\nhttps://a.example/\n\n" + strings.Repeat("About us.\n\n", n)
}

func TestReadParagraphsUnderLinks(t *testing.T) {
	t.Parallel()
	d, err := Parse(aboutUs(300))
	if err != nil {
		t.Fatal(err)
	}
	if items := d.Sections[0].Items; len(items) != 1 || strings.Count(items[0].Blurb, "About us.") != 300 {
		t.Fatalf("%d items, the first %q", len(items), items[0].Blurb[:min(80, len(items[0].Blurb))])
	}
}

// BenchmarkReadParagraphsUnderLinks reads an item followed by 4,000 and
// 16,000 paragraphs without links: the time grows with the paragraphs,
// not their square.
func BenchmarkReadParagraphsUnderLinks(b *testing.B) {
	for _, n := range []int{4000, 16000} {
		src := aboutUs(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Parse(src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
