package check_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/check"
	"github.com/weekly-dev/weekly/internal/draft"
)

// published returns an archived issue with the given links in News.
func published(n int, date string, urls ...string) archive.Issue {
	d := draft.New("Example Weekly", n, date, []string{"News"})
	for i, u := range urls {
		d.Sections[0].Items = append(d.Sections[0].Items, draft.Item{ID: fmt.Sprint(i), Blurb: "A post.", URLs: []string{u}})
	}
	return archive.FromDraft(d, fmt.Sprintf("%d.txt", n))
}

func TestArchived(t *testing.T) {
	a := &archive.Archive{}
	a.Add(published(400, "2018-08-26", "https://krisbuytaert.be/blog/115-factor-apps/", "https://example.com/yearly-survey"))
	a.Add(published(519, "2020-12-06", "https://blog.dave.tf/post/new-kubernetes/", "https://example.com/yearly-survey"))
	a.Add(published(600, "2022-06-26", "https://example.com/in-600"))

	d := draft.New("Example Weekly", 600, "2022-06-26", []string{"Acme sponsors Example Weekly", "News"})
	d.Sections[0].Sponsor = true
	d.Sections[0].Items = []draft.Item{{ID: "s", URLs: []string{"https://blog.dave.tf/post/new-kubernetes"}}}
	d.Sections[1].Items = []draft.Item{
		{ID: "a", URLs: []string{"http://blog.dave.tf/post/new-kubernetes/?utm_source=x"}},
		{ID: "b", URLs: []string{"https://brand-new.example/"}},
		{ID: "c", URLs: []string{"https://example.com/yearly-survey"}},
		{ID: "d", URLs: []string{"https://example.com/yearly-survey/"}, RepeatOK: true},
		{ID: "e", URLs: []string{"https://example.com/in-600"}},
	}
	d.Inbox = []draft.Item{{ID: "i", URLs: []string{"https://www.krisbuytaert.be/blog/115-factor-apps"}}}

	var got []string
	for _, f := range check.Archived(d, a) {
		got = append(got, f.String())
	}
	want := []string{
		"Inbox, item 1: used before in #400 (26th August 2018): https://www.krisbuytaert.be/blog/115-factor-apps",
		"News, item 1: used before in #519 (6th December 2020): http://blog.dave.tf/post/new-kubernetes/?utm_source=x",
		"News, item 3: used before in #519 (6th December 2020), also in #400: https://example.com/yearly-survey",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%q\nwant:\n%q", got, want)
	}
}

// BenchmarkCheck checks a 30-item draft against an archive of 10,000
// links whose index is built: every lookup is a hash lookup.
func BenchmarkCheck(b *testing.B) {
	a := &archive.Archive{}
	for i := range 667 {
		var urls []string
		for j := range 15 {
			urls = append(urls, fmt.Sprintf("https://site%d.example/%d/post-%d/", j, i, j))
		}
		a.Add(published(i+1, "2020-01-05", urls...))
	}
	d := draft.New("Example Weekly", 1000, "2030-01-06", []string{"News", "Tools"})
	for i := range 30 {
		u := fmt.Sprintf("https://new.example/%d", i)
		if i%3 == 0 {
			u = fmt.Sprintf("http://www.site%d.example/%d/post-%d?utm_source=x", i%15, i*20, i%15)
		}
		d.Sections[i%2].Items = append(d.Sections[i%2].Items, draft.Item{ID: fmt.Sprint(i), Blurb: "A post.", URLs: []string{u}})
	}
	if n := len(check.Archived(d, a)); n != 10 {
		b.Fatalf("%d findings, want 10", n)
	}
	b.ResetTimer()
	for b.Loop() {
		check.Archived(d, a)
	}
}
