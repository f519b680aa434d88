package cli_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/cli"
)

// What an archived issue says is printed cleaned, as text and as JSON: an
// escape sequence or a bidi override in a draft someone archived never
// reaches the terminal.
func TestArchiveSearchPrintsNothingThatActs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := &archive.Archive{}
	a.Add(archive.Issue{Number: 7, Date: "2013-07-14", Items: []archive.Item{{
		Section: "News\x1b]0;title\x07", Title: "Vitess \x1b[2J", Blurb: "Vitess \x1b]8;;https://evil.example/\x07here\x1b]8;;\x07 \u202eevil\u009b31m",
		URLs: []string{"https://example.com/\u202e"},
	}}})
	if err := archive.Save(archive.Path(dir), a); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "json"} {
		var out, errOut bytes.Buffer
		if code := cli.Main(context.Background(), []string{"--dir", dir, "archive", "search", "--format", format, "vitess"}, nil, &out, &errOut); code != 0 {
			t.Fatalf("%s: %s", format, errOut.String())
		}
		for _, bad := range []string{"\x1b", "\u202e", "\u009b", "\\u001b", "\\u009b", "\\u202e"} {
			if strings.Contains(out.String(), bad) {
				t.Errorf("%s: %q in %q", format, bad, out.String())
			}
		}
		if !strings.Contains(out.String(), "#7") && !strings.Contains(out.String(), `"issue": 7`) {
			t.Errorf("%s: the issue is not found: %q", format, out.String())
		}
	}
}
