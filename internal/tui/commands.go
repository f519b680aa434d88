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
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/store"
	"github.com/weekly-dev/weekly/internal/tui/board"
)

const (
	// saveDelay is how long after a change the draft is saved: changes made
	// together are saved together, and none waits more than a second.
	saveDelay = 300 * time.Millisecond
	// retryDelay is how long after a failed save it is tried again.
	retryDelay = 3 * time.Second
	// pollEvery is how often links queued by weekly add are taken in.
	pollEvery = 500 * time.Millisecond
	// maxFetches bounds the titles fetched at once.
	maxFetches = 4
	// fetchTimeout bounds one title fetch.
	fetchTimeout = 20 * time.Second
)

var errNotSaved = errors.New("the last changes were not saved")

// saveTickMsg says the save delay after a change is over.
type saveTickMsg struct{}

// savedMsg reports a save of the draft as it was at rev.
type savedMsg struct {
	rev uint64
	Err error
}

// pollMsg says it is time to look for links queued by weekly add.
type pollMsg struct{}

// takenMsg carries the links queued by weekly add since the last look.
type takenMsg struct {
	in  []store.Incoming
	Err error
}

// fetchedMsg carries the title and description fetched for an item.
type fetchedMsg struct {
	id, url            string
	title, description string
	Err                error
}

// saveState tracks saving. Saves and takes of queued links touch the same
// files, so at most one of them runs at a time; the one that has to wait is
// started when the other is done.
type saveState struct {
	rev        uint64 // the board's Rev last seen
	savedRev   uint64 // the Rev of the last successful save
	dirty      bool   // changed since the last successful save
	busy       bool   // a save or a take is running
	saving     bool   // the running one is a save
	ticking    bool   // a save tick is on its way
	want       bool   // a save is wanted once the running take is done
	quitting   bool   // quit once saved
	quitFailed bool   // the save on quit failed; q again quits unsaved
	err        error  // the last save's error, until a save succeeds
}

// fetchState tracks title fetches.
type fetchState struct {
	queue    []fetchedMsg // items waiting: id and url
	busy     map[string]bool
	running  int
	spinning bool
}

// after returns a command that sends msg once d has passed.
func (m *Model) after(d time.Duration, msg tea.Msg) tea.Cmd {
	return m.timer(d, func(time.Time) tea.Msg { return msg })
}

func (m *Model) pollTick() tea.Cmd { return m.after(pollEvery, pollMsg{}) }

// scheduleSave arranges a save soon after a change.
func (m *Model) scheduleSave() tea.Cmd {
	if m.save.ticking || m.save.quitting {
		return nil
	}
	m.save.ticking = true
	return m.after(saveDelay, saveTickMsg{})
}

// startSave saves a copy of the draft in the background, or marks a save as
// wanted when a take is running.
func (m *Model) startSave() tea.Cmd {
	if m.save.busy {
		m.save.want = true
		return nil
	}
	m.save.want = false
	m.save.busy, m.save.saving = true, true
	snapshot, rev := m.doc.Snapshot()
	st := m.store
	return func() tea.Msg {
		return savedMsg{rev: rev, Err: st.Save(snapshot)}
	}
}

// saveNow is ctrl+s.
func (m *Model) saveNow() tea.Cmd {
	if m.seat != nil {
		return m.saveSeat()
	}
	m.status = board.Note{Text: "Saving…"}
	return m.startSave()
}

// quit puts a carried card down where it is, saves and then quits. When the save on
// quit failed, quitting again quits without saving.
func (m *Model) quit() tea.Cmd {
	if m.save.quitFailed {
		return tea.Quit
	}
	m.board.Drop()
	m.applyIntents()
	if m.seat != nil {
		// The hub saves; what the editor holds is in the draft already.
		m.closeEditor()
		return tea.Quit
	}
	m.syncRev()
	m.save.quitting = true
	m.status = board.Note{Text: "Saving and quitting…"}
	if m.save.busy {
		return nil // the running save or take finishes the quit
	}
	if !m.save.dirty {
		return m.quitCmd()
	}
	return m.startSave()
}

func (m *Model) handleStorage(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case saveTickMsg:
		m.save.ticking = false
		if m.save.dirty {
			return m.startSave()
		}
	case savedMsg:
		m.save.busy, m.save.saving = false, false
		var re *store.RenameError
		if errors.As(msg.Err, &re) {
			// Saved under its old name: say why it was not renamed, and
			// carry on (the next save tries the rename again).
			m.status = board.Note{Err: true, Text: upper(re.Error())}
			msg.Err = nil
		}
		if msg.Err != nil {
			m.save.err = msg.Err
			if m.save.quitting {
				m.save.quitting, m.save.quitFailed = false, true
				m.status = board.Note{Err: true, Text: fmt.Sprintf("Not saved: %v. ctrl+s tries again; q again quits without saving", msg.Err)}
				return nil
			}
			m.status = board.Note{Err: true, Text: fmt.Sprintf("Not saved: %v. The draft is kept here; trying again", msg.Err)}
			m.save.ticking = true
			return m.after(retryDelay, saveTickMsg{})
		}
		m.save.err, m.save.quitFailed = nil, false
		m.save.savedRev = msg.rev
		m.save.dirty = msg.rev != m.doc.Rev()
		if m.status.Text == "Saving…" {
			m.status = board.Note{Text: "Saved"}
		}
		return m.next()
	case pollMsg:
		if m.save.quitting {
			return nil
		}
		if m.save.busy {
			return m.pollTick()
		}
		m.save.busy = true
		st := m.store
		return func() tea.Msg {
			in, err := st.Take()
			return takenMsg{in: in, Err: err}
		}
	case takenMsg:
		m.save.busy = false
		if msg.Err != nil {
			m.status = board.Note{Err: true, Text: fmt.Sprintf("Could not take in links added meanwhile: %v", msg.Err)}
		} else if len(msg.in) > 0 {
			m.takeIn(msg.in)
		}
		cmd := m.next()
		if !m.save.quitting {
			cmd = tea.Batch(cmd, m.pollTick())
		}
		return cmd
	}
	return nil
}

// takeIn applies what other commands queued while the board is open.
// Links (weekly add, import) are no one's to undo: the editor did not make
// them. An item meant for a section that is gone goes to the inbox; one the
// draft has already (a replay after a crash) is skipped. The changes of
// weekly set, section and sponsor are each one step the editor can undo,
// as if made on the board.
func (m *Model) takeIn(in []store.Incoming) {
	var ops draft.Change
	have := map[string]bool{}
	links := 0
	for _, x := range in {
		if len(x.Ops) > 0 {
			m.takeOps(x)
			continue
		}
		links++
		if _, ok := m.d.Find(x.Item.ID); ok || have[x.Item.ID] {
			continue
		}
		have[x.Item.ID] = true
		col := draft.Inbox
		if i := m.d.SectionIndex(x.Section); x.Section != "" && i >= 0 {
			col = i + 1
		}
		ops = append(ops, draft.Op{Kind: draft.OpInsert, To: draft.Pos{Col: col, Index: maxIndex}, Item: x.Item})
	}
	if links == 0 {
		return
	}
	c, err := m.doc.Outside("another command", ops...)
	if err != nil {
		m.status = board.Note{Err: true, Text: fmt.Sprintf("Could not take in links added meanwhile: %v", err)}
		return
	}
	m.board.Changed(c)
	m.syncRev()
	m.status = board.Note{Text: fmt.Sprintf("%s added by another command", plural(links, "link"))}
}

// takeOps applies the change of a command run while the board is open.
func (m *Model) takeOps(x store.Incoming) {
	who := sanitize.Line(x.Who)
	if who == "" {
		who = "another command"
	}
	c, err := m.doc.Apply(m.who, x.Ops...)
	if err != nil {
		m.status = board.Note{Err: true, Text: fmt.Sprintf("Could not apply the change of %s: %v", who, err)}
		return
	}
	m.board.Changed(c)
	m.syncRev()
	m.status = board.Note{Text: fmt.Sprintf("Changed by %s · u undoes", who)}
}

// maxIndex puts an inserted item at the end of its column.
const maxIndex = 1 << 30

// switchMsg says the board is saved and done, for the next issue asked
// for with ctrl+n to open in its place (see Session).
type switchMsg struct{}

// OpenedMsg carries the board of a new issue, opened, or why there is none.
type OpenedMsg struct {
	Board *Model
	Err   error
}

// quitCmd ends the board once everything is saved: the program quits, or
// (after ctrl+n) the next issue opens in its place.
func (m *Model) quitCmd() tea.Cmd {
	if m.nextIssue != nil {
		return func() tea.Msg { return switchMsg{} }
	}
	return tea.Quit
}

// notOpened takes the board back from quitting when the issue asked for
// with ctrl+n could not be started.
func (m *Model) notOpened(err error) tea.Cmd {
	m.save.quitting, m.nextIssue = false, nil
	m.status = board.Note{Err: true, Text: fmt.Sprintf("No new issue: %v", err)}
	return m.pollTick()
}

// next starts what waited for the running save or take: a save that was
// asked for, the save on quit, or the quit itself.
func (m *Model) next() tea.Cmd {
	switch {
	case m.save.quitting && !m.save.dirty && m.doc.Rev() == m.save.savedRev:
		return m.quitCmd()
	case m.save.quitting:
		return m.startSave()
	case m.save.want || (m.save.dirty && !m.save.ticking && m.doc.Rev() != m.save.savedRev):
		return m.startSave()
	}
	return nil
}

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

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
