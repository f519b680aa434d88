package format

import (
	"bytes"
	"strings"
	"testing"

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
