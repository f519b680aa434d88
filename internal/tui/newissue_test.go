package tui

import (
	"github.com/weekly-dev/weekly/internal/live"
	"github.com/weekly-dev/weekly/internal/tui/tuitest"

	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/weekly-dev/weekly/internal/store"
)

// TestCtrlNAsksForTheNextIssue opens the new-issue form with the defaults
// given, refuses a bad number naming it, and on enter saves the board and
// asks for the next issue (its Session opens it).
func TestCtrlNAsksForTheNextIssue(t *testing.T) {
	t.Parallel()
	m := newModel(t, threeCards(), nil, 40, 12, WithNewIssue(func() (NewIssue, bool, error) {
		return NewIssue{Number: "521", Date: "2024-05-12"}, false, nil
	}))
	_, cmd := m.Update(tea.KeyPressMsg{Code: 'n', Mod: tea.ModCtrl})
	settle(t, m, cmd)
	v := plain(m)
	if !strings.Contains(v, "New issue") || !strings.Contains(v, "521") || strings.Contains(v, "Newsletter") {
		t.Fatalf("ctrl+n opens the form, without the name the settings have:\n%s", v)
	}
	send(t, m, "backspace", "backspace", "backspace")
	typeText(t, m, "x")
	send(t, m, "enter")
	if v := plain(m); !strings.Contains(v, `Not started: Number "x"`) || m.Next() != nil {
		t.Fatalf("a bad number is named:\n%s", v)
	}
	send(t, m, "backspace")
	typeText(t, m, "521")
	_, cmd = m.Update(tuitest.KeyMsg("enter"))
	var msgs []tea.Msg
	for _, msg := range collect(t, cmd) { // the save, then what follows it
		_, next := m.Update(msg)
		msgs = append(msgs, collect(t, next)...)
	}
	if m.Next() == nil || m.Next().Number != "521" || m.Next().Date != "2024-05-12" {
		t.Fatalf("next issue %+v", m.Next())
	}
	switched := false
	for _, msg := range msgs {
		if _, ok := msg.(switchMsg); ok {
			switched = true
		}
	}
	if !switched {
		t.Fatalf("the board, saved, asks to switch: %#v", msgs)
	}
}

// TestRenumberRenamesTheFile changes the number of 520.json with F: once
// saved, the draft is 521.json, and the board saves there from then on.
func TestRenumberRenamesTheFile(t *testing.T) {
	path := openDraft(t, threeCards())
	m := openModel(t, path, live.Config{}, nil, 120, 32)
	send(t, m, "F", "tab", "backspace")
	typeText(t, m, "1")
	send(t, m, "enter")
	saveTick(t, m)
	moved := filepath.Join(filepath.Dir(path), "521.json")
	if got, err := store.Load(moved); err != nil || got.Number != 521 {
		t.Fatalf("521.json: %v %v", got, err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("520.json is still there: %v", err)
	}
	send(t, m, "x")
	saveTick(t, m)
	if got := load(t, moved); got != "two three |  | " {
		t.Fatalf("the next save goes to 521.json: %q", got)
	}
}
