package capture

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
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

// checkLink returns the link as it will be stored, or a refusal naming
// what is wrong with it: the checks of weekly add.
func checkLink(in Link) (Link, error) {
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
var draftName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

// target returns the file and name of the draft called name, or of the
// newest when name is empty.
func (s *Server) target(name string) (path, called string, err error) {
	st := store.New(s.cfg.Dir)
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
	if !draftName.MatchString(name) || strings.HasSuffix(name, ".json") {
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

// Add puts a link sent by via on the inbox of its draft, as weekly add
// does: through the draft's queue when a board has it open. It never waits
// on the network: a title not given is fetched afterwards (see fetchTitle).
func (s *Server) Add(via string, in Link) (Added, error) {
	in, err := checkLink(in)
	if err != nil {
		return Added{}, err
	}
	s.addMu.Lock() // one add at a time: the draft's file locks are for other processes
	defer s.addMu.Unlock()
	path, name, err := s.target(in.Draft)
	if err != nil {
		return Added{}, err
	}
	a, err := s.archive()
	if err != nil {
		s.cfg.Log.Printf("links are not checked against the archive: %v", err)
	}
	now := s.cfg.Now()
	it := draft.NewItem([]string{in.URL}, "", now, source)
	it.Site, it.Title, it.Note, it.Via = link.Site(in.URL), in.Title, in.Note, via
	out := Added{Draft: name}
	queued, err := store.AddItems(path, purpose, "", []draft.Item{it}, func(d *draft.Draft, items []draft.Item) ([]draft.Item, error) {
		out.Label = fmt.Sprintf("%s #%d", d.Newsletter, d.Number)
		norm := link.Normalize(in.URL)
		d.Items(func(_ draft.Pos, x *draft.Item) {
			for _, u := range x.URLs {
				out.InDraft = out.InDraft || link.Normalize(u) == norm
			}
		})
		if a != nil {
			for _, use := range a.Find(in.URL) {
				if !use.Issue.Is(d.Newsletter, d.Number) {
					out.UsedIn = append(out.UsedIn, use.Issue.Number)
				}
			}
		}
		return items, nil
	})
	if err != nil {
		return Added{}, fmt.Errorf("add %s to draft %s: %w", in.URL, name, err)
	}
	out.Item, out.Queued, out.Repeat = it, queued, len(out.UsedIn) > 0
	s.recent.add(received{At: now, Via: via, URL: in.URL, Title: in.Title, Draft: name, ID: it.ID})
	where := "the inbox of " + name
	if queued {
		where += " (queued for the open board)"
	}
	s.cfg.Log.Printf("added %s to %s, via %s", in.URL, where, via)
	if in.Title == "" && !queued && s.cfg.Fetch != nil {
		s.fetchTitle(path, it)
	}
	return out, nil
}

// archive returns the archive, read again only when its file changed.
func (s *Server) archive() (*archive.Archive, error) {
	path := archive.Path(s.cfg.Dir)
	fi, _ := os.Stat(path)
	s.arch.mu.Lock()
	defer s.arch.mu.Unlock()
	if s.arch.a != nil && same(fi, s.arch.stat) {
		return s.arch.a, nil
	}
	a, err := archive.Load(path)
	if err != nil {
		return nil, err
	}
	s.arch.a, s.arch.stat = a, fi
	return a, nil
}

// fetchTitle learns the title and description of the item's link in the
// background, and writes them on the card when the draft is still closed.
// The card was saved before: a slow or failing page costs it nothing but
// its title. When a board has opened the draft meanwhile, the title is
// left to it (a board fetches the titles of captured links that come
// without one).
func (s *Server) fetchTitle(path string, it draft.Item) {
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		ctx, cancel := context.WithTimeout(s.ctx, fetchTimeout)
		defer cancel()
		title, desc, err := s.cfg.Fetch(ctx, it.URL())
		if err != nil {
			s.cfg.Log.Printf("no title for %s: %s (the link is kept)", it.URL(), sanitize.Line(err.Error()))
			return
		}
		title, desc = sanitize.Clip(sanitize.Line(title), fetch.MaxTitle), sanitize.Clip(sanitize.Line(desc), fetch.MaxDescription)
		if title == "" && desc == "" {
			return
		}
		s.addMu.Lock()
		defer s.addMu.Unlock()
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
			s.recent.titled(it.ID, title)
		case errors.Is(err, errGone):
		case errors.Is(err, store.ErrOpen):
			s.cfg.Log.Printf("the title of %s came after a board opened the draft: not written", it.URL())
		default:
			s.cfg.Log.Printf("could not write the title of %s: %v", it.URL(), err)
		}
	}()
}

// errGone says a captured card was taken off the draft before its title came.
var errGone = errors.New("the card is no longer in the draft")
