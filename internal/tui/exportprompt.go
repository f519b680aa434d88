package tui

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/weekly-dev/weekly/internal/export"
	"github.com/weekly-dev/weekly/internal/format"
	"github.com/weekly-dev/weekly/internal/store"
	"github.com/weekly-dev/weekly/internal/tui/board"
	"github.com/weekly-dev/weekly/internal/tui/preview"
)

// exportPath is where the issue goes in f by default: beside the draft,
// named as it is, with the format's first ending ("drafts/519.md"; JSON's
// is "519.issue.json", since the draft itself is "519.json").
func (m *Model) exportPath(f format.Format) string {
	base := fmt.Sprintf("%d", m.current().Number)
	dir := "."
	if m.draftPath != "" {
		base, dir = store.Name(m.draftPath), filepath.Dir(m.draftPath)
	}
	return filepath.Join(dir, base+f.Ext[0])
}

// openExport opens the export prompt on the format the preview shows.
func (m *Model) openExport() tea.Cmd {
	m.ex.formats = format.All()
	want := "markdown"
	if m.preview.Mode() == preview.Plain {
		want = "text"
	}
	m.ex.format = 0
	for i, f := range m.ex.formats {
		if f.Name == want {
			m.ex.format = i
		}
	}
	m.ex.input.SetValue("")
	m.setExportFormat(m.ex.format)
	m.setFocus(focusExport)
	return nil
}

// setExportFormat chooses format i, changing the path's ending when the
// path is still the default of the format it had.
func (m *Model) setExportFormat(i int) {
	path := m.ex.input.Value()
	if path == "" || path == m.exportPath(m.ex.formats[m.ex.format]) {
		path = m.exportPath(m.ex.formats[i])
	}
	m.ex.format = i
	m.ex.replace = exportTarget{}
	m.ex.input.Prompt = fmt.Sprintf("Export %s to: ", m.ex.formats[i].Name)
	m.ex.input.SetSize(m.width, 1)
	m.ex.input.SetValue(path)
	m.ex.input.CursorEnd()
}

// exportKey handles a key while the export prompt is open: tab chooses the
// next format, enter writes, esc closes.
func (m *Model) exportKey(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, m.keys.Cancel):
			m.setFocus(focusBoard)
			return nil
		case key.Matches(k, m.keys.NextFormat):
			m.setExportFormat((m.ex.format + 1) % len(m.ex.formats))
			return nil
		case key.Matches(k, m.keys.Submit):
			return m.writeExport()
		}
	}
	before := m.ex.input.Value()
	var cmd tea.Cmd
	m.ex.input.Model, cmd = m.ex.input.Update(msg)
	if m.ex.input.Value() != before {
		m.ex.replace = exportTarget{}
	}
	return cmd
}

// writeExport writes the issue to the path typed, off the event loop, from
// a copy of the draft, by export.ToFile's rule. The prompt stays open until
// the file is written: a file of weekly's own is refused, and one weekly
// did not write is replaced only by a second enter.
func (m *Model) writeExport() tea.Cmd {
	target := m.exportTarget()
	if target.path == "" {
		m.status = board.Note{Err: true, Text: "Give a file to write the issue to, or " + m.keys.Cancel.Help().Key}
		return nil
	}
	path, f := target.path, m.ex.formats[m.ex.format]
	to := export.ToFileOptions{Draft: m.draftPath, Force: m.ex.replace == target}
	d := m.current().Clone()
	m.status = board.Note{Text: "Writing " + path + "…"}
	options := m.exportOptions
	return func() tea.Msg {
		var opts export.Options
		if options != nil {
			var err error
			if opts, err = options(f.Name); err != nil {
				return exportedMsg{exportTarget: target, Err: err}
			}
		}
		var buf bytes.Buffer
		if err := f.Write(&buf, d, opts); err != nil {
			return exportedMsg{exportTarget: target, Err: err}
		}
		return exportedMsg{exportTarget: target, Err: export.ToFile(path, buf.Bytes(), to)}
	}
}

// exportTarget is the file typed in the prompt ("~/" is the home folder)
// and the format chosen.
func (m *Model) exportTarget() exportTarget {
	path := strings.TrimSpace(m.ex.input.Value())
	if strings.HasPrefix(path, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			path = filepath.Join(home, path[2:])
		}
	}
	return exportTarget{path: path, format: m.ex.formats[m.ex.format].Name}
}

// handleExported reports an export. Written, the prompt closes; refused,
// it stays open to change the path, and over a file weekly did not write,
// enter again replaces it.
func (m *Model) handleExported(msg exportedMsg) {
	open := m.focus == focusExport
	var (
		exists *export.ExistsError
		own    *export.OwnError
	)
	switch {
	case msg.Err == nil:
		if open {
			m.setFocus(focusBoard)
		}
		m.status = board.Note{Text: "Wrote " + msg.path}
	case errors.As(msg.Err, &own):
		m.status = board.Note{Err: true, Text: fmt.Sprintf("Not written: %s is %s. Choose another file, or %s", msg.path, own.What, m.keys.Cancel.Help().Key)}
	case errors.As(msg.Err, &exists) && open && m.exportTarget() == msg.exportTarget:
		m.ex.replace = msg.exportTarget
		m.status = board.Note{Err: true, Text: fmt.Sprintf("%s exists: %s again to replace it", filepath.Base(msg.path), m.keys.Submit.Help().Key)}
	case errors.As(msg.Err, &exists):
		m.status = board.Note{Err: true, Text: fmt.Sprintf("Not written: %s exists and weekly did not write it", msg.path)} // the prompt moved on
	default:
		m.status = board.Note{Err: true, Text: fmt.Sprintf("Could not export: %v", msg.Err)}
	}
}
