package format

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// FuzzControlFree: what controlsWriter writes as it is, sanitize.Controls
// would have left as it is; and whatever it is given, it writes what
// sanitize.Controls makes of it.
func FuzzControlFree(f *testing.F) {
	for _, s := range []string{"plain <p>text</p>\n", "tab\tand ’quotes’ é", "esc \x1b[31mred", "bidi \u202e", "c1 \u009b", "raw \x9b", "cr\r\n", "lone\rcr", "del\x7f", "zw\u200b", "\u2066iso", strings.Repeat("long ’line’\n", 20000)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, p []byte) {
		want := sanitize.Controls(string(p))
		if controlFree(p) && want != string(p) {
			t.Errorf("controlFree(%q), but Controls makes it %q", p, want)
		}
		var out bytes.Buffer
		if _, err := (controlsWriter{&out}).Write(p); err != nil || out.String() != want {
			t.Errorf("controlsWriter wrote %q (%v), want %q", out.String(), err, want)
		}
		if controlFree(string(p)) != controlFree(p) {
			t.Errorf("controlFree of %q differs as a string", p)
		}
		out.Reset()
		if _, err := (controlsWriter{&out}).WriteString(string(p)); err != nil || out.String() != want {
			t.Errorf("controlsWriter.WriteString wrote %q (%v), want %q", out.String(), err, want)
		}
	})
}

func TestControlFree(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"plain <p>text</p>\n": true, "’quotes’ é\t": true, "zero\u200bwidth": true,
		"esc \x1b[31m": false, "bidi \u202e": false, "c1 \u009b": false, "raw \x9b": false, "cr\r\n": false, "del\x7f": false,
	} {
		if got := controlFree([]byte(s)); got != want {
			t.Errorf("controlFree(%q) = %v, want %v", s, got, want)
		}
	}
}

// FuzzIsClean: a draft isClean passes is one Clean gives back as it is,
// whichever field holds the text; so writing from it, not from a cleaned
// copy, writes the same.
func FuzzIsClean(f *testing.F) {
	for _, s := range []string{"plain", "two  spaces", " lead", "tab\there", "é ’quotes’", "cr\r\nlf", "lone\rcr", "esc \x1b[31m", "bidi \u202e", "zw\u200b", "nel\u0085", "raw \x9b", "line\nbreak"} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, s string, field uint8) {
		d := draft.New("Weekly", 1, "2024-01-07", []string{"News"})
		d.Sections[0].Items = []draft.Item{{ID: "a", Blurb: "b", URLs: []string{"https://a.example/"}, Title: "t"}}
		it := &d.Sections[0].Items[0]
		switch field % 9 {
		case 0:
			d.Newsletter = s
		case 1:
			d.Intro = s
		case 2:
			d.Footer = s
		case 3:
			d.Sections[0].Name = s
		case 4:
			it.Blurb = s
		case 5:
			it.Title = s
		case 6:
			it.URLs[0] = s
		case 7:
			d.Header = s
		case 8:
			it.Description = s
		}
		if !isClean(d) {
			return
		}
		c := Clean(d)
		c.Sections[0].Items[0].URLs = append([]string{}, c.Sections[0].Items[0].URLs...)
		if !reflect.DeepEqual(c, d) {
			t.Errorf("isClean, but Clean changes field %d of %q", field%9, s)
		}
	})
}
