package text

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/draft"
)

// FuzzRoundTrip: an email the importer reads is exported as the email it
// was: import(export(import(x))) is import(x), export is stable, and
// export(import(x)) is x but for what the layout does not keep (trailing
// white space, the length of "=" underlines, how many blank lines part
// blocks, control characters, empty sections). Its seeds, in
// testdata/fuzz/FuzzRoundTrip, are issues holding what Markdown would read
// (emphasis, lists, headings, code, HTML, entities, rules, tabs) and items
// printed without a blank line between them.
func FuzzRoundTrip(f *testing.F) {
	f.Add("DEVOPS WEEKLY\nISSUE #1 - 6th December 2020\n\nHi *all*.\n\n\nNews\n====\n\nA *profitable* post.\n\nhttps://a.example/\nNext, with\n* a list\n\nhttps://b.example/_x_/\n\n\nIf you received this email directly then you're already signed up, thanks!\n")
	f.Fuzz(func(t *testing.T, x string) {
		d1, err := Parse(x)
		if err != nil {
			return
		}
		out := Format(d1)
		d2, err := Parse(out)
		if err != nil {
			t.Fatalf("the export does not import: %v\n%s", err, out)
		}
		if a, b := issueShape(d1), issueShape(d2); !slices.Equal(a, b) {
			t.Fatalf("import(export(import(x))) differs from import(x):\n%q\n%q\nexport:\n%s", a, b, out)
		}
		if again := Format(d2); again != out {
			t.Fatalf("the export of the export's import differs:\n%s\n----\n%s", out, again)
		}
		if got, want := layout(out), layout(x); got != want && !emptySection(d1) {
			t.Fatalf("export(import(x)) is not x:\n got %q\nwant %q", got, want)
		}
	})
}

// issueShape lists what an imported issue holds, for comparing two.
func issueShape(d *draft.Draft) []string {
	out := []string{d.Newsletter, d.Date, d.Header, d.Intro, d.Closing, d.Footer, strings.Repeat("#", min(d.Number, 3))}
	for _, s := range d.Sections {
		if len(s.Items) == 0 {
			continue // the export leaves it out
		}
		out = append(out, "section "+s.Name)
		for _, it := range s.Items {
			out = append(out, "item "+it.Blurb, strings.Join(it.URLs, " "))
		}
	}
	return out
}

var equalsLine = regexp.MustCompile(`^=+$`)

// layout is an email without what the layout does not keep.
func layout(s string) string {
	var out []string
	for _, l := range splitLines(cleanText(s)) {
		if l = strings.TrimRight(l, " \t"); strings.TrimSpace(l) == "" {
			continue
		}
		if equalsLine.MatchString(strings.TrimSpace(l)) {
			l = "="
		}
		out = append(out, strings.TrimSpace(l))
	}
	return strings.Join(out, "\n")
}

// emptySection reports a heading with no items, which the export leaves
// out.
func emptySection(d *draft.Draft) bool {
	for _, s := range d.Sections {
		if len(s.Items) == 0 {
			return true
		}
	}
	return false
}
