package store

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/draft"
)

// big returns a draft of n items spread over the inbox and four sections.
func big(n int) *draft.Draft {
	d := draft.New("Bench Weekly", 1, "2024-03-24", []string{"News", "Tools", "Events", "Jobs"})
	at := time.Date(2024, 3, 20, 9, 0, 0, 0, time.UTC)
	for i := range n {
		it := draft.Item{ID: fmt.Sprintf("%012x", i), URLs: []string{fmt.Sprintf("https://example%d.com/posts/%d/a-fairly-long-slug", i%97, i)},
			Title: fmt.Sprintf("Post number %d about operations", i), Site: fmt.Sprintf("example%d.com", i%97),
			Blurb: "A good post on running systems in production, with practical advice and a few war stories.", AddedAt: at, Source: "cli"}
		_ = d.Append(i%5, it)
	}
	return d
}

func BenchmarkSave(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.json")
	d := big(10000)
	b.ResetTimer()
	for b.Loop() {
		if err := Save(path, d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.json")
	if err := Save(path, big(10000)); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Load(path); err != nil {
			b.Fatal(err)
		}
	}
}
