package tui

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/weekly-dev/weekly/internal/export"
	"github.com/weekly-dev/weekly/internal/format"
	"github.com/weekly-dev/weekly/internal/store"
	"github.com/weekly-dev/weekly/internal/tui/board"
	"github.com/weekly-dev/weekly/internal/tui/preview"
)

// exportState is the export prompt (e): the format chosen and the path
// being typed.
type exportState struct {
	format int // index in format.Names()
	input  textinput.Model
}

// exportedMsg reports the issue written to path, or why it was not.
type exportedMsg struct {
	path string
	Err  error
}

// WithDraftPath tells the model where its draft lives: exports default to
// its folder and name, and never overwrite it.
func WithDraftPath(path string) Option { return func(m *Model) { m.draftPath = path } }

// extensions are the file endings of the formats whose name is not one.
var extensions = map[string]string{"text": "txt", "markdown": "md"}

// exportPath is where the issue goes in format by default: beside the
// draft, named as it is ("drafts/519.txt"). JSON gets ".issue.json", since
// the draft itself is "519.json".
func (m *Model) exportPath(format string) string {
	ext, ok := extensions[format]
	if !ok {
		ext = format
	}
	if ext == "json" {
		ext = "issue.json"
	}
	base := fmt.Sprintf("%d", m.d.Number)
	dir := "."
	if m.draftPath != "" {
		base, dir = store.Name(m.draftPath), filepath.Dir(m.draftPath)
	}
	return filepath.Join(dir, base+"."+ext)
}

// openExport opens the export prompt on the format the preview shows.
func (m *Model) openExport() tea.Cmd {
	f := 1 // markdown
	if m.preview.Mode() == preview.Plain {
		f = 0
	}
	m.ex.format = f
	m.ex.input = textinput.New()
	m.ex.input.SetStyles(m.prompt.Styles())
	m.setExportFormat(f)
	m.setFocus(focusExport)
	return m.ex.input.Focus()
}

// setExportFormat chooses format f, changing the path's ending when the
// path is still the default of the format it had.
func (m *Model) setExportFormat(f int) {
	old := format.Names()[m.ex.format]
	path := m.ex.input.Value()
	if path == "" || path == m.exportPath(old) {
		path = m.exportPath(format.Names()[f])
	}
	m.ex.format = f
	m.ex.input.Prompt = fmt.Sprintf("Export %s to: ", format.Names()[f])
	m.ex.input.SetWidth(max(m.width-len(m.ex.input.Prompt)-1, 1))
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
			m.setExportFormat((m.ex.format + 1) % len(format.Names()))
			return nil
		case key.Matches(k, m.keys.Submit):
			return m.writeExport()
		}
	}
	var cmd tea.Cmd
	m.ex.input, cmd = m.ex.input.Update(msg)
	return cmd
}

// writeExport writes the issue to the path typed, off the event loop, from
// a copy of the draft. A path that is the draft, the settings, the archive
// or another draft is refused, and the prompt stays open to change it.
func (m *Model) writeExport() tea.Cmd {
	path := strings.TrimSpace(m.ex.input.Value())
	if path == "" {
		m.status = board.Note{Err: true, Text: "Give a file to write the issue to, or esc"}
		return nil
	}
	if strings.HasPrefix(path, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			path = filepath.Join(home, path[2:])
		}
	}
	if why := m.protected(path); why != "" {
		m.status = board.Note{Err: true, Text: fmt.Sprintf("Not written: %s is %s. Choose another file, or esc", path, why)}
		return nil
	}
	name := format.Names()[m.ex.format]
	d := m.d.Clone()
	m.setFocus(focusBoard)
	m.status = board.Note{Text: "Writing " + path + "…"}
	options := m.exportOptions
	return func() tea.Msg {
		var opts export.Options
		if options != nil && name == "eml" {
			var err error
			if opts, err = options(); err != nil {
				return exportedMsg{path: path, Err: err}
			}
		}
		var buf bytes.Buffer
		if err := export.WriteWith(&buf, d, name, opts); err != nil {
			return exportedMsg{path: path, Err: err}
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return exportedMsg{path: path, Err: err}
		}
		return exportedMsg{path: path, Err: store.WriteFile(path, buf.Bytes())}
	}
}

// WithExportOptions gives the model the way to read what an eml export
// takes from the settings (From, To, the subject pattern). It is called
// off the event loop, each time an eml is written.
func WithExportOptions(read func() (export.Options, error)) Option {
	return func(m *Model) { m.exportOptions = read }
}

// protected says why path must not be overwritten by an export: it is the
// open draft, the settings, the archive or another draft; "" when it may be.
func (m *Model) protected(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return ""
	}
	if m.draftPath != "" {
		if own, err := filepath.Abs(m.draftPath); err == nil && own == abs {
			return "this draft"
		}
	}
	switch filepath.Base(abs) {
	case "settings.json":
		return "the settings"
	case "archive.json":
		return "the archive"
	}
	if filepath.Ext(abs) == ".json" {
		if _, err := store.Load(abs); err == nil {
			return "a draft"
		}
	}
	return ""
}

func (m *Model) handleExported(msg exportedMsg) {
	if msg.Err != nil {
		m.status = board.Note{Err: true, Text: fmt.Sprintf("Could not export: %v", msg.Err)}
		return
	}
	m.status = board.Note{Text: "Wrote " + msg.path}
}
