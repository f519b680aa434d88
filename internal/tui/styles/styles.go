// Package styles holds the terminal UI's colours, once, as named tokens for
// a dark or a light background. Panes receive a Styles value and build their
// lipgloss styles from it.
package styles

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Styles is the set of colour tokens for one kind of background.
type Styles struct {
	// IsDark says which background the tokens were chosen for.
	IsDark bool
	// Text is ordinary text: blurbs, headings.
	Text color.Color
	// Muted is secondary text: a title while there is no blurb, a site, counts.
	Muted color.Color
	// Border is the frame of a column that does not have focus.
	Border color.Color
	// Accent marks what has focus: the focused column's frame, the selection bar.
	Accent color.Color
	// SelectedBg is the background of the selected card.
	SelectedBg color.Color
	// Carry is the colour of a card being carried.
	Carry color.Color
	// CarryBg is the background of a card being carried.
	CarryBg color.Color
	// Warn marks what needs the editor's attention: a missing blurb, a repeated link.
	Warn color.Color
	// Error is a failure: a save that did not happen, a link that was refused.
	Error color.Color
	// OK is a success: the draft is saved.
	OK color.Color
}

// New returns the tokens for a dark background when isDark, else for a light one.
func New(isDark bool) Styles {
	c := lipgloss.LightDark(isDark)
	hex := lipgloss.Color
	return Styles{
		IsDark:     isDark,
		Text:       c(hex("#1F1F24"), hex("#E4E4EA")),
		Muted:      c(hex("#6E6E78"), hex("#8C8C96")),
		Border:     c(hex("#B4B4BE"), hex("#4A4A55")),
		Accent:     c(hex("#5A3FD0"), hex("#9D8CFF")),
		SelectedBg: c(hex("#E6E0FF"), hex("#2E2850")),
		Carry:      c(hex("#9A5A00"), hex("#FFB347")),
		CarryBg:    c(hex("#FFF0D6"), hex("#4A3413")),
		Warn:       c(hex("#A65D00"), hex("#E8A850")),
		Error:      c(hex("#C0262D"), hex("#FF6B6B")),
		OK:         c(hex("#2E7D32"), hex("#7BD88F")),
	}
}
