package tui

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/weekly-dev/weekly/internal/live"
	"github.com/weekly-dev/weekly/internal/tui/tuitest"
)

func env(vars map[string]string) Option {
	return WithGetenv(func(k string) string { return vars[k] })
}

// clipboard runs cmd and every command it leads to, and returns what they
// put on the clipboard.
func clipboard(t *testing.T, m *Model, cmd tea.Cmd) []string {
	t.Helper()
	var got []string
	for range 10 {
		msgs := collect(t, cmd)
		if len(msgs) == 0 {
			break
		}
		var next []tea.Cmd
		for _, msg := range msgs {
			if _, ok := msg.(tea.QuitMsg); ok {
				continue
			}
			// tea.SetClipboard's message type is unexported; it is a string.
			if v := reflect.ValueOf(msg); strings.HasSuffix(v.Type().String(), ".setClipboardMsg") {
				got = append(got, v.String())
				continue
			}
			_, c := m.Update(msg)
			next = append(next, c)
		}
		cmd = tea.Batch(next...)
	}
	return got
}

func TestCopyLinkAndIssue(t *testing.T) {
	t.Parallel()
	m := newModel(t, writing(), nil, 120, 32, env(map[string]string{"TMUX": "/tmp/tmux-1/default,1,0"}))
	_, cmd := m.Update(tuitest.KeyMsg("y"))
	got := clipboard(t, m, cmd)
	if len(got) != 1 || got[0] != m.board.Selected().URL() {
		t.Fatalf("y copies the card's link: %q", got)
	}
	if view := plain(m); !strings.Contains(view, "Copied "+m.board.Selected().URL()) || !strings.Contains(view, "set-clipboard on") {
		t.Fatalf("y says what it copied and, in tmux, how it gets out:\n%s", view)
	}
	_, cmd = m.Update(tuitest.KeyMsg("Y"))
	got = clipboard(t, m, cmd)
	if len(got) != 1 || !strings.Contains(got[0], "## News") {
		t.Fatalf("Y copies the issue as Markdown while the preview is rendered: %q", got)
	}
	send(t, m, "p", "m")
	_, cmd = m.Update(tuitest.KeyMsg("Y"))
	got = clipboard(t, m, cmd)
	if len(got) != 1 || strings.Contains(got[0], "## News") || !strings.Contains(got[0], "News\n====") && !strings.Contains(got[0], "News\n") {
		t.Fatalf("Y copies the plain-text email when the preview shows it: %q", got)
	}
}

func TestOpenLinkWithBrowserVariable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "opened")
	script := filepath.Join(dir, "fake-browser")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho \"$1\" > "+out+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	m := newModel(t, writing(), nil, 120, 32, env(map[string]string{"BROWSER": script}))
	want := m.board.Selected().URL()
	send(t, m, "o")
	data, err := os.ReadFile(out)
	if err != nil || strings.TrimSpace(string(data)) != want {
		t.Fatalf("o runs $BROWSER on the first link: %q, %v", data, err)
	}
	if view := plain(m); !strings.Contains(view, "Opened "+want) {
		t.Fatalf("o says it opened the link:\n%s", view)
	}
	m2 := newModel(t, writing(), nil, 120, 32, env(map[string]string{"BROWSER": filepath.Join(dir, "missing")}))
	send(t, m2, "o")
	if view := plain(m2); !strings.Contains(view, "Could not open") || !strings.Contains(view, "missing") {
		t.Fatalf("a browser that fails is named:\n%s", view)
	}
}

func TestExportPrompt(t *testing.T) {
	t.Parallel()
	path := openDraft(t, writing())
	dir := filepath.Dir(path)
	m := openModel(t, path, live.Config{}, nil, 120, 32, WithDraftPath(path))
	send(t, m, "e")
	if view := plain(m); !strings.Contains(view, "Export markdown to: "+filepath.Join(dir, "520.md")) {
		t.Fatalf("e opens the prompt on the preview's format and the draft's folder:\n%s", view)
	}
	send(t, m, "tab", "tab")
	if view := plain(m); !strings.Contains(view, "Export json to: "+filepath.Join(dir, "520.issue.json")) {
		t.Fatalf("tab goes round the formats, the path following:\n%s", view)
	}
	// Over the draft itself: refused, the prompt stays.
	m.ex.input.SetValue(path)
	send(t, m, "enter")
	if view := plain(m); !strings.Contains(view, "Not written: "+path+" is this draft") || m.focus != focusExport {
		t.Fatalf("the draft is never overwritten:\n%s", view)
	}
	m.ex.input.SetValue(filepath.Join(dir, "settings.json"))
	send(t, m, "enter")
	if !strings.Contains(plain(m), "is the settings") {
		t.Fatalf("nor the settings:\n%s", plain(m))
	}
	m.ex.input.SetValue(filepath.Join(dir, "out", "issue.txt"))
	send(t, m, "tab", "tab") // eml, then text
	send(t, m, "enter")
	data, err := os.ReadFile(filepath.Join(dir, "out", "issue.txt"))
	if err != nil || !strings.Contains(string(data), "DevOps Weekly") {
		t.Fatalf("enter writes the issue: %q, %v", data, err)
	}
	if view := plain(m); !strings.Contains(view, "Wrote "+filepath.Join(dir, "out", "issue.txt")) {
		t.Fatalf("the file written is named:\n%s", view)
	}
}
