package form

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/weekly-dev/weekly/internal/tui/styles"
)

func press(m Model, keys ...tea.KeyPressMsg) Model {
	for _, k := range keys {
		m, _ = m.Update(k)
	}
	return m
}

func typed(s string) []tea.KeyPressMsg {
	var out []tea.KeyPressMsg
	for _, r := range s {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}

var (
	tab       = tea.KeyPressMsg{Code: tea.KeyTab}
	shiftTab  = tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	backspace = tea.KeyPressMsg{Code: tea.KeyBackspace}
)

func TestEditAndCheck(t *testing.T) {
	m := New(styles.New(true))
	m.SetWidth(40)
	m.Open("Issue fields", Values{Number: "520", Date: "2024-05-05", Title: ""}, Number, Date, Title)
	m = press(m, backspace)
	m = press(m, typed("1")...)
	m = press(m, tab, tab)
	m = press(m, typed("  The Kubernetes\tissue ")...)
	m = press(m, shiftTab)
	for range 2 {
		m = press(m, backspace)
	}
	m = press(m, typed("12")...)
	v, err := m.Check()
	if err != nil {
		t.Fatal(err)
	}
	if want := (Values{Number: "521", Date: "2024-05-12", Title: "The Kubernetes issue"}); v != want {
		t.Fatalf("checked values %+v, want %+v", v, want)
	}
	view := ansi.Strip(m.View())
	for _, want := range []string{"Issue fields", "Number     521", "Date       2024-05-12", "enter apply"} {
		if !strings.Contains(view, want) {
			t.Fatalf("form lacks %q:\n%s", want, view)
		}
	}
	for i, l := range strings.Split(m.View(), "\n") {
		if ansi.StringWidth(l) != 40 {
			t.Fatalf("line %d is %d wide", i, ansi.StringWidth(l))
		}
	}
}

func TestCheckNamesTheBadValue(t *testing.T) {
	tests := []struct {
		v     Values
		field Field
		msg   string
	}{
		{Values{Number: "520", Date: "2024-13-01"}, Date, `Date "2024-13-01" is not a date: write it as YYYY-MM-DD`},
		{Values{Number: "520", Date: "5 May 2024"}, Date, `Date "5 May 2024"`},
		{Values{Number: "520", Date: ""}, Date, `Date ""`},
		{Values{Number: "0", Date: "2024-05-05"}, Number, `Number "0" is not an issue number`},
		{Values{Number: "five", Date: "2024-05-05"}, Number, `Number "five"`},
	}
	for _, tt := range tests {
		_, err := tt.v.Check(Number, Date)
		var fe *Error
		if !errors.As(err, &fe) || fe.Field != tt.field || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%+v: error %v, want field %d and %q", tt.v, err, tt.field, tt.msg)
		}
	}
}

func TestPasteIsOneLineAndClosedFormIgnoresKeys(t *testing.T) {
	m := New(styles.New(true))
	m.SetWidth(50)
	m.Open("Issue fields", Values{Number: "1", Date: "2024-01-01"})
	m.FocusField(Title)
	m, _ = m.Update(tea.PasteMsg{Content: "A title\r\npasted on two lines"})
	if got := m.Values().Title; got != "A title pasted on two lines" {
		t.Fatalf("pasted title %q", got)
	}
	m.Close()
	m = press(m, typed("x")...)
	if m.Values().Title != "A title pasted on two lines" || m.IsOpen() {
		t.Fatal("a closed form takes no keys")
	}
}

// TestNameAndFooter edits the newsletter's name and a footer of two lines:
// alt+enter breaks the line, enter is left to the root to apply, and an
// empty name is refused only when the form shows it.
func TestNameAndFooter(t *testing.T) {
	m := New(styles.New(true))
	m.SetWidth(40)
	m.Open("Issue fields", Values{Newsletter: "Old", Number: "1", Date: "2024-01-01"})
	for range 3 {
		m = press(m, backspace)
	}
	m = press(m, typed("DevOps Weekly")...)
	m.FocusField(Footer)
	m = press(m, typed("Thanks!")...)
	m = press(m, tea.KeyPressMsg{Code: tea.KeyEnter, Mod: tea.ModAlt})
	m = press(m, typed("See you")...)
	v, err := m.Check()
	if err != nil {
		t.Fatal(err)
	}
	if v.Newsletter != "DevOps Weekly" || v.Footer != "Thanks!\nSee you" {
		t.Fatalf("values %+v", v)
	}
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "Footer     Thanks!") || !strings.Contains(view, "See you") || !strings.Contains(view, "alt+enter new line") {
		t.Fatalf("form:\n%s", view)
	}
	if m.Height() != 2+4+footerRows || len(strings.Split(m.View(), "\n")) != m.Height() {
		t.Fatalf("height %d, view of %d lines", m.Height(), len(strings.Split(m.View(), "\n")))
	}
	if _, err := (Values{Number: "1", Date: "2024-01-01"}).Check(Newsletter, Number, Date); err == nil || !strings.Contains(err.Error(), "Newsletter \"\" is empty") {
		t.Fatalf("empty name: %v", err)
	}
}
