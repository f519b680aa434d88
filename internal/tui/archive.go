package tui

import (
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"
	"github.com/weekly-dev/weekly/internal/archive/index"
)

// readArchive returns the command that reads the archive, the first time
// it is wanted (as the board opens, for its marks; or when the card pane
// or the archive search opens), with its index of links built off the
// event loop; nil when it is read, being read, or there is none.
func (m *Model) readArchive() tea.Cmd {
	if m.cv.archive != nil || m.cv.err != nil || m.cv.loading || m.loadArchive == nil {
		return nil
	}
	m.cv.loading = true
	load := m.loadArchive
	return func() tea.Msg {
		a, err := load()
		if err == nil {
			a.Find("") // builds the index of links here, not on the event loop
		}
		return archiveMsg{a: a, Err: err}
	}
}

// takeArchive takes the archive in: from then on the board marks each card
// whose link an earlier issue carried. The board asks as it draws, and the
// archive is only read.
func (m *Model) takeArchive(msg archiveMsg) {
	m.cv.loading = false
	m.cv.archive, m.cv.err = msg.a, msg.Err
	a := msg.a
	if a == nil {
		return
	}
	m.board.SetSent(func(urls []string) bool {
		d := m.current()
		for _, u := range urls {
			if a.Sent(u, d.Newsletter, d.Number) {
				return true
			}
		}
		return false
	})
}

// openIndex returns the command that opens the archive's search index
// (building it first when it is missing or out of date), once the archive
// is read; nil when it is open, being opened, or cannot be.
func (m *Model) openIndex() tea.Cmd {
	if m.cv.index != nil || m.cv.xErr != nil || m.cv.opening || m.cv.archive == nil {
		return nil
	}
	path := m.cv.archive.Path
	if path == "" {
		m.cv.xErr = errors.New("the archive was not read from a file")
		return nil
	}
	m.cv.opening = true
	return func() tea.Msg {
		x, err := index.Open(path)
		return indexMsg{x: x, Err: err}
	}
}

// takeIndex takes the opened index in.
func (m *Model) takeIndex(msg indexMsg) {
	m.cv.opening = false
	m.cv.index, m.cv.xErr = msg.x, msg.Err
}

// wantIndex reports whether something shown searches the archive: the
// card pane, or the archive search.
func (m *Model) wantIndex() bool { return m.cv.shown || m.focus == focusFind }

// indexNote says why there is no index to search, or "" when there is.
func (m *Model) indexNote() string {
	switch {
	case m.cv.index != nil:
		return ""
	case m.loadArchive == nil:
		return "no archive"
	case m.cv.err != nil:
		return fmt.Sprintf("archive not read: %v", m.cv.err)
	case m.cv.xErr != nil:
		return fmt.Sprintf("no search index: %v", m.cv.xErr)
	case m.cv.archive == nil:
		return "reading the archive…"
	}
	return "opening the search index…"
}

// refreshArchive lets go of the archive and its index when the archive's
// file changed since they were read (weekly archive add in another
// shell), for the card pane or the search about to open to read them
// again; what was asked of the old index is dropped.
func (m *Model) refreshArchive() {
	if m.cv.index == nil || !m.cv.index.Changed() {
		return
	}
	m.closeIndex()
	m.cv.archive, m.cv.err, m.cv.xErr = nil, nil, nil
	m.cv.like++
	m.cv.likeID, m.cv.topicID = "", ""
	m.find.seq++
	m.find.query = ""
}

// closeIndex lets go of the index as the board closes.
func (m *Model) closeIndex() {
	if m.cv.index != nil {
		_ = m.cv.index.Close()
		m.cv.index = nil
	}
}
