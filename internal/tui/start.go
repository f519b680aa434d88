package tui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/weekly-dev/weekly/internal/tui/form"
	"github.com/weekly-dev/weekly/internal/tui/styles"
)

// newIssueFields are the form's fields: the name only when it is asked.
func newIssueFields(askName bool) []form.Field {
	if askName {
		return []form.Field{form.Newsletter, form.Number, form.Date}
	}
	return []form.Field{form.Number, form.Date}
}

// Start is the program weekly runs on a drafts folder with no drafts: the
// new-issue form alone, on an empty screen. Result says what was asked
// for once it quits.
type Start struct {
	form          form.Model
	status        string
	width, height int
	result        *NewIssue
	look          rootLook
	dir           string
}

// NewStart returns the new-issue form for the drafts folder dir, holding
// the defaults; the name is asked only when askName.
func NewStart(dir string, defaults NewIssue, askName bool) *Start {
	st := styles.New(true)
	s := &Start{form: form.New(st), look: newRootLook(st), dir: dir}
	s.form.Open("New issue", form.Values{Newsletter: defaults.Newsletter, Number: defaults.Number, Date: defaults.Date}, newIssueFields(askName)...)
	return s
}

// Result returns the new issue asked for, or nil when the form was left.
func (s *Start) Result() *NewIssue { return s.result }

// Init does nothing: the board asks the terminal for its background colour
// when it opens, and a second question of the same program has been seen
// to cost the board the first esc pressed.
func (s *Start) Init() tea.Cmd { return nil }

// Update handles a message.
func (s *Start) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.width, s.height = msg.Width, msg.Height
		s.form.SetWidth(min(s.width, 56))
	case tea.BackgroundColorMsg:
		st := styles.New(msg.IsDark())
		s.form.SetStyles(st)
		s.look = newRootLook(st)
	case tea.KeyPressMsg:
		k := s.form.Keys()
		switch {
		case key.Matches(msg, DefaultKeyMap().ForceQuit), key.Matches(msg, k.Cancel):
			return s, tea.Quit
		case key.Matches(msg, k.Apply):
			v, err := s.form.Check()
			if err != nil {
				s.status = "Not started: " + err.Error()
				var fe *form.Error
				if errors.As(err, &fe) {
					return s, s.form.FocusField(fe.Field)
				}
				return s, nil
			}
			s.result = &NewIssue{Newsletter: v.Newsletter, Number: v.Number, Date: v.Date}
			s.status = "Starting #" + v.Number + "…"
			r := *s.result
			return s, func() tea.Msg { return startMsg{v: r} }
		}
		s.status = ""
		var cmd tea.Cmd
		s.form, cmd = s.form.Update(msg)
		return s, cmd
	case OpenedMsg: // the Session could not make the draft
		s.status = "Not started: " + msg.Err.Error()
		s.result = nil
	case startMsg: // no Session: the caller makes the draft
		return s, tea.Quit
	case tea.PasteMsg:
		var cmd tea.Cmd
		s.form, cmd = s.form.Update(msg)
		return s, cmd
	}
	return s, nil
}

// View draws the form in the middle of the screen, what it is for above it
// and a bad value's message under it.
func (s *Start) View() tea.View {
	var v tea.View
	v.AltScreen = true
	if s.width <= 0 || s.height <= 0 {
		return v
	}
	lines := make([]string, 0, s.height)
	lines = append(lines, line(s.look.name.Render("weekly")+s.look.muted.Render(fmt.Sprintf(" · no drafts in %s yet: start one", s.dir)), s.width))
	box := strings.Split(s.form.View(), "\n")
	for len(lines) < max((s.height-len(box))/2, 1) {
		lines = append(lines, line("", s.width))
	}
	pad := strings.Repeat(" ", max((s.width-min(s.width, 56))/2, 0))
	for _, b := range box {
		lines = append(lines, line(pad+b, s.width))
	}
	if s.status != "" {
		lines = append(lines, line(s.look.err.Render(s.status), s.width))
	}
	k := s.form.Keys()
	hint := fmt.Sprintf("%s starts the issue · %s next field · %s leaves", k.Apply.Help().Key, k.Next.Help().Key, k.Cancel.Help().Key)
	lines = append(lines, line(s.look.muted.Render(hint), s.width))
	if len(lines) > s.height {
		lines = lines[len(lines)-s.height:]
	}
	v.SetContent(strings.Join(lines, "\n"))
	return v
}
