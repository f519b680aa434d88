// Package archive keeps the issues already published, by the links they
// carried, so that a link used before is caught before it goes out again.
// It lives in the drafts directory as archive.json and is indexed by the
// normalised form of each link.
package archive

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	json "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/store"
)

// FileName is the archive's file in the drafts directory.
const FileName = "archive.json"

// Schema is the version of the archive file this package reads and writes.
const Schema = 1

// Archive is the published issues, oldest first.
type Archive struct {
	Schema int     `json:"schema"`
	Issues []Issue `json:"issues"`

	index map[string][]ref // normalised URL -> where it was used
}

// Issue is one published issue: what identifies it and the links it had.
type Issue struct {
	Newsletter string `json:"newsletter,omitempty"`
	Number     int    `json:"number"`
	Date       string `json:"date,omitempty"` // YYYY-MM-DD
	Title      string `json:"title,omitempty"`
	Source     string `json:"source,omitempty"` // the file it was added from
	Links      []Link `json:"links"`
}

// Link is one link of an issue, as it was written.
type Link struct {
	URL     string `json:"url"`
	Section string `json:"section,omitempty"` // "" for the intro
	Sponsor bool   `json:"sponsor,omitempty"`
}

// Use is one earlier use of a link.
type Use struct {
	Issue *Issue
	Link  Link
}

type ref struct{ issue, link int }

// Path returns the archive's file in the drafts directory dir.
func Path(dir string) string { return filepath.Join(dir, FileName) }

// Load reads the archive at path; an archive not there yet is empty.
func Load(path string) (*Archive, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &Archive{Schema: Schema, Issues: []Issue{}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return Decode(path, data)
}

// Decode parses an archive file's bytes; path is only used in errors.
func Decode(path string, data []byte) (*Archive, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("open %s: the file is empty; remove it (archive add starts a new one) or restore it from git", path)
	}
	var a Archive
	if err := json.Unmarshal(data, &a, json.RejectUnknownMembers(true)); err != nil {
		return nil, store.JSONError(path, data, err)
	}
	switch {
	case a.Schema > Schema:
		return nil, fmt.Errorf("open %s: schema %d is newer than this weekly understands (up to %d); upgrade weekly. The file was not changed", path, a.Schema, Schema)
	case a.Schema < 1:
		return nil, fmt.Errorf("open %s: not a weekly archive: no valid \"schema\" field; fix or move the file. It was not changed", path)
	}
	if a.Issues == nil {
		a.Issues = []Issue{}
	}
	return &a, nil
}

// Encode returns the archive's stable, indented bytes.
func (a *Archive) Encode() ([]byte, error) {
	a.Schema = Schema
	data, err := json.Marshal(a, jsontext.WithIndent("  "), jsontext.EscapeForHTML(false))
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// Save writes the archive to path atomically.
func Save(path string, a *Archive) error {
	data, err := a.Encode()
	if err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	return store.WriteFile(path, data)
}

// Update loads the archive at path under its lock, applies fn and saves the
// result. Nothing is written when fn fails.
//
// Like new and import, it creates the drafts directory when there is none:
// a newsletter's archive is often built before its first draft.
func Update(path, purpose string, fn func(a *Archive) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	lock, err := store.Acquire(path, purpose)
	if err != nil {
		return err
	}
	defer lock.Release()
	a, err := Load(path)
	if err != nil {
		return err
	}
	if err := fn(a); err != nil {
		return err
	}
	return Save(path, a)
}

// FromDraft returns the archive entry of a published issue: the links of
// its intro and of every section's items, in order. The inbox, which was
// not sent, the closing and the footer, which repeat every week, are left
// out. source names where it came from.
func FromDraft(d *draft.Draft, source string) Issue {
	is := Issue{Newsletter: d.Newsletter, Number: d.Number, Date: d.Date, Title: d.Title, Source: source, Links: []Link{}}
	for _, u := range link.Find(d.Intro) {
		is.Links = append(is.Links, Link{URL: u})
	}
	for _, s := range d.Sections {
		for _, it := range s.Items {
			for _, u := range it.URLs {
				is.Links = append(is.Links, Link{URL: u, Section: s.Name, Sponsor: s.Sponsor})
			}
		}
	}
	return is
}

// Add puts an issue in the archive, in number order. An issue already
// there with the same number (and newsletter) is replaced, never doubled;
// Add reports whether it was.
func (a *Archive) Add(is Issue) (replaced bool) {
	a.index = nil
	i := sort.Search(len(a.Issues), func(i int) bool { return a.Issues[i].Number >= is.Number })
	for j := i; j < len(a.Issues) && a.Issues[j].Number == is.Number; j++ {
		if a.Issues[j].Is(is.Newsletter, is.Number) {
			a.Issues[j] = is
			return true
		}
	}
	a.Issues = append(a.Issues, Issue{})
	copy(a.Issues[i+1:], a.Issues[i:])
	a.Issues[i] = is
	return false
}

// Is reports whether is is issue number of newsletter. An issue (or a
// draft) that does not name its newsletter belongs to the one there is.
func (is *Issue) Is(newsletter string, number int) bool {
	return is.Number == number && (is.Newsletter == "" || newsletter == "" || strings.EqualFold(is.Newsletter, newsletter))
}

// Find returns the earlier uses of a link, compared in normalised form,
// newest issue first.
func (a *Archive) Find(url string) []Use {
	if a.index == nil {
		a.reindex()
	}
	refs := a.index[link.Normalize(url)]
	uses := make([]Use, 0, len(refs))
	for k := len(refs) - 1; k >= 0; k-- {
		r := refs[k]
		uses = append(uses, Use{Issue: &a.Issues[r.issue], Link: a.Issues[r.issue].Links[r.link]})
	}
	return uses
}

// reindex builds the hash index from normalised URL to uses; Issues are
// in number order, so each list is too.
func (a *Archive) reindex() {
	n := 0
	for _, is := range a.Issues {
		n += len(is.Links)
	}
	a.index = make(map[string][]ref, n)
	for i, is := range a.Issues {
		for j, l := range is.Links {
			k := link.Normalize(l.URL)
			if rs := a.index[k]; len(rs) > 0 && rs[len(rs)-1].issue == i {
				continue // twice in one issue is one use
			}
			a.index[k] = append(a.index[k], ref{i, j})
		}
	}
}

// Latest returns the highest issue number in the archive, or 0.
func (a *Archive) Latest() int {
	if len(a.Issues) == 0 {
		return 0
	}
	return a.Issues[len(a.Issues)-1].Number
}

// Links returns how many links the archive holds.
func (a *Archive) Links() int {
	n := 0
	for _, is := range a.Issues {
		n += len(is.Links)
	}
	return n
}

// Label names an issue as check and list show it: "#400 (26th August
// 2018)".
func (is *Issue) Label() string {
	s := fmt.Sprintf("#%d", is.Number)
	if t, err := draft.ParseDate(is.Date); err == nil {
		s += " (" + draft.LongDate(t) + ")"
	} else if is.Date != "" {
		s += " (" + is.Date + ")"
	}
	return s
}
