package draft

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// opsDraft is News [a b], Sponsor [] and Tools [c], with d in the inbox.
func opsDraft() *Draft {
	d := New("Ops Weekly", 7, "2024-01-07", []string{"News", "Sponsor", "Tools"})
	d.Footer = "Bye"
	mk := func(id string, urls ...string) Item { return Item{ID: id, Blurb: id + " text", URLs: urls} }
	_ = d.Append(1, mk("a", "https://a.example/1"))
	_ = d.Append(1, mk("b", "https://b.example/1", "https://b.example/2"))
	_ = d.Append(3, mk("c", "https://c.example/"))
	_ = d.Append(Inbox, mk("d", "https://d.example/"))
	return d
}

func names(d *Draft) string {
	var s []string
	for _, sec := range d.Sections {
		n := sec.Name
		if sec.Sponsor {
			n += "*"
		}
		var ids []string
		for _, it := range sec.Items {
			ids = append(ids, it.ID)
		}
		s = append(s, n+"["+strings.Join(ids, " ")+"]")
	}
	var in []string
	for _, it := range d.Inbox {
		in = append(in, it.ID)
	}
	return "inbox[" + strings.Join(in, " ") + "] " + strings.Join(s, " ")
}

func TestSectionOpsAndInverses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		ops  func(d *Draft) Change
		want string
	}{
		{"add after News", func(*Draft) Change {
			return Change{{Kind: OpSectionAdd, To: Pos{Col: 2}, Section: "Events"}}
		}, "inbox[d] News[a b] Events[] Sponsor[] Tools[c]"},
		{"add last as sponsor", func(*Draft) Change {
			return Change{{Kind: OpSectionAdd, Section: "Ad", Sponsor: true}}
		}, "inbox[d] News[a b] Sponsor[] Tools[c] Ad*[]"},
		{"rename", func(*Draft) Change {
			return Change{{Kind: OpSectionRename, Section: "News", After: "Headlines"}}
		}, "inbox[d] Headlines[a b] Sponsor[] Tools[c]"},
		{"move right", func(*Draft) Change {
			return Change{{Kind: OpSectionMove, From: Pos{Col: 1}, Section: "News", To: Pos{Col: 2}}}
		}, "inbox[d] Sponsor[] News[a b] Tools[c]"},
		{"move by name with a stale hint", func(*Draft) Change {
			return Change{{Kind: OpSectionMove, From: Pos{Col: 1}, Section: "Tools", To: Pos{Col: 1}}}
		}, "inbox[d] Tools[c] News[a b] Sponsor[]"},
		{"kind", func(*Draft) Change {
			return Change{{Kind: OpSectionKind, Section: "sponsor", After: KindSponsor}}
		}, "inbox[d] News[a b] Sponsor*[] Tools[c]"},
		{"remove sends cards to the inbox", func(d *Draft) Change {
			op, _ := d.RemoveSectionAt(1)
			return Change{op}
		}, "inbox[d a b] Sponsor[] Tools[c]"},
		{"join", func(d *Draft) Change {
			c, _ := d.JoinOps(Pos{1, 0}, Pos{1, 1})
			return c
		}, "inbox[d] News[a] Sponsor[] Tools[c]"},
		{"links", func(*Draft) Change {
			return Change{{Kind: OpLinks, Item: Item{ID: "b"}, Links: []string{"https://b.example/2"}}}
		}, "inbox[d] News[a b] Sponsor[] Tools[c]"},
		{"newsletter and footer", func(*Draft) Change {
			return Change{{Kind: OpEdit, Field: FieldNewsletter, After: "Other"}, {Kind: OpEdit, Field: FieldFooter, After: "Line 1\nLine 2"}}
		}, "inbox[d] News[a b] Sponsor[] Tools[c]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := opsDraft()
			was := d.Clone()
			c := tt.ops(d)
			// Ops travel as JSON (queue files, other editors): do them as read back.
			data, err := json.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			var back Change
			if err := json.Unmarshal(data, &back); err != nil {
				t.Fatal(err)
			}
			h := &undoStack{}
			did, err := d.DoAll(back)
			if err != nil {
				t.Fatal(err)
			}
			h.Push(did)
			if got := names(d); got != tt.want {
				t.Fatalf("after: %s, want %s", got, tt.want)
			}
			after := d.Clone()
			if _, err := h.Undo(d); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(d, was) {
				t.Fatalf("undo did not restore exactly:\n got %+v\nwant %+v", d, was)
			}
			if _, err := h.Redo(d); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(d, after) {
				t.Fatalf("redo differs:\n got %+v\nwant %+v", d, after)
			}
		})
	}
}

func TestJoinKeepsFirstTitleAndJoinsBlurbs(t *testing.T) {
	t.Parallel()
	d := opsDraft()
	d.Sections[0].Items[0].Title = "A title"
	d.Sections[0].Items[1].Title = "B title"
	c, err := d.JoinOps(Pos{1, 0}, Pos{1, 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.DoAll(c); err != nil {
		t.Fatal(err)
	}
	it := d.Sections[0].Items[0]
	if it.Title != "A title" || it.Blurb != "a text\n\nb text" || strings.Join(it.URLs, " ") != "https://a.example/1 https://b.example/1 https://b.example/2" {
		t.Fatalf("joined %+v", it)
	}
	if _, err := d.JoinOps(Pos{1, 0}, Pos{1, 1}); err == nil {
		t.Fatal("join with no card below: no error")
	}
}

func TestSectionOpErrorsNameTheValue(t *testing.T) {
	t.Parallel()
	for _, op := range []Op{
		{Kind: OpSectionAdd, Section: "news"},
		{Kind: OpSectionAdd, Section: ""},
		{Kind: OpSectionRename, Section: "Nope", After: "X"},
		{Kind: OpSectionRename, Section: "News", After: "Tools"},
		{Kind: OpSectionMove, Section: "News", To: Pos{Col: 9}},
		{Kind: OpSectionKind, Section: "News", After: "loud"},
		{Kind: OpLinks, Item: Item{ID: "zz"}},
	} {
		d := opsDraft()
		was := d.Clone()
		if _, err := d.DoAll(Change{op}); err == nil {
			t.Errorf("%+v: no error", op)
		}
		if !reflect.DeepEqual(d, was) {
			t.Errorf("%+v: a refused op changed the draft", op)
		}
	}
}
