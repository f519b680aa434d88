package cli_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/weekly-dev/weekly/internal/archive/archivetest"
	"github.com/weekly-dev/weekly/internal/cli"
)

// BenchmarkArchiveAddIndexed is weekly archive add of 600 published
// issues in the email layout, shaped like the real ones (about 7,400
// items), into a new archive: reading them, saving the archive and
// building its search index.
func BenchmarkArchiveAddIndexed(b *testing.B) {
	a := archivetest.Generate(archivetest.Corpus(b), 600, 1)
	files := archivetest.WriteIssues(b, a, b.TempDir())
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		b.StartTimer()
		var out, errOut bytes.Buffer
		args := append([]string{"--dir", dir, "archive", "add"}, files...)
		if code := cli.Main(context.Background(), args, nil, &out, &errOut); code != 0 {
			b.Fatalf("archive add: %s", errOut.String())
		}
	}
}
