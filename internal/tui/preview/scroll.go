package preview

// wheelLines is how far one step of the mouse wheel scrolls, as in the
// bubbles viewport.
const wheelLines = 3

// scroll is the pane's scroll position over lines that need not exist
// yet: the height is known (partly estimated) before all of it is
// rendered, and View draws only the lines in view.
type scroll struct {
	top, height, total int
}

// YOffset returns the first line in view.
func (s scroll) YOffset() int { return s.top }

// Height returns the lines in view.
func (s scroll) Height() int { return s.height }

// SetHeight sets the lines in view.
func (s *scroll) SetHeight(h int) {
	s.height = max(h, 0)
	s.SetYOffset(s.top)
}

// SetTotal sets the number of lines, keeping the top in range.
func (s *scroll) SetTotal(n int) {
	s.total = max(n, 0)
	s.SetYOffset(s.top)
}

// maxTop returns the lowest top line: the last screen's.
func (s scroll) maxTop() int { return max(s.total-s.height, 0) }

// SetYOffset scrolls line n to the top, or as near as the content allows.
func (s *scroll) SetYOffset(n int) { s.top = min(max(n, 0), s.maxTop()) }

// ScrollUp scrolls up n lines.
func (s *scroll) ScrollUp(n int) { s.SetYOffset(s.top - n) }

// ScrollDown scrolls down n lines.
func (s *scroll) ScrollDown(n int) { s.SetYOffset(s.top + n) }

// PageUp scrolls up a screen.
func (s *scroll) PageUp() { s.ScrollUp(s.height) }

// PageDown scrolls down a screen.
func (s *scroll) PageDown() { s.ScrollDown(s.height) }

// HalfPageUp scrolls up half a screen.
func (s *scroll) HalfPageUp() { s.ScrollUp(s.height / 2) }

// HalfPageDown scrolls down half a screen.
func (s *scroll) HalfPageDown() { s.ScrollDown(s.height / 2) }

// GotoTop scrolls to the first line.
func (s *scroll) GotoTop() { s.top = 0 }

// GotoBottom scrolls to the last screen.
func (s *scroll) GotoBottom() { s.top = s.maxTop() }

// ScrollPercent returns how far down the view is, from 0 to 1.
func (s scroll) ScrollPercent() float64 {
	if s.total <= s.height {
		return 1
	}
	return float64(s.top) / float64(s.maxTop())
}
