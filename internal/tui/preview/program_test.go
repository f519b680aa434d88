package preview_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/tui/preview"
	"github.com/weekly-dev/weekly/internal/tui/styles"
)

// typed stands for the board changing the intro, as typing in it would.
type typed string

// host is a root model that does what the board's root will: it forwards
// the preview's messages and calls SetDraft after each change.
type host struct {
	draft   *draft.Draft
	preview preview.Model
}

func (h host) Init() tea.Cmd { return nil }

func (h host) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return h, h.preview.SetSize(msg.Width, msg.Height)
	case typed:
		h.draft.Intro += string(msg)
		return h, h.preview.SetDraft(h.draft)
	case tea.KeyPressMsg:
		if msg.String() == "q" {
			return h, tea.Quit
		}
	}
	var cmd tea.Cmd
	h.preview, cmd = h.preview.Update(msg)
	return h, cmd
}

func (h host) View() tea.View { return tea.NewView(h.preview.View()) }

// TestInAProgram runs the preview in a Bubble Tea program, ticks and render
// commands included: changes sent faster than the debounce all show once
// the preview settles.
func TestInAProgram(t *testing.T) {
	t.Parallel()
	d := draft.New("DevOps Weekly", 519, "2020-12-06", []string{"News"})
	d.Sections[0].Items = []draft.Item{{ID: "a", Blurb: "A blurb.", URLs: []string{"https://example.com/a"}}}
	d.Footer = "The footer text."
	cfg := preview.DefaultConfig()
	cfg.Style = "notty"
	h := host{draft: d, preview: preview.New(styles.New(true), cfg)}
	tm := teatest.NewTestModel(t, h, teatest.WithInitialTermSize(70, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
	for _, w := range []string{"Typed", " while", " the", " preview", " is", " open."} {
		tm.Send(typed(w))
	}
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("open.")) && bytes.Contains(b, []byte("The footer text."))
	}, teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(host)
	if v := final.preview.View(); !strings.Contains(v, "Typed while the preview is open.") {
		t.Fatalf("the final view does not show the typed intro:\n%s", v)
	}
}
