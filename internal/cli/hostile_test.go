//go:build linux

package cli_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// hostileDraft is a draft from elsewhere whose text carries escape
// sequences (an OSC 52 clipboard write, OSC 8 links, 8-bit CSI) and bidi
// overrides in every field that reaches a terminal.
const hostileDraft = `{
  "schema": 1,
  "newsletter": "News\u001b]52;c;ZXZpbA==\u0007Weekly",
  "number": 7,
  "date": "2024-01-07",
  "title": "Title \u202eevil\u202c \u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\",
  "intro": "Intro \u009b31mred\u009b0m and \u001b]52;c;aGk=\u0007",
  "sections": [
    {"name": "Sec\u001b]8;;https://evil.example/\u001b\\tion\u009b2J", "items": [
      {"id": "a1", "blurb": "Blurb \u202eesrever\u202c \u001b]8;;https://evil.example/\u001b\\link\u001b]8;;\u001b\\ end \u009b2J",
       "urls": ["https://ok.example/\u001b]8;;https://evil.example/\u001b\\x"], "site": "ok.example\u202e"}]},
    {"name": "Tools", "items": []}
  ],
  "inbox": [{"id": "b1", "title": "Inbox \u009b31m title \u2066iso\u2069", "urls": ["https://inbox.example/p"]}]
}
`

var (
	bidi     = regexp.MustCompile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
	oscTitle = regexp.MustCompile("\x1b\\][02];([^\x07\x1b]*)")
	oscLink  = regexp.MustCompile("\x1b\\]8;[^;]*;([^\x07\x1b]*)")
)

// checkTerminalSafe fails when out holds what a hostile draft could make a
// terminal do: an OSC 52 clipboard write, an OSC 8 link the draft made, an
// 8-bit CSI (U+009B or a raw 0x9B byte) or a bidi control.
func checkTerminalSafe(t *testing.T, what, out string) {
	t.Helper()
	switch {
	case strings.Contains(out, "\x1b]52"):
		t.Errorf("%s wrote an OSC 52 clipboard write", what)
	case strings.Contains(out, "\u009b"):
		t.Errorf("%s wrote an 8-bit CSI (U+009B)", what)
	case !utf8.ValidString(out):
		t.Errorf("%s wrote bytes that are not UTF-8 (a raw C1 control?)", what)
	case bidi.MatchString(out):
		t.Errorf("%s wrote a bidi control %q", what, bidi.FindString(out))
	}
	for _, m := range oscLink.FindAllStringSubmatch(out, -1) {
		if strings.Contains(m[1], "evil") {
			t.Errorf("%s wrote the draft's OSC 8 link to %q", what, m[1])
		}
	}
	for _, m := range oscTitle.FindAllStringSubmatch(out, -1) {
		if strings.ContainsAny(m[1], "\x1b\x07\u009b") || strings.Contains(m[1], "52;") {
			t.Errorf("%s wrote a window title holding control codes: %q", what, m[1])
		}
	}
}

// TestHostileDraftNeverReachesTheTerminal opens a hostile draft on the real
// board (the board, the preview, an editor and the form) and runs list and
// check on it: what they write to the terminal must be safe.
func TestHostileDraftNeverReachesTheTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the board in a terminal")
	}
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "7.json"), []byte(hostileDraft), 0o644); err != nil {
		t.Fatal(err)
	}
	b := startBoard(t, "--dir", dir, "edit", "7")
	b.waitFor("Section")
	b.Type("\t") // to the first section
	b.Type("p")  // the preview
	b.waitFor("ok.example/x")
	b.Type("\r") // the blurb's editor
	b.waitFor("Blurb")
	// An ESC followed at once by a key reads as alt+key: leave a gap, as
	// a person does.
	b.Type("\x1b")
	time.Sleep(300 * time.Millisecond)
	b.Type("F") // the fields
	b.waitFor("Number")
	b.Type("\x1b")
	time.Sleep(300 * time.Millisecond)
	b.Type("q")
	_ = b.wait()
	out := b.Output()
	if !strings.Contains(out, "NewsWeekly") {
		t.Fatalf("the board did not show the newsletter's name: %q", out)
	}
	checkTerminalSafe(t, "the board", out)
	for _, args := range [][]string{{"list"}, {"check", "7"}, {"export", "7"}} {
		stdout, stderr, _ := runWeekly(t, "", append([]string{"--dir", dir}, args...)...)
		checkTerminalSafe(t, "weekly "+strings.Join(args, " "), stdout+stderr)
	}
}
