package preview

import (
	"slices"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/weekly-dev/weekly/internal/spell"
)

// fakeSpeller flags the words of bad and counts the texts it checks.
type fakeSpeller struct {
	bad     map[string]bool
	mu      sync.Mutex
	checked []string
}

func (f *fakeSpeller) Check(text string, also ...string) ([]spell.Miss, error) {
	f.mu.Lock()
	f.checked = append(f.checked, text)
	f.mu.Unlock()
	var out []spell.Miss
	for _, s := range spell.Words(text) {
		if w := text[s.Start:s.End]; f.bad[w] && !slices.Contains(also, w) {
			out = append(out, spell.Miss{Word: w, Start: s.Start, End: s.End})
		}
	}
	return out, nil
}

// checks returns how many texts were checked so far.
func (f *fakeSpeller) checks() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.checked)
}

// settleAll is settle for commands that may be batches: it runs every
// command and feeds each message back, as the runtime would.
func settleAll(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for i := 0; len(queue) > 0; i++ {
		if i > 5000 {
			t.Fatal("the preview keeps returning commands")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := c()
		if b, ok := msg.(tea.BatchMsg); ok {
			queue = append(queue, b...)
			continue
		}
		m, c = m.Update(msg)
		queue = append(queue, c)
	}
	return m
}

const underlined = "\x1b[4m"

// TestMisspeltWordsUnderlined shows an issue with a misspelt word in the
// rendered and the text preview: the word is underlined wherever it shows,
// words spelt right are not, and the words of the item's link are allowed.
func TestMisspeltWordsUnderlined(t *testing.T) {
	t.Parallel()
	for _, mode := range []Mode{Rendered, Plain} {
		t.Run(mode.String(), func(t *testing.T) {
			t.Parallel()
			d := smallIssue()
			d.Sections[1].Items[0].Blurb = "Written by someone ver familiar with the pitfalls of **platform engineering**."
			d.Sections[1].Items[1].Blurb = "Sharding with pgbouncer, a tool named in its link."
			d.Sections[1].Items[1].URLs = []string{"https://example.com/pgbouncer-notes"}
			sp := &fakeSpeller{bad: map[string]bool{"ver": true, "pgbouncer": true}}
			m := newTestModel(80, 40)
			m.SetMode(mode)
			m = settleAll(t, m, m.SetDraft(d))
			if strings.Contains(m.View(), underlined) {
				t.Fatalf("%v: underlined with no speller set:\n%q", mode, m.View())
			}
			m = settleAll(t, m, m.SetSpeller(sp))
			v := m.View()
			if !strings.Contains(v, underlined+"ver\x1b[24m") {
				t.Fatalf("%v: the misspelt word is not underlined:\n%q", mode, v)
			}
			if n := strings.Count(v, underlined); n != 1 {
				t.Errorf("%v: %d words underlined, want 1 (ver):\n%q", mode, n, v)
			}
			if ms := plainView(m); !strings.Contains(ms, "someone ver familiar") {
				t.Errorf("%v: the underline changed the text:\n%s", mode, ms)
			}
			// Off again: nothing underlined.
			m.SetSpeller(nil)
			if strings.Contains(m.View(), underlined) {
				t.Errorf("%v: still underlined with spelling off", mode)
			}
		})
	}
}

// TestSpellingChecksOnlyWhatIsShown opens a long issue with spelling on:
// only the blocks in view are checked, a block once checked is not checked
// again when it comes back into view, and an edit checks the changed block
// alone.
func TestSpellingChecksOnlyWhatIsShown(t *testing.T) {
	t.Parallel()
	const n, w, h = 300, 60, 21
	d := bigIssue(n)
	sp := &fakeSpeller{bad: map[string]bool{"Kubernetes": true}}
	m := newTestModel(w, h)
	m.SetSpeller(sp)
	m = settleAll(t, m, m.SetDraft(d))
	if !strings.Contains(m.View(), underlined+"Kubernetes") {
		t.Fatalf("the flagged word is not underlined:\n%q", m.View())
	}
	// An item takes some 5 lines: a view of 20 shows 4 to 6 blocks, with
	// the title, intro and first heading.
	opened := sp.checks()
	if opened == 0 || opened > h/2 {
		t.Fatalf("opening the preview checked %d blocks for a %d-line view", opened, h)
	}
	m.Focus()
	m = settleAll(t, m, keyCmd(&m, "f"))
	paged := sp.checks() - opened
	if paged == 0 || paged > h/2 {
		t.Errorf("a page down checked %d blocks", paged)
	}
	if !strings.Contains(m.View(), underlined+"Kubernetes") {
		t.Errorf("the flagged word is not underlined after a page down:\n%q", m.View())
	}
	before := sp.checks()
	m = settleAll(t, m, keyCmd(&m, "b"))
	m = settleAll(t, m, keyCmd(&m, "f"))
	if again := sp.checks() - before; again != 0 {
		t.Errorf("going back and forth over checked blocks checked %d again", again)
	}
	// An edit of an item in view, as a keystroke in the editor makes.
	id := m.doc.itemAt(m.vp.YOffset() + 3)
	e := d.Clone()
	for s := range e.Sections {
		for i := range e.Sections[s].Items {
			if e.Sections[s].Items[i].ID == id {
				e.Sections[s].Items[i].Blurb += " More."
			}
		}
	}
	before = sp.checks()
	m = settleAll(t, m, m.SetDraft(e))
	if edited := sp.checks() - before; edited != 1 {
		t.Errorf("an edit of one block in view checked %d blocks, want 1", edited)
	}
}
