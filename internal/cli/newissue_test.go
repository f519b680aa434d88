package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/weekly-dev/weekly/internal/store"
	"github.com/weekly-dev/weekly/internal/tui"
)

func typeKeys(tm *teatest.TestModel, s string) {
	for _, r := range s {
		tm.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func waitFor(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

var (
	enter     = tea.KeyPressMsg{Code: tea.KeyEnter}
	backspace = tea.KeyPressMsg{Code: tea.KeyBackspace}
)

// TestStartFromNothingThenCtrlN runs weekly on an empty drafts folder: the
// new-issue form asks for the name, number and date, the draft is created
// as 519.json and opens; ctrl+n there starts #520, a week later, named by
// its number, without asking the name again.
func TestStartFromNothingThenCtrlN(t *testing.T) {
	app, _, _ := testApp(t, "")
	var opened []int
	opts := &editOptions{
		form: true,
		run: func(s *tui.Session) error {
			tm := teatest.NewTestModel(t, s, teatest.WithInitialTermSize(40, 12))
			waitFor(t, tm, "New issue")
			typeKeys(tm, "DevOps Weekly")
			tm.Send(tea.KeyPressMsg{Code: tea.KeyTab})
			tm.Send(backspace)
			typeKeys(tm, "519")
			tm.Send(tea.KeyPressMsg{Code: tea.KeyTab})
			for range 10 {
				tm.Send(backspace)
			}
			typeKeys(tm, "2020-12-06")
			tm.Send(enter)
			waitFor(t, tm, "Inbox") // the board, not the form's "Starting #519…"
			opened = append(opened, 519)
			tm.Send(tea.KeyPressMsg{Code: 'n', Mod: tea.ModCtrl})
			waitFor(t, tm, "applies") // the form's edge: "enter applies · esc cancels"
			tm.Send(enter)            // the defaults: #520, a week later
			waitFor(t, tm, "#520")
			opened = append(opened, 520)
			tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
			tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
			if d := s.Board().Draft(); d.Number != 520 || d.Date != "2020-12-13" {
				t.Errorf("the board shown last is #%d of %s, want #520 a week after #519", d.Number, d.Date)
			}
			return nil
		},
	}
	if err := runEdit(app, opts, ""); err != nil {
		t.Fatal(err)
	}
	if len(opened) != 2 || opened[0] != 519 || opened[1] != 520 {
		t.Fatalf("opened boards %v, want 519 then 520", opened)
	}
	for _, name := range []string{"519.json", "520.json"} {
		if _, err := os.Stat(filepath.Join(app.Store().Dir, name)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	d, err := store.Load(filepath.Join(app.Store().Dir, "519.json"))
	if err != nil || d.Newsletter != "DevOps Weekly" || d.Number != 519 || d.Date != "2020-12-06" {
		t.Fatalf("519.json: %+v %v", d, err)
	}
}
