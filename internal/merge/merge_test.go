package merge

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/store"
)

// layout builds a draft from "inbox: a b; News: c d; Tools:", each item's
// blurb its ID.
func layout(s string) *draft.Draft {
	d := draft.New("Test Weekly", 7, "2024-03-24", nil)
	for _, col := range strings.Split(s, ";") {
		name, ids, _ := strings.Cut(col, ":")
		name = strings.TrimSpace(name)
		var items []draft.Item
		for _, id := range strings.Fields(ids) {
			items = append(items, draft.Item{ID: id, Blurb: id, URLs: []string{"https://example.com/" + id}})
		}
		if name == "inbox" {
			d.Inbox = append(d.Inbox, items...)
			continue
		}
		d.Sections = append(d.Sections, draft.Section{Name: name, Items: append([]draft.Item{}, items...)})
	}
	return d
}

// show writes a draft's board as layout reads it.
func show(d *draft.Draft) string {
	cols := []string{"inbox:" + idList(d.Inbox)}
	for _, s := range d.Sections {
		cols = append(cols, s.Name+":"+idList(s.Items))
	}
	return strings.Join(cols, "; ")
}

func idList(items []draft.Item) string {
	var b strings.Builder
	for _, it := range items {
		b.WriteString(" " + it.ID)
	}
	return b.String()
}

func blurb(id, text string) func(*draft.Draft) {
	return func(d *draft.Draft) {
		p, ok := d.Find(id)
		if !ok {
			panic("no item " + id)
		}
		d.At(p).Blurb = text
	}
}

func TestMergeBoard(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		base         string
		ours, theirs string
		want         string
	}{
		{"nothing changed", "inbox: a b; News: c", "inbox: a b; News: c", "inbox: a b; News: c", "inbox: a b; News: c"},
		{"only theirs changed", "inbox: a b; News: c", "inbox: a b; News: c", "inbox: b; News: c a", "inbox: b; News: c a"},
		{"adds on both sides are both kept", "inbox: a; News:", "inbox: a x; News:", "inbox: a; News: y", "inbox: a x; News: y"},
		{"adds at the same place keep ours first", "inbox: a b", "inbox: a x b", "inbox: a y b", "inbox: a x y b"},
		{"moves of different items both apply", "inbox: a b c; News:; Tools:", "inbox: b c; News: a; Tools:", "inbox: a b; News:; Tools: c", "inbox: b; News: a; Tools: c"},
		{"reorder on one side, add on the other", "News: a b c d", "News: a c d b", "News: a b x c d", "News: a x c d b"},
		{"both reorder different items", "News: a b c d e", "News: b a c d e", "News: a b c e d", "News: b a c e d"},
		{"both move one item: ours wins", "inbox: a; News:; Tools:", "inbox:; News: a; Tools:", "inbox:; News:; Tools: a", "inbox:; News: a; Tools:"},
		{"delete on one side", "inbox: a b c", "inbox: a c", "inbox: a b c", "inbox: a c"},
		{"delete on one side, move on the other: deleted", "inbox: a b; News:", "inbox: b; News:", "inbox: b; News: a", "inbox: b; News:"},
		{"delete on both sides", "inbox: a b", "inbox: b", "inbox: b", "inbox: b"},
		{"section added on both sides", "News: a", "News: a; Tools: x", "News: a; Events: y", "News: a; Tools: x; Events: y"},
		{"section moved on one side", "News: a; Tools: b; Events:", "Tools: b; News: a; Events:", "News: a c; Tools: b; Events:", "Tools: b; News: a c; Events:"},
		{"section deleted while the other side added to it", "inbox:; News: a; Tools: b", "inbox: b; News: a", "inbox:; News: a; Tools: b c", "inbox: b c; News: a"},
		{"section renamed by case on one side", "news: a", "News: a", "news: a b", "News: a b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := Merge(layout(tt.base), layout(tt.ours), layout(tt.theirs), "theirs")
			if got, want := show(r.Draft), show(layout(tt.want)); got != want {
				t.Errorf("merge =\n  %s\nwant\n  %s", got, want)
			}
			if r.Conflicts != 0 {
				t.Errorf("%d conflicts, want none", r.Conflicts)
			}
			roundTrips(t, r.Draft)
		})
	}
}

func TestMergeTexts(t *testing.T) {
	t.Parallel()
	const base = "inbox: a b; News: c"
	tests := []struct {
		name         string
		ours, theirs func(*draft.Draft)
		want         func(*draft.Draft)
		conflicts    int
	}{
		{
			name:   "blurbs of different items both apply",
			ours:   blurb("a", "ours on a"),
			theirs: blurb("c", "theirs on c"),
			want:   func(d *draft.Draft) { blurb("a", "ours on a")(d); blurb("c", "theirs on c")(d) },
		},
		{
			name:   "the same blurb on both sides is no conflict",
			ours:   blurb("a", "same"),
			theirs: blurb("a", "same"),
			want:   blurb("a", "same"),
		},
		{
			name:   "a blurb changed differently is kept in both versions",
			ours:   blurb("a", "ours"),
			theirs: blurb("a", "theirs"),
			want: func(d *draft.Draft) {
				blurb("a", "ours")(d)
				d.Inbox[0].Conflict = &draft.Conflict{Field: "blurb", Value: "theirs", From: "theirs"}
			},
			conflicts: 1,
		},
		{
			name:   "deleted on one side and edited on the other is kept, edited",
			ours:   func(d *draft.Draft) { _, _ = d.Remove(draft.Pos{Col: 0, Index: 1}) },
			theirs: blurb("b", "better"),
			want:   blurb("b", "better"),
		},
		{
			name:   "edited on ours and deleted on theirs is kept, edited",
			ours:   blurb("c", "better"),
			theirs: func(d *draft.Draft) { _, _ = d.Remove(draft.Pos{Col: 1, Index: 0}) },
			want:   blurb("c", "better"),
		},
		{
			name:   "a move and a blurb on one item both apply",
			ours:   func(d *draft.Draft) { _, _ = d.Move(draft.Pos{Col: 0, Index: 0}, draft.Pos{Col: 1, Index: 1}) },
			theirs: blurb("a", "written"),
			want: func(d *draft.Draft) {
				_, _ = d.Move(draft.Pos{Col: 0, Index: 0}, draft.Pos{Col: 1, Index: 1})
				blurb("a", "written")(d)
			},
		},
		{
			name:   "issue fields changed on different sides both apply",
			ours:   func(d *draft.Draft) { d.Intro = "Hello" },
			theirs: func(d *draft.Draft) { d.Footer = "Bye"; d.Number = 8 },
			want:   func(d *draft.Draft) { d.Intro, d.Footer, d.Number = "Hello", "Bye", 8 },
		},
		{
			name:   "an intro changed differently is kept in both versions",
			ours:   func(d *draft.Draft) { d.Intro = "Ours" },
			theirs: func(d *draft.Draft) { d.Intro = "Theirs" },
			want: func(d *draft.Draft) {
				d.Intro = "Ours"
				d.Conflicts = []draft.Conflict{{Field: "intro", Value: "Theirs", From: "theirs"}}
			},
			conflicts: 1,
		},
		{
			name:   "a number changed differently is kept in both versions",
			ours:   func(d *draft.Draft) { d.Number = 8 },
			theirs: func(d *draft.Draft) { d.Number = 9 },
			want: func(d *draft.Draft) {
				d.Number = 8
				d.Conflicts = []draft.Conflict{{Field: "number", Value: "9", From: "theirs"}}
			},
			conflicts: 1,
		},
		{
			name:   "a sponsor flag set on one side applies",
			ours:   blurb("a", "x"),
			theirs: func(d *draft.Draft) { d.Sections[0].Sponsor = true },
			want:   func(d *draft.Draft) { blurb("a", "x")(d); d.Sections[0].Sponsor = true },
		},
		{
			name:   "a conflict settled on one side stays settled",
			ours:   func(d *draft.Draft) {},
			theirs: func(d *draft.Draft) { d.Inbox[1].Conflict = nil; d.Inbox[1].Blurb = "settled" },
			want:   func(d *draft.Draft) { d.Inbox[1].Conflict = nil; d.Inbox[1].Blurb = "settled" },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := layout(base)
			b.Inbox[1].Conflict = nil
			if strings.HasPrefix(tt.name, "a conflict settled") {
				b.Inbox[1].Conflict = &draft.Conflict{Field: "blurb", Value: "old"}
			}
			ours, theirs, want := b.Clone(), b.Clone(), b.Clone()
			tt.ours(ours)
			tt.theirs(theirs)
			tt.want(want)
			r := Merge(b, ours, theirs, "theirs")
			got, _ := store.Encode(r.Draft)
			wantBytes, _ := store.Encode(want)
			if !bytes.Equal(got, wantBytes) {
				t.Errorf("merge =\n%s\nwant\n%s", got, wantBytes)
			}
			if r.Conflicts != tt.conflicts {
				t.Errorf("%d conflicts, want %d", r.Conflicts, tt.conflicts)
			}
		})
	}
}

// TestMergeLeavesInputs checks that the three drafts given are not changed:
// the driver writes ours back only when the merge succeeded.
func TestMergeLeavesInputs(t *testing.T) {
	t.Parallel()
	base, ours, theirs := layout("inbox: a b; News: c"), layout("inbox: b a; News: c"), layout("inbox: a; News: c b")
	theirs.Sections[0].Items[1].Blurb = "x"
	before := [][]byte{encode(t, base), encode(t, ours), encode(t, theirs)}
	r := Merge(base, ours, theirs, "x")
	r.Draft.Inbox[0].URLs[0] = "changed"
	r.Draft.Sections[0].Items[0].Blurb = "changed"
	for i, d := range []*draft.Draft{base, ours, theirs} {
		if !bytes.Equal(encode(t, d), before[i]) {
			t.Errorf("input %d changed by the merge", i)
		}
	}
}

// TestConflictKeepsBytes checks that a draft without conflicts saves as it
// did before conflicts existed: no new members.
func TestConflictKeepsBytes(t *testing.T) {
	t.Parallel()
	data := encode(t, layout("inbox: a; News: b"))
	if bytes.Contains(data, []byte("conflict")) {
		t.Errorf("a draft without conflicts writes a conflict member:\n%s", data)
	}
}

func encode(t testing.TB, d *draft.Draft) []byte {
	t.Helper()
	data, err := store.Encode(d.Clone())
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// roundTrips checks that d is a valid draft: it encodes, decodes to the same
// bytes, has each item ID once and each section name once.
func roundTrips(t testing.TB, d *draft.Draft) {
	t.Helper()
	data := encode(t, d)
	back, err := store.Decode("merged.json", data)
	if err != nil {
		t.Fatalf("merged draft does not load: %v\n%s", err, data)
	}
	if again := encode(t, back); !bytes.Equal(again, data) {
		t.Fatalf("merged draft does not round-trip:\n%s\nthen\n%s", data, again)
	}
	if bytes.Contains(data, []byte("<<<<<<<")) {
		t.Fatalf("text conflict markers in the merged draft")
	}
	seen := map[string]bool{}
	d.Items(func(p draft.Pos, it *draft.Item) {
		if seen[it.ID] {
			t.Fatalf("item %s twice in the merged draft: %s", it.ID, show(d))
		}
		seen[it.ID] = true
	})
	names := map[string]bool{}
	for _, s := range d.Sections {
		if names[key(s.Name)] {
			t.Fatalf("section %q twice in the merged draft", s.Name)
		}
		names[key(s.Name)] = true
	}
}

// edit applies to d the edits that script spells, one byte an edit: moves,
// inserts, deletes, blurbs, field changes, and section adds, removes and
// moves. side tells the sides' new IDs and texts apart.
func edit(d *draft.Draft, script []byte, side string) {
	for i := 0; i+2 < len(script); i += 3 {
		op, a, b := script[i]%8, int(script[i+1]), int(script[i+2])
		total := 0
		d.Items(func(draft.Pos, *draft.Item) { total++ })
		nth := func(n int) (draft.Pos, bool) {
			if total == 0 {
				return draft.Pos{}, false
			}
			n %= total
			var at draft.Pos
			d.Items(func(p draft.Pos, _ *draft.Item) {
				if n == 0 {
					at = p
				}
				n--
			})
			return at, true
		}
		switch op {
		case 0, 1: // move
			if p, ok := nth(a); ok {
				_, _ = d.Move(p, draft.Pos{Col: b % d.Columns(), Index: b / d.Columns()})
			}
		case 2: // insert
			id := fmt.Sprintf("%s%d", side, i)
			_ = d.Insert(draft.Pos{Col: a % d.Columns(), Index: b}, draft.Item{ID: id, Blurb: id, URLs: []string{"https://example.com/" + id}})
		case 3: // delete
			if p, ok := nth(a); ok {
				_, _ = d.Remove(p)
			}
		case 4: // blurb
			if p, ok := nth(a); ok {
				d.At(p).Blurb = fmt.Sprintf("%s blurb %d", side, b%3)
			}
		case 5: // issue field
			switch b % 3 {
			case 0:
				d.Intro = fmt.Sprintf("%s intro %d", side, a%3)
			case 1:
				d.Number = 1 + a%3
			default:
				d.Footer = side
			}
		case 6: // section add or remove
			if b%2 == 0 || len(d.Sections) == 0 {
				_ = d.AddSection(fmt.Sprintf("S%d", a%5), 0, false)
			} else {
				_, _ = d.RemoveSection(d.Sections[a%len(d.Sections)].Name)
			}
		case 7: // section move
			if len(d.Sections) > 0 {
				_ = d.MoveSection(d.Sections[a%len(d.Sections)].Name, 1+b%len(d.Sections))
			}
		}
	}
}

// FuzzMerge checks that the merge of any two edits of a base is a valid
// draft that round-trips, keeps every item both sides have or added, and
// merges a side with itself to that side.
func FuzzMerge(f *testing.F) {
	f.Add([]byte{0, 1, 2, 4, 0, 0}, []byte{4, 0, 1, 2, 3, 4})
	f.Add([]byte{6, 1, 0, 2, 3, 1}, []byte{6, 0, 1, 7, 2, 0, 1, 9, 1})
	f.Add([]byte{4, 2, 0}, []byte{4, 2, 1, 5, 0, 0})
	f.Fuzz(func(t *testing.T, a, b []byte) {
		base := layout("inbox: a b c; News: d e; Tools: f; Events:")
		ours, theirs := base.Clone(), base.Clone()
		edit(ours, a, "o")
		edit(theirs, b, "t")
		r := Merge(base, ours, theirs, "theirs")
		roundTrips(t, r.Draft)
		for _, side := range []*draft.Draft{ours, theirs} {
			side.Items(func(p draft.Pos, it *draft.Item) {
				_, inBase := base.Find(it.ID)
				_, inOther := ours.Find(it.ID)
				if side == ours {
					_, inOther = theirs.Find(it.ID)
				}
				if _, kept := r.Draft.Find(it.ID); (!inBase || inOther) && !kept {
					t.Errorf("item %s lost: base %s, ours %s, theirs %s, merged %s", it.ID, show(base), show(ours), show(theirs), show(r.Draft))
				}
			})
		}
		if same := Merge(base, ours, ours, "x"); !bytes.Equal(encode(t, same.Draft), encode(t, ours)) || same.Conflicts != 0 {
			t.Errorf("ours merged with itself changed:\n%s\nto\n%s", encode(t, ours), encode(t, same.Draft))
		}
	})
}

func TestMergeable(t *testing.T) {
	t.Parallel()
	if err := Mergeable(layout("inbox: a b; News: c")); err != nil {
		t.Errorf("a plain draft: %v", err)
	}
	d := layout("inbox: a b; News: a")
	if err := Mergeable(d); err == nil || !strings.Contains(err.Error(), `item id "a" is both Inbox, item 1 and News, item 1`) {
		t.Errorf("repeated id: %v", err)
	}
	d = layout("News: a; news: b")
	if err := Mergeable(d); err == nil || !strings.Contains(err.Error(), "two sections") {
		t.Errorf("repeated section: %v", err)
	}
}

// BenchmarkMerge merges two edits of a 10,000-card draft: one side moved a
// hundred cards and wrote a hundred blurbs, the other added a hundred cards
// and deleted fifty.
func BenchmarkMerge(b *testing.B) {
	base := draft.New("W", 1, "2024-01-01", []string{"News", "Tools", "Events"})
	for i := range 10000 {
		it := draft.Item{ID: fmt.Sprintf("i%d", i), Blurb: "blurb", URLs: []string{fmt.Sprintf("https://example.com/%d", i)}}
		_ = base.Append(i%4, it)
	}
	ours, theirs := base.Clone(), base.Clone()
	for i := range 100 {
		_, _ = ours.Move(draft.Pos{Col: 0, Index: i}, draft.Pos{Col: 1, Index: i})
		ours.Sections[2].Items[i].Blurb = "ours"
		_ = theirs.Insert(draft.Pos{Col: 3, Index: i * 7}, draft.Item{ID: fmt.Sprintf("t%d", i)})
	}
	for range 50 {
		_, _ = theirs.Remove(draft.Pos{Col: 2, Index: 500})
	}
	b.ResetTimer()
	for b.Loop() {
		Merge(base, ours, theirs, "x")
	}
}

// TestMergeKeepsWhatSchema2Adds: sends recorded on either side are all
// kept; a section made recurring on one side stays so; who sent a card and
// its note survive a merge.
func TestMergeKeepsWhatSchema2Adds(t *testing.T) {
	t.Parallel()
	at := func(h int) time.Time { return time.Date(2024, 1, 21, h, 0, 0, 0, time.UTC) }
	base := draft.New("W", 9, "2024-01-21", []string{"News", "Events"})
	base.Inbox = []draft.Item{{ID: "a", URLs: []string{"https://a.example/"}}}
	ours, theirs := base.Clone(), base.Clone()
	ours.Sends = []draft.Send{{To: "me@example.com", At: at(9)}}
	theirs.Sends = []draft.Send{{To: "list@example.com", List: true, At: at(10)}}
	theirs.Sections[1].Recurring = true
	theirs.Inbox[0].Via, theirs.Inbox[0].Note = "Ann", "for Tools"
	out := Merge(base, ours, theirs, "theirs").Draft
	if len(out.Sends) != 2 || out.Sends[0].To != "me@example.com" || out.Sends[1].To != "list@example.com" {
		t.Errorf("sends %+v", out.Sends)
	}
	if !out.Sections[1].Recurring {
		t.Error("the recurring mark of theirs is lost")
	}
	if it := out.Inbox[0]; it.Via != "Ann" || it.Note != "for Tools" {
		t.Errorf("the card lost who sent it: %+v", it)
	}
}
