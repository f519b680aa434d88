package preview_test

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/tui/preview"
	"github.com/weekly-dev/weekly/internal/tui/styles"
)

// root is the smallest root model that shows a preview beside a board.
type root struct {
	draft   *draft.Draft
	preview preview.Model
	shown   bool // p toggles the preview
}

func (m root) Init() tea.Cmd { return tea.RequestBackgroundColor }

func (m root) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmds []tea.Cmd
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		m.preview.SetStyles(styles.New(msg.IsDark()))
		cmds = append(cmds, m.preview.SetDark(msg.IsDark()))
	case tea.WindowSizeMsg:
		// The preview gets the right half; the layout function decides.
		cmds = append(cmds, m.preview.SetSize(msg.Width/2, msg.Height))
	case preview.DebounceMsg, preview.RenderedMsg:
		var cmd tea.Cmd
		m.preview, cmd = m.preview.Update(msg)
		cmds = append(cmds, cmd)
	case tea.KeyPressMsg:
		switch {
		case msg.String() == "p":
			m.shown = !m.shown
			if m.shown {
				cmds = append(cmds, m.preview.SetDraft(m.draft))
			}
		case m.preview.Focused():
			var cmd tea.Cmd
			m.preview, cmd = m.preview.Update(msg)
			cmds = append(cmds, cmd)
		default:
			// The board edits m.draft here; after every change:
			if m.shown {
				cmds = append(cmds, m.preview.SetDraft(m.draft))
				m.preview.ShowItem("the selected card's item ID")
			}
		}
	case tea.MouseWheelMsg:
		var cmd tea.Cmd
		m.preview, cmd = m.preview.Update(msg) // it scrolls only while focused
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

func (m root) View() tea.View {
	if !m.shown {
		return tea.NewView("the board")
	}
	return tea.NewView(m.preview.View())
}

// Example shows how a root model wires the preview: it forwards the
// preview's own messages, keys and the wheel while the preview has the
// focus, and calls SetDraft after every change to the draft.
func Example() {
	d := draft.New("DevOps Weekly", 519, "2020-12-06", []string{"News", "Tools"})
	d.Intro = "Hello."
	var m tea.Model = root{draft: d, preview: preview.New(styles.New(true), preview.DefaultConfig())}
	// tea.NewProgram(m).Run() in the real program; here the messages are
	// sent by hand.
	m, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 12})
	fmt.Println(m.View().Content)
	m, _ = m.Update(tea.KeyPressMsg{Code: 'p', Text: "p"})
	fmt.Println(m.(root).shown)
	// Output:
	// the board
	// true
}
