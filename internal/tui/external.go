package tui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/tui/board"
)

// externalReadyMsg says the blurb is in a temporary file for $EDITOR.
type externalReadyMsg struct {
	op   draft.Op // the edit: the item, and the blurb as it was in Before
	name string   // the blurb of “…”, for messages
	path string
	Err  error
}

// externalDoneMsg carries the text $EDITOR left in the file, read back and
// the file deleted, or why there is none.
type externalDoneMsg struct {
	op     draft.Op
	name   string
	editor string // $EDITOR as run, without the file
	text   string
	Err    error
}

// startExternal writes the selected card's blurb to a temporary file, off
// the event loop; runExternal then opens it in $EDITOR.
func (m *Model) startExternal() tea.Cmd {
	p, it, ok := m.board.SelectedPos()
	if !ok {
		m.status = board.Note{Err: true, Text: m.d.ColumnName(m.board.Focused()) + " is empty: nothing to edit"}
		return nil
	}
	op := draft.Op{Kind: draft.OpEdit, Field: draft.FieldBlurb, From: p, Item: draft.Item{ID: it.ID}, Before: it.Blurb}
	name := "the blurb of " + cardLabel(it)
	text := it.Blurb
	return func() tea.Msg {
		path, err := writeTemp(text)
		return externalReadyMsg{op: op, name: name, path: path, Err: err}
	}
}

// writeTemp writes text to a new temporary Markdown file, ending in a
// newline as editors expect.
func writeTemp(text string) (string, error) {
	f, err := os.CreateTemp("", "weekly-blurb-*.md")
	if err != nil {
		return "", fmt.Errorf("make a file for $EDITOR: %w", err)
	}
	_, err = f.WriteString(text + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return "", fmt.Errorf("write %s: %w", f.Name(), err)
	}
	return f.Name(), nil
}

// editorCommand is $EDITOR on path: split into fields, since $EDITOR may
// carry arguments ("code --wait"), and vi when it is not set.
func editorCommand(getenv func(string) string, path string) *exec.Cmd {
	args := strings.Fields(getenv("EDITOR"))
	if len(args) == 0 {
		args = []string{"vi"}
	}
	return exec.Command(args[0], append(args[1:], path)...)
}

// runExternal hands the terminal to $EDITOR. Its callback reads the file
// back, deletes it and returns the text as a message (a callback returns a
// message, never a command).
func (m *Model) runExternal(msg externalReadyMsg) tea.Cmd {
	if msg.Err != nil {
		m.status = board.Note{Err: true, Text: fmt.Sprintf("Could not open %s in $EDITOR: %v", msg.name, msg.Err)}
		return nil
	}
	c := editorCommand(m.getenv, msg.path)
	m.status = board.Note{Text: fmt.Sprintf("Editing %s in %s…", msg.name, c.Args[0])}
	return m.exec(c, func(err error) tea.Msg {
		done := externalDoneMsg{op: msg.op, name: msg.name, editor: strings.Join(c.Args[:len(c.Args)-1], " ")}
		data, rerr := os.ReadFile(msg.path)
		_ = os.Remove(msg.path)
		switch {
		case err != nil:
			done.Err = err
		case rerr != nil:
			done.Err = fmt.Errorf("read back %s: %w", msg.path, rerr)
		}
		done.text = string(data)
		return done
	})
}

// externalDone takes the blurb back from $EDITOR as one undoable change.
// An editor that failed changes nothing.
func (m *Model) externalDone(msg externalDoneMsg) tea.Cmd {
	if msg.Err != nil {
		why := fmt.Sprintf("%s: %v", msg.editor, msg.Err)
		if errors.Is(msg.Err, exec.ErrNotFound) || errors.Is(msg.Err, fs.ErrNotExist) {
			why = fmt.Sprintf("there is no editor %q; set $EDITOR to yours, such as EDITOR=nano", msg.editor)
		}
		m.status = board.Note{Err: true, Text: fmt.Sprintf("%s is unchanged: %s", upper(msg.name), why)}
		return nil
	}
	text := strings.TrimSpace(sanitize.Markdown(strings.ReplaceAll(msg.text, "\r\n", "\n")))
	if text == msg.op.Before {
		m.status = board.Note{Text: upper(msg.name) + " is unchanged"}
		return nil
	}
	op := msg.op
	op.After = text
	if err := m.board.Apply(draft.Change{op}); err != nil {
		m.status = board.Note{Err: true, Text: fmt.Sprintf("Could not change %s: %v", msg.name, err)}
		return nil
	}
	m.status = board.Note{Text: fmt.Sprintf("Changed %s in $EDITOR (%s) · u undoes", msg.name, plural(len(strings.Fields(text)), "word"))}
	return nil
}
