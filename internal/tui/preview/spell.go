package preview

// Spelling in the preview: misspelt words of what the pane shows are
// underlined, as in the editor. Only the groups in view are checked, off
// the event loop, and what a group's text holds misspelt is kept by its
// text, so that scrolling back, or a render after a keystroke elsewhere,
// checks nothing again: a keystroke costs a check of the changed block
// alone, and only when it is in view.

import (
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/weekly-dev/weekly/internal/spell"
	"github.com/weekly-dev/weekly/internal/tui/styles"
)

// Speller is the spell checker the preview uses (a *spell.Checker).
type Speller interface {
	Check(text string, also ...string) ([]spell.Miss, error)
}

// maxChecked bounds the group texts whose misspelt words are kept (by the
// texts' hashes, not the texts); past it the record starts again, and the
// groups in view are checked anew.
const maxChecked = 4096

// SpellMsg carries the misspelt words of group texts the preview showed;
// the root forwards it to the preview's Update.
type SpellMsg struct {
	owner *checks
	texts []sum      // the hashes of the texts checked
	words [][]string // lower case, for each text
	// Err is why the words could not be checked, or nil.
	Err error
}

// checks is what the preview knows of the spelling of the texts it shows.
type checks struct {
	sp    Speller
	hash  func(string) sum // the preview's cache's
	words map[sum][]string // a group text's hash → its misspelt words, lower case
	asked map[sum]bool     // the hashes of the texts a command is checking
}

// SetSpeller sets the spell checker; nil turns spelling off. Call it again
// when the checker learns a word, so that what was underlined is checked
// again. The command checks the groups in view.
func (m *Model) SetSpeller(sp Speller) tea.Cmd {
	if sp == nil {
		m.spell = nil
		return nil
	}
	m.spell = &checks{sp: sp, hash: m.cache.hash, words: map[sum][]string{}, asked: map[sum]bool{}}
	return m.checkShown()
}

// spellMsg takes in the answer to a check.
func (m *Model) spellMsg(msg SpellMsg) {
	c := m.spell
	if c == nil || msg.owner != c {
		return // spelling was turned off, or the checker changed meanwhile
	}
	for _, t := range msg.texts {
		delete(c.asked, t)
	}
	if msg.Err != nil {
		return
	}
	if len(c.words)+len(msg.texts) > maxChecked {
		clear(c.words)
	}
	for i, t := range msg.texts {
		c.words[t] = msg.words[i]
	}
}

// shownTexts returns the texts of the groups in view.
func (m Model) shownTexts() []string {
	var out []string
	m.shownGroups(func(i int, t string) { out = append(out, t) })
	return out
}

// shownGroups calls f with the index and the text of each group in view.
func (m Model) shownGroups(f func(i int, t string)) {
	d := m.doc
	if d == nil || !m.ready {
		return
	}
	top, h := m.vp.YOffset(), m.vp.Height()
	for i := max(d.group(top), 0); i < len(d.groups) && d.starts[i] < top+h; i++ {
		g := d.groups[i]
		if g.pseudo {
			continue
		}
		if g.plain != "" {
			f(i, g.plain)
		} else {
			f(i, g.text)
		}
	}
}

// linkWords returns the words of the links of group i's items, which its
// text may use, as the editor allows them: the links in the group's text
// and in the groups next to it that show the same item (the text email
// puts an item's links in a paragraph of their own).
func (m Model) linkWords(i int) []string {
	d := m.doc
	var urls []string
	for j := max(i-2, 0); j < min(i+3, len(d.groups)); j++ {
		if j == i || slices.ContainsFunc(d.groups[j].items, func(id string) bool { return slices.Contains(d.groups[i].items, id) }) {
			urls = append(urls, urlsIn(d.groups[j].text)...)
		}
	}
	return spell.URLWords(urls...)
}

// checkShown returns a command checking the texts in view that are not
// checked yet, or nil.
func (m Model) checkShown() tea.Cmd {
	c := m.spell
	if c == nil {
		return nil
	}
	var texts []string
	var sums []sum
	var also [][]string
	m.shownGroups(func(i int, t string) {
		h := c.hash(t)
		if _, ok := c.words[h]; ok || c.asked[h] {
			return
		}
		c.asked[h] = true
		texts, sums = append(texts, t), append(sums, h)
		also = append(also, m.linkWords(i))
	})
	if len(texts) == 0 {
		return nil
	}
	return func() tea.Msg {
		msg := SpellMsg{owner: c, texts: sums, words: make([][]string, len(texts))}
		for i, t := range texts {
			misses, err := c.sp.Check(t, also[i]...)
			if err != nil {
				msg.Err = err
				return msg
			}
			for _, ms := range misses {
				msg.words[i] = append(msg.words[i], strings.ToLower(ms.Word))
			}
		}
		return msg
	}
}

// urlsIn returns what looks like a web address in t.
func urlsIn(t string) []string {
	var out []string
	for _, f := range strings.Fields(t) {
		if i := strings.Index(f, "http"); i >= 0 && strings.Contains(f[i:], "://") {
			out = append(out, strings.Trim(f[i:], "<>()[]"))
		}
	}
	return out
}

// misspelt returns the misspelt words of the groups in view, or nil when
// there are none or spelling is off.
func (m Model) misspelt() map[string]bool {
	if m.spell == nil {
		return nil
	}
	var out map[string]bool
	for _, t := range m.shownTexts() {
		for _, w := range m.spell.words[m.spell.hash(t)] {
			if out == nil {
				out = map[string]bool{}
			}
			out[w] = true
		}
	}
	return out
}

// underlineMisspelt underlines the words of a drawn line that are in bad;
// the line's own styles stay.
func underlineMisspelt(l string, bad map[string]bool) string {
	plain := ansi.Strip(l)
	var cells [][2]int
	for _, s := range spell.Words(plain) {
		if bad[strings.ToLower(plain[s.Start:s.End])] {
			cells = append(cells, [2]int{ansi.StringWidth(plain[:s.Start]), ansi.StringWidth(plain[:s.End])})
		}
	}
	return styles.Underline(l, cells)
}
