// Package styles holds the terminal UI's colours, once, as named tokens, and
// the text styles the panes draw with. Panes receive a Styles value from the
// root; nothing here is global, so a light and a dark set can coexist.
package styles

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Palette is the set of colour tokens, chosen for a dark or a light
// terminal background.
type Palette struct {
	// Accent marks what has the focus.
	Accent color.Color
	// Text is ordinary text.
	Text color.Color
	// Muted is secondary text: hints, counts, positions.
	Muted color.Color
	// Error is text that reports a failure.
	Error color.Color
}

// NewPalette returns the colour tokens for a dark or a light background.
func NewPalette(dark bool) Palette {
	pick := lipgloss.LightDark(dark)
	return Palette{
		Accent: pick(lipgloss.Color("#5A56E0"), lipgloss.Color("#7D79F6")),
		Text:   pick(lipgloss.Color("#1A1A1A"), lipgloss.Color("#DDDDDD")),
		Muted:  pick(lipgloss.Color("#8A8A8A"), lipgloss.Color("#6C6C6C")),
		Error:  pick(lipgloss.Color("#D7263D"), lipgloss.Color("#FF5F5F")),
	}
}

// Styles are the text styles shared by the panes.
type Styles struct {
	// Dark reports whether the styles are for a dark background.
	Dark bool
	// Palette is the colour tokens the styles are built from.
	Palette Palette
	// Title is a pane's title line while the pane has the focus.
	Title lipgloss.Style
	// TitleBlurred is a pane's title line while another pane has the focus.
	TitleBlurred lipgloss.Style
	// Muted is secondary text.
	Muted lipgloss.Style
	// Error is text that reports a failure.
	Error lipgloss.Style
}

// New returns the styles for a dark or a light background.
func New(dark bool) Styles {
	p := NewPalette(dark)
	return Styles{
		Dark:         dark,
		Palette:      p,
		Title:        lipgloss.NewStyle().Bold(true).Foreground(p.Accent),
		TitleBlurred: lipgloss.NewStyle().Foreground(p.Muted),
		Muted:        lipgloss.NewStyle().Foreground(p.Muted),
		Error:        lipgloss.NewStyle().Foreground(p.Error),
	}
}
