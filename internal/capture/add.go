package capture

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/fetch"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/store"
)

const (
	// purpose is who the draft's locks and queue say is changing it.
	purpose = "weekly capture"
	// source is what a captured card says it came from.
	source = "capture"
	// maxNote is the longest note a link may carry, in characters.
	maxNote = 4000
	// fetchTimeout bounds the background fetch of one title.
	fetchTimeout = 20 * time.Second
)

// Link is a link as a client sends it: only URL is needed; Draft names a
// draft in the drafts directory, the newest when empty.
type Link struct {
	URL   string
	Title string
	Note  string
	Draft string
}

// Added says where a link went.
type Added struct {
	// Draft is the draft's name (519), Label its newsletter and number.
	Draft, Label string
	// Item is the card as it was added.
	Item draft.Item
	// Repeat says an earlier issue in the archive carried the link: UsedIn
	// are their numbers, newest first.
	Repeat bool
	UsedIn []int
	// InDraft says the draft had the link already (it is added again, as
	// weekly add does).
	InDraft bool
	// Queued says the draft is open on a board, whose queue took the link.
	Queued bool
}

// problem is a refusal to add a link, with the HTTP status that says it.
type problem struct {
	status int
	msg    string
}

func (p *problem) Error() string { return p.msg }

func refuse(status int, format string, args ...any) error {
	return &problem{status: status, msg: fmt.Sprintf(format, args...)}
}

// statusOf returns the HTTP status of an error of add.
func statusOf(err error) int {
	var p *problem
	if errors.As(err, &p) {
		return p.status
	}
	if errors.Is(err, store.ErrLocked) {
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// Check returns the link as it will be stored, or a refusal naming what is
// wrong with it: the checks of weekly add (http and https only,
// example.com/x taken as https), and a note of at most 4000 characters.
func Check(in Link) (Link, error) {
	u := strings.TrimSpace(in.URL)
	if u == "" {
		return in, refuse(http.StatusBadRequest, `url is missing: send {"url": "https://…"}`)
	}
	u, _ = link.WithScheme(u)
	if _, err := link.Check(u); err != nil {
		return in, refuse(http.StatusBadRequest, "%v", err)
	}
	if n := utf8.RuneCountInString(in.Note); n > maxNote {
		return in, refuse(http.StatusBadRequest, "note is %d characters; a note holds at most %d", n, maxNote)
	}
	return Link{
		URL:   u,
		Title: sanitize.Clip(sanitize.Line(in.Title), fetch.MaxTitle),
		Note:  strings.TrimSpace(sanitize.Text(in.Note)),
		Draft: strings.TrimSpace(in.Draft),
	}, nil
}

// draftName is what a draft named by a client may look like: a name in
// the drafts directory, never a path.
var draftName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)
})

// target returns the file and name of the draft called name, or of the
// newest when name is empty.
func (b *Inbox) target(name string) (path, called string, err error) {
	st := store.New(b.cfg.Dir)
	if name == "" {
		path, _, err := st.Newest()
		if err != nil {
			return "", "", err
		}
		if path == "" {
			return "", "", refuse(http.StatusNotFound, "there is no draft to add to yet: start one with weekly new")
		}
		return path, store.Name(path), nil
	}
	if !draftName().MatchString(name) || strings.HasSuffix(name, ".json") {
		return "", "", refuse(http.StatusNotFound, "no draft named %q: name a draft of the drafts directory, such as 519, or leave draft out for the newest", name)
	}
	path, err = st.Path(name)
	if err != nil {
		return "", "", refuse(http.StatusNotFound, "no draft named %q: %v", name, err)
	}
	if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() {
		return "", "", refuse(http.StatusNotFound, "no draft named %q (weekly list shows the drafts); leave draft out for the newest", name)
	}
	return path, name, nil
}

// Add puts a link sent by via (the capture endpoint's token) on the inbox
// of its draft, as weekly add does: through the draft's queue when a board
// has it open. It never waits on the network: a title not given is fetched
// afterwards (see fetchTitle).
func (b *Inbox) Add(via string, in Link) (Added, error) {
	added, err := b.AddLinks(via, source, in.Draft, []Link{in})
	if err != nil {
		return Added{}, err
	}
	return added[0], nil
}

// AddLinks puts links sent by via on the inbox of the draft called
// draftName (the newest when empty; each link's own Draft is not read), all
// in one step or none: a link that does not pass Check, an unknown draft
// or a draft that cannot be written adds nothing. Each card records via
// and from (its Source: "capture", "ssh"). It says where each link went.
func (b *Inbox) AddLinks(via, from, draftName string, links []Link) ([]Added, error) {
	if len(links) == 0 {
		return nil, nil
	}
	checked := make([]Link, len(links))
	for i, in := range links {
		c, err := Check(in)
		if err != nil {
			if len(links) > 1 {
				return nil, refuse(statusOf(err), "link %d (%s): %v", i+1, sanitize.Clip(sanitize.Line(in.URL), 80), err)
			}
			return nil, err
		}
		checked[i] = c
	}
	b.mu.Lock() // one add at a time: the draft's file locks are for other processes
	defer b.mu.Unlock()
	path, name, err := b.target(strings.TrimSpace(draftName))
	if err != nil {
		return nil, err
	}
	a, err := b.archive()
	if err != nil {
		b.cfg.Log.Printf("links are not checked against the archive: %v", err)
	}
	now := b.cfg.Now()
	items := make([]draft.Item, len(checked))
	for i, in := range checked {
		it := draft.NewItem([]string{in.URL}, "", now, from)
		it.Site, it.Title, it.Note, it.Via = link.Site(in.URL), in.Title, in.Note, via
		items[i] = it
	}
	out := make([]Added, len(items))
	queued, err := store.AddItems(path, purpose, "", items, func(d *draft.Draft, items []draft.Item) ([]draft.Item, error) {
		label := fmt.Sprintf("%s #%d", d.Newsletter, d.Number)
		seen := map[string]bool{}
		d.Items(func(_ draft.Pos, x *draft.Item) {
			for _, u := range x.URLs {
				seen[link.Normalize(u)] = true
			}
		})
		for i, it := range items {
			// The filter may run twice (straight to the file, then to the
			// queue): each run says it all again.
			out[i] = Added{Draft: name, Label: label}
			norm := link.Normalize(it.URL())
			out[i].InDraft, seen[norm] = seen[norm], true
			if a != nil {
				for _, use := range a.Find(it.URL()) {
					if !use.Issue.Is(d.Newsletter, d.Number) {
						out[i].UsedIn = append(out[i].UsedIn, use.Issue.Number)
					}
				}
			}
		}
		return items, nil
	})
	if err != nil {
		if len(items) == 1 {
			return nil, fmt.Errorf("add %s to draft %s: %w", items[0].URL(), name, err)
		}
		return nil, fmt.Errorf("add %d links to draft %s: %w", len(items), name, err)
	}
	where := "the inbox of " + name
	if queued {
		where += " (queued for the open board)"
	}
	for i, it := range items {
		out[i].Item, out[i].Queued, out[i].Repeat = it, queued, len(out[i].UsedIn) > 0
		b.recent.add(received{At: now, Via: via, URL: it.URL(), Title: it.Title, Draft: name, ID: it.ID})
		b.cfg.Log.Printf("added %s to %s, via %s", it.URL(), where, via)
		if it.Title == "" && !queued && b.cfg.Fetch != nil {
			b.fetchTitle(path, it)
		}
	}
	return out, nil
}

// archive returns the archive, read again only when its file changed.
func (b *Inbox) archive() (*archive.Archive, error) {
	path := archive.Path(b.cfg.Dir)
	fi, _ := os.Stat(path)
	b.arch.mu.Lock()
	defer b.arch.mu.Unlock()
	if b.arch.a != nil && same(fi, b.arch.stat) {
		return b.arch.a, nil
	}
	a, err := archive.Load(path)
	if err != nil {
		return nil, err
	}
	b.arch.a, b.arch.stat = a, fi
	return a, nil
}

// fetchTitle learns the title and description of the item's link in the
// background, and writes them on the card when the draft is still closed.
// The card was saved before: a slow or failing page costs it nothing but
// its title. When a board has opened the draft meanwhile, the title is
// left to it (a board fetches the titles of captured links that come
// without one).
func (b *Inbox) fetchTitle(path string, it draft.Item) {
	b.bg.Add(1)
	go func() {
		defer b.bg.Done()
		ctx, cancel := context.WithTimeout(b.ctx, fetchTimeout)
		defer cancel()
		title, desc, err := b.cfg.Fetch(ctx, it.URL())
		if err != nil {
			b.cfg.Log.Printf("no title for %s: %s (the link is kept)", it.URL(), sanitize.Line(err.Error()))
			return
		}
		title, desc = sanitize.Clip(sanitize.Line(title), fetch.MaxTitle), sanitize.Clip(sanitize.Line(desc), fetch.MaxDescription)
		if title == "" && desc == "" {
			return
		}
		b.mu.Lock()
		defer b.mu.Unlock()
		err = store.Update(path, purpose, func(d *draft.Draft) error {
			p, ok := d.Find(it.ID)
			if !ok {
				return errGone
			}
			x := d.At(p)
			if x.Title == "" {
				x.Title = title
			}
			if x.Description == "" {
				x.Description = desc
			}
			return nil
		})
		switch {
		case err == nil:
			b.recent.titled(it.ID, title)
		case errors.Is(err, errGone):
		case errors.Is(err, store.ErrOpen):
			b.cfg.Log.Printf("the title of %s came after a board opened the draft: not written", it.URL())
		default:
			b.cfg.Log.Printf("could not write the title of %s: %v", it.URL(), err)
		}
	}()
}

// errGone says a captured card was taken off the draft before its title came.
var errGone = errors.New("the card is no longer in the draft")
