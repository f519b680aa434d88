package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/weekly-dev/weekly/internal/tui"
)

// TestBoardExportThenExportO writes the issue with the board's e, as weekly
// edit builds the board, to a file outside the drafts folder; weekly export
// -o may then write over that file without --force, as over its own.
func TestBoardExportThenExportO(t *testing.T) {
	t.Parallel()
	app, _, _ := testApp(t, "")
	createDraft(t, app, "1", 1)
	out := filepath.Join(t.TempDir(), "site", "1.md")
	opts := &editOptions{run: func(s *tui.Session) error {
		tm := teatest.NewTestModel(t, s, teatest.WithInitialTermSize(200, 20))
		waitFor(t, tm, "Inbox")
		tm.Send(tea.KeyPressMsg{Code: 'e', Text: "e"})
		waitFor(t, tm, "Export markdown to:")
		tm.Send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}) // clear the default path
		tm.Send(tea.PasteMsg{Content: out})
		tm.Send(enter)
		waitFor(t, tm, "Wrote ")
		tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
		tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
		return nil
	}}
	if err := runEdit(app, opts, "1"); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(out); err != nil || !strings.Contains(string(data), "# Test Weekly #1") {
		t.Fatalf("the board's export %s: %q, %v", out, data, err)
	}
	var stdout, stderr bytes.Buffer
	args := []string{"--dir", app.Store().Dir, "export", "1", "-o", out, "--format", "text"}
	if code := Main(context.Background(), args, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("weekly export -o over the board's export: exit %d\n%s", code, stderr.String())
	}
	if data, _ := os.ReadFile(out); !strings.Contains(string(data), "TEST WEEKLY") {
		t.Fatalf("export -o did not write the text export:\n%s", data)
	}
}
