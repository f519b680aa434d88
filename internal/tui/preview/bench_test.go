package preview

import (
	"fmt"
	"strconv"
	"testing"

	"charm.land/glamour/v2"
	"github.com/weekly-dev/weekly/internal/markdown"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/tui/styles"
)

// bigIssue returns an issue of n items over three sections and a sponsor,
// each with a two-sentence blurb carrying emphasis, code and a link, like
// the corpus's issues.
func bigIssue(n int) *draft.Draft {
	d := draft.New("DevOps Weekly", 700, "2024-06-02", []string{"Sponsor", "News", "Tools", "Events"})
	d.Intro = "Platform engineering, scaling databases, configuration management and *software supply chain* security this week."
	d.Footer = "DevOps Weekly is a free weekly email. Unsubscribe at any time."
	for i := range n {
		s := &d.Sections[1+i%3]
		if i == 0 {
			s = &d.Sections[0]
		}
		s.Items = append(s.Items, draft.Item{
			ID:    fmt.Sprintf("item%03d", i),
			Blurb: fmt.Sprintf("Item %d: a good post on running **Kubernetes** at scale, with `kubectl` tips and a [case study](https://example.com/case/%d). It covers observability, cost and the pitfalls teams hit in their first year.", i, i),
			URLs:  []string{fmt.Sprintf("https://example.com/posts/%d/kubernetes-at-scale", i)},
		})
	}
	return d
}

// BenchmarkPreview measures the render command for a 200-item issue in the
// dark style at 80 columns: full renders it with an empty cache, edit
// renders it again after one blurb changed, as typing does.
func BenchmarkPreview(b *testing.B) {
	const width, style = 80, "dark"
	b.Run("full", func(b *testing.B) {
		d := bigIssue(200)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := newCache().run(job{draft: d.Clone(), width: width, style: style}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("edit", func(b *testing.B) {
		d := bigIssue(200)
		c := newCache()
		if _, err := c.run(job{draft: d.Clone(), width: width, style: style}); err != nil {
			b.Fatal(err)
		}
		it := &d.Sections[2].Items[30]
		blurb := it.Blurb
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			i++
			it.Blurb = blurb + " Edit " + strconv.Itoa(i) + "."
			if _, err := c.run(job{draft: d.Clone(), width: width, style: style}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkKeystroke measures what the preview adds to a keystroke while a
// blurb is typed with the pane open on a 200-item issue: SetDraft (which
// starts the quiet period) and View.
func BenchmarkKeystroke(b *testing.B) {
	cfg := DefaultConfig()
	cfg.Style = "dark"
	m := New(styles.New(true), cfg)
	m.SetSize(100, 40)
	d := bigIssue(200)
	m.SetDraft(d)
	msg := m.render()()
	m, _ = m.Update(msg)
	m.ShowItem("item100")
	b.ReportAllocs()
	for b.Loop() {
		_ = m.SetDraft(d)
		_ = m.View()
	}
}

// BenchmarkShowRender measures Update taking a finished render of a
// 200-item issue into the viewport, once per quiet period.
func BenchmarkShowRender(b *testing.B) {
	cfg := DefaultConfig()
	cfg.Style = "dark"
	m := New(styles.New(true), cfg)
	m.SetSize(100, 40)
	m.SetDraft(bigIssue(200))
	msg := m.render()().(RenderedMsg)
	b.ReportAllocs()
	for b.Loop() {
		msg.gen = m.gen
		m, _ = m.Update(msg)
	}
}

// BenchmarkPreviewOpen measures opening the preview on an issue: from the
// draft to the first frame on screen (the render command for the view,
// Update taking it in, and View).
func BenchmarkPreviewOpen(b *testing.B) {
	for _, n := range []int{200, 10000} {
		b.Run("items="+strconv.Itoa(n), func(b *testing.B) {
			d := bigIssue(n)
			cfg := DefaultConfig()
			cfg.Style = "dark"
			b.ReportAllocs()
			for b.Loop() {
				m := New(styles.New(true), cfg)
				m.SetSize(100, 40)
				m.SetDraft(d)
				m, _ = m.Update(m.render()())
				if !m.ready {
					b.Fatal("no frame")
				}
				_ = m.View()
			}
		})
	}
}

// BenchmarkPreviewFull measures rendering the whole of a 200-item issue,
// group by group, with an empty cache, in the dark style at 80 columns;
// BenchmarkGlamourWhole is one glamour render of the same Markdown.
func BenchmarkPreviewFull(b *testing.B) {
	const width, style = 80, "dark"
	d := bigIssue(200)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := newCache().run(job{draft: d.Clone(), width: width, style: style}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGlamourWhole is glamour rendering the issue of
// BenchmarkPreviewFull as one document: the cost the preview's full render
// is held to.
func BenchmarkGlamourWhole(b *testing.B) {
	const width, style = 80, "dark"
	md := markdown.Format(bigIssue(200))
	b.ReportAllocs()
	for b.Loop() {
		tr, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(width))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tr.Render(md); err != nil {
			b.Fatal(err)
		}
	}
}
