package publish_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/format"
	"github.com/weekly-dev/weekly/internal/publish"
)

// history writes 600 published emails (the real issues again and again,
// renumbered) into a folder and returns the archive of them, each added
// from its file, as weekly archive add leaves it.
func history(b *testing.B, n int) *archive.Archive {
	b.Helper()
	files, _ := filepath.Glob(filepath.Join(corpus, "*.txt"))
	if len(files) == 0 {
		b.Skipf("the corpus is not beside the project (%s)", corpus)
	}
	issueLine := regexp.MustCompile(`ISSUE #\d+`)
	dir := b.TempDir()
	a := &archive.Archive{Schema: archive.Schema}
	for i := range n {
		src, err := os.ReadFile(files[i%len(files)])
		if err != nil {
			b.Fatal(err)
		}
		src = issueLine.ReplaceAll(src, fmt.Appendf(nil, "ISSUE #%d", i+1))
		path := filepath.Join(dir, fmt.Sprintf("%d.txt", i+1))
		if err := os.WriteFile(path, src, 0o644); err != nil {
			b.Fatal(err)
		}
		d, err := format.Parse(src)
		if err != nil {
			b.Fatal(err)
		}
		a.Add(archive.FromDraft(d, path))
	}
	return a
}

// BenchmarkRebuild600 is weekly publish --rebuild of 600 issues into an
// empty folder: every email read again from its file, every page, the
// index, the feed, each file written atomically.
func BenchmarkRebuild600(b *testing.B) {
	a := history(b, 600)
	root := b.TempDir()
	i := 0
	for b.Loop() {
		i++
		issues, _ := publish.FromArchive(a, "Devops Weekly")
		res, err := publish.Rebuild(issues, publish.Options{Site: filepath.Join(root, fmt.Sprint(i)), BaseURL: base})
		if err != nil {
			b.Fatal(err)
		}
		if res.Issues != 600 {
			b.Fatalf("%d issues", res.Issues)
		}
	}
}

// BenchmarkPublishInto600 is weekly publish of one issue into a site of 600:
// its page, the index, the feed and the neighbours' navigation.
func BenchmarkPublishInto600(b *testing.B) {
	a := history(b, 600)
	site := b.TempDir()
	issues, _ := publish.FromArchive(a, "Devops Weekly")
	if _, err := publish.Rebuild(issues, publish.Options{Site: site, BaseURL: base}); err != nil {
		b.Fatal(err)
	}
	d := issues[299].Clone()
	for b.Loop() {
		if _, err := publish.Publish(d, publish.Options{Site: site, BaseURL: base}); err != nil {
			b.Fatal(err)
		}
	}
}
