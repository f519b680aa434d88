package tui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/weekly-dev/weekly/internal/live"
	"github.com/weekly-dev/weekly/internal/spell"
	"github.com/weekly-dev/weekly/internal/store"
	"github.com/weekly-dev/weekly/internal/text"
	"github.com/weekly-dev/weekly/internal/tui/tuitest"
)

// headerWords returns the word count the header shows.
func headerWords(t *testing.T, m *Model) int {
	t.Helper()
	first := strings.SplitN(plain(m), "\n", 2)[0]
	var n int
	for _, f := range strings.Split(first, " · ") {
		if _, err := fmt.Sscanf(f, "%d words", &n); err == nil {
			return n
		}
	}
	t.Fatalf("the header shows no word count: %q", first)
	return 0
}

func TestBlurbEditor(t *testing.T) {
	d := writing()
	m := newModel(t, d, nil, 120, 32)
	send(t, m, "tab", "enter") // News, n1
	if m.focus != focusEditor {
		t.Fatal("enter on a card opens the editor")
	}
	v := plain(m)
	for _, want := range []string{"✎ Blurb · go.dev", "│  Go 1.26 is out.", "Saved as you type · esc when done", "esc done"} {
		if !strings.Contains(v, want) {
			t.Fatalf("the open editor lacks %q:\n%s", want, v)
		}
	}
	words := headerWords(t, m)
	// Board keys are text here, and land at the end of the blurb.
	typeText(t, m, " Quux x u 1 0 / ? a q p i E F")
	want := "Go 1.26 is out. Quux x u 1 0 / ? a q p i E F"
	if got := m.Draft().Sections[0].Items[0].Blurb; got != want {
		t.Fatalf("the blurb follows the typing: %q, want %q", got, want)
	}
	if got := headerWords(t, m); got != words+13 || got != m.Draft().Words() {
		t.Fatalf("the header counts %d words as typed, want %d (the draft has %d)", got, words+13, m.Draft().Words())
	}
	if tuitest.Cols(m.Draft()) != "one two three | n1 n2 |  | sp" || m.focus != focusEditor || m.pv.shown {
		t.Fatalf("keys reached the board: %q, focus %d, preview %v", tuitest.Cols(m.Draft()), m.focus, m.pv.shown)
	}
	m.Update(tea.PasteMsg{Content: "\r\nA pasted line.\r\nAnother."})
	want += "\nA pasted line.\nAnother."
	if got := m.Draft().Sections[0].Items[0].Blurb; got != want {
		t.Fatalf("paste with CRLF: %q, want %q", got, want)
	}
	for range len(" q p i E F\nA pasted line.\nAnother.") {
		send(t, m, "backspace")
	}
	typeText(t, m, "  ")
	send(t, m, "esc")
	want = "Go 1.26 is out. Quux x u 1 0 / ? a"
	if got := m.Draft().Sections[0].Items[0].Blurb; got != want {
		t.Fatalf("esc keeps the text, trimmed: %q, want %q", got, want)
	}
	if m.focus != focusBoard || !strings.Contains(plain(m), "Blurb changed (12 words) · u undoes") {
		t.Fatalf("esc closes the editor and says what changed:\n%s", plain(m))
	}
	send(t, m, "u")
	if got := m.Draft().Sections[0].Items[0].Blurb; got != "Go 1.26 is out." {
		t.Fatalf("one u undoes the whole edit: %q", got)
	}
	if got := headerWords(t, m); got != words {
		t.Fatalf("after undo the header counts %d words, want %d", got, words)
	}
	send(t, m, "ctrl+r")
	if got := m.Draft().Sections[0].Items[0].Blurb; got != want {
		t.Fatalf("redo: %q, want %q", got, want)
	}
	send(t, m, "u", "u")
	if !strings.Contains(plain(m), "nothing to undo") {
		t.Fatalf("the edit was one step and the only one:\n%s", plain(m))
	}
}

func TestEditorOnEmptyColumnAndUnchanged(t *testing.T) {
	d := writing()
	m := newModel(t, d, nil, 120, 32)
	send(t, m, "tab", "tab", "enter") // Tools is empty
	if m.focus == focusEditor || !strings.Contains(plain(m), "Tools is empty: nothing to edit") {
		t.Fatalf("enter on an empty column:\n%s", plain(m))
	}
	send(t, m, "shift+tab", "enter", "esc")
	if !strings.Contains(plain(m), "unchanged") {
		t.Fatalf("closing without a change says so:\n%s", plain(m))
	}
	send(t, m, "u")
	if !strings.Contains(plain(m), "nothing to undo") {
		t.Fatal("an edit that changed nothing is no undo step")
	}
}

// TestSponsorText writes a sponsor's text of two paragraphs in the card, as
// pasted from an email, and exports it as the text format prints it.
func TestSponsorText(t *testing.T) {
	d := writing()
	m := newModel(t, d, nil, 120, 32)
	send(t, m, "tab", "tab", "tab", "enter")
	if !strings.Contains(plain(m), "✎ Sponsor text · Sponsor") {
		t.Fatalf("the sponsor's card opens as the sponsor text:\n%s", plain(m))
	}
	for range 60 {
		send(t, m, "backspace")
	}
	m.Update(tea.PasteMsg{Content: "Acme builds the things you need.\r\n\r\nTry it free at https://acme.example.com/ today."})
	send(t, m, "esc")
	want := "Acme builds the things you need.\n\nTry it free at https://acme.example.com/ today."
	if got := m.Draft().Sections[2].Items[0].Blurb; got != want {
		t.Fatalf("sponsor text %q, want %q", got, want)
	}
	if out := text.Format(m.Draft()); !strings.Contains(out, want+"\n") || strings.Contains(out, "today.\n\nhttps://acme.example.com/") {
		t.Fatalf("the text export prints both paragraphs, with the URL left in the sentence:\n%s", out)
	}
}

func TestIntroEditor(t *testing.T) {
	d := writing()
	m := newModel(t, d, nil, 120, 32)
	words := headerWords(t, m)
	send(t, m, "i")
	if !strings.Contains(plain(m), "✎ Intro") || !strings.Contains(plain(m), "A few words to open the issue") {
		t.Fatalf("i opens the intro in a panel:\n%s", plain(m))
	}
	typeText(t, m, "Hello readers.")
	send(t, m, "enter")
	typeText(t, m, "A second paragraph.")
	if got := headerWords(t, m); got != words+5 {
		t.Fatalf("the intro counts as it is typed: %d words, want %d", got, words+5)
	}
	send(t, m, "esc")
	if m.Draft().Intro != "Hello readers.\nA second paragraph." {
		t.Fatalf("intro %q", m.Draft().Intro)
	}
	send(t, m, "u")
	if m.Draft().Intro != "" || headerWords(t, m) != words {
		t.Fatalf("u undoes the intro: %q, %d words", m.Draft().Intro, headerWords(t, m))
	}
}

// TestQuitWhileEditing: ctrl+c in the editor keeps what was typed and saves
// it before quitting; q is text.
func TestQuitWhileEditing(t *testing.T) {
	path := openDraft(t, writing())
	m := openModel(t, path, live.Config{}, nil, 120, 32)
	send(t, m, "tab", "enter")
	if send(t, m, "space", "q") {
		t.Fatal("q in the editor is text, not quit")
	}
	if !send(t, m, "ctrl+c") {
		t.Fatal("ctrl+c quits from the editor")
	}
	saved, err := store.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := saved.Sections[0].Items[0].Blurb; got != "Go 1.26 is out. q" {
		t.Fatalf("saved blurb %q", got)
	}
}

// fakeEditor writes a shell script for $EDITOR that runs body with the
// file as $1, and returns its path.
func fakeEditor(t *testing.T, body string) string {
	t.Helper()
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh to run a fake editor")
	}
	path := filepath.Join(t.TempDir(), "editor.sh")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// runNow runs $EDITOR at once, as tea.ExecProcess does once it has the
// terminal, and delivers the callback's message.
func runNow(c *exec.Cmd, fn tea.ExecCallback) tea.Cmd {
	return func() tea.Msg { return fn(c.Run()) }
}

func TestExternalEditor(t *testing.T) {
	seen := filepath.Join(t.TempDir(), "seen")
	tests := []struct {
		name, editor string
		want         string // the blurb after
		status       string
	}{
		{"rewrites", fakeEditor(t, `echo "$1" > `+seen+`; printf 'Rewritten in the editor.\r\n\r\n' > "$1"`), "Rewritten in the editor.", "editor.sh (4 words) · u undoes"},
		{"with arguments", "sed -i s/out/here/", "Go 1.26 is here.", "Blurb changed in sed -i s/out/here/ (4 words) · u undoes"},
		{"unchanged", "true", "Go 1.26 is out.", "Blurb unchanged"},
		{"fails", fakeEditor(t, `echo ruined > "$1"; exit 3`), "Go 1.26 is out.", "editor.sh failed (exit status 3) · blurb unchanged"},
		{"not on the path", "no-such-editor-here", "Go 1.26 is out.", `No editor "no-such-editor-here", which $EDITOR names: set $EDITOR to yours, such as EDITOR=nano · blurb unchanged`},
		{"missing", "/nonexistent/editor --wait", "Go 1.26 is out.", `No editor "/nonexistent/editor --wait", which $EDITOR names: set $EDITOR`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.editor == "sed -i s/out/here/" {
				if _, err := exec.LookPath("sed"); err != nil {
					t.Skip("no sed")
				}
			}
			d := writing()
			env := func(k string) string {
				if k == "EDITOR" {
					return tt.editor
				}
				return ""
			}
			m := newModel(t, d, nil, 120, 32, WithGetenv(env))
			m.exec = runNow
			send(t, m, "tab", "E")
			if got := m.Draft().Sections[0].Items[0].Blurb; got != tt.want {
				t.Fatalf("blurb %q, want %q", got, tt.want)
			}
			if v := plain(m); !strings.Contains(v, tt.status) {
				t.Fatalf("status lacks %q:\n%s", tt.status, v)
			}
			if tt.want != "Go 1.26 is out." {
				send(t, m, "u")
				if got := m.Draft().Sections[0].Items[0].Blurb; got != "Go 1.26 is out." {
					t.Fatalf("u undoes the edit in $EDITOR: %q", got)
				}
			}
		})
	}
	// The file the editor was given is gone once the blurb is back.
	b, err := os.ReadFile(seen)
	if err != nil {
		t.Fatal(err)
	}
	if tmp := strings.TrimSpace(string(b)); !strings.HasSuffix(tmp, ".md") {
		t.Fatalf("the editor got %q, want a Markdown file", tmp)
	} else if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Fatalf("the temporary file %s is left behind: %v", tmp, err)
	}
}

func TestEditorCommand(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"vi", "code", "emacsclient"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", dir)
	env := func(v string) func(string) string { return func(string) string { return v } }
	for _, tt := range []struct{ editor, want string }{
		{"", "vi"},
		{"  ", "vi"},
		{"code --wait", "code --wait"},
		{"emacsclient -t  -a ''", "emacsclient -t -a ''"},
	} {
		c, err := editorCommand(env(tt.editor))
		if err != nil {
			t.Fatalf("EDITOR=%q: %v", tt.editor, err)
		}
		if got := strings.Join(c.Args, " "); got != tt.want || filepath.Dir(c.Path) != dir {
			t.Errorf("EDITOR=%q runs %q (%s), want %q", tt.editor, got, c.Path, tt.want)
		}
	}
	if _, err := editorCommand(env("nano --wait")); err == nil || !strings.Contains(err.Error(), `no editor "nano --wait", which $`) {
		t.Fatalf("a missing editor: %v", err)
	}
	visual := func(k string) string {
		if k == "VISUAL" {
			return "no-such-visual"
		}
		return "nano"
	}
	if _, err := editorCommand(visual); err == nil || !strings.Contains(err.Error(), "which $VISUAL names: set $VISUAL to yours, such as VISUAL=nano") {
		t.Fatalf("a missing $VISUAL is named as $VISUAL: %v", err)
	}
}

// TestLinksPanelTakesALinkAsAdd: L then a takes example.com/x as
// https://example.com/x, as a and weekly add do.
func TestLinksPanelTakesALinkAsAdd(t *testing.T) {
	t.Parallel()
	m := newModel(t, threeCards(), nil, 120, 32)
	send(t, m, "L", "a")
	typeText(t, m, "example.com/x")
	send(t, m, "enter")
	if got := m.Draft().Inbox[0].URLs; len(got) != 2 || got[1] != "https://example.com/x" {
		t.Fatalf("the card's links: %q\n%s", got, plain(m))
	}
}

func TestFieldsForm(t *testing.T) {
	d := writing()
	d.Header = "DEVOPS WEEKLY (imported)\nIssue 520"
	d.Title = "Old title"
	m := newModel(t, d, nil, 120, 32)
	send(t, m, "F")
	if v := plain(m); !strings.Contains(v, "Issue fields") || !strings.Contains(v, "Newsletter DevOps Weekly") || !strings.Contains(v, "Number     520") || !strings.Contains(v, "Date       2024-05-05") || !strings.Contains(v, "Footer     Thanks for reading") {
		t.Fatalf("F opens the form with the fields:\n%s", v)
	}
	send(t, m, "tab", "backspace")
	typeText(t, m, "1")
	send(t, m, "tab", "backspace", "backspace")
	typeText(t, m, "40")
	send(t, m, "enter")
	if v := plain(m); !strings.Contains(v, `Not applied: Date "2024-05-40" is not a date: write it as YYYY-MM-DD`) || m.focus != focusForm {
		t.Fatalf("a bad date is named and the form stays open:\n%s", v)
	}
	if m.Draft().Number != 520 || m.Draft().Date != "2024-05-05" {
		t.Fatalf("nothing is applied with a bad date: #%d %s", m.Draft().Number, m.Draft().Date)
	}
	send(t, m, "backspace", "backspace")
	typeText(t, m, "12")
	send(t, m, "tab")
	for range len("Old title") {
		send(t, m, "backspace")
	}
	typeText(t, m, "The Kubernetes issue")
	send(t, m, "enter")
	if m.Draft().Number != 521 || m.Draft().Date != "2024-05-12" || m.Draft().Title != "The Kubernetes issue" || m.Draft().Header != "" {
		t.Fatalf("applied: #%d %s %q header %q", m.Draft().Number, m.Draft().Date, m.Draft().Title, m.Draft().Header)
	}
	if v := plain(m); !strings.Contains(v, "DevOps Weekly #521 · 12th May 2024 · The Kubernetes issue") || m.focus != focusBoard {
		t.Fatalf("the header shows the new fields:\n%s", v)
	}
	send(t, m, "u")
	if m.Draft().Number != 520 || m.Draft().Date != "2024-05-05" || m.Draft().Title != "Old title" || !strings.HasPrefix(m.Draft().Header, "DEVOPS WEEKLY") {
		t.Fatalf("one u undoes the form: #%d %s %q header %q", m.Draft().Number, m.Draft().Date, m.Draft().Title, m.Draft().Header)
	}
	send(t, m, "F", "x", "esc")
	if m.Draft().Number != 520 || !strings.Contains(plain(m), "Issue fields unchanged") {
		t.Fatal("esc drops the form")
	}
	// The newsletter's name and a footer of two lines, one undo step.
	send(t, m, "F")
	typeText(t, m, " Digest")
	send(t, m, "shift+tab")
	for range len("Thanks for reading DevOps Weekly.") {
		send(t, m, "backspace")
	}
	typeText(t, m, "Bye.")
	m.Update(tea.KeyPressMsg{Code: tea.KeyEnter, Mod: tea.ModAlt})
	typeText(t, m, "Unsubscribe: https://example.com/u")
	send(t, m, "enter")
	if m.Draft().Newsletter != "DevOps Weekly Digest" || m.Draft().Footer != "Bye.\nUnsubscribe: https://example.com/u" {
		t.Fatalf("applied name %q footer %q", m.Draft().Newsletter, m.Draft().Footer)
	}
	send(t, m, "u")
	if m.Draft().Newsletter != "DevOps Weekly" || m.Draft().Footer != "Thanks for reading DevOps Weekly." {
		t.Fatalf("u undoes name and footer: %q %q", m.Draft().Newsletter, m.Draft().Footer)
	}
}

// TestHelpListsWritingKeys: the full help names every key this issue adds.
func TestHelpListsWritingKeys(t *testing.T) {
	m := newModel(t, writing(), nil, 120, 40)
	send(t, m, "?")
	v := strings.Join(strings.Fields(plain(m)), " ")
	for _, want := range []string{"esc leave the editor, keeping the text", "enter edit blurb", "E blurb in $VISUAL/$EDITOR", "i edit intro", "F name, number, date, title, footer", "p preview", "m preview: rendered/plain text", "tab preview ⇄ first column"} {
		if !strings.Contains(v, want) {
			t.Fatalf("full help lacks %q:\n%s", want, v)
		}
	}
}

func TestExternalEditorVisualAndItsComment(t *testing.T) {
	t.Parallel()
	seen := filepath.Join(t.TempDir(), "seen")
	// The editor keeps the comment and appends a line, as a person would.
	visual := fakeEditor(t, `cp "$1" `+seen+`; printf 'More words.\n' >> "$1"`)
	env := func(k string) string {
		return map[string]string{"VISUAL": visual, "EDITOR": "/nonexistent/editor"}[k]
	}
	d := writing()
	d.Sections[0].Items[0].Title = "Go 1.26 --> released"
	m := newModel(t, d, nil, 120, 32, WithGetenv(env))
	m.exec = runNow
	send(t, m, "tab", "E")
	if got := m.Draft().Sections[0].Items[0].Blurb; got != "Go 1.26 is out.\nMore words." {
		t.Fatalf("$VISUAL comes before $EDITOR and the comment is stripped: %q\n%s", got, plain(m))
	}
	b, err := os.ReadFile(seen)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<!-- weekly: the blurb of “Go 1.26 - -> released”", "https://go.dev/blog/go1.26", "-->\nGo 1.26 is out."} {
		if !strings.Contains(string(b), want) {
			t.Fatalf("the file names the item (%q):\n%s", want, b)
		}
	}
}

// TestSpellingInTheEditor opens a blurb with a misspelt word: ctrl+] finds
// it and offers suggestions, and + adds it to the newsletter's word list
// (the checker allows it from then on).
func TestSpellingInTheEditor(t *testing.T) {
	t.Parallel()
	d := writing()
	d.Sections[0].Items[0].Blurb = "Go 1.26 is out, with teh new golang features."
	var added []string
	var mu sync.Mutex
	load := func(newsletter string, number int) (*spell.Checker, error) {
		if newsletter != "DevOps Weekly" || number != 520 {
			t.Errorf("the checker is asked for %s #%d", newsletter, number)
		}
		// A dictionary of the blurb's words: the shipped one takes seconds
		// to load under -race, and the board's part is what is tested.
		return spell.New(spell.Options{Lang: "tiny", Dirs: []string{tinyDictionary(t)}}), nil
	}
	add := func(w string) error {
		mu.Lock()
		defer mu.Unlock()
		added = append(added, w)
		return nil
	}
	m := newModel(t, d, nil, 120, 32, WithSpelling(load, add))
	send(t, m, "tab", "enter")
	if m.speller == nil {
		t.Fatal("opening the editor did not load the checker")
	}
	_, cmd := m.Update(tea.KeyPressMsg{Code: ']', Mod: tea.ModCtrl})
	settle(t, m, cmd)
	if v := plain(m); !strings.Contains(v, "teh") || !strings.Contains(v, "the") {
		t.Fatalf("ctrl+] does not offer a suggestion for teh:\n%s", v)
	}
	send(t, m, "+")
	mu.Lock()
	got := strings.Join(added, " ")
	mu.Unlock()
	if got != "teh" {
		t.Fatalf("+ added %q to the word list, want teh", got)
	}
	if ok, err := m.speller.Correct("teh"); err != nil || !ok {
		t.Errorf("the checker still flags a word of the word list: %v %v", ok, err)
	}
}

// tinyDictionary writes a Hunspell dictionary of a few words, tiny.aff and
// tiny.dic, and returns its folder.
func tinyDictionary(t *testing.T) string {
	dir := t.TempDir()
	words := []string{"go", "is", "out", "with", "the", "new", "golang", "features"}
	dic := fmt.Sprintf("%d\n%s\n", len(words), strings.Join(words, "\n"))
	for name, text := range map[string]string{"tiny.aff": "SET UTF-8\nTRY esiarntolcdugmphbyfvkwzESIARNTOLCDUGMPHBYFVKWZ\n", "tiny.dic": dic} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
