package tui

import (
	"github.com/weekly-dev/weekly/internal/tui/tuitest"

	"strings"
	"testing"
)

// sections names the draft's sections, a sponsor one with a star.
func sections(m *Model) string {
	var s []string
	for _, sec := range m.current().Sections {
		n := sec.Name
		if sec.Sponsor {
			n += "*"
		}
		s = append(s, n)
	}
	return strings.Join(s, ", ")
}

// TestSectionMenu runs every action of the s menu and its undo.
func TestSectionMenu(t *testing.T) {
	t.Parallel()
	m := newModel(t, writing(), nil, 120, 32)
	send(t, m, "tab", "s") // News
	v := plain(m)
	for _, want := range []string{"Section News", "a   add a section after", "r   rename", "h   move left", "p   make it the sponsor's", "d   remove (cards to inbox)", "esc close"} {
		if !strings.Contains(v, want) {
			t.Fatalf("the menu lacks %q:\n%s", want, v)
		}
	}
	steps := []struct {
		keys []string
		want string
		note string
	}{
		{[]string{"a", "E", "v", "e", "n", "t", "s", "enter"}, "News, Events, Tools, Sponsor*", "Added section “Events”"},
		{[]string{"s", "r", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "J", "o", "b", "s", "enter"}, "News, Jobs, Tools, Sponsor*", "Renamed “Events” to “Jobs”"},
		{[]string{"s", "l", "l"}, "News, Tools, Sponsor*, Jobs", "Moved “Jobs” to position 4"}, // the menu stays open
		{[]string{"p"}, "News, Tools, Sponsor*, Jobs*", "“Jobs” is now the sponsor's section"},
		{[]string{"tab", "tab", "s", "d"}, "Tools, Sponsor*, Jobs*", "Removed “News”; its 2 cards went to the inbox"},
	}
	var done []string
	for _, st := range steps {
		send(t, m, st.keys...)
		if got := sections(m); got != st.want {
			t.Fatalf("after %v: %s, want %s\n%s", st.keys, got, st.want, plain(m))
		}
		if v := plain(m); !strings.Contains(v, st.note) {
			t.Fatalf("after %v the status lacks %q:\n%s", st.keys, st.note, v)
		}
		done = append(done, sections(m))
	}
	if got := tuitest.Cols(m.current()); got != "one two three n1 n2 |  | sp | " {
		t.Fatalf("removed News's cards must be at the end of the inbox: %s", got)
	}
	for i := len(steps) - 1; i >= 0; i-- {
		want := "News, Tools, Sponsor*"
		if i > 0 {
			want = done[i-1]
		}
		send(t, m, "u")
		if i == 2 {
			send(t, m, "u") // each move is a step of its own
		}
		if got := sections(m); got != want {
			t.Fatalf("undo of step %d: %s, want %s", i, got, want)
		}
	}
	if got := tuitest.Cols(m.current()); got != "one two three | n1 n2 |  | sp" {
		t.Fatalf("undo must restore every card exactly: %s", got)
	}
}

// TestSectionMenuOnInbox adds a first section from the inbox and refuses
// a name the draft has, keeping it in the prompt.
func TestSectionMenuOnInbox(t *testing.T) {
	t.Parallel()
	m := newModel(t, threeCards(), nil, 40, 12)
	send(t, m, "s")
	if v := plain(m); !strings.Contains(v, "a   add a first section") || strings.Contains(v, "rename") {
		t.Fatalf("the inbox's menu only adds:\n%s", v)
	}
	send(t, m, "r")
	if v := plain(m); !strings.Contains(v, "The inbox is not a section") {
		t.Fatalf("r on the inbox:\n%s", v)
	}
	send(t, m, "a")
	typeText(t, m, "news")
	send(t, m, "enter")
	if v := plain(m); !strings.Contains(v, `already a section "News"`) || m.focus != focusAdd || m.prompt.Value() != "news" {
		t.Fatalf("a name the draft has is refused and kept:\n%s", v)
	}
	for range 4 {
		send(t, m, "backspace")
	}
	typeText(t, m, "Sponsor")
	send(t, m, "enter", "s", "p")
	if got := sections(m); got != "Sponsor*, News, Tools" {
		t.Fatalf("sections %s", got)
	}
	if m.board.Focused() != 1 {
		t.Fatalf("the new section is focused, not column %d", m.board.Focused())
	}
	send(t, m, "a")
	if m.prompt.Prompt != "Add links: " {
		t.Fatalf("a opens the links prompt again, not %q", m.prompt.Prompt)
	}
}

// TestRecurringSection marks a section recurring with s c: the menu says
// what c does, the column shows ↻, its words show in the title, and u
// takes the mark back.
func TestRecurringSection(t *testing.T) {
	t.Parallel()
	m := newModel(t, writing(), nil, 120, 32)
	send(t, m, "tab", "s")
	if v := plain(m); !strings.Contains(v, "c   carry its cards to the next issue") {
		t.Fatalf("the menu does not offer c:\n%s", v)
	}
	send(t, m, "c")
	if !m.Draft().Sections[0].Recurring {
		t.Fatal("s c did not make News recurring")
	}
	v := plain(m)
	if !strings.Contains(v, "is now recurring") || !strings.Contains(v, "[1] News ↻ · 2 · 11 w") {
		t.Fatalf("the board does not say so:\n%s", v)
	}
	send(t, m, "u")
	if m.Draft().Sections[0].Recurring {
		t.Fatal("u did not take the mark back")
	}
}

// TestRenamePromptSaysRename: the prompt's help names what enter does
// there, not "add".
func TestRenamePromptSaysRename(t *testing.T) {
	t.Parallel()
	m := newModel(t, writing(), nil, 120, 32)
	send(t, m, "tab", "s", "r")
	if v := plain(m); !strings.Contains(v, "enter rename") || strings.Contains(v, "enter add") {
		t.Fatalf("the rename prompt's help:\n%s", v)
	}
}
