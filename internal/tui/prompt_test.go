package tui

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/weekly-dev/weekly/internal/tui/tuitest"
)

func TestAddPromptIsNeverCoveredByAFetchError(t *testing.T) {
	t.Parallel()
	lookup := &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "one.example.org", Server: "127.0.0.53:53"}}
	failing := func(ctx context.Context, url string) (string, string, error) { return "", "", lookup }
	m := newModel(t, threeCards(), failing, 120, 32)
	m.Update(tuitest.KeyMsg("a"))
	typeText(t, m, "https://one.example.org ftp://x")
	_, cmd := m.Update(tuitest.KeyMsg("enter"))
	settle(t, m, cmd) // the fetch fails while the prompt is still open
	view := plain(m)
	if !strings.Contains(view, "Add links: ftp://x") || !strings.Contains(view, "only http and https") {
		t.Fatalf("the prompt keeps its line and the refused link its reason:\n%s", view)
	}
	if strings.Contains(view, "Could not fetch") {
		t.Fatalf("a fetch error covered the prompt:\n%s", view)
	}
	// With the prompt closed, a fetch error is short and says what to do.
	send(t, m, "esc")
	m.Update(fetchedMsg{id: "one", url: "https://one.example.com/post", Err: lookup})
	m.fetches.running++ // the message above was not started by the model
	view = plain(m)
	if !strings.Contains(view, "Could not fetch the title of https://one.example.com/post (no network?)") || strings.Contains(view, "127.0.0.53") {
		t.Fatalf("fetch errors are short, with no resolver address:\n%s", view)
	}
	if got := fetchProblem(errors.New("x")); got == "" {
		t.Fatal("every fetch error gets a reason")
	}
}

func TestAddPromptTakesBareHostsAsHTTPS(t *testing.T) {
	t.Parallel()
	m := newModel(t, threeCards(), nil, 120, 32)
	m.Update(tuitest.KeyMsg("a"))
	typeText(t, m, "www.example.com/x example.com")
	send(t, m, "enter")
	in := m.Draft().Inbox
	if got := in[len(in)-2].URL() + " " + in[len(in)-1].URL(); got != "https://www.example.com/x https://example.com" {
		t.Fatalf("bare hosts become https links: %q", got)
	}
	if view := plain(m); !strings.Contains(view, "taken as https://www.example.com/x, https://example.com") {
		t.Fatalf("the prompt says it took them as https:\n%s", view)
	}
}

// TestAddPromptIsBounded: a served board takes a key with the draft's turn
// held, and a key costs the prompt time in proportion to its length, so a
// client typing without end must not grow it without end. A paste that
// does not fit is refused whole, with a note, never cut.
func TestAddPromptIsBounded(t *testing.T) {
	t.Parallel()
	m := newModel(t, threeCards(), nil, 120, 32)
	long := strings.Repeat("https://example.com/a-long-path ", promptLimit/31+1)
	m.Update(tea.PasteMsg{Content: long}) // onto the board
	if m.focus == focusAdd || !strings.Contains(plain(m), "Not pasted") {
		t.Fatalf("a paste longer than the prompt opened it:\n%s", plain(m))
	}
	m.Update(tuitest.KeyMsg("a"))
	m.Update(tea.PasteMsg{Content: long})
	if m.prompt.Value() != "" || !strings.Contains(plain(m), "weekly add") {
		t.Fatalf("a paste longer than the prompt went in (%d characters):\n%s", len(m.prompt.Value()), plain(m))
	}
	m.Update(tea.PasteMsg{Content: strings.Repeat("x", promptLimit)})
	m.Update(tuitest.KeyMsg("y"))
	if n := len(m.prompt.Value()); n != promptLimit {
		t.Fatalf("the prompt holds %d characters, want %d at most", n, promptLimit)
	}
}
