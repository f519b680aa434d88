package query_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/weekly-dev/weekly/internal/archive/query"
)

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"kubernetes deployments", `"":kubernetes "":deployments`},
		{`"garbage collector" -java`, `"":"garbage collector" -"":java`},
		{`section:tools host:https://www.GitHub.com/x/y issue:519 year:2019..2021`, `section:tools host:github.com issue:519[519,519] year:2019..2021[2019,2021]`},
		{`section:"StackHawk sponsors" -section:jobs`, `section:"StackHawk sponsors" -section:jobs`},
		{`issue:500.. issue:..20 year:2019-2020`, `issue:500..[500,0] issue:..20[0,20] year:2019-2020[2019,2020]`},
		{`issue: issue:abc issue:0 issue:9..3 section: - "" "unclosed phrase`, `"":"unclosed phrase"`},
		{`https://example.com/a foo:bar title:vitess blurb:"active active"`, `"":https://example.com/a "":foo:bar title:vitess blurb:"active active"`},
		{"  tab\tand\x1b[31m escape ", `"":tab "":and "":[31m "":escape`},
	}
	for _, tt := range tests {
		q := query.Parse(tt.in)
		var got []string
		for _, c := range q.Clauses {
			s := c.Value
			if c.Phrase {
				s = `"` + s + `"`
			}
			name := string(c.Field)
			if c.Field == query.Text {
				name = `""`
			}
			s = name + ":" + s
			if c.Not {
				s = "-" + s
			}
			if c.Field == query.Issue || c.Field == query.Year {
				s += fmt.Sprintf("[%d,%d]", c.Min, c.Max)
			}
			got = append(got, s)
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("Parse(%q) = %s\nwant %s", tt.in, strings.Join(got, " "), tt.want)
		}
	}
	if w := query.Parse(`vitess "active active" -mysql section:news title:sharding`).Words(); strings.Join(w, "|") != "vitess|active active|sharding" {
		t.Errorf("Words = %q", w)
	}
}

// FuzzParse holds Parse to what the index relies on: it never fails or
// hangs, every clause has a value without control characters, numbers are
// in order, and the query written back reads the same.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"kubernetes deployments", `"garbage collector" -java`, `section:"ops team" -host:github.com`,
		"issue:500..520 year:2019-2021", `-"" - issue: host:"a b"`, "\x00\xff\"", "--x a:b:c section:a\"b",
		"\ufffd-\ufffd", `issue:"5..6" title:"x`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := query.Parse(s)
		for _, c := range q.Clauses {
			if c.Value == "" {
				t.Fatalf("Parse(%q): an empty clause %+v", s, c)
			}
			if strings.IndexFunc(c.Value, unicode.IsControl) >= 0 {
				t.Fatalf("Parse(%q): a control character in %q", s, c.Value)
			}
			if (c.Field == query.Issue || c.Field == query.Year) && (c.Min < 0 || c.Max < 0 || c.Max > 0 && c.Max < c.Min || c.Min == 0 && c.Max == 0) {
				t.Fatalf("Parse(%q): bounds %+v", s, c)
			}
		}
		back := q.String()
		if len(back) > query.MaxLen {
			return
		}
		again := query.Parse(back)
		if again.String() != back || len(again.Clauses) != len(q.Clauses) {
			t.Fatalf("Parse(%q) = %q, read again %q", s, back, again.String())
		}
		for i := range q.Clauses {
			if q.Clauses[i] != again.Clauses[i] {
				t.Fatalf("Parse(%q): clause %d %+v, read again %+v", s, i, q.Clauses[i], again.Clauses[i])
			}
		}
	})
}
