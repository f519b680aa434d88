package index_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/archive/index"
)

// small returns an archive of three issues about distinct topics.
func small() *archive.Archive {
	a := &archive.Archive{Schema: archive.Schema}
	a.Add(archive.Issue{Newsletter: "DevOps Weekly", Number: 400, Date: "2018-08-26", Items: []archive.Item{
		{Section: "News", Blurb: "Details of scaling datastores, from active/active MySQL clusters to using Vitess.", URLs: []string{"https://slack.engineering/scaling-datastores-at-slack-with-vitess/"}},
		{Section: "Tools", Title: "Opstrace", Blurb: "Opstrace is a new horizontally-scalable metrics and logs platform.", URLs: []string{"https://github.com/opstrace/opstrace"}},
	}})
	a.Add(archive.Issue{Newsletter: "DevOps Weekly", Number: 519, Date: "2020-12-06", Items: []archive.Item{
		{Blurb: "Starting out this week with moving between roles.", URLs: []string{}},
		{Section: "News", Blurb: "A breakdown of the recent large AWS outage, with a useful diagram of the architecture.", URLs: []string{"https://ryanfrantz.com/posts/aws-kinesis-outage-analysis.html"}},
		{Section: "News", Blurb: "The Kubernetes API is designed to be extended. A more flexible Deployment resource.", URLs: []string{"https://timewitch.net/post/2019-12-30-pinneddeployments/"}},
	}})
	a.Add(archive.Issue{Newsletter: "DevOps Weekly", Number: 600, Date: "2022-06-12", Items: []archive.Item{
		{Section: "News", Blurb: "Vitess at scale: sharding MySQL without changing the application.", URLs: []string{"https://planetscale.com/blog/vitess-sharding"}},
		{Section: "Tools", Blurb: "A tool for deploying to Kubernetes clusters from CI.", URLs: []string{"https://github.com/example/kdeploy"}},
	}})
	return a
}

// setUp saves a in a new drafts folder and returns the archive's path.
func setUp(t *testing.T, a *archive.Archive) string {
	t.Helper()
	path := archive.Path(t.TempDir())
	if err := archive.Save(path, a); err != nil {
		t.Fatal(err)
	}
	return path
}

// found returns the hits of q as "#issue section", best first.
func found(t *testing.T, x *index.Index, q string) []string {
	t.Helper()
	res, err := x.Search(context.Background(), q, 10)
	if err != nil {
		t.Fatalf("Search(%q): %v", q, err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, fmt.Sprintf("#%d %s", h.Issue.Number, h.Item.SectionName()))
	}
	return out
}

func TestSearchSyntax(t *testing.T) {
	t.Parallel()
	x, err := index.Open(setUp(t, small()))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	tests := []struct{ q, want string }{
		{"vitess", "#600 News|#400 News"},            // equal relevance: newer first
		{"datastore", "#400 News"},                   // stemming: datastores
		{"deployments", "#519 News|#600 Tools"},      // deployment, deploying
		{"kubernetis", "#600 Tools|#519 News"},       // one typo in a long word
		{"outages", "#519 News"},                     // plural of outage
		{`"active/active MySQL"`, "#400 News"},       // a phrase
		{`"MySQL clusters active"`, ""},              // words out of order are not the phrase
		{"vitess -sharding", "#400 News"},            // leaving a word out
		{"section:tools", "#600 Tools|#400 Tools"},   // a field alone
		{"host:github.com", "#600 Tools|#400 Tools"}, // a host
		{"host:engineering", ""},                     // a host is a whole domain
		{"host:slack.engineering", "#400 News"},      //
		{"issue:519 kubernetes", "#519 News"},        // an issue
		{"year:2018..2020 vitess", "#400 News"},      // a range of years
		{"title:opstrace", "#400 Tools"},             // the title, when known
		{"planetscale", "#600 News"},                 // the words of a link
		{"roles section:intro", "#519 Intro"},        // the intro is kept too
		{"", ""},                                     // nothing asked
		{"-vitess", "#600 Tools|#519 Intro|#519 News|#519 News|#400 Tools"},
	}
	for _, tt := range tests {
		if got := strings.Join(found(t, x, tt.q), "|"); got != tt.want {
			t.Errorf("%q: %s, want %s", tt.q, got, tt.want)
		}
	}
}

func TestMarks(t *testing.T) {
	t.Parallel()
	x, err := index.Open(setUp(t, small()))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	res, err := x.Search(context.Background(), `deployments kubernetis "useful diagram" -aws`, 10)
	if err != nil {
		t.Fatal(err)
	}
	got := res.Marker.Mark("The Kubernetes API, a Deployment, deploying; a useful diagram of AWS.", "[", "]")
	if want := "The [Kubernetes] API, a [Deployment], [deploying]; a [useful] [diagram] of AWS."; got != want {
		t.Errorf("Mark = %q\nwant   %q", got, want)
	}
}

// The index lives in the drafts folder's .weekly, keeps itself out of
// git, and is rebuilt by itself when missing, stale or damaged.
func TestRebuiltWhenNeeded(t *testing.T) {
	t.Parallel()
	path := setUp(t, small())
	dir := index.Dir(path)
	if dir != filepath.Join(filepath.Dir(path), ".weekly", "archive-index") {
		t.Errorf("Dir = %s", dir)
	}
	open := func(what string) {
		t.Helper()
		x, err := index.Open(path)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		defer x.Close()
		if x.Note != "" {
			t.Errorf("%s: %s", what, x.Note)
		}
		if got := found(t, x, "vitess"); len(got) != 2 {
			t.Errorf("%s: vitess found %v", what, got)
		}
	}
	open("missing")
	if data, err := os.ReadFile(filepath.Join(dir, ".gitignore")); err != nil || !strings.Contains(string(data), "\n*\n") {
		t.Errorf(".gitignore: %q, %v", data, err)
	}
	cur := filepath.Join(dir, "current") // the index in use
	damage := map[string]func(){
		"no stamp":         func() { must(t, os.Remove(filepath.Join(cur, "stamp.json"))) },
		"stamp of garbage": func() { must(t, os.WriteFile(filepath.Join(cur, "stamp.json"), []byte("{"), 0o644)) },
		"empty meta":       func() { must(t, os.WriteFile(filepath.Join(cur, "bleve", "index_meta.json"), nil, 0o644)) },
		"no bleve folder":  func() { must(t, os.RemoveAll(filepath.Join(cur, "bleve"))) },
		"torn root.bolt":   func() { must(t, os.Truncate(filepath.Join(cur, "bleve", "store", "root.bolt"), 4096)) },
		"garbage segments": func() {
			each(t, dir, ".zap", func(p string) { must(t, os.WriteFile(p, []byte("not a segment"), 0o644)) })
		},
		"empty segments":      func() { each(t, dir, ".zap", func(p string) { must(t, os.Truncate(p, 0)) }) },
		"a file in its place": func() { must(t, os.RemoveAll(dir)); must(t, os.WriteFile(dir, []byte("x"), 0o644)) },
		"a file for current":  func() { must(t, os.RemoveAll(cur)); must(t, os.WriteFile(cur, []byte("x"), 0o644)) },
		"a rebuild that died": func() {
			must(t, os.MkdirAll(filepath.Join(dir, "new-1", "bleve"), 0o755))
			must(t, os.Remove(filepath.Join(cur, "stamp.json")))
		},
	}
	names := make([]string, 0, len(damage))
	for name := range damage {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		damage[name]()
		open(name)
	}
	// An archive changed behind the index's back (git checkout, an edit):
	// the index is stale and rebuilt.
	a := small()
	a.Add(archive.Issue{Number: 601, Date: "2022-06-19", Items: []archive.Item{{Section: "News", Blurb: "More on Vitess.", URLs: []string{}}}})
	must(t, archive.Save(path, a))
	x, err := index.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := found(t, x, "vitess"); !slices.Contains(got, "#601 News") {
		t.Errorf("after the archive changed: %v", got)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*-*")); len(left) > 0 {
		t.Errorf("rebuilds left %v", left)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// each calls fn on every file under dir whose name ends in ext.
func each(t *testing.T, dir, ext string, fn func(string)) {
	t.Helper()
	n := 0
	must(t, filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && strings.HasSuffix(p, ext) {
			fn(p)
			n++
		}
		return err
	}))
	if n == 0 {
		t.Fatalf("no %s file under %s", ext, dir)
	}
}

// A drafts folder where the index cannot be written still answers, from
// an index built in memory, and says so.
func TestInMemoryWhenUnwritable(t *testing.T) {
	t.Parallel()
	path := setUp(t, small())
	must(t, os.WriteFile(filepath.Join(filepath.Dir(path), ".weekly"), []byte("not a folder"), 0o644))
	x, err := index.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if !strings.Contains(x.Note, "in memory") {
		t.Errorf("Note = %q", x.Note)
	}
	if got := found(t, x, "vitess"); len(got) != 2 {
		t.Errorf("vitess found %v", got)
	}
}

// archive add updates the index in place; with a board reading the index
// it builds a new one beside it instead, and the board reads on.
func TestUpdate(t *testing.T) {
	t.Parallel()
	path := setUp(t, small())
	x, err := index.Open(path)
	must(t, err)
	must(t, x.Close())
	add := func(n int, blurb string) {
		t.Helper()
		must(t, archive.Update(path, "test", func(a *archive.Archive) error {
			a.Add(archive.Issue{Number: n, Date: "2023-01-01", Items: []archive.Item{{Section: "News", Blurb: blurb, URLs: []string{}}}})
			return nil
		}, func(a *archive.Archive, before, after []byte) error {
			return index.Update(path, a, before, after, []int{n})
		}))
	}
	seg := segments(t, index.Dir(path))
	add(700, "Vitess again, and Postgres.")
	if after := segments(t, index.Dir(path)); !slices.Contains(after, seg[0]) {
		t.Errorf("the index was rebuilt, not updated: segments %v, then %v", seg, after)
	}
	add(700, "Replaced: only Postgres now.") // re-adding replaces
	reader, err := index.Open(path)
	must(t, err)
	defer reader.Close()
	if got := found(t, reader, "vitess"); strings.Join(got, "|") != "#600 News|#400 News" {
		t.Errorf("after replacing #700: vitess found %v", got)
	}
	add(701, "Vitess once more.") // the board has the index open
	if got := found(t, reader, "postgres"); strings.Join(got, "|") != "#700 News" {
		t.Errorf("the board's open index: postgres found %v", got)
	}
	again, err := index.Open(path)
	must(t, err)
	defer again.Close()
	if got := found(t, again, "vitess"); len(got) != 3 || !slices.Contains(got, "#701 News") {
		t.Errorf("after #701: vitess found %v", got)
	}
}

// segments returns the names of the index's segment files.
func segments(t *testing.T, dir string) []string {
	var out []string
	each(t, dir, ".zap", func(p string) { out = append(out, filepath.Base(p)) })
	return out
}

// As a query is typed, its last word also finds the words it begins.
func TestSearchTyped(t *testing.T) {
	t.Parallel()
	x, err := index.Open(setUp(t, small()))
	must(t, err)
	defer x.Close()
	for q, want := range map[string]string{
		"opst":             "#400 Tools",
		"opst ":            "",           // a space ends the word
		"metrics opst":     "#400 Tools", // only the last word
		"kubernetes deplo": "#600 Tools|#519 News",
		`"opst`:            "", // not in a phrase
		"o":                "", // not from one letter
	} {
		res, err := x.SearchTyped(context.Background(), q, 10)
		must(t, err)
		var got []string
		for _, h := range res.Hits {
			got = append(got, fmt.Sprintf("#%d %s", h.Issue.Number, h.Item.SectionName()))
		}
		if strings.Join(got, "|") != want {
			t.Errorf("SearchTyped(%q) = %v, want %s", q, got, want)
		}
	}
	res, _ := x.SearchTyped(context.Background(), "opst", 1)
	if got := res.Marker.Mark("Opstrace is a platform", "[", "]"); got != "[Opstrace] is a platform" {
		t.Errorf("Mark = %q", got)
	}
}

// An archive touched but not changed (git checkout) is not indexed again:
// its bytes are compared, and the stamp takes its new time, for the next
// search not to read it.
func TestTouchedArchiveIsNotRebuilt(t *testing.T) {
	t.Parallel()
	path := setUp(t, small())
	x, err := index.Open(path)
	must(t, err)
	must(t, x.Close())
	before := segments(t, index.Dir(path))
	stampOf := func() string {
		data, err := os.ReadFile(filepath.Join(index.Dir(path), "current", "stamp.json"))
		must(t, err)
		return string(data)
	}
	first := stampOf()
	later := time.Now().Add(time.Hour)
	must(t, os.Chtimes(path, later, later))
	x, err = index.Open(path)
	must(t, err)
	must(t, x.Close())
	if after := segments(t, index.Dir(path)); !slices.Equal(before, after) {
		t.Errorf("rebuilt: segments %v, then %v", before, after)
	}
	if second := stampOf(); second == first || !strings.Contains(second, fmt.Sprint(later.UnixNano())) {
		t.Errorf("the stamp keeps the old time: %s, then %s", first, second)
	}
}

// More like this: the items that share a card's rarer words, best first;
// not those that carried the card's own link, nor its own issue's, nor
// those that share only a word or two.
func TestLike(t *testing.T) {
	t.Parallel()
	x, err := index.Open(setUp(t, small()))
	must(t, err)
	defer x.Close()
	like := func(c index.Card) string {
		t.Helper()
		hits, err := x.Like(context.Background(), c, 3)
		must(t, err)
		var got []string
		for _, h := range hits {
			got = append(got, fmt.Sprintf("#%d %s", h.Issue.Number, h.Item.SectionName()))
		}
		return strings.Join(got, "|")
	}
	vitess := index.Card{Blurb: "How Vitess shards MySQL clusters without changing the application.", URLs: []string{"https://planetscale.com/blog/resharding"}}
	if got := like(vitess); got != "#600 News|#400 News" {
		t.Errorf("a card about Vitess: %s", got)
	}
	vitess.URLs = []string{"https://planetscale.com/blog/vitess-sharding"} // #600's own link
	if got := like(vitess); got != "#400 News" {
		t.Errorf("with #600's link: %s", got)
	}
	vitess.Newsletter, vitess.Number = "DevOps Weekly", 400 // the card is in #400
	if got := like(vitess); got != "" {
		t.Errorf("in #400 itself: %s", got)
	}
	if got := like(index.Card{Title: "Kubernetes deployment tool", URLs: []string{"https://example.com/k"}}); got != "#600 Tools|#519 News" {
		t.Errorf("a card with only a title: %s", got)
	}
	if got := like(index.Card{URLs: []string{"https://example.com/nothing-in-common"}}); got != "" {
		t.Errorf("a card with nothing in common: %s", got)
	}
}

// With no archive there is nothing to find, and nothing is written.
func TestNoArchive(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "drafts")
	x, err := index.Open(archive.Path(dir))
	must(t, err)
	defer x.Close()
	if got := found(t, x, "vitess"); len(got) != 0 || x.Count() != 0 || x.Note != "" {
		t.Errorf("found %v, %d items, note %q", got, x.Count(), x.Note)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the drafts folder was made: %v", err)
	}
}
