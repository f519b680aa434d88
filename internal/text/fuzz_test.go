package text

import (
	"testing"

	"github.com/weekly-dev/weekly/internal/draft"
)

// FuzzParse reads any text as an issue in the email layout: it returns an
// error or a draft that formats, with a number in range. Its seeds, in
// testdata/fuzz/FuzzParse, are the corpus issues and run as regular tests.
func FuzzParse(f *testing.F) {
	f.Add("DEVOPS WEEKLY\nISSUE #1 - 6th December 2020\n\nNews\n====\n\nBlurb.\n\nhttps://a.example/\n")
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
