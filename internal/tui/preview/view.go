package preview

import (
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/tui/styles"
)

// textStyles are the pane's text styles, built from the colour tokens.
type textStyles struct {
	title, titleBlurred, muted, err lipgloss.Style
}

// newTextStyles builds the pane's text styles from st's colours.
func newTextStyles(st styles.Styles) textStyles {
	return textStyles{
		title:        lipgloss.NewStyle().Bold(true).Foreground(st.Accent),
		titleBlurred: lipgloss.NewStyle().Foreground(st.Muted),
		muted:        lipgloss.NewStyle().Foreground(st.Muted),
		err:          lipgloss.NewStyle().Foreground(st.Error),
	}
}

// View returns the pane: a title line, then the visible part of the
// rendered issue. It draws from what the last render produced.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	title := m.styles.titleBlurred
	if m.focused {
		title = m.styles.title
	}
	left := "Preview · " + m.mode.String()
	var right string
	switch {
	case m.err != nil:
		right = m.styles.err.Render("render failed")
	case m.shown != m.gen:
		right = m.styles.muted.Render("updating…")
	case m.ready:
		right = m.styles.muted.Render(percent(m.vp.ScrollPercent()))
	}
	var head string
	if m.focused {
		// The pane with the keys has a heavy rule for its title line, as
		// the board's focused column has a heavy frame: the focus shows on
		// a terminal without colour too.
		const rule = "━"
		l, r := rule+" "+left+" ", rule
		if right != "" {
			r = " " + right + " " + rule
		}
		gap := max(m.width-lipgloss.Width(l)-lipgloss.Width(r), 1)
		head = title.Render(l+strings.Repeat(rule, gap)) + r
		if right != "" {
			head = title.Render(l+strings.Repeat(rule, gap)+" ") + right + title.Render(" "+rule)
		}
	} else {
		gap := max(m.width-lipgloss.Width(left)-lipgloss.Width(right), 1)
		head = title.Render(left) + strings.Repeat(" ", gap) + right
	}
	head = ansi.Truncate(head, m.width, "…")
	if m.height == 1 {
		return head
	}
	var body string
	switch {
	case m.err != nil:
		body = lipgloss.NewStyle().Width(m.width).Height(m.height - 1).
			Render(m.styles.err.Render(ansi.Wrap(m.err.Error(), m.width, "")))
	case !m.ready:
		msg := "Rendering the issue…"
		if m.width < minWidth {
			msg = "Too narrow to preview."
		}
		body = lipgloss.NewStyle().Width(m.width).Height(m.height - 1).
			Render(m.styles.muted.Render(ansi.Truncate(msg, m.width, "…")))
	default:
		body = m.visible()
	}
	return head + "\n" + body
}

// visible returns the lines in view, padded to the pane's width. It draws
// them itself rather than through viewport.View, which re-wraps every
// visible line with lipgloss (1 ms a frame for glamour's colour-dense
// lines); the viewport keeps the scroll position.
func (m Model) visible() string {
	top, h := m.vp.YOffset(), m.vp.Height()
	var b strings.Builder
	b.Grow(h * (m.width + 1) * 4)
	total := m.doc.total()
	bad := m.misspelt()
	for i := top; i < top+h; i++ {
		if i > top {
			b.WriteByte('\n')
		}
		w := 0
		if i < total {
			l, lw := m.doc.line(i)
			if lw > m.width { // rendered for a wider pane; a new render is on its way
				l, lw = ansi.Truncate(l, m.width, ""), m.width
			}
			l = sanitize.CapMarks(dropHyperlinks(l))
			if bad != nil {
				l = underlineMisspelt(l, bad)
			}
			b.WriteString(l)
			w = lw
		}
		b.WriteString(strings.Repeat(" ", m.width-w))
	}
	return b.String()
}

// dropHyperlinks removes the OSC 8 hyperlinks glamour wraps links in. The
// URL is printed in full beside its text, and terminals that make links
// clickable find it there; what reaches the terminal holds no OSC sequence
// at all, so a link from a draft, however written, can never smuggle one.
func dropHyperlinks(l string) string {
	const open = "\x1b]8;"
	i := strings.Index(l, open)
	if i < 0 {
		return l
	}
	var b strings.Builder
	b.Grow(len(l))
	for i >= 0 {
		b.WriteString(l[:i])
		l = l[i+len(open):]
		// The sequence ends at BEL or at ST (ESC \\).
		end, skip := strings.IndexByte(l, '\a'), 1
		if st := strings.Index(l, "\x1b\\"); st >= 0 && (end < 0 || st < end) {
			end, skip = st, 2
		}
		if end < 0 {
			return b.String()
		}
		l = l[end+skip:]
		i = strings.Index(l, open)
	}
	b.WriteString(l)
	return b.String()
}

// percent returns f, from 0 to 1, as a whole percentage.
func percent(f float64) string {
	return strconv.Itoa(int(f*100+0.5)) + "%"
}
