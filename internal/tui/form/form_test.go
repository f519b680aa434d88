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
	m.Open(Values{Number: "520", Date: "2024-05-05", Title: ""})
	m = press(m, backspace)
	m = press(m, typed("1")...)
	m = press(m, tab, tab)
	m = press(m, typed("  The Kubernetes\tissue ")...)
	m = press(m, shiftTab)
	for range 2 {
		m = press(m, backspace)
	}
	m = press(m, typed("12")...)
	v, err := m.Values().Check()
	if err != nil {
		t.Fatal(err)
	}
	if want := (Values{Number: "521", Date: "2024-05-12", Title: "The Kubernetes issue"}); v != want {
		t.Fatalf("checked values %+v, want %+v", v, want)
	}
	view := ansi.Strip(m.View())
	for _, want := range []string{"Issue fields", "Number  521", "Date    2024-05-12", "enter apply"} {
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
		_, err := tt.v.Check()
		var fe *Error
		if !errors.As(err, &fe) || fe.Field != tt.field || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%+v: error %v, want field %d and %q", tt.v, err, tt.field, tt.msg)
		}
	}
}

func TestPasteIsOneLineAndClosedFormIgnoresKeys(t *testing.T) {
	m := New(styles.New(true))
	m.SetWidth(50)
	m.Open(Values{Number: "1", Date: "2024-01-01"})
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
