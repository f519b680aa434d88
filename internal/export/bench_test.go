package export

import (
	"fmt"
	"io"
	"strconv"
	"testing"

	"github.com/weekly-dev/weekly/internal/cputime"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/format"
)

// benchDraft is an issue of n items in four sections, each a 40-word
// Markdown blurb with emphasis, a code span and a link of its own, and a
// URL below it, as a long real issue would have.
func benchDraft(n int) *draft.Draft {
	d := draft.New("Bench Weekly", 1, "2024-03-24", []string{"Acme sponsors Bench Weekly", "News", "Tools", "Events"})
	d.Sections[0].Sponsor = true
	d.Intro = "A long week: posts on *platform teams*, on running `Postgres` at scale, and new tools. Read on."
	d.Footer = "If you received this email directly then you're already signed up, thanks! Unsubscribe at https://bench.example/unsub"
	for i := range n {
		site := "example" + strconv.Itoa(i%97) + ".com"
		it := draft.Item{ID: strconv.Itoa(i),
			URLs: []string{fmt.Sprintf("https://%s/posts/%d/a-fairly-long-slug", site, i)},
			Blurb: fmt.Sprintf("A *good* post on running systems in production at %s, with practical advice on `kubectl rollout` "+
				"and a few war stories from the **on-call** rotation. See also [the follow-up](https://%s/posts/%d/follow-up) "+
				"for what changed after the outage and why the team moved on.", site, site, i),
		}
		if i%5 == 0 {
			it.Title = fmt.Sprintf("Running systems in production, part %d", i)
		}
		_ = d.Append(1+i%4, it)
	}
	return d
}

// benchExport writes a draft of 100 and of 10,000 items in the named
// format, as weekly export does.
func benchExport(b *testing.B, name string) {
	f, ok := format.Named(name)
	if !ok {
		b.Fatalf("no format %s", name)
	}
	for _, n := range []int{100, 10000} {
		d := benchDraft(n)
		b.Run("items="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			start := cputime.Used()
			for b.Loop() {
				if err := f.Write(io.Discard, d, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			cputime.Report(b, start)
		})
	}
}

// BenchmarkExportHTML is weekly export --format html.
func BenchmarkExportHTML(b *testing.B) { benchExport(b, "html") }

// BenchmarkExportEml is weekly export --format eml: the text and the HTML
// exports, each quoted-printable.
func BenchmarkExportEml(b *testing.B) { benchExport(b, "eml") }
