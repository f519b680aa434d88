package live

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/store"
)

// BenchmarkQueueToBoard is weekly add's link on its way to an open board:
// from the queued line to the seat hearing of it (the hub watches the
// queue file).
func BenchmarkQueueToBoard(b *testing.B) {
	path := filepath.Join(b.TempDir(), "9.json")
	if err := store.Save(path, draft.New("Bench Weekly", 9, "2024-03-24", []string{"News"})); err != nil {
		b.Fatal(err)
	}
	h, err := Open(path, "bench", Config{})
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	s, err := h.Join("Ann")
	if err != nil {
		b.Fatal(err)
	}
	s.Take()
	i := 0
	for b.Loop() {
		i++
		id := fmt.Sprintf("q%d", i)
		if _, err := store.AddItems(path, "weekly add", "", []draft.Item{{ID: id, URLs: []string{"https://q.example/" + id}}}, nil); err != nil {
			b.Fatal(err)
		}
		for heard := false; !heard; {
			n, ok := s.Next()
			if !ok {
				b.Fatal("the seat was left")
			}
			for _, c := range n.Changes {
				for _, it := range c.Items {
					heard = heard || it == id
				}
			}
		}
	}
}
