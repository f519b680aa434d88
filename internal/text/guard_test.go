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
