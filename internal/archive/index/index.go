// Package index is the archive's full-text search: a bleve index of every
// archived item (its blurb, title, section, the words and hosts of its
// links, its issue's number and year), kept in the drafts directory's
// .weekly/archive-index folder, which git ignores (the folder holds its own
// .gitignore, whatever weekly git setup wrote).
//
// The archive is what is true; the index can always be rebuilt from it,
// and is, by itself: Open rebuilds an index that is missing, of another
// format, corrupt, or stale (built from other archive bytes than those on
// disk: its stamp.json records the SHA-256 of the archive it was built
// from). The folder holds the index in use (current/), its lock, and while
// a rebuild runs the new index (new-PID/): a rebuild writes it whole, then
// swaps it for current/ with two renames, so that a reader never sees half
// an index, and one that dies leaves only a folder the next clears away.
// When the index cannot be written at all (a read-only drafts folder), the
// search is answered from an index built in memory.
//
// weekly archive add updates the index in place (Update) after it has
// saved the archive: its stamp is removed first and written again last, so
// an update cut short is seen as stale and rebuilt.
package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	json "github.com/go-json-experiment/json"
	"github.com/gofrs/flock"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/store"
)

// folder is the index's folder in the drafts directory's .weekly folder.
const folder = "archive-index"

// Dir returns the index folder of the archive at archivePath.
func Dir(archivePath string) string {
	return filepath.Join(filepath.Dir(archivePath), ".weekly", folder)
}

// current is the index in use in the index folder dir.
func current(dir string) string { return filepath.Join(dir, "current") }

// gitignore keeps the index folder out of git.
const gitignore = "# weekly's search index, rebuilt from archive.json whenever needed\n*\n"

// ensure makes the index folder dir, with its .gitignore; anything else in
// its place (a file) is weekly's own leftover and goes.
func ensure(dir string) error {
	if fi, err := os.Lstat(dir); err == nil && !fi.IsDir() {
		if err := os.Remove(dir); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	ig := filepath.Join(dir, ".gitignore")
	if _, err := os.Stat(ig); err == nil {
		return nil
	}
	return os.WriteFile(ig, []byte(gitignore), 0o644)
}

// lockWait is how long a rebuild or an update waits for another to finish.
const lockWait = 10 * time.Second

// openWait is how long opening the index waits for a process that holds it
// for writing (an update takes a fraction of a second).
const openWait = "2s"

// stamp is what the index records of the archive it was built from: the
// SHA-256 of its bytes, and the size and time of change the file had
// before they were read. A file of that size and time is taken to be the
// same without reading it (a search then costs no read of the whole
// archive); any other is read and compared by its SHA-256.
type stamp struct {
	Format  int    `json:"format"`
	Archive string `json:"archive"` // SHA-256 of the archive's bytes, hex
	Size    int64  `json:"size,omitzero"`
	Mod     int64  `json:"mod,omitzero"` // nanoseconds since 1970
}

// sum returns the SHA-256 of the archive bytes data, in hex.
func sum(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

func readStamp(dir string) (stamp, bool) {
	data, err := os.ReadFile(filepath.Join(dir, "stamp.json"))
	if err != nil {
		return stamp{}, false
	}
	var st stamp
	if json.Unmarshal(data, &st) != nil {
		return stamp{}, false
	}
	return st, true
}

// writeStamp records in the index folder dir that it was built from the
// archive whose bytes have archiveSum and whose file was as seen.
func writeStamp(dir, archiveSum string, seen fileState) error {
	st := stamp{Format: Format, Archive: archiveSum}
	if seen != (fileState{}) {
		st.Size, st.Mod = seen.size, seen.mod.UnixNano()
	}
	data, err := json.Marshal(st)
	if err != nil {
		return err
	}
	return store.WriteFile(filepath.Join(dir, "stamp.json"), append(data, '\n'))
}

// fresh reports whether the index in use in the index folder dir was
// built, whole, from the archive whose stamp is archiveSum.
func fresh(dir, archiveSum string) bool {
	st, ok := readStamp(current(dir))
	return ok && st.Format == Format && st.Archive == archiveSum
}

// Index is an open index.
type Index struct {
	// Note says, when the index could not be kept on disk, why, and that
	// it was built in memory for this run; "" otherwise.
	Note string

	bi   bleve.Index
	an   analysis.Analyzer
	path string    // the archive's file
	seen fileState // the archive's file when it was read
}

// fileState is what tells a changed archive file without reading it; the
// zero value is no file.
type fileState struct {
	size int64
	mod  time.Time
}

func stat(path string) fileState {
	fi, err := os.Stat(path)
	if err != nil {
		return fileState{}
	}
	return fileState{fi.Size(), fi.ModTime()}
}

// same reports whether the stamp was written for the file as seen now.
func (st stamp) same(seen fileState) bool {
	return st.Format == Format && seen != fileState{} && st.Size == seen.size && st.Mod == seen.mod.UnixNano()
}

// Open opens the index of the archive at archivePath for searching,
// building it first when it is missing, stale or corrupt. The archive is
// read to know whether the index is its own, and parsed only to build
// one. Open fails only when the archive cannot be read or parsed; close
// the index when done.
func Open(archivePath string) (*Index, error) {
	seen := stat(archivePath) // before the bytes are read: see stamp
	x := &Index{path: archivePath, seen: seen, an: analyzer()}
	dir := Dir(archivePath)
	if st, ok := readStamp(current(dir)); ok && st.same(seen) {
		if bi, err := openDisk(dir, st.Archive); err == nil {
			x.bi = bi
			return x, nil
		}
	}
	data, err := os.ReadFile(archivePath)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// No archive yet: nothing to find, and no folder is made for it in
		// a drafts directory that may not exist either.
		x.bi, err = memory(&archive.Archive{})
		return x, err
	case err != nil:
		return nil, fmt.Errorf("open %s: %w", archivePath, err)
	}
	s := sum(data)
	if bi, err := openDisk(dir, s); err == nil {
		x.bi = bi
		restamp(dir, s, seen) // the same bytes, touched (git checkout)
		return x, nil
	}
	a, err := archive.Decode(archivePath, data)
	if err != nil {
		return nil, err
	}
	err = rebuild(dir, a, s, seen)
	if err == nil {
		if x.bi, err = openDisk(dir, s); err == nil {
			return x, nil
		}
	}
	x.Note = fmt.Sprintf("the search index %s could not be written (%v); searched an index built in memory", dir, err)
	if x.bi, err = memory(a); err != nil {
		return nil, fmt.Errorf("search index of %s: %w", archivePath, err)
	}
	return x, nil
}

// Count returns how many items the index holds.
func (x *Index) Count() int {
	n, _ := x.bi.DocCount()
	return int(n)
}

// Changed reports whether the archive's file changed since Open read it.
func (x *Index) Changed() bool { return stat(x.path) != x.seen }

// Close lets go of the index.
func (x *Index) Close() error {
	if x == nil || x.bi == nil {
		return nil
	}
	return x.bi.Close()
}

// errStale says the index on disk is not the archive's.
var errStale = errors.New("the index is stale")

// openDisk opens the index in dir for reading when it is fresh for the
// archive archiveSum. A panic in bleve over a damaged file is an error
// like any other: the index is rebuilt.
func openDisk(dir, archiveSum string) (bi bleve.Index, err error) {
	if !fresh(dir, archiveSum) {
		return nil, errStale
	}
	defer quiet()()
	defer func() {
		if r := recover(); r != nil {
			bi, err = nil, fmt.Errorf("open %s: %v", dir, r)
		}
	}()
	return bleve.OpenUsing(filepath.Join(current(dir), "bleve"), map[string]any{"read_only": true, "bolt_timeout": openWait})
}

// quietMu makes one quiet span at a time.
var quietMu sync.Mutex

// quiet sends the standard logger's lines to nowhere until the function it
// returns is called. bleve's scorch writes a damaged segment there
// ("unable to load snapshot, … continuing") before Open fails and the
// index is rebuilt: on a terminal, that line would be drawn over the
// board, and it asks nothing of the user. weekly itself never writes to
// the standard logger (weekly serve is given a logger of its own).
func quiet() func() {
	quietMu.Lock()
	w := log.Writer()
	log.SetOutput(io.Discard)
	return func() {
		log.SetOutput(w)
		quietMu.Unlock()
	}
}

// restamp records the archive's file as seen, when its bytes are those
// the index was built from, so that the next Open need not read them. It
// is skipped when another process holds the index.
func restamp(dir, archiveSum string, seen fileState) {
	fl := flock.New(filepath.Join(dir, "lock"))
	if ok, err := fl.TryLock(); err != nil || !ok {
		return
	}
	defer fl.Unlock()
	if fresh(dir, archiveSum) {
		_ = writeStamp(current(dir), archiveSum, seen)
	}
}

// lock takes the index's lock, which rebuilds and updates hold, waiting
// up to lockWait for another to finish.
func lock(dir string) (*flock.Flock, error) {
	if err := ensure(dir); err != nil {
		return nil, err
	}
	fl := flock.New(filepath.Join(dir, "lock"))
	ctx, cancel := context.WithTimeout(context.Background(), lockWait)
	defer cancel()
	ok, err := fl.TryLockContext(ctx, 20*time.Millisecond)
	if err != nil || !ok {
		return nil, fmt.Errorf("another weekly is writing the search index %s: %w", dir, errors.Join(err, errBusy))
	}
	return fl, nil
}

var errBusy = errors.New("busy")

// rebuild builds the index of a, whose bytes have archiveSum (read from
// the file as seen), in a new folder and puts it in use in the index
// folder dir. Another process that rebuilt it meanwhile makes it return
// at once.
func rebuild(dir string, a *archive.Archive, archiveSum string, seen fileState) error {
	fl, err := lock(dir)
	if err != nil {
		return err
	}
	defer fl.Unlock()
	if bi, err := openDisk(dir, archiveSum); err == nil {
		return bi.Close() // rebuilt by another process meanwhile
	}
	return rebuildLocked(dir, a, archiveSum, seen)
}

// rebuildLocked is rebuild under the lock.
func rebuildLocked(dir string, a *archive.Archive, archiveSum string, seen fileState) error {
	clearLeftovers(dir)
	tmp := filepath.Join(dir, fmt.Sprintf("new-%d", os.Getpid()))
	if err := buildDisk(tmp, a); err != nil {
		_ = os.RemoveAll(tmp)
		return err
	}
	if err := writeStamp(tmp, archiveSum, seen); err != nil {
		_ = os.RemoveAll(tmp)
		return err
	}
	cur, old := current(dir), filepath.Join(dir, fmt.Sprintf("old-%d", os.Getpid()))
	if err := os.Rename(cur, old); err != nil && !errors.Is(err, fs.ErrNotExist) {
		_ = os.RemoveAll(tmp)
		return fmt.Errorf("replace %s: %w", cur, err)
	}
	if err := os.Rename(tmp, cur); err != nil {
		_ = os.RemoveAll(tmp)
		return fmt.Errorf("replace %s: %w", cur, err)
	}
	// A reader that still has the old index open goes on reading its files
	// until it closes them.
	_ = os.RemoveAll(old)
	return nil
}

// clearLeftovers removes the folders of rebuilds that died, in the index
// folder dir.
func clearLeftovers(dir string) {
	for _, pattern := range []string{filepath.Join(dir, "new-*"), filepath.Join(dir, "old-*")} {
		matches, _ := filepath.Glob(pattern)
		for _, m := range matches {
			_ = os.RemoveAll(m)
		}
	}
}

// buildDisk writes the index of a in the folder dir, which it creates.
// The builder's batches are larger than its default, for fewer segments
// to merge at the end.
func buildDisk(dir string, a *archive.Archive) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	b, err := bleve.NewBuilder(filepath.Join(dir, "bleve"), newMapping(), map[string]any{"buildPathPrefix": dir, "batchSize": 3000})
	if err != nil {
		return fmt.Errorf("build the search index in %s: %w", dir, err)
	}
	for i := range a.Issues {
		is := &a.Issues[i]
		for j := range is.Items {
			if err := b.Index(docID(is, j), document(is, &is.Items[j])); err != nil {
				_ = b.Close()
				return fmt.Errorf("build the search index in %s: %w", dir, err)
			}
		}
	}
	if err := b.Close(); err != nil {
		return fmt.Errorf("build the search index in %s: %w", dir, err)
	}
	return nil
}

// memory builds the index of a in memory.
func memory(a *archive.Archive) (bleve.Index, error) {
	bi, err := bleve.NewUsing("", newMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, err
	}
	b := bi.NewBatch()
	for i := range a.Issues {
		is := &a.Issues[i]
		for j := range is.Items {
			if err := b.Index(docID(is, j), document(is, &is.Items[j])); err != nil {
				return nil, err
			}
		}
	}
	if err := bi.Batch(b); err != nil {
		_ = bi.Close()
		return nil, err
	}
	return bi, nil
}
