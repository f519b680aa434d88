package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/live"
	"github.com/weekly-dev/weekly/internal/store"
	"github.com/weekly-dev/weekly/internal/tui/tuitest"
)

// fakeBrowser returns a $BROWSER that writes what it was asked to open
// into the file it returns.
func fakeBrowser(t *testing.T) (browser, opened string) {
	t.Helper()
	dir := t.TempDir()
	opened = filepath.Join(dir, "opened")
	browser = filepath.Join(dir, "fake-browser")
	if err := os.WriteFile(browser, []byte("#!/bin/sh\necho \"$1\" > "+opened+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return browser, opened
}

// TestPublishKey: P asks for the site's folder the first time, publishes
// there and into the archive, remembers the folder, and publishes there
// without asking from then on.
func TestPublishKey(t *testing.T) {
	t.Parallel()
	path := openDraft(t, writing())
	m := openModel(t, path, live.Config{}, nil, 120, 32, WithDraftPath(path))
	send(t, m, "P")
	if view := plain(m); m.focus != focusAdd || !strings.Contains(view, "Publish the web archive to folder:") {
		t.Fatalf("P asks for the folder the first time:\n%s", view)
	}
	site := filepath.Join(t.TempDir(), "site")
	m.prompt.SetValue(site)
	send(t, m, "enter")
	page := filepath.Join(site, "520", "index.html")
	if _, err := os.Stat(page); err != nil {
		t.Fatalf("no page: %v (status %q)", err, m.status.Text)
	}
	if want := "Published to " + page + " (1 issue; no feed without site_url in the settings) · P publishes there from now on"; m.status.Text != want || m.status.Err {
		t.Errorf("status %q, want %q", m.status.Text, want)
	}
	st := store.New(filepath.Dir(path))
	set, _, err := st.Settings()
	if err != nil || st.Site(set) != site {
		t.Errorf("the folder remembered is %q (%v), want %s", st.Site(set), err, site)
	}
	a, err := archive.Load(archive.Path(filepath.Dir(path)))
	if err != nil || len(a.Issues) != 1 || a.Issues[0].Number != 520 {
		t.Errorf("the archive holds %+v (%v)", a, err)
	}
	// The second time it publishes at once, and says where.
	set.SiteURL = "https://example.com/weekly"
	if err := st.SaveSettings(set); err != nil {
		t.Fatal(err)
	}
	send(t, m, "P")
	if want := "Published to " + page + " (1 issue)"; m.focus != focusBoard || m.status.Text != want {
		t.Errorf("status %q, want %q", m.status.Text, want)
	}
	if _, err := os.Stat(filepath.Join(site, "feed.xml")); err != nil {
		t.Errorf("no feed once site_url is set: %v", err)
	}
}

// TestPublishKeyRefused: a folder of someone else's site is refused and
// not remembered.
func TestPublishKeyRefused(t *testing.T) {
	t.Parallel()
	path := openDraft(t, writing())
	m := openModel(t, path, live.Config{}, nil, 120, 32, WithDraftPath(path))
	site := t.TempDir()
	if err := os.WriteFile(filepath.Join(site, "index.html"), []byte("<h1>Mine</h1>"), 0o644); err != nil {
		t.Fatal(err)
	}
	send(t, m, "P")
	m.prompt.SetValue(site)
	send(t, m, "enter")
	if !m.status.Err || !strings.Contains(m.status.Text, "Could not publish: "+filepath.Join(site, "index.html")+" was not written by weekly publish") {
		t.Errorf("status %+v", m.status)
	}
	if set, _, _ := store.New(filepath.Dir(path)).Settings(); set.SiteDir != "" {
		t.Errorf("a refused folder was remembered: %q", set.SiteDir)
	}
}

// TestOpenIssueKey: O opens the HTML export while the issue is not
// published, and its page once it is.
func TestOpenIssueKey(t *testing.T) {
	t.Parallel()
	browser, opened := fakeBrowser(t)
	tmp := t.TempDir()
	path := openDraft(t, writing())
	m := openModel(t, path, live.Config{}, nil, 120, 32, WithDraftPath(path), env(map[string]string{"BROWSER": browser, "TMPDIR": tmp}))
	send(t, m, "O")
	got, err := os.ReadFile(opened)
	if err != nil || !strings.HasPrefix(string(got), "file://"+tmp+"/weekly-520-") {
		t.Fatalf("O opens the HTML export first: %q, %v", got, err)
	}
	export, err := os.ReadFile(strings.TrimPrefix(strings.TrimSpace(string(got)), "file://"))
	if err != nil || !strings.Contains(string(export), "Go 1.26 is out.") {
		t.Errorf("the file opened is not the HTML export (%v)", err)
	}
	site := filepath.Join(t.TempDir(), "site")
	st := store.New(filepath.Dir(path))
	if err := st.SaveSettings(store.Settings{SiteDir: site}); err != nil {
		t.Fatal(err)
	}
	send(t, m, "P", "O")
	got, _ = os.ReadFile(opened)
	if want := "file://" + filepath.Join(site, "520", "index.html"); strings.TrimSpace(string(got)) != want {
		t.Errorf("O opens %q once published, want %s", got, want)
	}
	if !strings.Contains(plain(m), "Opened file://") {
		t.Errorf("O says what it opened:\n%s", plain(m))
	}
}

// TestServedSiteKeys: over SSH, O copies and shows the page's address
// and runs no browser on the server; P never asks where to write.
func TestServedSiteKeys(t *testing.T) {
	t.Parallel()
	browser, opened := fakeBrowser(t)
	path := openDraft(t, writing())
	m := openModel(t, path, live.Config{}, nil, 120, 32, WithDraftPath(path), Served(), env(map[string]string{"BROWSER": browser}))
	send(t, m, "P")
	if m.focus != focusBoard || !m.status.Err || !strings.Contains(m.status.Text, "No site folder in the settings") {
		t.Errorf("P on a served board without a folder: focus %v, status %+v", m.focus, m.status)
	}
	send(t, m, "O")
	if !m.status.Err || !strings.Contains(m.status.Text, "site_url") {
		t.Errorf("O without an address: %+v", m.status)
	}
	st := store.New(filepath.Dir(path))
	if err := st.SaveSettings(store.Settings{SiteDir: "site", SiteURL: "https://example.com/weekly/"}); err != nil {
		t.Fatal(err)
	}
	_, cmd := m.Update(tuitest.KeyMsg("O"))
	if got := clipboard(t, m, cmd); len(got) != 1 || got[0] != "https://example.com/weekly/520/" {
		t.Errorf("O copies the page's address: %q", got)
	}
	if m.status.Link != "https://example.com/weekly/520/" || !strings.Contains(m.status.Text, "not published yet") {
		t.Errorf("O shows the address: %+v", m.status)
	}
	send(t, m, "P")
	if _, err := os.Stat(filepath.Join(filepath.Dir(path), "site", "520", "index.html")); err != nil {
		t.Errorf("P publishes into the settings' folder on a served board: %v (%+v)", err, m.status)
	}
	_, cmd = m.Update(tuitest.KeyMsg("O"))
	clipboard(t, m, cmd)
	if m.status.Text != "Copied; the issue's page:" {
		t.Errorf("O once published: %+v", m.status)
	}
	if _, err := os.Stat(opened); err == nil {
		t.Errorf("a browser ran on the server")
	}
}
