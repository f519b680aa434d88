package publish

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/format"
	"github.com/weekly-dev/weekly/internal/store"
)

// Sources counts where the issues of a rebuild came from.
type Sources struct {
	// Files are issues read again from the file the archive added them
	// from (a draft, an email, a Markdown issue): the whole issue.
	Files int
	// Links are issues whose file is gone, made of the items the archive
	// keeps: each under its section with its title and blurb (an older
	// weekly's archive kept only links: each an item without a blurb).
	Links int
}

// FromArchive returns the archive's issues of newsletter ("" for every
// one), oldest first, as drafts to publish. Each is read from the file the
// archive recorded it was added from when that is still there and holds
// the same issue; else it is made of the items the archive keeps.
func FromArchive(a *archive.Archive, newsletter string) ([]*draft.Draft, Sources) {
	var picked []*archive.Issue
	for i := range a.Issues {
		if is := &a.Issues[i]; newsletter == "" || is.Is(newsletter, is.Number) {
			picked = append(picked, is)
		}
	}
	out := make([]*draft.Draft, len(picked))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, is := range picked {
		g.Go(func() error {
			out[i] = fromSource(is)
			return nil
		})
	}
	_ = g.Wait() // nothing fails: a file that cannot be read is one to make of links
	var src Sources
	for i, d := range out {
		if d != nil {
			src.Files++
		} else {
			d = fromItems(picked[i])
			out[i] = d
			src.Links++
		}
		if d.Newsletter == "" || strings.EqualFold(d.Newsletter, newsletter) {
			d.Newsletter = newsletter // as the settings spell it, not as an email's header shouts it
		}
	}
	return out, src
}

// fromSource reads an archived issue's file again, or returns nil when it
// is gone or holds another issue now.
func fromSource(is *archive.Issue) *draft.Draft {
	if is.Source == "" {
		return nil
	}
	var d *draft.Draft
	if strings.EqualFold(filepath.Ext(is.Source), ".json") {
		d, _ = store.LoadQueued(is.Source)
	} else if data, err := os.ReadFile(is.Source); err == nil {
		d, _ = format.Parse(data)
	}
	if d == nil {
		return nil
	}
	if d.Number < 1 {
		d.Number = is.Number // named after its number, as archive add allows
	}
	if d.Number != is.Number {
		return nil
	}
	if d.Newsletter == "" {
		d.Newsletter = is.Newsletter
	}
	if d.Date == "" {
		d.Date = is.Date
	}
	return d
}

// fromItems makes an issue of the items the archive keeps: the intro's
// items as the intro (each its blurb, or its links when it has none), then
// each section with its items, their titles, blurbs and links. An archive
// of an older weekly kept only links: each is an item of its own.
func fromItems(is *archive.Issue) *draft.Draft {
	d := draft.New(is.Newsletter, is.Number, is.Date, nil)
	d.Title = is.Title
	var intro []string
	for _, it := range is.Items {
		if it.Section == "" {
			if it.Blurb != "" {
				intro = append(intro, it.Blurb)
				continue
			}
			for _, u := range it.URLs {
				intro = append(intro, "<"+u+">")
			}
			continue
		}
		if n := len(d.Sections); n == 0 || d.Sections[n-1].Name != it.Section {
			d.Sections = append(d.Sections, draft.Section{Name: it.Section, Sponsor: it.Sponsor})
		}
		s := &d.Sections[len(d.Sections)-1]
		s.Items = append(s.Items, draft.Item{Title: it.Title, Blurb: it.Blurb, URLs: slices.Clone(it.URLs)})
	}
	d.Intro = strings.Join(intro, "\n\n")
	return d
}
