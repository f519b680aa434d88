package tui

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/weekly-dev/weekly/internal/browse"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/export"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/tui/board"
	"github.com/weekly-dev/weekly/internal/tui/preview"
)

// errNoBrowser is what the system opener's failure to find any browser
// becomes on the board.
var errNoBrowser = errors.New("no browser found; set $BROWSER, or copy the link with y")

// openLink opens the selected card's first link in the browser, off the
// event loop: $BROWSER when it is set, else the platform's opener.
//
// On a served board the editor's browser is on another machine: the link
// is copied to their clipboard (OSC 52) and shown as a hyperlink their
// terminal opens, and nothing runs on the server.
func (m *Model) openLink() tea.Cmd {
	u, ok := m.selectedLink("open")
	if !ok {
		return nil
	}
	if m.served {
		m.status = board.Note{Text: "Copied; open it from here:", Link: u}
		return tea.SetClipboard(u)
	}
	m.status = board.Note{Text: "Opening " + u + "…"}
	getenv := m.getenv
	return func() tea.Msg { return browserMsg{url: u, Err: openURL(getenv, u)} }
}

// openURL opens u with $BROWSER, else the system's opener, and waits for
// $BROWSER to say whether it could.
func openURL(getenv func(string) string, u string) error {
	err := browse.Open(getenv, u, true)
	if errors.Is(err, browse.ErrNoBrowser) {
		return errNoBrowser
	}
	return err
}

func (m *Model) handleOpened(msg browserMsg) {
	if msg.Err != nil {
		m.status = board.Note{Err: true, Text: fmt.Sprintf("Could not open %s: %v", msg.url, msg.Err)}
		return
	}
	m.status = board.Note{Text: "Opened " + msg.url + " in the browser"}
}

// selectedLink returns the selected card's first link, or says in the
// status line why there is none to act on.
func (m *Model) selectedLink(verb string) (string, bool) {
	it := m.board.Selected()
	switch {
	case it == nil:
		m.status = board.Note{Err: true, Text: fmt.Sprintf("%s is empty: no link to %s", m.current().ColumnName(m.board.Focused()), verb)}
		return "", false
	case it.URL() == "":
		m.status = board.Note{Err: true, Text: fmt.Sprintf("This card is a text block: no link to %s", verb)}
		return "", false
	}
	return sanitize.Line(it.URL()), true
}

// copyLink puts the selected card's first link on the clipboard (OSC 52).
func (m *Model) copyLink() tea.Cmd {
	u, ok := m.selectedLink("copy")
	if !ok {
		return nil
	}
	m.status = board.Note{Text: "Copied " + u + m.clipboardNote()}
	return tea.SetClipboard(u)
}

// copyIssue puts the whole issue on the clipboard as the preview shows it:
// Markdown, or the plain-text email when the preview is in text mode. The
// issue is written off the event loop from a copy of the draft.
func (m *Model) copyIssue() tea.Cmd {
	format, what := "markdown", "the issue as Markdown"
	if m.preview.Mode() == preview.Plain {
		format, what = "text", "the issue as the plain-text email"
	}
	d := m.current().Clone()
	m.status = board.Note{Text: "Copying " + what + "…"}
	return func() tea.Msg {
		var buf bytes.Buffer
		err := export.Write(&buf, d, format)
		return copiedMsg{what: what, text: buf.String(), Err: err}
	}
}

func (m *Model) handleCopied(msg copiedMsg) tea.Cmd {
	if msg.Err != nil {
		m.status = board.Note{Err: true, Text: fmt.Sprintf("Could not copy %s: %v", msg.what, msg.Err)}
		return nil
	}
	m.status = board.Note{Text: fmt.Sprintf("Copied %s (%s)%s", msg.what, draft.Plural(strings.Count(msg.text, "\n"), "line"), m.clipboardNote())}
	return tea.SetClipboard(msg.text)
}

// clipboardNote tells how a copy gets out of tmux, which drops OSC 52
// unless told otherwise.
func (m *Model) clipboardNote() string {
	if m.getenv("TMUX") == "" {
		return ""
	}
	return " · in tmux it reaches your clipboard with: tmux set -g set-clipboard on"
}
