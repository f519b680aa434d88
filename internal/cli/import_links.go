package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/fetch"
	"github.com/weekly-dev/weekly/internal/intake"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/store"
)

// importLinks adds the links of a feed, a bookmarks file or a list of URLs
// to the inbox of the draft at path, creating the draft when there is none.
// It reports handled=false, and does nothing, when data is none of those;
// file names the data in messages.
func importLinks(app *App, path, file string, data []byte) (handled bool, err error) {
	kind := intake.Detect(data)
	if kind == intake.None {
		return false, nil
	}
	list, err := intake.Parse(data, "")
	if err != nil {
		if kind == intake.URLList {
			return true, fmt.Errorf("%s, a list of URLs:\n%w\nnothing was imported; fix or remove those lines and run again", file, err)
		}
		return true, fmt.Errorf("%s: %w; nothing was imported", file, err)
	}
	return true, addEntries(context.Background(), app, path, file, list)
}

// importFeed fetches the feed at feedURL, with the limits of every fetch,
// and adds its links to the inbox of the draft at path.
func importFeed(app *App, path, feedURL string) error {
	if _, err := link.Check(feedURL); err != nil {
		return fmt.Errorf("--feed: %w", err)
	}
	ctx := context.Background()
	doc, err := app.Fetcher().Download(ctx, feedURL)
	if err != nil {
		return fmt.Errorf("fetch feed %w", err)
	}
	if intake.Detect(doc.Data) != intake.Feed {
		what := "it is not one"
		if ct := sanitize.Line(doc.ContentType); ct != "" {
			what = "it is " + ct
		}
		return fmt.Errorf("%s is not an RSS, Atom or JSON feed (%s); give the address of the feed itself", feedURL, what)
	}
	list, err := intake.Parse(doc.Data, doc.URL)
	if err != nil {
		return fmt.Errorf("%s: %w; nothing was imported", feedURL, err)
	}
	return addEntries(ctx, app, path, feedURL, list)
}

// sources are the Item.Source of imported links.
var sources = map[intake.Kind]string{intake.Feed: "feed", intake.Bookmarks: "bookmarks", intake.URLList: "list"}

// addEntries puts every entry of list that the draft does not have yet into
// its inbox, fetching the titles of those that came without one. Entries
// the reader skipped are reported on standard error.
func addEntries(ctx context.Context, app *App, path, from string, list intake.List) error {
	for _, s := range list.Skipped {
		fmt.Fprintf(app.Err, "%s: skipped %s\n", from, s)
	}
	var have map[string]bool // the draft's links, if it exists yet
	if d, err := store.LoadQueued(path); err == nil {
		have = draftLinks(d)
	} else if _, statErr := os.Stat(path); !errors.Is(statErr, fs.ErrNotExist) {
		return err
	}
	var entries []intake.Entry
	seen := map[string]bool{}
	for _, e := range list.Entries {
		key := link.Normalize(e.URL)
		if !seen[key] {
			seen[key] = true
			entries = append(entries, e)
		}
	}
	fetchTitles(ctx, app, entries, have)
	if len(entries) == 0 {
		fmt.Fprintf(app.Out, "No links to import from %s\n", from)
		return nil
	}
	if err := ensureDraft(app, path); err != nil {
		return err
	}
	now := app.Now()
	items := make([]draft.Item, len(entries))
	for i, e := range entries {
		items[i] = draft.NewItem([]string{e.URL}, "", now, sources[list.Kind])
		items[i].Title, items[i].Description, items[i].Site = e.Title, e.Description, link.Site(e.URL)
	}
	added, already := 0, 0
	queued, err := store.AddItems(path, "weekly import", "", items, func(d *draft.Draft, items []draft.Item) ([]draft.Item, error) {
		have := draftLinks(d)
		var out []draft.Item
		for _, it := range items {
			if have[link.Normalize(it.URL())] {
				continue
			}
			out = append(out, it)
		}
		added, already = len(out), len(items)-len(out)
		return out, nil
	})
	if err != nil {
		return err
	}
	inbox := "the inbox of " + path
	if queued {
		inbox = "the inbox of the open editor of " + path
	}
	msg := fmt.Sprintf("Imported %d link(s) from %s (%s) into %s", added, from, list.Kind, inbox)
	if already > 0 {
		msg += fmt.Sprintf("; %d already in the draft were left out", already)
	}
	fmt.Fprintln(app.Out, sanitize.Line(msg))
	return nil
}

// fetchTitles fetches the title and description of the entries that have
// no title and are not in have (the draft's links), a bounded number at a
// time. A failure is a warning; the entry is kept.
func fetchTitles(ctx context.Context, app *App, entries []intake.Entry, have map[string]bool) {
	var urls []string
	var at []int
	for i, e := range entries {
		if e.Title == "" && !have[link.Normalize(e.URL)] {
			urls = append(urls, e.URL)
			at = append(at, i)
		}
	}
	fetchPages(ctx, app, urls, func(k int, p fetch.Page) {
		e := &entries[at[k]]
		e.Title = p.Title
		if e.Description == "" {
			e.Description = p.Description
		}
	})
}

// draftLinks returns the normalised form of every URL in d.
func draftLinks(d *draft.Draft) map[string]bool {
	have := map[string]bool{}
	d.Items(func(_ draft.Pos, it *draft.Item) {
		for _, u := range it.URLs {
			have[link.Normalize(u)] = true
		}
	})
	return have
}

// ensureDraft creates the draft at path as new would, from the settings,
// unless it exists.
func ensureDraft(app *App, path string) error {
	if _, err := os.Stat(path); err == nil || !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	st := app.Store()
	set, _, err := st.Settings()
	if err != nil {
		return err
	}
	if set.Newsletter == "" {
		return fmt.Errorf("no draft at %s, and no newsletter name in %s to start one with: run weekly new first", path, st.SettingsPath())
	}
	number, err := nextNumber(st)
	if err != nil {
		return err
	}
	d := draft.New(set.Newsletter, number, app.Now().Format("2006-01-02"), set.Sections)
	d.Footer = set.Footer
	if err := store.Create(path, d); err != nil {
		if _, statErr := os.Stat(path); statErr == nil {
			return nil // created meanwhile by another weekly
		}
		return err
	}
	fmt.Fprintf(app.Out, "Created %s: %s #%d, %s\n", path, sanitize.Line(d.Newsletter), d.Number, d.Date)
	return nil
}
