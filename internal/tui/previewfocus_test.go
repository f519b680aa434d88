package tui

import (
	"strings"
	"testing"
)

// TestPreviewFocusShowsInItsBorder moves the keys between the board and the
// preview: the pane with the keys is told by the shape of its border alone,
// with the colours stripped as on a monochrome terminal. The board's column
// has a heavy frame and the preview a light divider and a plain title, or
// the preview a heavy divider and a heavy rule for its title and the board
// light frames only.
func TestPreviewFocusShowsInItsBorder(t *testing.T) {
	t.Parallel()
	m := newModel(t, writing(), nil, 120, 32, withPreview(testPreview()))
	send(t, m, "p")
	l := m.layout()
	if l.Divider.W != 1 {
		t.Fatalf("no divider between the board and the preview at 120×32: %+v", l)
	}
	// divider returns the divider's cells, top to bottom.
	divider := func() string {
		var b strings.Builder
		for _, line := range strings.Split(plain(m), "\n")[l.Body.Y : l.Body.Y+l.Body.H] {
			b.WriteRune([]rune(line)[l.Divider.X])
		}
		return b.String()
	}
	v := plain(m)
	if !strings.Contains(v, "┏") || strings.Contains(v, "━ Preview") || divider() != strings.Repeat("│", l.Body.H) {
		t.Fatalf("with the board focused, its column should have the only heavy border:\n%s", v)
	}
	send(t, m, "shift+tab") // from the inbox, back to the preview
	if m.focus != focusPreview {
		t.Fatalf("shift+tab gave the keys to %v, not the preview", m.focus)
	}
	v = plain(m)
	if strings.Contains(v, "┏") || !strings.Contains(v, "━ Preview") || divider() != strings.Repeat("┃", l.Body.H) {
		t.Fatalf("with the preview focused, it should have the only heavy border:\n%s", v)
	}
}
