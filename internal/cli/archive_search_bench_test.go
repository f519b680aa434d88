package cli_test

import (
	"bytes"
	"context"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/weekly-dev/weekly/internal/archive/archivetest"
	"github.com/weekly-dev/weekly/internal/cli"
)

// BenchmarkArchiveAddIndexed is weekly archive add of 600 published
// issues in the email layout, shaped like the real ones (about 7,400
// items), into a new archive: reading them, saving the archive and
// building its search index. It reports the index's size on disk against
// the archive's (index/archive).
func BenchmarkArchiveAddIndexed(b *testing.B) {
	a := archivetest.Generate(archivetest.Corpus(b), 600, 1)
	files := archivetest.WriteIssues(b, a, b.TempDir())
	var dir string
	for b.Loop() {
		b.StopTimer()
		dir = b.TempDir()
		b.StartTimer()
		var out, errOut bytes.Buffer
		args := append([]string{"--dir", dir, "archive", "add"}, files...)
		if code := cli.Main(context.Background(), args, nil, &out, &errOut); code != 0 {
			b.Fatalf("archive add: %s", errOut.String())
		}
	}
	b.ReportMetric(float64(treeSize(b, filepath.Join(dir, ".weekly", "archive-index")))/float64(treeSize(b, filepath.Join(dir, "archive.json"))), "index/archive")
}

// treeSize is the bytes of the files under path.
func treeSize(b *testing.B, path string) int64 {
	var n int64
	err := filepath.WalkDir(path, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			n += info.Size()
		}
		return err
	})
	if err != nil || n == 0 {
		b.Fatalf("no files under %s (%v)", path, err)
	}
	return n
}
