// Package tuitest holds what the terminal UI's tests share: key presses by
// name, the draft's cards as a line, and the check that a view fills its
// rectangle exactly.
package tuitest

import (
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/weekly-dev/weekly/internal/draft"
)

// named is the key presses that KeyMsg knows by name.
var named = map[string]tea.KeyPressMsg{
	"space":     {Code: tea.KeySpace, Text: " "},
	"tab":       {Code: tea.KeyTab},
	"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
	"backspace": {Code: tea.KeyBackspace},
	"esc":       {Code: tea.KeyEscape},
	"enter":     {Code: tea.KeyEnter},
	"up":        {Code: tea.KeyUp},
	"down":      {Code: tea.KeyDown},
	"left":      {Code: tea.KeyLeft},
	"right":     {Code: tea.KeyRight},
	"ctrl+r":    {Code: 'r', Mod: tea.ModCtrl},
	"ctrl+s":    {Code: 's', Mod: tea.ModCtrl},
	"ctrl+c":    {Code: 'c', Mod: tea.ModCtrl},
	"ctrl+d":    {Code: 'd', Mod: tea.ModCtrl},
	"ctrl+u":    {Code: 'u', Mod: tea.ModCtrl},
	"ctrl+f":    {Code: 'f', Mod: tea.ModCtrl},
}

// KeyMsg turns a key name as SPEC.md writes it ("space", "shift+tab", "x")
// into a key press.
func KeyMsg(k string) tea.KeyPressMsg {
	if m, ok := named[k]; ok {
		return m
	}
	r, _ := utf8.DecodeRuneInString(k)
	return tea.KeyPressMsg{Code: r, Text: k}
}

// Cols returns the draft's cards column by column, by ID: "a b | c | ".
func Cols(d *draft.Draft) string {
	parts := make([]string, d.Columns())
	for c := range d.Columns() {
		var ids []string
		for _, it := range d.Column(c) {
			ids = append(ids, it.ID)
		}
		parts[c] = strings.Join(ids, " ")
	}
	return strings.Join(parts, " | ")
}

// CheckFrame fails the test unless view is exactly h lines of exactly w
// cells (nothing at all when either is 0).
func CheckFrame(t testing.TB, view string, w, h int) {
	t.Helper()
	if h == 0 || w == 0 {
		if view != "" {
			t.Fatalf("%d×%d: view %q, want nothing", w, h, view)
		}
		return
	}
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Fatalf("%d×%d: view has %d lines:\n%s", w, h, len(lines), ansi.Strip(view))
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Fatalf("%d×%d: line %d is %d cells wide:\n%s", w, h, i, got, ansi.Strip(view))
		}
	}
}
