package markdown

import (
	"testing"

	"github.com/weekly-dev/weekly/internal/draft"
)

// FuzzParse reads any text as a Markdown issue: it returns an error or a
// draft that formats, with a number in range. Its seeds, in
// testdata/fuzz/FuzzParse, are real issues and deep nesting, and run as
// regular tests.
func FuzzParse(f *testing.F) {
	f.Add("# Weekly 1\n\n## News\n\n- [A post](https://a.example/) is good.\n")
	f.Fuzz(func(t *testing.T, src string) {
		IsIssue(src)
		d, err := Parse(src)
		if err != nil {
			return
		}
		if d.Number < 0 || d.Number > draft.MaxNumber {
			t.Fatalf("read issue number %d", d.Number)
		}
		_ = Format(d)
	})
}
