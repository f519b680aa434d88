package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/weekly-dev/weekly/internal/archive"
)

// updateWait is how long Update waits for a reader (an open board) to
// close the index before it builds a new one beside it instead.
const updateWait = "300ms"

// Update brings the index of the archive at archivePath in line with a,
// just saved as after over before: the documents of the issues numbered
// in numbers are replaced by those a has now. It runs under the archive's
// lock (archive.Update), so that two updates never meet.
//
// The index is changed in place when it was fresh for before and nobody
// is reading it; otherwise (missing, stale, corrupt, or open in a board)
// a whole new one is built beside it and swapped in. Either way its stamp
// is written last, so that an update cut short (Ctrl-C, a crash) leaves an
// index that the next search sees as stale and rebuilds.
func Update(archivePath string, a *archive.Archive, before, after []byte, numbers []int) error {
	dir := Dir(archivePath)
	fl, err := lock(dir)
	if err != nil {
		return err
	}
	defer fl.Unlock()
	s := sum(after)
	// The file as archive.Update wrote it, under the archive's lock: when it
	// is not after's size, another program replaced it meanwhile, and the
	// stamp leaves the next search to read it.
	seen := stat(archivePath)
	if seen.size != int64(len(after)) {
		seen = fileState{}
	}
	if !fresh(dir, sum(before)) {
		return rebuildLocked(dir, a, s, seen)
	}
	if err := os.Remove(filepath.Join(current(dir), "stamp.json")); err != nil {
		return rebuildLocked(dir, a, s, seen)
	}
	if err := inPlace(current(dir), a, numbers); err != nil {
		return rebuildLocked(dir, a, s, seen)
	}
	return writeStamp(current(dir), s, seen)
}

// inPlace replaces the documents of the issues numbered in numbers with
// those of a, and returns once the change is on disk.
func inPlace(dir string, a *archive.Archive, numbers []int) (err error) {
	defer quiet()()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("update %s: %v", dir, r)
		}
	}()
	bi, err := bleve.OpenUsing(filepath.Join(dir, "bleve"), map[string]any{"bolt_timeout": updateWait})
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, bi.Close()) }()
	b := bi.NewBatch()
	for _, n := range numbers {
		ids, err := docsOf(bi, n)
		if err != nil {
			return err
		}
		for _, id := range ids {
			b.Delete(id)
		}
		for i := range a.Issues {
			is := &a.Issues[i]
			if is.Number != n {
				continue
			}
			for j := range is.Items {
				if err := b.Index(docID(is, j), document(is, &is.Items[j])); err != nil {
					return err
				}
			}
		}
	}
	if b.Size() == 0 {
		return nil
	}
	done := make(chan error, 1)
	b.SetPersistedCallback(func(err error) { done <- err })
	if err := bi.Batch(b); err != nil {
		return err
	}
	select {
	case err := <-done:
		return err
	case <-time.After(persistWait):
		return fmt.Errorf("update %s: not on disk after %v", dir, persistWait)
	}
}

// persistWait bounds the wait for a change to reach the disk; past it the
// index is rebuilt instead.
const persistWait = 30 * time.Second

// maxItems is more items than any issue has.
const maxItems = 100000

// docsOf returns the IDs of the documents of issue number n.
func docsOf(bi bleve.Index, n int) ([]string, error) {
	q := bleve.NewTermQuery(issueTerm(n))
	q.SetField(fieldIssue)
	req := bleve.NewSearchRequestOptions(q, maxItems, 0, false)
	res, err := bi.SearchInContext(context.Background(), req)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids, nil
}
