package tui

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/fetch"
	"github.com/weekly-dev/weekly/internal/tui/board"
)

const (
	// maxFetches bounds the titles fetched at once.
	maxFetches = 4
	// fetchTimeout bounds one title fetch.
	fetchTimeout = 20 * time.Second
)

// startFetches queues the items' titles for fetching.
func (m *Model) startFetches(items []draft.Item) tea.Cmd {
	if m.fetch == nil {
		return nil
	}
	for _, it := range items {
		if it.URL() == "" || it.Title != "" {
			continue
		}
		m.fetches.queue = append(m.fetches.queue, fetchedMsg{id: it.ID, url: it.URL()})
		m.fetches.busy[it.ID] = true
		m.board.SetFetching(it.ID, true)
	}
	return tea.Batch(m.pumpFetches(), m.startSpin())
}

// pumpFetches starts queued fetches while fewer than maxFetches run.
func (m *Model) pumpFetches() tea.Cmd {
	var cmds []tea.Cmd
	for m.fetches.running < maxFetches && len(m.fetches.queue) > 0 {
		job := m.fetches.queue[0]
		m.fetches.queue = m.fetches.queue[1:]
		m.fetches.running++
		fetch := m.fetch
		cmds = append(cmds, func() tea.Msg {
			ctx, cancel := context.WithTimeout(context.Background(), fetchTimeout)
			defer cancel()
			title, desc, err := fetch(ctx, job.url)
			return fetchedMsg{id: job.id, url: job.url, title: title, description: desc, Err: err}
		})
	}
	return tea.Batch(cmds...)
}

func (m *Model) handleFetched(msg fetchedMsg) tea.Cmd {
	m.fetches.running--
	delete(m.fetches.busy, msg.id)
	m.board.SetFetching(msg.id, false)
	if msg.Err != nil {
		// The add prompt keeps its line and its hints: a fetch that failed
		// meanwhile is seen on the card, which keeps its URL.
		if m.focus != focusAdd {
			m.status = board.Note{Err: true, Text: fmt.Sprintf("Could not fetch the title of %s (%s)", msg.url, fetchProblem(msg.Err))}
		}
	} else {
		if c, _ := m.doc.Fetched("the web", msg.id, msg.title, msg.description); c.Rev > 0 {
			m.board.Changed(c)
		}
	}
	return m.pumpFetches()
}

// fetchProblem says in a few words why a title could not be fetched and
// what to do, never a resolver's address or a Go error chain.
func fetchProblem(err error) string {
	var status *fetch.StatusError
	var dns *net.DNSError
	var op *net.OpError
	switch {
	case errors.As(err, &status):
		return fmt.Sprintf("the page answered %d", status.Code)
	case errors.Is(err, fetch.ErrNotHTML):
		return "not a web page"
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return "no answer in time; try again later"
	case errors.As(err, &dns), errors.As(err, &op):
		return "no network?"
	}
	return "no network?"
}

func (m *Model) startSpin() tea.Cmd {
	if m.fetches.spinning || len(m.fetches.busy) == 0 {
		return nil
	}
	m.fetches.spinning = true
	m.board.SetSpinner(strings.TrimSpace(m.spin.View()))
	return m.spin.Tick
}

func (m *Model) handleSpin(msg spinner.TickMsg) tea.Cmd {
	if len(m.fetches.busy) == 0 {
		m.fetches.spinning = false
		m.board.SetSpinner("")
		return nil
	}
	var cmd tea.Cmd
	m.spin, cmd = m.spin.Update(msg)
	m.board.SetSpinner(strings.TrimSpace(m.spin.View()))
	return cmd
}
