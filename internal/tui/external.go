package tui

import (
	"fmt"
	"os"
	"os/exec"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/tui/board"
)

// startExternal writes the selected card's blurb to a temporary file and
// finds $EDITOR, off the event loop; runExternal then opens the file in it.
func (m *Model) startExternal() tea.Cmd {
	if m.served {
		// An editor over SSH gets the board and nothing more: no program of
		// theirs or the server's runs for them.
		m.status = board.Note{Err: true, Text: fmt.Sprintf("The external editor is not available over SSH; %s writes the blurb here", m.keys.Edit.Help().Key)}
		return nil
	}
	op, it, name, ok := m.blurbTarget()
	if !ok {
		return nil
	}
	text, getenv, head := it.Blurb, m.getenv, aboutItem(name, it)
	return func() tea.Msg {
		c, err := editorCommand(getenv)
		if err != nil {
			return externalReadyMsg{op: op, name: name, Err: err}
		}
		path, err := writeTemp(head + text)
		c.Args = append(c.Args, path)
		return externalReadyMsg{op: op, name: name, path: path, cmd: c, Err: err}
	}
}

// commentStart and commentEnd enclose the lines at the top of the file
// $EDITOR opens that name the item; they are removed when it is read back.
const (
	commentStart = "<!-- weekly:"
	commentEnd   = "-->\n"
)

// aboutItem is the comment block that names the item being edited: its
// title and links, untrusted text made one safe line each.
func aboutItem(name string, it *draft.Item) string {
	safe := func(s string) string { return strings.ReplaceAll(sanitize.Line(s), "--", "- -") }
	var sb strings.Builder
	sb.WriteString(commentStart + " the " + name)
	if it.Title != "" {
		sb.WriteString(" of “" + safe(it.Title) + "”")
	}
	sb.WriteString("\n")
	for _, u := range it.URLs {
		sb.WriteString("     " + safe(u) + "\n")
	}
	sb.WriteString("     Write below this comment; it is removed when you save.\n" + commentEnd)
	return sb.String()
}

// stripAbout removes the comment block aboutItem wrote, if it is still at
// the top of text.
func stripAbout(text string) string {
	if !strings.HasPrefix(text, commentStart) {
		return text
	}
	if i := strings.Index(text, commentEnd); i >= 0 {
		return text[i+len(commentEnd):]
	}
	return text
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

// editorCommand is $VISUAL, else $EDITOR, split into fields since it may
// carry arguments ("code --wait"), or vi when neither is set; the caller adds the
// file. An editor that is not there is an error here, before the terminal
// is handed over: Bubble Tea, given the terminal back at once by a program
// that could not even start, has been seen to leave the screen blank.
func editorCommand(getenv func(string) string) (*exec.Cmd, error) {
	from := "$VISUAL"
	args := strings.Fields(getenv("VISUAL"))
	if len(args) == 0 {
		from, args = "$EDITOR", strings.Fields(getenv("EDITOR"))
	}
	if len(args) == 0 {
		from, args = "", []string{"vi"}
	}
	path, err := exec.LookPath(args[0])
	if err != nil {
		if from == "" {
			return nil, fmt.Errorf("no editor: $VISUAL and $EDITOR are not set and there is no vi; set $EDITOR to yours, such as EDITOR=nano")
		}
		return nil, fmt.Errorf("no editor %q, which %s names: set %s to yours, such as %s=nano", strings.Join(args, " "), from, from, from[1:])
	}
	c := exec.Command(path, args[1:]...)
	c.Args[0] = args[0]
	return c, nil
}

// runExternal hands the terminal to $EDITOR. Its callback reads the file
// back, deletes it and returns the text as a message (a callback returns a
// message, never a command).
func (m *Model) runExternal(msg externalReadyMsg) tea.Cmd {
	if msg.Err != nil {
		m.release()
		m.status = board.Note{Err: true, Text: fmt.Sprintf("%s · %s unchanged", upper(msg.Err.Error()), msg.name)}
		return nil
	}
	c := msg.cmd
	m.status = board.Note{Text: fmt.Sprintf("Editing the %s in %s…", msg.name, c.Args[0])}
	return m.exec(c, func(err error) tea.Msg {
		done := externalDoneMsg{op: msg.op, name: msg.name, editor: strings.Join(c.Args[:len(c.Args)-1], " ")}
		if fi, serr := os.Stat(msg.path); serr == nil && err == nil && fi.Size() > draft.MaxBlurb {
			done.Err = fmt.Errorf("%w Your text is kept in %s", draft.CheckBlurbSize(fi.Size()), msg.path)
			return done
		}
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
	m.release()
	if msg.Err != nil {
		m.status = board.Note{Err: true, Text: fmt.Sprintf("%s failed (%v) · %s unchanged", msg.editor, msg.Err, msg.name)}
		return nil
	}
	text := strings.TrimSpace(sanitize.Words(stripAbout(strings.ReplaceAll(msg.text, "\r\n", "\n"))))
	if text == msg.op.Before {
		m.status = board.Note{Text: upper(msg.name) + " unchanged"}
		return nil
	}
	op := msg.op
	op.After = text
	if err := m.apply(draft.Change{op}...); err != nil {
		m.status = board.Note{Err: true, Text: fmt.Sprintf("Could not change the %s: %v", msg.name, err)}
		return nil
	}
	m.status = board.Note{Text: fmt.Sprintf("%s changed in %s (%s) · %s", upper(msg.name), msg.editor, draft.Plural(len(strings.Fields(text)), "word"), m.board.UndoHint())}
	return nil
}
