// Package draft holds one issue of a newsletter while it is being written:
// its fields, its sections and items, and the inbox of links not yet placed.
// Everything here is pure: no I/O and no terminal.
package draft

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// Schema is the newest version of the draft file format this package reads
// and writes. A draft is written in the oldest version that holds what it
// uses (see Needs), so that an older weekly still opens a draft that uses
// nothing new, and says to upgrade for one that does.
const Schema = 2

// The versions of the format: 2 added who sent a link and their note
// (Item.Via, Item.Note), items carried over from an earlier issue
// (Item.Carried), recurring sections and the record of sends.
const (
	schemaFirst = 1
	schemaWeek  = 2
)

// MaxBlurb is the most text a blurb may hold, in bytes: far more than any
// newsletter prints (a long blurb is 1 KiB), little enough that saving,
// counting and previewing stay quick.
const MaxBlurb = 1 << 20

// CheckBlurbSize refuses a blurb of size bytes when it is more than
// MaxBlurb, saying how long it is.
func CheckBlurbSize(size int64) error {
	if size > MaxBlurb {
		return fmt.Errorf("the blurb is %.1f MiB, more than the %d MiB a blurb may hold; is it the right text?", float64(size)/(1<<20), MaxBlurb>>20)
	}
	return nil
}

// Inbox is the column number of the inbox; sections are columns 1 to N.
const Inbox = 0

// Draft is one issue in progress.
type Draft struct {
	Schema     int    `json:"schema"`
	Newsletter string `json:"newsletter"`
	Number     int    `json:"number"`
	Date       string `json:"date"` // YYYY-MM-DD
	Title      string `json:"title,omitempty"`
	// Header is the top of an imported issue (the newsletter's name and the
	// issue line) exactly as it was printed, kept only when it differs from
	// the standard "NAME" / "ISSUE #N - DATE" lines so that exporting
	// reproduces it. Changing the newsletter, number or date clears it.
	Header   string    `json:"header,omitempty"`
	Intro    string    `json:"intro,omitempty"`
	Sections []Section `json:"sections"`
	Inbox    []Item    `json:"inbox"`
	// Closing is free text between the last section and the footer, such as
	// a sponsor message repeated without a heading.
	Closing string `json:"closing,omitempty"`
	Footer  string `json:"footer,omitempty"`
	// Conflicts holds the other side's value of each issue field that two
	// editors changed differently (see internal/merge); the field itself
	// keeps this side's value until an editor settles it.
	Conflicts []Conflict `json:"conflicts,omitempty"`
	// Sends are the times the issue was sent by weekly send, newest last.
	Sends []Send `json:"sends,omitempty"`
}

// Send is one sending of the issue: to whom (one address for a test, or the
// newsletter's list), when, and the message id the server gave it.
type Send struct {
	To        string    `json:"to"`
	List      bool      `json:"list,omitzero"`
	At        time.Time `json:"at"`
	MessageID string    `json:"message_id,omitempty"`
}

// Conflict is what the other side of a merge wrote in a field that both
// sides changed differently. The draft keeps one side's value in the field
// and the other's here, so nothing either editor wrote is lost.
type Conflict struct {
	Field string `json:"field"`          // "blurb", "intro", "number", ...
	Value string `json:"value"`          // the other side's text
	From  string `json:"from,omitempty"` // who or which branch wrote it
}

// Section is a heading and its ordered items. A sponsor section holds the
// sponsor's text, which may be longer than a blurb and carry URLs inside it.
type Section struct {
	Name    string `json:"name"`
	Sponsor bool   `json:"sponsor,omitzero"`
	// Recurring says the section's items are carried to the next issue (an
	// Events or Jobs list that changes a little each week).
	Recurring bool   `json:"recurring,omitzero"`
	Items     []Item `json:"items"`
}

// Item is one link (or a few related links) with the editor's blurb and what
// was learned about it.
type Item struct {
	ID          string    `json:"id"`
	Blurb       string    `json:"blurb,omitempty"`
	URLs        []string  `json:"urls,omitempty"`
	Title       string    `json:"title,omitempty"`
	Description string    `json:"description,omitempty"`
	Site        string    `json:"site,omitempty"`
	AddedAt     time.Time `json:"added_at,omitzero"`
	Source      string    `json:"source,omitempty"`
	// RepeatOK marks a link that is repeated from an earlier issue on purpose.
	RepeatOK bool `json:"repeat_ok,omitzero"`
	// Conflict holds the other side's blurb when a merge found the blurb
	// changed differently on both sides; saving a blurb clears it.
	Conflict *Conflict `json:"conflict,omitempty"`
	// Via names who sent the link (a capture token's or a contributor's
	// name), and Note what they wrote with it; the note never goes into the
	// issue.
	Via  string `json:"via,omitempty"`
	Note string `json:"note,omitempty"`
	// Carried is the number of the issue the item was carried over from (a
	// repeating sponsor, a recurring section), until its blurb is edited.
	Carried int `json:"carried,omitzero"`
}

// same reports whether s and o record the same sending.
func (s Send) same(o Send) bool {
	return s.To == o.To && s.List == o.List && s.At.Equal(o.At) && s.MessageID == o.MessageID
}

// Needs returns the oldest schema that holds everything d uses.
func (d *Draft) Needs() int {
	if len(d.Sends) > 0 {
		return schemaWeek
	}
	for _, s := range d.Sections {
		if s.Recurring {
			return schemaWeek
		}
	}
	week := false
	d.Items(func(_ Pos, it *Item) { week = week || it.Via != "" || it.Note != "" || it.Carried != 0 })
	if week {
		return schemaWeek
	}
	return schemaFirst
}

// Settle drops the merge conflict on the issue field named field ("intro",
// "number", ...): an editor has written the field since.
func (d *Draft) Settle(field string) {
	for i, c := range d.Conflicts {
		if c.Field == field {
			d.Conflicts = append(d.Conflicts[:i:i], d.Conflicts[i+1:]...)
			return
		}
	}
}

// Pos is a place on the board: a column (Inbox or a section number from 1)
// and an index within it.
type Pos struct {
	Col   int `json:"col"`
	Index int `json:"index"`
}

// New returns an empty draft with the given newsletter name, number and date
// and one empty section per name.
func New(newsletter string, number int, date string, sections []string) *Draft {
	d := &Draft{Schema: schemaFirst, Newsletter: newsletter, Number: number, Date: date, Sections: []Section{}, Inbox: []Item{}}
	for _, name := range sections {
		d.Sections = append(d.Sections, Section{Name: name, Items: []Item{}})
	}
	return d
}

// NewID returns a fresh random item identifier.
func NewID() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// NewItem returns an item with a fresh ID for the given URLs.
func NewItem(urls []string, blurb string, now time.Time, source string) Item {
	return Item{ID: NewID(), URLs: append([]string(nil), urls...), Blurb: blurb, AddedAt: now.UTC().Truncate(time.Second), Source: source}
}

// URL returns the item's first URL, or "" when it has none.
func (it Item) URL() string {
	if len(it.URLs) == 0 {
		return ""
	}
	return it.URLs[0]
}

// Text returns what stands for the item in an issue: its blurb, or its title
// while it has no blurb.
func (it Item) Text() string {
	if strings.TrimSpace(it.Blurb) != "" {
		return it.Blurb
	}
	return it.Title
}

// Columns returns the number of board columns: the inbox and every section.
func (d *Draft) Columns() int { return len(d.Sections) + 1 }

// Column returns the items of column c (Inbox, or section c).
func (d *Draft) Column(c int) []Item {
	if c == Inbox {
		return d.Inbox
	}
	return d.Sections[c-1].Items
}

// ColumnName returns "Inbox" or the section's name.
func (d *Draft) ColumnName(c int) string {
	if c == Inbox {
		return "Inbox"
	}
	return d.Sections[c-1].Name
}

func (d *Draft) setColumn(c int, items []Item) {
	if c == Inbox {
		d.Inbox = items
		return
	}
	d.Sections[c-1].Items = items
}

func (d *Draft) checkCol(c int) error {
	if c < 0 || c >= d.Columns() {
		return fmt.Errorf("no column %d: the draft has the inbox and %d sections", c, len(d.Sections))
	}
	return nil
}

// Insert puts item at p, clamping the index to the column's bounds.
func (d *Draft) Insert(p Pos, item Item) error {
	if err := d.checkCol(p.Col); err != nil {
		return err
	}
	items := d.Column(p.Col)
	i := min(max(p.Index, 0), len(items))
	items = append(items, Item{})
	copy(items[i+1:], items[i:])
	items[i] = item
	d.setColumn(p.Col, items)
	return nil
}

// Append adds item at the end of column c.
func (d *Draft) Append(c int, item Item) error {
	if err := d.checkCol(c); err != nil {
		return err
	}
	d.setColumn(c, append(d.Column(c), item))
	return nil
}

// Remove takes the item at p out of its column and returns it.
func (d *Draft) Remove(p Pos) (Item, error) {
	if err := d.checkCol(p.Col); err != nil {
		return Item{}, err
	}
	items := d.Column(p.Col)
	if p.Index < 0 || p.Index >= len(items) {
		return Item{}, fmt.Errorf("no item %d in %s, which has %d", p.Index+1, d.ColumnName(p.Col), len(items))
	}
	item := items[p.Index]
	d.setColumn(p.Col, append(items[:p.Index:p.Index], items[p.Index+1:]...))
	return item, nil
}

// Move takes the item at from and puts it at to, where to.Index counts in
// the column as it is after the item has left. It returns the item's final
// position.
func (d *Draft) Move(from, to Pos) (Pos, error) {
	if err := d.checkCol(to.Col); err != nil {
		return from, err
	}
	item, err := d.Remove(from)
	if err != nil {
		return from, err
	}
	to.Index = min(max(to.Index, 0), len(d.Column(to.Col)))
	if err := d.Insert(to, item); err != nil {
		return from, err
	}
	return to, nil
}

// Find returns the position of the item with the given ID.
func (d *Draft) Find(id string) (Pos, bool) {
	for c := range d.Columns() {
		for i, it := range d.Column(c) {
			if it.ID == id {
				return Pos{c, i}, true
			}
		}
	}
	return Pos{}, false
}

// At returns a pointer to the item at p, or nil when there is none.
func (d *Draft) At(p Pos) *Item {
	if p.Col < 0 || p.Col >= d.Columns() {
		return nil
	}
	items := d.Column(p.Col)
	if p.Index < 0 || p.Index >= len(items) {
		return nil
	}
	return &items[p.Index]
}

// Items calls fn for every item of the draft, inbox first, in board order.
func (d *Draft) Items(fn func(p Pos, it *Item)) {
	for c := range d.Columns() {
		items := d.Column(c)
		for i := range items {
			fn(Pos{c, i}, &items[i])
		}
	}
}

// Clone returns a deep copy of the draft.
func (d *Draft) Clone() *Draft {
	c := *d
	c.Conflicts = append([]Conflict(nil), d.Conflicts...)
	c.Sends = append([]Send(nil), d.Sends...)
	c.Inbox = cloneItems(d.Inbox)
	c.Sections = make([]Section, len(d.Sections))
	for i, s := range d.Sections {
		s.Items = cloneItems(s.Items)
		c.Sections[i] = s
	}
	return &c
}

func cloneItems(items []Item) []Item {
	out := make([]Item, len(items))
	for i, it := range items {
		it.URLs = append([]string(nil), it.URLs...)
		if it.Conflict != nil {
			c := *it.Conflict
			it.Conflict = &c
		}
		out[i] = it
	}
	return out
}

// Count returns how many items are in sections and in the inbox.
func (d *Draft) Count() (placed, inbox int) {
	for _, s := range d.Sections {
		placed += len(s.Items)
	}
	return placed, len(d.Inbox)
}

// ParseDate parses a draft date in the YYYY-MM-DD form.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q is not a date in the form YYYY-MM-DD", s)
	}
	return t, nil
}

// LongDate formats a date the way issues print it: "6th December 2020".
func LongDate(t time.Time) string {
	return fmt.Sprintf("%d%s %s %d", t.Day(), ordinal(t.Day()), t.Month(), t.Year())
}

func ordinal(n int) string {
	if n%100 >= 11 && n%100 <= 13 {
		return "th"
	}
	switch n % 10 {
	case 1:
		return "st"
	case 2:
		return "nd"
	case 3:
		return "rd"
	}
	return "th"
}
