package store

import (
	"bytes"
	"testing"

	"github.com/weekly-dev/weekly/internal/draft"
)

// FuzzParseIncoming reads a queue file as the board does and applies what
// it holds to a draft: items and the ops of queued commands, which are
// untrusted (a torn or hand-edited file). Nothing may panic, a refused op
// changes nothing, and the draft stays one that saves.
func FuzzParseIncoming(f *testing.F) {
	for _, s := range []string{
		`{"item":{"id":"a","urls":["https://a.example/"]}}` + "\n",
		`{"section":"News","item":{"id":"b","urls":["https://b.example/"]}}` + "\n",
		`{"ops":[{"kind":4,"to":{"col":1},"section":"Events"}],"who":"weekly section"}` + "\n",
		`{"ops":[{"kind":5,"section":"News"}],"who":"weekly section"}` + "\n",
		`{"ops":[{"kind":8,"section":"Tools","after":"sponsor"},{"kind":3,"field":6,"after":"Name"}]}` + "\n",
		`{"ops":[{"kind":9,"item":{"id":"a"},"links":["https://x.example/"]}]}` + "\n" + `{"ops":[{"kind":7,"section":"News","to":{"col":-3}}]}`,
		`{"ops":[{"kind":0,"from":{"col":9,"index":-1},"item":{"id":"zz"}}]}` + "\n",
		"{\"item\":{\"id\":\"c\"}}\n{\"ops\":[{\"kind\":4,\"to\":{\"col\":",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in, used := parseIncoming(data)
		if used < 0 || used > int64(len(data)) {
			t.Fatalf("used %d of %d bytes", used, len(data))
		}
		if used < int64(len(data)) && bytes.IndexByte(data[used:], '\n') >= 0 {
			t.Fatalf("a whole line after byte %d was left unread", used)
		}
		for _, x := range in {
			if len(x.Ops) == 0 {
				t.Fatalf("an entry without ops: %+v", x)
			}
		}
		d := draft.New("Fuzz Weekly", 1, "2024-01-01", []string{"News", "Tools"})
		_ = d.Append(draft.Inbox, draft.Item{ID: "a", URLs: []string{"https://a.example/"}})
		for _, x := range in {
			before, err := Encode(d)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := d.DoAll(x.Ops); err != nil {
				after, _ := Encode(d)
				if !bytes.Equal(before, after) {
					t.Fatalf("a refused change changed the draft")
				}
			}
		}
		Apply(d, in)
		if _, err := Encode(d); err != nil {
			t.Fatalf("the draft no longer saves: %v", err)
		}
	})
}
