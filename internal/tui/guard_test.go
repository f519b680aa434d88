package tui

import (
	"os"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestExternalEditorBlurbOverTheCap writes 2 MiB in $EDITOR: the blurb is
// left as it was, the status says why, and the text is kept in its file.
func TestExternalEditorBlurbOverTheCap(t *testing.T) {
	editor := fakeEditor(t, `head -c 2097152 /dev/zero | tr '\0' a > "$1"`)
	d := writing()
	env := func(k string) string {
		if k == "EDITOR" {
			return editor
		}
		return ""
	}
	m := newModel(t, d, nil, 120, 32, WithGetenv(env))
	m.exec = runNow
	send(t, m, "tab", "E")
	if got := m.Draft().Sections[0].Items[0].Blurb; got != "Go 1.26 is out." {
		t.Fatalf("the blurb became %d bytes", len(got))
	}
	if !strings.Contains(m.status.Text, "2.0 MiB, more than the 1 MiB") {
		t.Fatalf("status %q", m.status.Text)
	}
	kept := regexp.MustCompile(`kept in (\S+\.md)`).FindStringSubmatch(m.status.Text)
	if kept == nil {
		t.Fatalf("the status does not say where the text is: %q", m.status.Text)
	}
	defer os.Remove(kept[1])
	if fi, err := os.Stat(kept[1]); err != nil || fi.Size() != 2<<20 {
		t.Fatalf("the text was not kept: %v", err)
	}
}

// TestPasteOverTheCapIsRefused pastes 2 MiB into the blurb's editor: the
// blurb keeps its text and the status says why.
func TestPasteOverTheCapIsRefused(t *testing.T) {
	d := writing()
	m := newModel(t, d, nil, 120, 32)
	send(t, m, "tab", "enter")
	if m.focus != focusEditor {
		t.Fatalf("enter did not open the editor (focus %v)", m.focus)
	}
	m.Update(tea.PasteMsg{Content: strings.Repeat("a", 2<<20)})
	if got := m.editor.Value(); len(got) > 1<<20 {
		t.Fatalf("the editor took the paste: %d bytes", len(got))
	}
	if !strings.Contains(m.status.Text, "Not pasted") || !strings.Contains(m.status.Text, "1 MiB") {
		t.Fatalf("status %q", m.status.Text)
	}
	send(t, m, "esc")
	if got := m.Draft().Sections[0].Items[0].Blurb; got != "Go 1.26 is out." {
		t.Fatalf("the blurb became %d bytes", len(got))
	}
}
