package cli

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
	"slices"
	"strings"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/weekly-dev/weekly/internal/store"
)

// exportsFile records, in the drafts directory, the files export -o wrote
// and what it wrote into them, so that a second export may replace its own
// file and nothing else.
const exportsFile = ".exports"

// writeOutput writes an export to the file out. It never writes over a
// draft, settings or the archive (nor over the draft being exported, by any
// name), and writes over another existing file only when export wrote it
// and it has not changed since, or when force is set.
func writeOutput(dir, draftPath, out string, data []byte, force bool) error {
	target, err := store.Resolve(out)
	if err != nil {
		return fmt.Errorf("-o %w", err)
	}
	abs, err := filepath.Abs(target)
	if err != nil {
		return fmt.Errorf("-o %s: %w", out, err)
	}
	fi, err := os.Stat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return fmt.Errorf("-o %s: %w", out, err)
	case !fi.Mode().IsRegular():
		return fmt.Errorf("-o %s: not a regular file; choose a file name", out)
	default:
		if same(target, draftPath) {
			return fmt.Errorf("-o %s is the draft being exported; export will not write over it: choose another file", out)
		}
		old, err := os.ReadFile(target)
		if err != nil {
			return fmt.Errorf("-o %s: %w", out, err)
		}
		if kind := weeklyFile(old); kind != "" {
			return fmt.Errorf("-o %s is a weekly %s; export never writes over one: choose another file", out, kind)
		}
		if !force && readExports(dir)[abs] != digest(old) {
			return fmt.Errorf("-o %s exists and was not written by weekly export (or was changed since); give --force to write over it, or choose another file", out)
		}
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return fmt.Errorf("-o %s: %w", out, err)
	}
	if err := store.WriteFile(target, data); err != nil {
		return err
	}
	return recordExport(dir, abs, data)
}

// same reports whether two paths name the same file.
func same(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}

// weeklyFile says which of weekly's own files data is ("draft", "settings
// file", "archive"), or "" when it is none: all three are JSON objects with
// a "schema" member.
func weeklyFile(data []byte) string {
	dec := jsontext.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return ""
	}
	for {
		tok, err := dec.ReadToken()
		if err != nil || tok.Kind() != '"' {
			return ""
		}
		if tok.String() == "schema" {
			return "draft, settings or archive file"
		}
		if err := dec.SkipValue(); err != nil {
			return ""
		}
	}
}

func digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// readExports returns the record of exports: absolute path to digest.
func readExports(dir string) map[string]string {
	out := map[string]string{}
	f, err := os.Open(filepath.Join(dir, exportsFile))
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

// recordExport notes that export wrote data to abs.
func recordExport(dir, abs string, data []byte) error {
	if strings.ContainsAny(abs, "\n\r") {
		return nil // cannot be recorded on one line: the next export asks for --force
	}
	rec := readExports(dir)
	rec[abs] = digest(data)
	var b strings.Builder
	for _, path := range slices.Sorted(maps.Keys(rec)) {
		if _, err := os.Stat(path); err == nil || path == abs {
			fmt.Fprintf(&b, "%s %s\n", rec[path], path)
		}
	}
	if err := store.WriteFile(filepath.Join(dir, exportsFile), []byte(b.String())); err != nil {
		return fmt.Errorf("wrote the export, but could not record it: %w", err)
	}
	return nil
}
