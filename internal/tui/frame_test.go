package tui

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// lockedBuffer is a terminal's output, written by the renderer's goroutine
// and read by the test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// counter shows how many keys it has had.
type counter struct{ n int }

func (c *counter) Init() tea.Cmd { return nil }

func (c *counter) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if k.String() == "q" {
			return c, tea.Quit
		}
		c.n++
	}
	return c, nil
}

func (c *counter) View() tea.View { return tea.NewView(strings.Repeat("key ", c.n) + "ready") }

// TestKeyIsDrawnAtOnce: a key that comes a frame or more after the last
// frame is drawn at once, not at the renderer's next tick (weekly's patch to
// Bubble Tea in third_party/bubbletea: a keystroke reached the screen up to
// a frame later). With one frame a second, the key's frame is on the
// terminal long before the next tick.
func TestKeyIsDrawnAtOnce(t *testing.T) {
	t.Parallel()
	out := &lockedBuffer{}
	p := tea.NewProgram(&counter{}, tea.WithInput(nil), tea.WithOutput(out), tea.WithWindowSize(40, 5), tea.WithFPS(1))
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	waitFor := func(what string, within time.Duration) time.Duration {
		t.Helper()
		start := time.Now()
		for !strings.Contains(out.String(), what) {
			if time.Since(start) > within {
				p.Kill()
				t.Fatalf("%q not drawn within %v:\n%q", what, within, out.String())
			}
			time.Sleep(5 * time.Millisecond)
		}
		return time.Since(start)
	}
	waitFor("ready", 5*time.Second) // the first frame, at the first tick
	// Just after the next tick, which had nothing to draw: the one after
	// it is most of a second away.
	time.Sleep(1050 * time.Millisecond)
	p.Send(tea.KeyPressMsg{Code: 'j', Text: "j"})
	// The key's frame comes at once. (A loaded machine may be slow, but
	// not by half a second.)
	waitFor("key ready", 500*time.Millisecond)
	p.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
