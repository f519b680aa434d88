package tui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/tui/board"
	"github.com/weekly-dev/weekly/internal/tui/styles"
)

// linksPanel is the links panel of L, as a pane: the card it is open on
// and the cursor on one of its links. The root handles its keys.
type linksPanel struct {
	keys LinkKeys
	look boxLook
	id   string
	cur  int
}

// SetSize does nothing: the panel takes the room the root gives its view.
func (*linksPanel) SetSize(int, int) tea.Cmd { return nil }

// SetStyles takes the palette.
func (lp *linksPanel) SetStyles(st styles.Styles) { lp.look = newBoxLook(st) }

// Focus does nothing: the board keeps its look of focus under the panel.
func (*linksPanel) Focus() {}

// Blur does nothing (see Focus).
func (*linksPanel) Blur() {}

// Help returns the panel's keys.
func (lp *linksPanel) Help() []key.Binding { return lp.keys.bindings() }

// View draws the links of it, the cursor on one, at most w cells wide.
func (lp *linksPanel) View(it *draft.Item, w int) []string {
	inner := max(min(w-2, 72), 4)
	lk := lp.look
	lines := []string{lk.edge("╭", "╮", " Links of "+board.Label(it)+" ", inner)}
	if len(it.URLs) == 0 {
		lines = append(lines, lk.row(lk.muted.Render(" no link: "+lp.keys.Add.Help().Key+" adds one"), inner))
	}
	cur := min(lp.cur, max(len(it.URLs)-1, 0))
	for i, u := range it.URLs {
		mark, st := "  ", lk.text
		if i == cur {
			mark, st = "▸ ", lk.frame
		}
		lines = append(lines, lk.row(st.Render(fmt.Sprintf("%s%d %s", mark, i+1, sanitize.Line(u))), inner))
	}
	k := lp.keys
	hint := fmt.Sprintf(" %s add · %s remove · %s move · %s ", k.Add.Help().Key, k.Remove.Help().Key, keyNames(k.Earlier, k.Later), k.Close.Help().Key)
	return append(lines, lk.edge("╰", "╯", lk.muted.Render(hint), inner))
}

// pane is one part of the screen as the root sees it: the board, the
// editor, the form, the preview, the card pane, the prompts and menus. It
// takes a size (and may answer with work to do: a render), the palette,
// the keys (Focus) or not (Blur), and names its keys for the help bar. The
// root keeps every pane in one list and loops over it, as soft-serve's
// root loops over its pages, so that none is forgotten when the palette or
// the focus changes.
type pane interface {
	SetSize(w, h int) tea.Cmd
	SetStyles(styles.Styles)
	Focus()
	Blur()
	Help() []key.Binding
}

// addPrompt and addPlaceholder are what the add-links prompt says.
const (
	addPrompt      = "Add links: "
	addPlaceholder = "paste or type URLs, one or many"
)

// linePrompt is a one-line prompt on the status line, as a pane: the
// add-links prompt (which also asks a section's name or a card's link) and
// the export's path.
type linePrompt struct {
	textinput.Model
	help []key.Binding
}

func newLinePrompt(prompt, placeholder string, help ...key.Binding) linePrompt {
	p := linePrompt{Model: textinput.New(), help: help}
	p.Prompt, p.Placeholder = prompt, placeholder
	p.CharLimit = promptLimit
	return p
}

// promptLimit is the most characters a prompt holds: a key costs the
// prompt time in proportion to its length, and a served board holds the
// draft's turn while it takes a key, so a client typing without end must
// not make every editor's keys slower and slower. Eighty links of a hundred characters fit.
const promptLimit = 8 << 10

// tooLong says why a paste of text into a prompt holding have characters
// is refused, or "" when it fits.
func tooLong(have int, text string) string {
	if n := have + utf8.RuneCountInString(text); n > promptLimit {
		return fmt.Sprintf("Not pasted: %d characters, and the prompt takes %d; add a long list with weekly add", n, promptLimit)
	}
	return ""
}

// SetSize gives the text the width the prompt leaves of w.
func (p *linePrompt) SetSize(w, _ int) tea.Cmd {
	p.SetWidth(max(w-ansi.StringWidth(p.Prompt)-1, 1))
	return nil
}

// SetStyles takes the palette's light or dark prompt styles.
func (p *linePrompt) SetStyles(st styles.Styles) {
	s := textinput.DefaultStyles(st.IsDark)
	s.Cursor.Blink = false // a steady cursor: no frame every half second, locally or over SSH
	p.Model.SetStyles(s)
}

// Focus gives the prompt the keys.
func (p *linePrompt) Focus() { _ = p.Model.Focus() }

// Help returns the prompt's keys for the help bar.
func (p *linePrompt) Help() []key.Binding { return p.help }

// boxLook is how the section menu and the links panel draw their box.
type boxLook struct {
	frame, text, muted lipgloss.Style
}

func newBoxLook(st styles.Styles) boxLook {
	s := lipgloss.NewStyle()
	return boxLook{frame: s.Foreground(st.Accent).Bold(true), text: s.Foreground(st.Text), muted: s.Foreground(st.Muted)}
}

// edge is the top or bottom line of a box inner cells wide, with label.
func (lk boxLook) edge(l, r, label string, inner int) string {
	label = ansi.Truncate(label, max(inner-1, 0), "…")
	return lk.frame.Render(l+"─") + label + lk.frame.Render(strings.Repeat("─", max(inner-1-ansi.StringWidth(label), 0))+r)
}

// row is a line of a box: s cut or padded to inner cells between the sides.
func (lk boxLook) row(s string, inner int) string {
	s = ansi.Truncate(s, inner, "…")
	return lk.frame.Render("│") + s + strings.Repeat(" ", max(inner-ansi.StringWidth(s), 0)) + lk.frame.Render("│")
}

// sectionMenu is the section menu of s, as a pane: a box over the focused
// column listing the keys that apply to it. The root handles its keys.
type sectionMenu struct {
	look boxLook
	on   []key.Binding // the keys that apply on the column it is open on
}

// SetSize does nothing: the box is as big as its keys.
func (*sectionMenu) SetSize(int, int) tea.Cmd { return nil }

// SetStyles takes the palette.
func (mn *sectionMenu) SetStyles(st styles.Styles) { mn.look = newBoxLook(st) }

// Focus does nothing: the board keeps its look of focus under the menu.
func (*sectionMenu) Focus() {}

// Blur does nothing (see Focus).
func (*sectionMenu) Blur() {}

// Help returns the keys that apply on the column.
func (mn *sectionMenu) Help() []key.Binding { return mn.on }

// View draws the menu called title, at most w cells wide.
func (mn *sectionMenu) View(title string, w int) []string {
	inner, keyw := 0, 0
	for _, b := range mn.on {
		keyw = max(keyw, ansi.StringWidth(b.Help().Key))
	}
	for _, b := range mn.on {
		inner = max(inner, keyw+2+ansi.StringWidth(b.Help().Desc))
	}
	inner = min(max(inner+2, ansi.StringWidth(title)+2), max(w-2, 4))
	lk := mn.look
	lines := []string{lk.edge("╭", "╮", title, inner)}
	for _, b := range mn.on {
		lines = append(lines, lk.row(" "+lk.frame.Render(fmt.Sprintf("%-*s ", keyw, b.Help().Key))+lk.text.Render(b.Help().Desc), inner))
	}
	return append(lines, lk.edge("╰", "╯", "", inner))
}
