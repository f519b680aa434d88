package export

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/renameio/v2"

	"github.com/weekly-dev/weekly/internal/store"
)

// RecordFile records, in the folder of the draft exported, the files an
// export wrote and a digest of what it wrote into them, so that an export
// may replace its own file and no other without asking.
const RecordFile = ".exports"

// ToFileOptions say what an export to a file is of, and whether it may
// replace a file weekly did not write.
type ToFileOptions struct {
	// Draft is the file of the draft exported: never written over, by any
	// name, and its folder keeps the record of exports. Empty: none.
	Draft string
	// Force lets the export replace an existing file weekly did not write
	// (or that was changed since); never one of weekly's own.
	Force bool
}

// ExistsError says that the file exists and weekly did not write it, or it
// was changed since: the command line asks for --force, the board for a
// second enter.
type ExistsError struct{ Path string }

func (e *ExistsError) Error() string {
	return e.Path + " exists and was not written by weekly (or was changed since)"
}

// OwnError says that the file is one of weekly's own, which no export
// replaces, whatever Force says.
type OwnError struct {
	Path string
	What string // what the file is: "this draft", "a draft", "the settings", ...
}

func (e *OwnError) Error() string {
	return fmt.Sprintf("%s is %s: an export never writes over it", e.Path, e.What)
}

// ToFile writes an export to path: the one rule for the command line and
// the board. It never writes over one of weekly's own files (see own), nor
// over anything that is not a regular file; it writes over another existing
// file only when weekly wrote it and it has not changed since, or with
// opts.Force, else it returns an *ExistsError. The file is replaced
// atomically, its folder made when missing, and the write recorded beside
// the draft (RecordFile). A symbolic link is written through.
func ToFile(path string, data []byte, opts ToFileOptions) error {
	return ToFileFrom(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}, opts)
}

// ToFileFrom writes an export to path by ToFile's rule, streamed: write
// writes it into a temporary file beside path (through a buffer), which
// replaces path only once write has succeeded; on an error path is left as
// it was.
func ToFileFrom(path string, write func(io.Writer) error, opts ToFileOptions) error {
	abs, err := filepath.Abs(path) // cleaned: "x/../" is judged where it is written
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	target, err := store.Resolve(abs)
	if err != nil {
		return err
	}
	what, err := own(target, opts.Draft)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if what != "" {
		return &OwnError{Path: path, What: what}
	}
	var dir string
	if opts.Draft != "" {
		if d, err := store.Resolve(opts.Draft); err == nil {
			dir = filepath.Dir(d)
		}
	}
	fi, err := os.Stat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return fmt.Errorf("%s: %w", path, err)
	case fi.IsDir():
		return fmt.Errorf("%s is a directory; choose a file name", path)
	case !fi.Mode().IsRegular():
		return fmt.Errorf("%s is not a regular file; choose a file name", path)
	case !opts.Force:
		old, err := os.ReadFile(target)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if dir == "" || readRecord(dir)[target] != digest(old) {
			return &ExistsError{Path: path}
		}
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	sum, err := writeAtomically(target, write)
	if err != nil {
		return err
	}
	if dir == "" {
		return nil
	}
	return record(dir, target, sum)
}

// writeAtomically writes path as store.WriteFile does (a temporary file in
// its folder, fsync, rename, fsync of the folder), from write, and returns
// the digest of what was written.
func writeAtomically(path string, write func(io.Writer) error) (string, error) {
	dir := filepath.Dir(path)
	pf, err := renameio.NewPendingFile(path, renameio.WithTempDir(dir), renameio.WithPermissions(0o644))
	if err != nil {
		return "", fmt.Errorf("save %s: %w", path, err)
	}
	defer pf.Cleanup()
	h := sha256.New()
	bw := bufio.NewWriterSize(io.MultiWriter(pf, h), 64<<10)
	if err := write(bw); err != nil {
		return "", err
	}
	if err := bw.Flush(); err != nil {
		return "", fmt.Errorf("save %s: %w", path, err)
	}
	if err := pf.CloseAtomicallyReplace(); err != nil {
		return "", fmt.Errorf("save %s: %w", path, err)
	}
	if f, err := os.Open(dir); err == nil {
		_ = f.Sync()
		_ = f.Close()
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// temp matches the files a save writes before renaming them over a draft
// (".519.json123456").
var temp = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\..+\.json[0-9]+$`) })

// own says which of weekly's own files abs is, "" when none: the draft
// being exported (by any name: a link, another path, a hard link), any
// draft, settings or archive (a JSON object with a "schema" member), the
// settings or the archive by name (even before they exist), a lock, edit
// lock or queue beside a draft, the record of exports, a save under way,
// or anything under a .weekly folder. It is the one place that decides.
func own(abs, draftPath string) (string, error) {
	names := []string{abs}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		names = append(names, real)
	} else if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		names = append(names, filepath.Join(dir, filepath.Base(abs)))
	}
	for _, name := range names {
		if what := ownName(name); what != "" {
			return what, nil
		}
	}
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", nil
	case err != nil:
		return "", err
	}
	if draftPath != "" {
		if d, err := os.Stat(draftPath); err == nil && os.SameFile(fi, d) {
			return "this draft", nil
		}
	}
	if !fi.Mode().IsRegular() {
		return "", nil
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		return "", err
	}
	if hasSchema(data) {
		return "a weekly draft, settings or archive file", nil
	}
	return "", nil
}

// ownName says which of weekly's files a path names, by its name alone.
func ownName(path string) string {
	for _, part := range strings.Split(filepath.Dir(path), string(filepath.Separator)) {
		if part == ".weekly" {
			return "in weekly's own folder .weekly"
		}
	}
	base := filepath.Base(path)
	switch {
	case base == "settings.json":
		return "the settings"
	case base == "archive.json":
		return "the archive"
	case base == ".weekly":
		return "weekly's own folder"
	case base == RecordFile:
		return "weekly's record of exports"
	case !strings.HasPrefix(base, "."):
		return ""
	case strings.HasSuffix(base, ".json.lock"):
		return "a draft's lock file"
	case strings.HasSuffix(base, ".json.edit"):
		return "a draft's edit lock"
	case strings.HasSuffix(base, ".json.incoming"):
		return "a draft's queue of changes"
	case temp().MatchString(base):
		return "a draft being saved"
	}
	return ""
}

// hasSchema reports whether data is a JSON object with a "schema" member,
// as drafts, the settings and the archive are.
func hasSchema(data []byte) bool {
	dec := jsontext.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return false
	}
	for {
		tok, err := dec.ReadToken()
		if err != nil || tok.Kind() != '"' {
			return false
		}
		if tok.String() == "schema" {
			return true
		}
		if err := dec.SkipValue(); err != nil {
			return false
		}
	}
}

func digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// readRecord returns the record of exports in dir: absolute path to digest.
func readRecord(dir string) map[string]string {
	out := map[string]string{}
	f, err := os.Open(filepath.Join(dir, RecordFile))
	if err != nil {
		return out
	}
	defer f.Close()
	sc := bufio.NewScanner(io.LimitReader(f, 1<<20))
	for sc.Scan() {
		if sum, path, ok := strings.Cut(sc.Text(), " "); ok {
			out[path] = sum
		}
	}
	return out
}

// record notes in dir's record that an export wrote what has the digest
// sum to abs, and forgets the files that are gone.
func record(dir, abs, sum string) error {
	if strings.ContainsAny(abs, "\n\r") {
		return nil // cannot be recorded on one line: the next export asks again
	}
	rec := readRecord(dir)
	rec[abs] = sum
	var b strings.Builder
	for _, path := range slices.Sorted(maps.Keys(rec)) {
		if _, err := os.Stat(path); err == nil || path == abs {
			fmt.Fprintf(&b, "%s %s\n", rec[path], path)
		}
	}
	if err := store.WriteFile(filepath.Join(dir, RecordFile), []byte(b.String())); err != nil {
		return fmt.Errorf("wrote the export, but could not record it: %w", err)
	}
	return nil
}
