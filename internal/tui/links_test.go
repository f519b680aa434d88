package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestLinksPanel adds a link to a card (a bad one refused and named),
// reorders and removes links, each a step that u undoes.
func TestLinksPanel(t *testing.T) {
	t.Parallel()
	m := newModel(t, threeCards(), nil, 120, 32)
	urls := func() string { return strings.Join(m.current().Inbox[0].URLs, " ") }
	send(t, m, "L")
	if v := plain(m); !strings.Contains(v, "Links of") || !strings.Contains(v, "▸ 1 https://one.example.com/post") {
		t.Fatalf("L opens the card's links:\n%s", v)
	}
	send(t, m, "a")
	typeText(t, m, "ftp://files.example.com/x")
	send(t, m, "enter")
	if v := plain(m); !strings.Contains(v, "Not added:") || !strings.Contains(v, "ftp://files.example.com/x") || m.focus != focusAdd {
		t.Fatalf("a link that is not http(s) is refused, named, and kept:\n%s", v)
	}
	for range len("ftp://files.example.com/x") {
		send(t, m, "backspace")
	}
	typeText(t, m, "https://two.example.com/more")
	send(t, m, "enter")
	if got := urls(); got != "https://one.example.com/post https://two.example.com/more" || m.focus != focusLinks {
		t.Fatalf("after a: %s (focus %d)", got, m.focus)
	}
	send(t, m, "K")
	if got := urls(); got != "https://two.example.com/more https://one.example.com/post" {
		t.Fatalf("after K: %s", got)
	}
	send(t, m, "j", "d")
	if got := urls(); got != "https://two.example.com/more" {
		t.Fatalf("after d: %s", got)
	}
	send(t, m, "esc", "u")
	if got := urls(); got != "https://two.example.com/more https://one.example.com/post" {
		t.Fatalf("u after d: %s", got)
	}
	send(t, m, "u", "u")
	if got := urls(); got != "https://one.example.com/post" {
		t.Fatalf("three u: %s", got)
	}
}

// TestEditorShowsTheLinks: while a blurb is written in place, the card's
// links show under the editor.
func TestEditorShowsTheLinks(t *testing.T) {
	t.Parallel()
	for _, size := range flowSizes {
		m := newModel(t, writing(), nil, size.w, size.h)
		send(t, m, "tab", "enter")
		v := plain(m)
		if !strings.Contains(v, "https://go.dev/blog") {
			t.Fatalf("%dx%d: the editor shows the card's links:\n%s", size.w, size.h, v)
		}
		checkFrameRoot(t, m, size.w, size.h)
	}
}

// checkFrameRoot fails unless the root's view is exactly w×h cells.
func checkFrameRoot(t *testing.T, m *Model, w, h int) {
	t.Helper()
	lines := strings.Split(m.View().Content, "\n")
	if len(lines) != h {
		t.Fatalf("%d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Fatalf("line %d is %d cells, want %d:\n%s", i, got, w, plain(m))
		}
	}
}
