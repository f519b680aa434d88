package styles

import (
	"image/color"
	"math"
	"testing"

	"charm.land/lipgloss/v2"
)

// luminance is WCAG 2's relative luminance of c.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	f := func(v uint32) float64 {
		s := float64(v>>8) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*f(r) + 0.7152*f(g) + 0.0722*f(b)
}

// contrast is WCAG 2's contrast ratio of a and b, 1 to 21.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// TestEveryTextReadsAtAA computes, from the palette, the contrast of every
// token drawn as text against every background it is drawn on: the
// terminal's own (a black and a dark grey one, a white and a light grey
// one), the selected card's and the carried card's. Each reaches 4.5:1.
func TestEveryTextReadsAtAA(t *testing.T) {
	t.Parallel()
	grounds := map[bool][]string{true: {"#000000", "#1E1E1E"}, false: {"#FFFFFF", "#F0F0F0"}}
	for _, dark := range []bool{true, false} {
		st := New(dark)
		text := map[string]color.Color{"Text": st.Text, "Muted": st.Muted, "Accent": st.Accent, "Carry": st.Carry, "Warn": st.Warn, "Error": st.Error, "OK": st.OK}
		h := st.Help()
		text["help key"], text["help description"], text["help separator"] = h.ShortKey.GetForeground(), h.ShortDesc.GetForeground(), h.ShortSeparator.GetForeground()
		for _, bg := range grounds[dark] {
			for name, fg := range text {
				if r := contrast(fg, lipgloss.Color(bg)); r < 4.5 {
					t.Errorf("dark %v: %s on the terminal's %s reads at %.2f:1, under 4.5", dark, name, bg, r)
				}
			}
		}
		for _, on := range []struct {
			name string
			bg   color.Color
			fgs  []string
		}{
			{"the selected card", st.SelectedBg, []string{"Text", "Muted", "Accent", "Warn"}},
			{"the carried card", st.CarryBg, []string{"Text", "Muted", "Carry", "Warn"}},
		} {
			for _, name := range on.fgs {
				if r := contrast(text[name], on.bg); r < 4.5 {
					t.Errorf("dark %v: %s on %s reads at %.2f:1, under 4.5", dark, name, on.name, r)
				}
			}
		}
	}
}
