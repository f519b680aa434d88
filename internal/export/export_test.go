package export

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/format"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// issue is a small issue with every kind of block the exports handle.
func issue() *draft.Draft {
	d := draft.New("Ops Weekly", 88, "2023-06-11", []string{"Acme sponsors Ops Weekly", "News", "Tools", "Events"})
	d.Sections[0].Sponsor = true
	d.Intro = "Platform teams, *database* scaling and a new tool for SBOMs this week."
	d.Sections[0].Items = []draft.Item{{ID: "s1",
		Blurb: "Acme makes deploys boring. Try it free: https://acme.example/try\n\nAbout Acme: we build tools for operators.",
		URLs:  []string{"https://acme.example/try"}}}
	d.Sections[1].Items = []draft.Item{
		{ID: "n1", Blurb: "A post on the pitfalls of platform teams.", URLs: []string{"https://blog.example.com/platform-pitfalls/"}},
		{ID: "n2", Blurb: "Two posts on sharding Postgres:\n\n- part one on planning\n- part two on the cut-over", URLs: []string{"https://db.example.org/shard-1", "https://db.example.org/shard-2?a=1&b=<2>"}},
		{ID: "n3", Title: "A [fetched] title with *stars* & <html>", URLs: []string{"https://news.example.net/x"}},
	}
	d.Sections[2].Items = []draft.Item{{ID: "t1", Blurb: "Parlay enriches SBOMs with data from other sources.", URLs: []string{"https://github.com/snyk/parlay"}}}
	d.Inbox = []draft.Item{{ID: "i1", URLs: []string{"https://later.example/"}, Title: "Not yet placed", AddedAt: time.Date(2023, 6, 9, 8, 0, 0, 0, time.UTC)}}
	d.Closing = "Acme makes deploys boring. Try it free: https://acme.example/try"
	d.Footer = "If you received this email directly then you're already signed up, thanks!"
	return d
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n--- got ---\n%s\n--- want ---\n%s", name, got, want)
	}
}

func TestFormatsMatchGoldens(t *testing.T) {
	for format, file := range map[string]string{"text": "issue.txt", "markdown": "issue.md", "html": "issue.html", "json": "issue.json"} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, issue(), format); err != nil {
				t.Fatal(err)
			}
			golden(t, file, buf.Bytes())
		})
	}
}

func TestTemplate(t *testing.T) {
	tmpl, err := ParseTemplate(filepath.Join("testdata", "bullets.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Template(&buf, tmpl, issue()); err != nil {
		t.Fatal(err)
	}
	golden(t, "bullets.txt", buf.Bytes())
}

func TestTemplateErrorsNameTheTemplate(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.tmpl")
	if err := os.WriteFile(bad, []byte("{{ .Nope }}"), 0o644); err != nil {
		t.Fatal(err)
	}
	tmpl, err := ParseTemplate(bad)
	if err != nil {
		t.Fatal(err)
	}
	err = Template(&bytes.Buffer{}, tmpl, issue())
	if err == nil || !strings.Contains(err.Error(), "bad.tmpl") || !strings.Contains(err.Error(), "Nope") {
		t.Errorf("a template naming a missing field should fail naming both, got %v", err)
	}
	if _, err := ParseTemplate(filepath.Join(dir, "missing.tmpl")); err == nil {
		t.Error("a missing template file parsed")
	}
}

func TestUnknownFormat(t *testing.T) {
	err := Write(&bytes.Buffer{}, issue(), "pdf")
	if err == nil || !strings.Contains(err.Error(), `"pdf"`) || !strings.Contains(err.Error(), "markdown") {
		t.Errorf("an unknown format should be named with the choices, got %v", err)
	}
}

func TestHTMLIsSafe(t *testing.T) {
	d := issue()
	d.Sections[1].Items[0].Blurb = `Look <script>alert(1)</script> [here](javascript:alert(1)) <img src=x onerror=alert(1)>`
	var buf bytes.Buffer
	if err := Write(&buf, d, "html"); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, bad := range []string{"<script", "javascript:", "<img"} {
		if strings.Contains(out, bad) {
			t.Errorf("HTML export lets %q through:\n%s", bad, out)
		}
	}
	if !strings.Contains(out, "Look &lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("HTML typed in a blurb should show as text:\n%s", out)
	}
}

func BenchmarkExport(b *testing.B) {
	d := draft.New("Bench Weekly", 1, "2024-03-24", []string{"News", "Tools", "Events", "Jobs"})
	for i := range 10000 {
		_ = d.Append(1+i%4, draft.Item{ID: fmt.Sprint(i), URLs: []string{fmt.Sprintf("https://example%d.com/posts/%d/a-fairly-long-slug", i%97, i)},
			Blurb: "A good post on running systems in production, with practical advice and a few war stories."})
	}
	for _, name := range format.Names() {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if err := Write(&bytes.Buffer{}, d, name); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
