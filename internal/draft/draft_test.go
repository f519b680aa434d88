package draft

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// board returns a draft whose inbox and sections hold items named by id.
func board(inbox []string, sections map[string][]string, order ...string) *Draft {
	d := New("Test Weekly", 1, "2024-03-24", order)
	for _, id := range inbox {
		d.Inbox = append(d.Inbox, Item{ID: id})
	}
	for i, name := range order {
		for _, id := range sections[name] {
			d.Sections[i].Items = append(d.Sections[i].Items, Item{ID: id})
		}
	}
	return d
}

func ids(items []Item) []string {
	out := []string{}
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

func TestMove(t *testing.T) {
	tests := []struct {
		name      string
		from, to  Pos
		wantInbox []string
		wantNews  []string
		wantPos   Pos
	}{
		{"inbox to end of news", Pos{0, 0}, Pos{1, 9}, []string{"b", "c"}, []string{"n1", "a"}, Pos{1, 1}},
		{"inbox to top of news", Pos{0, 2}, Pos{1, 0}, []string{"a", "b"}, []string{"c", "n1"}, Pos{1, 0}},
		{"reorder inside inbox", Pos{0, 0}, Pos{0, 2}, []string{"b", "c", "a"}, []string{"n1"}, Pos{0, 2}},
		{"news back to inbox", Pos{1, 0}, Pos{0, 1}, []string{"a", "n1", "b", "c"}, []string{}, Pos{0, 1}},
		{"negative index clamps to top", Pos{0, 1}, Pos{1, -3}, []string{"a", "c"}, []string{"b", "n1"}, Pos{1, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := board([]string{"a", "b", "c"}, map[string][]string{"News": {"n1"}}, "News", "Tools")
			got, err := d.Move(tt.from, tt.to)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.wantPos {
				t.Errorf("final position = %v, want %v", got, tt.wantPos)
			}
			if !reflect.DeepEqual(ids(d.Inbox), tt.wantInbox) {
				t.Errorf("inbox = %v, want %v", ids(d.Inbox), tt.wantInbox)
			}
			if !reflect.DeepEqual(ids(d.Sections[0].Items), tt.wantNews) {
				t.Errorf("News = %v, want %v", ids(d.Sections[0].Items), tt.wantNews)
			}
		})
	}
}

func TestMoveErrorsLeaveDraftAlone(t *testing.T) {
	d := board([]string{"a"}, nil, "News")
	before := d.Clone()
	for _, tt := range []struct{ from, to Pos }{
		{Pos{0, 5}, Pos{1, 0}},
		{Pos{0, 0}, Pos{7, 0}},
		{Pos{-1, 0}, Pos{1, 0}},
	} {
		if _, err := d.Move(tt.from, tt.to); err == nil {
			t.Errorf("Move(%v, %v) succeeded, want an error", tt.from, tt.to)
		}
		if !reflect.DeepEqual(d, before) {
			t.Fatalf("failed Move(%v, %v) changed the draft", tt.from, tt.to)
		}
	}
}

func TestRemoveAndInsert(t *testing.T) {
	d := board([]string{"a", "b", "c"}, nil, "News")
	it, err := d.Remove(Pos{0, 1})
	if err != nil || it.ID != "b" {
		t.Fatalf("Remove = %v, %v; want b", it.ID, err)
	}
	if got := ids(d.Inbox); !reflect.DeepEqual(got, []string{"a", "c"}) {
		t.Fatalf("inbox after remove = %v", got)
	}
	if err := d.Insert(Pos{0, 1}, it); err != nil {
		t.Fatal(err)
	}
	if got := ids(d.Inbox); !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
		t.Fatalf("inbox after insert = %v", got)
	}
	if p, ok := d.Find("c"); !ok || p != (Pos{0, 2}) {
		t.Errorf("Find(c) = %v, %v", p, ok)
	}
}

func TestCloneIsDeep(t *testing.T) {
	d := board([]string{"a"}, map[string][]string{"News": {"n"}}, "News")
	d.Inbox[0].URLs = []string{"https://a.example/"}
	c := d.Clone()
	c.Inbox[0].URLs[0] = "https://changed.example/"
	c.Sections[0].Items[0].Blurb = "changed"
	c.Sections[0].Name = "Changed"
	if d.Inbox[0].URLs[0] != "https://a.example/" || d.Sections[0].Items[0].Blurb != "" || d.Sections[0].Name != "News" {
		t.Fatal("changing the clone changed the original")
	}
}

func TestSections(t *testing.T) {
	d := board([]string{"a"}, map[string][]string{"Events": {"e1", "e2"}}, "News", "Tools", "Events")
	if err := d.AddSection("Sponsor", 1, true); err != nil {
		t.Fatal(err)
	}
	if err := d.AddSection("news", 0, false); err == nil {
		t.Error("adding a second News (other case) succeeded")
	}
	if err := d.AddSection("Jobs", 9, false); err == nil {
		t.Error("adding at position 9 of 5 succeeded")
	}
	if err := d.RenameSection("TOOLS", "Tooling"); err != nil {
		t.Fatal(err)
	}
	if err := d.RenameSection("News", "Tooling"); err == nil {
		t.Error("renaming onto an existing name succeeded")
	}
	if err := d.MoveSection("Events", 2); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range d.Sections {
		names = append(names, s.Name)
	}
	if want := []string{"Sponsor", "Events", "News", "Tooling"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("sections = %v, want %v", names, want)
	}
	if !d.Sections[0].Sponsor {
		t.Error("the sponsor section lost its kind")
	}
	moved, err := d.RemoveSection("events")
	if err != nil || moved != 2 {
		t.Fatalf("RemoveSection = %d, %v; want 2 items moved", moved, err)
	}
	if got := ids(d.Inbox); !reflect.DeepEqual(got, []string{"a", "e1", "e2"}) {
		t.Errorf("a removed section's items must reach the inbox, got %v", got)
	}
	_, err = d.Section("Nope")
	if err == nil || !strings.Contains(err.Error(), `"Sponsor"`) {
		t.Errorf("an unknown section's error should list the sections, got %v", err)
	}
}

func TestWordsAndReadingTime(t *testing.T) {
	d := New("Test Weekly", 1, "2024-03-24", []string{"News", "Empty"})
	d.Intro = "one two three"
	d.Footer = "not counted at all"
	d.Inbox = []Item{{Blurb: "not counted either"}}
	d.Sections[0].Items = []Item{
		{Blurb: "four five", URLs: []string{"https://a.example/"}},
		{Title: "title words count without a blurb", URLs: []string{"https://b.example/", "https://c.example/"}},
	}
	// intro 3 + heading 1 + (2 + 1) + (6 + 2); the empty section is not in the issue.
	if got := d.Words(); got != 15 {
		t.Errorf("Words = %d, want 15", got)
	}
	for words, want := range map[int]int{0: 1, 199: 1, 200: 1, 399: 1, 400: 2, 599: 2, 600: 3} {
		if got := ReadingTime(words); got != want {
			t.Errorf("ReadingTime(%d) = %d, want %d", words, got, want)
		}
	}
}

func TestLongDate(t *testing.T) {
	for in, want := range map[string]string{
		"2020-12-06": "6th December 2020", "2013-01-20": "20th January 2013", "2015-05-01": "1st May 2015",
		"2016-09-22": "22nd September 2016", "2018-08-23": "23rd August 2018", "2024-03-11": "11th March 2024",
		"2024-03-12": "12th March 2024", "2024-03-13": "13th March 2024", "2024-03-31": "31st March 2024",
	} {
		d, err := ParseDate(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := LongDate(d); got != want {
			t.Errorf("LongDate(%s) = %q, want %q", in, got, want)
		}
	}
	if _, err := ParseDate("6/12/2020"); err == nil || !strings.Contains(err.Error(), "YYYY-MM-DD") {
		t.Errorf("a bad date's error should say the form, got %v", err)
	}
}

func TestNewItem(t *testing.T) {
	now := time.Date(2024, 3, 24, 10, 30, 15, 999, time.FixedZone("X", 3600))
	a := NewItem([]string{"https://a.example/"}, "b", now, "cli")
	b := NewItem(nil, "", now, "cli")
	if a.ID == "" || a.ID == b.ID {
		t.Errorf("items need distinct IDs, got %q and %q", a.ID, b.ID)
	}
	if !a.AddedAt.Equal(now.Truncate(time.Second)) || a.AddedAt.Location() != time.UTC {
		t.Errorf("AddedAt = %v, want the second in UTC", a.AddedAt)
	}
	if a.Text() != "b" || (Item{Title: "t", Blurb: "  "}).Text() != "t" {
		t.Error("Text should be the blurb, or the title while the blurb is blank")
	}
}

// TestNeedsTheOldestSchema: a draft that uses nothing new is of the first
// schema, which older weeklies open; one that uses a field of the second
// needs it.
func TestNeedsTheOldestSchema(t *testing.T) {
	t.Parallel()
	d := New("W", 1, "2024-01-01", []string{"News"})
	if d.Needs() != 1 || d.Schema != 1 {
		t.Fatalf("a new draft needs %d, is %d", d.Needs(), d.Schema)
	}
	for name, use := range map[string]func(d *Draft){
		"via":       func(d *Draft) { _ = d.Append(Inbox, Item{ID: "a", Via: "Ann"}) },
		"note":      func(d *Draft) { _ = d.Append(Inbox, Item{ID: "a", Note: "for Tools"}) },
		"carried":   func(d *Draft) { _ = d.Append(1, Item{ID: "a", Carried: 519}) },
		"recurring": func(d *Draft) { d.Sections[0].Recurring = true },
		"sends":     func(d *Draft) { d.Sends = append(d.Sends, Send{To: "me@example.com"}) },
	} {
		c := d.Clone()
		use(c)
		if c.Needs() != Schema {
			t.Errorf("%s: needs %d, want %d", name, c.Needs(), Schema)
		}
	}
}

// TestNextIssueStartsWhereTheLastEnded: the sections (with the sponsor's
// and the recurring ones), the footer and, when asked, the sponsor's item
// go on to the next issue; recurring sections keep their items; carried
// items are marked until their blurb is edited.
func TestNextIssueStartsWhereTheLastEnded(t *testing.T) {
	t.Parallel()
	last := New("DevOps Weekly", 519, "2020-12-06", []string{"News", "Tools"})
	last.Footer, last.Intro = "Thanks for reading.", "This week's intro."
	last.Sections = append([]Section{{Name: "Acme sponsors DevOps Weekly", Sponsor: true, Items: []Item{{ID: "sp", Blurb: "Try Acme.", URLs: []string{"https://acme.example/"}}}}}, last.Sections...)
	last.Sections = append(last.Sections, Section{Name: "Events", Recurring: true, Items: []Item{{ID: "ev", Blurb: "KubeCon, 1 May.", URLs: []string{"https://kubecon.example/"}}}})
	_ = last.Append(2, Item{ID: "n1", Blurb: "A news item."})
	_ = last.Append(Inbox, Item{ID: "in"})
	for _, repeat := range []bool{false, true} {
		d := Next(last, 520, "2020-12-13", repeat)
		if d.Number != 520 || d.Date != "2020-12-13" || d.Footer != last.Footer || d.Intro != "" || len(d.Inbox) != 0 {
			t.Fatalf("next: %+v", d)
		}
		var names []string
		for _, s := range d.Sections {
			names = append(names, fmt.Sprintf("%s/%v/%v/%d", s.Name, s.Sponsor, s.Recurring, len(s.Items)))
		}
		sponsorItems := 0
		if repeat {
			sponsorItems = 1
		}
		want := fmt.Sprintf("Acme sponsors DevOps Weekly/true/false/%d News/false/false/0 Tools/false/false/0 Events/false/true/1", sponsorItems)
		if got := strings.Join(names, " "); got != want {
			t.Fatalf("repeat sponsor %v: sections %s, want %s", repeat, got, want)
		}
		ev := d.Sections[3].Items[0]
		if ev.Carried != 519 || ev.ID == "ev" || ev.Blurb != "KubeCon, 1 May." {
			t.Fatalf("the recurring item: %+v", ev)
		}
		if _, err := d.Do(Op{Kind: OpEdit, Field: FieldBlurb, Item: Item{ID: ev.ID}, After: "KubeCon, 2 May."}); err != nil {
			t.Fatal(err)
		}
		if d.Sections[3].Items[0].Carried != 0 {
			t.Error("an edited carried item is still marked as carried")
		}
	}
}
