package tui

import tea "charm.land/bubbletea/v2"

// Session is the program weekly edit runs: the new-issue form when there is
// no draft yet, then a board, and after ctrl+n the next issue's board, all
// in one program so that the terminal is never handed back and forth.
type Session struct {
	cur    tea.Model
	board  *Model
	create func(NewIssue) (*Model, error)
	w, h   int
}

// NewSession returns a session that starts on first (a *Start or a
// *Model) and opens new issues with create, which makes the draft and
// returns its board.
func NewSession(first tea.Model, create func(NewIssue) (*Model, error)) *Session {
	s := &Session{cur: first, create: create}
	if m, ok := first.(*Model); ok {
		s.board = m
	}
	return s
}

// Board returns the board shown last, or nil when none was opened.
func (s *Session) Board() *Model { return s.board }

// Init starts the first model.
func (s *Session) Init() tea.Cmd { return s.cur.Init() }

// Update passes msg to the model shown, and opens the next issue's board
// when one is asked for.
func (s *Session) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.w, s.h = msg.Width, msg.Height
	case switchMsg:
		if s.board == nil || s.board.Next() == nil || s.create == nil {
			return s, tea.Quit
		}
		return s, s.open(*s.board.Next())
	case startMsg:
		return s, s.open(msg.v)
	case OpenedMsg:
		if msg.Err == nil {
			s.board, s.cur = msg.Board, msg.Board
			w, h := s.w, s.h
			return s, tea.Batch(msg.Board.Init(), func() tea.Msg { return tea.WindowSizeMsg{Width: w, Height: h} })
		}
	}
	var cmd tea.Cmd
	s.cur, cmd = s.cur.Update(msg)
	return s, cmd
}

// open makes the new issue's draft and board off the event loop.
func (s *Session) open(v NewIssue) tea.Cmd {
	create := s.create
	return func() tea.Msg {
		m, err := create(v)
		return OpenedMsg{Board: m, Err: err}
	}
}

// View draws the model shown.
func (s *Session) View() tea.View { return s.cur.View() }
