package capture

import (
	"context"
	"errors"
	"io"
	"log"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/archive"
)

// TestAddLinks checks a batch of links (ssh … add -): all go into the
// named draft in one step, each with its sender, source and what is known
// of it (a repeat within the batch too); a bad one adds none and is named.
func TestAddLinks(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	a := &archive.Archive{Schema: archive.Schema, Issues: []archive.Issue{
		{Newsletter: "Test Weekly", Number: 400, Items: []archive.Item{{URLs: []string{"https://old.example/"}}}},
	}}
	if err := archive.Save(archive.Path(r.dir), a); err != nil {
		t.Fatal(err)
	}
	in := r.s.inbox
	before := r.files(t)
	_, err := in.AddLinks("Bob", "ssh", "518", []Link{{URL: "https://one.example/"}, {URL: "javascript:alert(1)"}})
	if err == nil || !strings.Contains(err.Error(), `link 2 (javascript:alert(1)): `) || statusOf(err) != http.StatusBadRequest {
		t.Fatalf("a bad link in a batch: %v", err)
	}
	if _, err := in.AddLinks("Bob", "ssh", "77", []Link{{URL: "https://one.example/"}}); statusOf(err) != http.StatusNotFound {
		t.Fatalf("an unknown draft: %v", err)
	}
	if after := r.files(t); after["518.json"] != before["518.json"] || after["519.json"] != before["519.json"] {
		t.Fatal("a refused batch wrote a draft")
	}

	added, err := in.AddLinks("Bob", "ssh", "518", []Link{{URL: "https://one.example/", Note: "first"}, {URL: "old.example/"}, {URL: "https://one.example"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(added) != 3 || added[0].Draft != "518" || added[0].Label != "Test Weekly #518" || added[0].InDraft || added[0].Repeat {
		t.Fatalf("the first link: %+v", added)
	}
	if !added[1].Repeat || len(added[1].UsedIn) != 1 || added[1].UsedIn[0] != 400 || added[1].Item.URL() != "https://old.example/" {
		t.Errorf("a link of issue 400: %+v", added[1])
	}
	if !added[2].InDraft {
		t.Errorf("the batch's own repeat is not said: %+v", added[2])
	}
	items := r.inboxOf(t, "518")
	if len(items) != 3 || items[0].Via != "Bob" || items[0].Source != "ssh" || items[0].Note != "first" || items[2].URL() != "https://one.example" {
		t.Fatalf("draft 518's inbox: %+v", items)
	}
	if len(r.inbox(t)) != 0 {
		t.Error("the newest draft got links sent to 518")
	}
	if got := in.recent.list(); len(got) != 3 || got[0].Via != "Bob" {
		t.Errorf("the page's list of links received: %+v", got)
	}
}

// TestSharedInbox checks that a server given an Inbox adds through it and
// leaves it open when it closes: its owner (weekly serve) closes it.
func TestSharedInbox(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	fetched := make(chan string, 1)
	quiet := log.New(io.Discard, "", 0)
	shared := NewInbox(InboxConfig{Dir: r.dir, Log: quiet, Fetch: func(_ context.Context, url string) (string, string, error) {
		fetched <- url
		return "", "", errors.New("offline")
	}})
	s, err := New(Config{Dir: r.dir, Inbox: shared, Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add("Ann", Link{URL: "https://shared.example/"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if got := <-fetched; got != "https://shared.example/" {
		t.Errorf("fetched %s", got)
	}
	if got := shared.recent.list(); len(got) != 1 {
		t.Errorf("the shared inbox did not take the link: %+v", got)
	}
	if shared.ctx.Err() != nil {
		t.Error("the server closed an Inbox it was given")
	}
	shared.Close()
}

// TestLimiterAllowN checks a batch against the minute: it is counted
// whole or not at all, and says when it would fit.
func TestLimiterAllowN(t *testing.T) {
	t.Parallel()
	var l Limiter
	now := time.Date(2024, 6, 2, 10, 0, 0, 0, time.UTC)
	if ok, _ := l.AllowN("bob", PerMinute+1, now); ok {
		t.Fatal("more than a minute's links at once")
	}
	if ok, _ := l.AllowN("bob", 50, now); !ok {
		t.Fatal("50 links")
	}
	if ok, _ := l.AllowN("bob", 5, now.Add(10*time.Second)); !ok {
		t.Fatal("5 more")
	}
	ok, wait := l.AllowN("bob", 10, now.Add(20*time.Second))
	if ok || wait != 40*time.Second {
		t.Fatalf("10 more, over by 5: %v, wait %s; want to wait for the first 50 to leave the minute", ok, wait)
	}
	if ok, _ := l.AllowN("bob", 5, now.Add(20*time.Second)); !ok {
		t.Fatal("the refused batch was counted")
	}
	if ok, _ := l.Allow("ann", now); !ok {
		t.Fatal("another sender has its own minute")
	}
	if ok, _ := l.AllowN("bob", 10, now.Add(time.Minute)); !ok {
		t.Fatal("the first 50 left the minute")
	}
}
