// Package styles holds the terminal UI's colours, once, as named tokens for
// a dark or a light background. Panes receive a Styles value and build their
// lipgloss styles from it.
package styles

import (
	"image/color"

	"charm.land/bubbles/v2/help"

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

// New returns the tokens for a dark background when isDark, else for a
// light one. Every token drawn as text reads at 4.5:1 or better (WCAG AA)
// on the terminal's own background and on the card backgrounds it is drawn
// on (see styles_test.go); Border draws frames only.
func New(isDark bool) Styles {
	c := lipgloss.LightDark(isDark)
	hex := lipgloss.Color
	return Styles{
		IsDark:     isDark,
		Text:       c(hex("#1F1F24"), hex("#E4E4EA")),
		Muted:      c(hex("#5E5E68"), hex("#A0A0AA")),
		Border:     c(hex("#B4B4BE"), hex("#4A4A55")),
		Accent:     c(hex("#5A3FD0"), hex("#9D8CFF")),
		SelectedBg: c(hex("#E6E0FF"), hex("#2E2850")),
		Carry:      c(hex("#9A5A00"), hex("#FFB347")),
		CarryBg:    c(hex("#FFF0D6"), hex("#3A2A10")),
		Warn:       c(hex("#8A4D00"), hex("#E8A850")),
		Error:      c(hex("#C0262D"), hex("#FF6B6B")),
		OK:         c(hex("#2A6B2E"), hex("#7BD88F")),
	}
}

// Help returns the help bar's styles in the palette: keys in Text, what
// they do and the separators in Muted (bubbles' own greys read at 2:1 on a
// black terminal).
func (st Styles) Help() help.Styles {
	key := lipgloss.NewStyle().Foreground(st.Text)
	desc := lipgloss.NewStyle().Foreground(st.Muted)
	return help.Styles{
		Ellipsis: desc, ShortKey: key, ShortDesc: desc, ShortSeparator: desc,
		FullKey: key, FullDesc: desc, FullSeparator: desc,
	}
}
