// Package publish writes issues into a static web archive that any web
// server or Pages service can host: a page per issue (DIR/N/index.html),
// an index of every issue newest first (DIR/index.html), an Atom feed of
// the newest (DIR/feed.xml) and one stylesheet (DIR/style.css). Or, for an
// existing Hugo site, the issue as Markdown with front matter
// (DIR/content/issues/N.md).
//
// Every file is written atomically and only when its bytes change; the
// same issues always give the same bytes.
package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"

	"golang.org/x/sync/errgroup"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/store"
)

// Format is what a site is made of.
type Format int

const (
	// HTML is a static site: pages, index, feed and stylesheet.
	HTML Format = iota
	// Hugo is content for an existing Hugo site.
	Hugo
)

// ParseFormat reads --format: "html" (or "") and "hugo".
func ParseFormat(s string) (Format, error) {
	switch s {
	case "", "html":
		return HTML, nil
	case "hugo":
		return Hugo, nil
	}
	return HTML, fmt.Errorf("unknown site format %q: use html (a static site) or hugo (content/issues/N.md for a Hugo site)", s)
}

// Options say where and how issues are published.
type Options struct {
	// Site is the site's folder.
	Site string
	// BaseURL is the address the site is served from, for the feed's
	// absolute links (see BaseURL); without one no feed is written.
	BaseURL string
	Format  Format
	// Archive is the archive file a published draft is added to, as
	// weekly archive add adds it; "" leaves the archive alone.
	Archive string
	// Source is what the archive records the draft came from (its file).
	Source string
}

// Result says what publishing did.
type Result struct {
	// Page is the published issue's page (or Hugo file).
	Page string
	// Written are the files written, because they were new or changed.
	Written []string
	// Issues is how many issues the site holds.
	Issues int
	// Feed says the feed was written: there was a base URL.
	Feed bool
	// Replaced says the archive held the issue already (it was replaced).
	Replaced bool
}

// Publish adds the draft to the archive and writes its page into the site,
// with the index, the feed, the stylesheet, and the navigation of the
// issues beside it; an earlier issue goes in its place among them.
func Publish(d *draft.Draft, opts Options) (*Result, error) {
	if d.Number < 1 {
		return nil, fmt.Errorf("the issue has no number: set it with weekly set DRAFT --number N")
	}
	res := &Result{}
	if opts.Archive != "" {
		is := archive.FromDraft(d, opts.Source)
		err := archive.Update(opts.Archive, "weekly publish", func(a *archive.Archive) error {
			res.Replaced = a.Add(is)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if err := write([]*draft.Draft{d}, opts, res); err != nil {
		return nil, err
	}
	return res, nil
}

// Rebuild writes the pages of every issue given (and the index, the feed
// and the stylesheet) again, as after a change of weekly's pages or style.
// Pages already in the site that are not among the issues are kept, with
// their navigation brought up to date.
func Rebuild(issues []*draft.Draft, opts Options) (*Result, error) {
	res := &Result{}
	if err := write(issues, opts, res); err != nil {
		return nil, err
	}
	return res, nil
}

// write renders the issues and writes what changed.
func write(issues []*draft.Draft, opts Options, res *Result) error {
	if opts.Site == "" {
		return errors.New("no site folder: give --site DIR")
	}
	if opts.Archive != "" && sameDir(opts.Site, filepath.Dir(opts.Archive)) {
		return fmt.Errorf("the site folder %s is the drafts folder: publish into a folder of its own, such as %s", opts.Site, filepath.Join(filepath.Dir(opts.Site), "site"))
	}
	if opts.BaseURL != "" {
		var err error
		if opts.BaseURL, err = BaseURL(opts.BaseURL); err != nil {
			return err
		}
	}
	var files map[string][]byte
	var err error
	switch opts.Format {
	case Hugo:
		files, err = hugoFiles(issues, opts.Site)
	default:
		files, err = siteFiles(issues, opts, res)
	}
	if err != nil {
		return err
	}
	if len(issues) == 1 {
		res.Page = pagePath(opts, issues[0].Number)
	}
	res.Written, err = writeChanged(files)
	return err
}

// sameDir reports whether a and b are the same folder.
func sameDir(a, b string) bool {
	if fa, err := os.Stat(a); err == nil {
		if fb, err := os.Stat(b); err == nil {
			return os.SameFile(fa, fb)
		}
	}
	return filepath.Clean(a) == filepath.Clean(b)
}

// pagePath is where issue n's page (or Hugo file) is.
func pagePath(opts Options, n int) string {
	if opts.Format == Hugo {
		return filepath.Join(opts.Site, "content", "issues", strconv.Itoa(n)+".md")
	}
	return filepath.Join(opts.Site, strconv.Itoa(n), "index.html")
}

// siteFiles returns every file of the static site as it is to be: the
// issues' pages rendered, the pages already there kept, each with its
// navigation, the index, the feed and the stylesheet.
func siteFiles(issues []*draft.Draft, opts Options, res *Result) (map[string][]byte, error) {
	if err := checkSite(opts.Site); err != nil {
		return nil, err
	}
	pages, err := existing(opts.Site)
	if err != nil {
		return nil, err
	}
	fresh, err := renderAll(issues)
	if err != nil {
		return nil, err
	}
	for n, b := range fresh {
		pages[n] = b
	}
	nums := make([]int, 0, len(pages))
	for n := range pages {
		nums = append(nums, n)
	}
	slices.Sort(nums)
	files := make(map[string][]byte, len(nums)+3)
	list := make([]Issue, len(nums)) // newest first
	for i, n := range nums {
		prev, next := 0, 0
		if i > 0 {
			prev = nums[i-1]
		}
		if i+1 < len(nums) {
			next = nums[i+1]
		}
		b, err := setNav(pages[n], navFor(prev, next))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", pagePath(opts, n), err)
		}
		pages[n] = b
		files[pagePath(opts, n)] = b
		if list[len(nums)-1-i], err = readIssue(b); err != nil {
			return nil, fmt.Errorf("%s: %w", pagePath(opts, n), err)
		}
	}
	newsletter := "Issues"
	if len(list) > 0 && list[0].Newsletter != "" {
		newsletter = list[0].Newsletter
	}
	res.Issues, res.Feed = len(list), opts.BaseURL != ""
	if res.Feed {
		entries := make([]entry, 0, FeedIssues)
		for _, is := range list[:min(len(list), FeedIssues)] {
			html, err := content(pages[is.Number])
			if err != nil {
				return nil, fmt.Errorf("%s: %w", pagePath(opts, is.Number), err)
			}
			entries = append(entries, entry{Issue: is, HTML: html})
		}
		if files[filepath.Join(opts.Site, "feed.xml")], err = feed(newsletter, opts.BaseURL, entries); err != nil {
			return nil, err
		}
	}
	if files[filepath.Join(opts.Site, "index.html")], err = index(newsletter, list, res.Feed); err != nil {
		return nil, err
	}
	files[filepath.Join(opts.Site, "style.css")] = []byte(Stylesheet)
	return files, nil
}

// renderAll renders the issues' pages, several at a time.
func renderAll(issues []*draft.Draft) (map[int][]byte, error) {
	out := make([][]byte, len(issues))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, d := range issues {
		if d.Number < 1 {
			return nil, fmt.Errorf("an issue has no number (%s)", d.Date)
		}
		g.Go(func() error {
			p, err := render(d)
			if err != nil {
				return err
			}
			out[i], err = pageBytes(p)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	pages := make(map[int][]byte, len(issues))
	for i, d := range issues {
		pages[d.Number] = out[i]
	}
	return pages, nil
}

// checkSite refuses a folder that holds someone else's site: an index or
// stylesheet weekly did not write. A folder not there yet is made.
func checkSite(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("site folder: %w", err)
	}
	for name, mark := range map[string]string{"index.html": generator, "style.css": Stylesheet[:20]} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("site folder: %w", err)
		}
		if !bytes.Contains(b, []byte(mark)) {
			return fmt.Errorf("%s was not written by weekly publish: publish into an empty folder, or one weekly publish made", filepath.Join(dir, name))
		}
	}
	return nil
}

// existing reads the issue pages in the site folder: DIR/N/index.html for
// each number N.
func existing(dir string) (map[int][]byte, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("site folder: %w", err)
	}
	pages := map[int][]byte{}
	for _, e := range entries {
		n, err := strconv.Atoi(e.Name())
		if err != nil || n < 1 || strconv.Itoa(n) != e.Name() || !e.IsDir() {
			continue
		}
		path := filepath.Join(dir, e.Name(), "index.html")
		b, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if !bytes.Contains(b, []byte(generator)) {
			return nil, fmt.Errorf("%s was not written by weekly publish: move it out of the site folder", path)
		}
		pages[n] = b
	}
	return pages, nil
}

// writeChanged writes each file whose bytes differ from what is there,
// atomically, several at a time (each waits for its disk sync), and
// returns those written, sorted.
func writeChanged(files map[string][]byte) ([]string, error) {
	var todo []string
	for path, b := range files {
		if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, b) {
			continue
		}
		todo = append(todo, path)
	}
	slices.Sort(todo)
	var g errgroup.Group
	g.SetLimit(8)
	for _, path := range todo {
		g.Go(func() error {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return fmt.Errorf("save %s: %w", path, err)
			}
			return store.WriteFile(path, files[path])
		})
	}
	return todo, g.Wait()
}
