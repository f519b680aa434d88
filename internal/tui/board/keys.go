package board

import (
	"strings"

	"fmt"

	"charm.land/bubbles/v2/key"
)

// KeyMap is the board's keys. Bindings that do not apply in the board's
// present state are disabled, so that help shows only what works now.
type KeyMap struct {
	Up, Down       key.Binding
	Left, Right    key.Binding
	Next, Prev     key.Binding
	Home, End      key.Binding
	PageUp, PgDown key.Binding
	PickUp         key.Binding
	Carry          key.Binding // for help only: the arrows while carrying
	PutDown        key.Binding
	PutBack        key.Binding
	Send           key.Binding // for help only: the SendTo keys
	// SendTo[c] sends the selected card to column c (0 the inbox).
	SendTo     []key.Binding
	Delete     key.Binding
	Undo, Redo key.Binding
	// Search opens the search line; SearchFirst (while it is typed) jumps
	// to the first match; NextMatch and PrevMatch go round the matches;
	// ClearSearch drops the search.
	Search, SearchFirst  key.Binding
	NextMatch, PrevMatch key.Binding
	ClearSearch          key.Binding
	// Join joins the selected card with the one below.
	Join key.Binding
}

// DefaultKeyMap returns the board's keys as SPEC.md's key table gives them.
func DefaultKeyMap() KeyMap {
	sendTo := make([]key.Binding, 10)
	for c := range sendTo {
		k := fmt.Sprint(c)
		sendTo[c] = key.NewBinding(key.WithKeys(k), key.WithHelp(k, "send to column "+k))
	}
	return KeyMap{
		SendTo:      sendTo,
		Up:          key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:        key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Left:        key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "left column")),
		Right:       key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "right column")),
		Next:        key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next column")),
		Prev:        key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous column")),
		Home:        key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "first card")),
		End:         key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "last card")),
		PageUp:      key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PgDown:      key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		PickUp:      key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "pick up")),
		Carry:       key.NewBinding(key.WithKeys("left", "right", "up", "down"), key.WithHelp("←↑↓→", "carry")),
		PutDown:     key.NewBinding(key.WithKeys("space", "enter"), key.WithHelp("space", "put down")),
		PutBack:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "put back")),
		Send:        key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9", "0"), key.WithHelp("1-9/0", "send to column")),
		Delete:      key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "delete")),
		Undo:        key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo")),
		Redo:        key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "redo")),
		Search:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		SearchFirst: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "first match")),
		NextMatch:   key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next match")),
		PrevMatch:   key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "previous match")),
		ClearSearch: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear search")),
		Join:        key.NewBinding(key.WithKeys("J"), key.WithHelp("J", "join with the card below")),
	}
}

// helpText is a binding as the status line names it: "u undo".
func helpText(b key.Binding) string { return b.Help().Key + " " + b.Help().Desc }

// UndoHint is the status line's reminder of the undo key: "u undoes".
func (b *Board) UndoHint() string { return b.keys.Undo.Help().Key + " undoes" }

// setState enables the bindings that apply: carrying or not, a search
// being typed or kept or not.
func (k *KeyMap) setState(carrying, typing, searching bool) {
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.Left, &k.Right} {
		b.SetEnabled(true)
	}
	k.Carry.SetEnabled(carrying)
	k.PutDown.SetEnabled(carrying)
	k.PutBack.SetEnabled(carrying)
	for i := range k.SendTo {
		k.SendTo[i].SetEnabled(!carrying)
	}
	for _, b := range []*key.Binding{&k.Next, &k.Prev, &k.Home, &k.End, &k.PageUp, &k.PgDown, &k.PickUp, &k.Send, &k.Delete, &k.Undo, &k.Redo, &k.Search, &k.Join} {
		b.SetEnabled(!carrying)
	}
	k.SearchFirst.SetEnabled(typing)
	k.NextMatch.SetEnabled(!carrying && searching)
	k.PrevMatch.SetEnabled(!carrying && searching)
	k.ClearSearch.SetEnabled(!carrying && searching)
	if carrying {
		k.Left.SetHelp(KeyText(k.Left), "carry left")
		k.Right.SetHelp(KeyText(k.Right), "carry right")
		k.Up.SetHelp(KeyText(k.Up), "carry up")
		k.Down.SetHelp(KeyText(k.Down), "carry down")
	} else {
		k.Left.SetHelp(KeyText(k.Left), "left column")
		k.Right.SetHelp(KeyText(k.Right), "right column")
		k.Up.SetHelp(KeyText(k.Up), "up")
		k.Down.SetHelp(KeyText(k.Down), "down")
	}
}

// arrows are the symbols the help writes for the arrow keys.
var arrows = map[string]string{"left": "←", "right": "→", "up": "↑", "down": "↓"}

// KeyText writes the keys of b as the help shows them: "←/h" for left and
// h.
func KeyText(b key.Binding) string {
	names := make([]string, 0, len(b.Keys()))
	for _, k := range b.Keys() {
		if a, ok := arrows[k]; ok {
			k = a
		}
		names = append(names, k)
	}
	return strings.Join(names, "/")
}
