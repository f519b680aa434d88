package index_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/archive/archivetest"
	"github.com/weekly-dev/weekly/internal/archive/index"
	"github.com/weekly-dev/weekly/internal/cputime"
)

// benchQueries are what an editor types: a word, two, a word in another
// form, a typo, a phrase, a field, a negation.
var benchQueries = []string{
	"kubernetes", "kubernetes deployments", "deploying", "monitring", `"continuous delivery"`,
	"terraform section:tools", "postgres -mysql", "host:github.com observability", "year:2015 docker", "incident postmortem",
}

// benchIndex returns the index of a generated archive of n issues.
func benchIndex(b *testing.B, n int) *index.Index {
	b.Helper()
	corpus := archivetest.Corpus(b)
	path := archive.Path(filepath.Join(b.TempDir(), fmt.Sprint(n)))
	if err := archive.Update(path, "bench", func(a *archive.Archive) error {
		*a = *archivetest.Generate(corpus, n, 1)
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	x, err := index.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { x.Close() })
	return x
}

// BenchmarkArchiveSearch runs one query of benchQueries per op against the
// index of a generated archive of 600 issues (about 7,400 items), then of
// 6,000: what weekly archive search and the board's search ask of it.
func BenchmarkArchiveSearch(b *testing.B) {
	for _, n := range []int{600, 6000} {
		b.Run(fmt.Sprintf("issues=%d", n), func(b *testing.B) {
			x := benchIndex(b, n)
			i := 0
			start := cputime.Used()
			for b.Loop() {
				if _, err := x.Search(context.Background(), benchQueries[i%len(benchQueries)], 10); err != nil {
					b.Fatal(err)
				}
				i++
			}
			b.ReportMetric(float64(cputime.Used()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}
