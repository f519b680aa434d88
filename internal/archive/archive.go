// Package archive keeps the issues already published: for each item, the
// section it was in, its title when known, the blurb the editor wrote and
// its links. A link used before is caught before it goes out again, and
// what was said about a topic can be found again (see package
// internal/archive/index). It lives in the drafts directory as
// archive.json, one item a line (see Encode), and is indexed here by the
// normalised form of each link.
package archive

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/store"
)

// FileName is the archive's file in the drafts directory.
const FileName = "archive.json"

// Schema is the version of the archive file this package writes. Version
// 1 kept only links (URL, section, sponsor) and is read as well: each link
// becomes an item of its own, without a blurb.
const Schema = 2

// Archive is the published issues, oldest first.
type Archive struct {
	Schema int     `json:"schema"`
	Issues []Issue `json:"issues"`

	// From is the schema the file was read in, when older than Schema:
	// the next save writes it in the new shape.
	From int `json:"-"`
	// Path is the file the archive was read from, "" for one made in
	// memory: its search index lives beside it.
	Path string `json:"-"`

	index map[string][]ref // normalised URL -> where it was used
}

// Issue is one published issue: what identifies it and what it said.
type Issue struct {
	Newsletter string `json:"newsletter,omitempty"`
	Number     int    `json:"number"`
	Date       string `json:"date,omitempty"` // YYYY-MM-DD
	Title      string `json:"title,omitempty"`
	Source     string `json:"source,omitempty"` // the file it was added from
	Items      []Item `json:"items"`
}

// Item is one item of an issue as it went out: its section ("" for the
// intro, whose links and words are kept too), whether that was the
// sponsor's, the page's title when it was known (a draft knows it; an
// email does not), the blurb and the links.
type Item struct {
	Section string   `json:"section,omitempty"`
	Sponsor bool     `json:"sponsor,omitzero"`
	Title   string   `json:"title,omitempty"`
	Blurb   string   `json:"blurb,omitempty"`
	URLs    []string `json:"urls"`
}

// SectionName is the item's section as shown: its name, or "Intro".
func (it *Item) SectionName() string {
	if it.Section == "" {
		return "Intro"
	}
	return it.Section
}

// Use is one earlier use of a link: the issue and the item that had it.
type Use struct {
	Issue *Issue
	Item  *Item
}

type ref struct{ issue, item int }

// Path returns the archive's file in the drafts directory dir.
func Path(dir string) string { return filepath.Join(dir, FileName) }

// Load reads the archive at path; an archive not there yet is empty.
func Load(path string) (*Archive, error) {
	a, _, err := Read(path)
	return a, err
}

// Read is Load that also returns the file's bytes (nil when there is no
// file), for the search index to know which archive it was built from.
func Read(path string) (*Archive, []byte, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &Archive{Schema: Schema, Issues: []Issue{}, Path: path}, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", path, err)
	}
	a, err := Decode(path, data)
	if err != nil {
		return nil, nil, err
	}
	a.Path = path
	return a, data, nil
}

// Save writes the archive to path atomically.
func Save(path string, a *Archive) error {
	_, err := SaveBytes(path, a)
	return err
}

// SaveBytes is Save that returns the bytes written.
func SaveBytes(path string, a *Archive) ([]byte, error) {
	data, err := a.Encode()
	if err != nil {
		return nil, fmt.Errorf("save %s: %w", path, err)
	}
	return data, store.WriteFile(path, data)
}

// Update loads the archive at path under its lock, applies fn and saves the
// result. Nothing is written when fn fails. Each of after runs once the
// archive is saved, still under the lock, with the file's bytes before
// (nil when there was none) and after: the search index is brought up to
// date there, so that two commands never update it at once.
//
// Like new and import, it creates the drafts directory when there is none:
// a newsletter's archive is often built before its first draft.
func Update(path, purpose string, fn func(a *Archive) error, after ...func(a *Archive, before, data []byte) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	lock, err := store.Acquire(path, purpose)
	if err != nil {
		return err
	}
	defer lock.Release()
	a, before, err := Read(path)
	if err != nil {
		return err
	}
	if err := fn(a); err != nil {
		return err
	}
	data, err := SaveBytes(path, a)
	if err != nil {
		return err
	}
	for _, f := range after {
		if err := f(a, before, data); err != nil {
			return err
		}
	}
	return nil
}

// FromDraft returns the archive entry of a published issue: the intro (its
// words and links) and every section's items, in order. The inbox, which
// was not sent, the closing and the footer, which repeat every week, are
// left out. source names where it came from.
func FromDraft(d *draft.Draft, source string) Issue {
	is := Issue{Newsletter: d.Newsletter, Number: d.Number, Date: d.Date, Title: d.Title, Source: source, Items: []Item{}}
	if intro := strings.TrimSpace(d.Intro); intro != "" {
		urls := link.Find(intro)
		if urls == nil {
			urls = []string{}
		}
		is.Items = append(is.Items, Item{Blurb: intro, URLs: urls})
	}
	for _, s := range d.Sections {
		for _, it := range s.Items {
			urls := append([]string{}, it.URLs...)
			is.Items = append(is.Items, Item{Section: s.Name, Sponsor: s.Sponsor, Title: it.Title, Blurb: strings.TrimSpace(it.Blurb), URLs: urls})
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
		is := &a.Issues[r.issue]
		uses = append(uses, Use{Issue: is, Item: &is.Items[r.item]})
	}
	return uses
}

// Sent reports whether an issue of the archive other than number of
// newsletter carried url: the mark the board puts on a card. It only reads
// the archive, once Find has been called (Find("") will do), so that many
// readers may call it at once.
func (a *Archive) Sent(url, newsletter string, number int) bool {
	if a.index == nil {
		a.reindex()
	}
	for _, r := range a.index[link.Normalize(url)] {
		if !a.Issues[r.issue].Is(newsletter, number) {
			return true
		}
	}
	return false
}

// reindex builds the hash index from normalised URL to uses; Issues are
// in number order, so each list is too.
func (a *Archive) reindex() {
	a.index = make(map[string][]ref, a.Links())
	for i, is := range a.Issues {
		for j, it := range is.Items {
			for _, u := range it.URLs {
				k := link.Normalize(u)
				if rs := a.index[k]; len(rs) > 0 && rs[len(rs)-1].issue == i {
					continue // twice in one issue is one use
				}
				a.index[k] = append(a.index[k], ref{i, j})
			}
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
		n += is.Links()
	}
	return n
}

// Items returns how many items the archive holds.
func (a *Archive) Items() int {
	n := 0
	for _, is := range a.Issues {
		n += len(is.Items)
	}
	return n
}

// Links returns how many links the issue carried.
func (is *Issue) Links() int {
	n := 0
	for _, it := range is.Items {
		n += len(it.URLs)
	}
	return n
}

// Label names an issue as check and list show it: "#400 (26th August
// 2018)".
func (is *Issue) Label() string {
	s := fmt.Sprintf("#%d", is.Number)
	if d := is.LongDate(); d != "" {
		s += " (" + d + ")"
	}
	return s
}

// LongDate is the issue's date as issues print it, "6th December 2020",
// the date as stored when it does not parse, or "".
func (is *Issue) LongDate() string {
	if t, err := draft.ParseDate(is.Date); err == nil {
		return draft.LongDate(t)
	}
	return is.Date
}

// Year is the year of the issue's date, or 0.
func (is *Issue) Year() int {
	if t, err := draft.ParseDate(is.Date); err == nil {
		return t.Year()
	}
	return 0
}
