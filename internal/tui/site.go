package tui

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/export"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/publish"
	"github.com/weekly-dev/weekly/internal/store"
	"github.com/weekly-dev/weekly/internal/tui/board"
)

// The board's way to the readers: P publishes the open issue into the web
// archive (weekly publish), O opens the issue as readers see it. The
// settings are those of the draft's folder, the drafts directory.

// drafts is the drafts directory of the open draft, or nil when the board
// does not know its file.
func (m *Model) drafts() *store.Store {
	if m.draftPath == "" {
		return nil
	}
	return store.New(filepath.Dir(m.draftPath))
}

// publishIssue is P: it reads where the site is, then publishes there, or
// asks for the folder the first time.
func (m *Model) publishIssue() tea.Cmd {
	if m.drafts() == nil {
		m.status = board.Note{Err: true, Text: "This board does not know the draft's file: publish from the shell, weekly publish DRAFT --site DIR"}
		return nil
	}
	m.status = board.Note{Text: fmt.Sprintf("Publishing #%d…", m.current().Number)}
	return m.readSite(false)
}

// openIssue is O: the issue's page when it is published, else its HTML
// export, in the browser; on a served board, the page's address to open.
func (m *Model) openIssue() tea.Cmd {
	if m.drafts() == nil {
		return m.handleSite(siteMsg{open: true})
	}
	return m.readSite(true)
}

// readSite reads the settings' site folder and address off the event loop.
func (m *Model) readSite(open bool) tea.Cmd {
	st, n := m.drafts(), strconv.Itoa(m.current().Number)
	return func() tea.Msg {
		set, _, err := st.Settings()
		if err != nil {
			return siteMsg{open: open, Err: err}
		}
		msg := siteMsg{open: open, dir: st.Site(set)}
		if set.SiteURL != "" {
			if msg.url, err = publish.BaseURL(set.SiteURL); err != nil {
				return siteMsg{open: open, Err: fmt.Errorf("%s: site_url: %w", st.SettingsPath(), err)}
			}
		}
		if msg.dir != "" {
			_, err := os.Stat(filepath.Join(msg.dir, n, "index.html"))
			msg.page = err == nil
		}
		return msg
	}
}

// handleSite goes on with P or O once the settings are read.
func (m *Model) handleSite(msg siteMsg) tea.Cmd {
	switch {
	case msg.Err != nil:
		m.status = board.Note{Err: true, Text: "Could not read the settings: " + msg.Err.Error()}
		return nil
	case msg.open:
		return m.openPage(msg)
	case msg.dir == "" && m.served:
		// An editor over SSH does not choose where the server writes.
		m.status = board.Note{Err: true, Text: "No site folder in the settings: on the server, weekly publish " +
			strconv.Itoa(m.current().Number) + " --site DIR, or site_dir in settings.json"}
		return nil
	case msg.dir == "":
		where := filepath.Join(filepath.Dir(filepath.Dir(m.draftPath)), "site")
		return m.ask(askSite, "Publish the web archive to folder: ", where)
	}
	return m.publishTo(msg.dir, false)
}

// submitSite publishes into the folder typed at P's prompt, and remembers
// it in the settings once the issue is there.
func (m *Model) submitSite() tea.Cmd {
	dir := strings.TrimSpace(m.prompt.Value())
	if strings.HasPrefix(dir, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			dir = filepath.Join(home, dir[2:])
		}
	}
	if dir == "" {
		m.status = board.Note{Err: true, Text: "Give the folder of the web archive, or " + m.keys.Cancel.Help().Key}
		return nil
	}
	m.closePrompt()
	m.status = board.Note{Text: fmt.Sprintf("Publishing #%d…", m.current().Number)}
	return m.publishTo(dir, true)
}

// publishTo publishes a copy of the draft into dir off the event loop, as
// weekly publish does: the archive first, then the site.
func (m *Model) publishTo(dir string, remember bool) tea.Cmd {
	d, st, path := m.current().Clone(), m.drafts(), m.draftPath
	return func() tea.Msg {
		set, _, err := st.Settings()
		if err != nil {
			return publishedMsg{Err: err}
		}
		res, err := publish.Publish(d, publish.Options{Site: dir, BaseURL: set.SiteURL, Archive: archive.Path(st.Dir), Source: path})
		if err != nil {
			return publishedMsg{Err: err}
		}
		msg := publishedMsg{res: res}
		if remember {
			if err := st.RememberSite(dir); err != nil {
				return publishedMsg{res: res, Err: fmt.Errorf("published, but the folder is not remembered: %w", err)}
			}
			msg.remembered = dir
		}
		return msg
	}
}

// handlePublished says where the issue went.
func (m *Model) handlePublished(msg publishedMsg) {
	if msg.Err != nil {
		m.status = board.Note{Err: true, Text: "Could not publish: " + msg.Err.Error()}
		return
	}
	text := fmt.Sprintf("Published to %s (%s", msg.res.Page, draft.Plural(msg.res.Issues, "issue"))
	if !msg.res.Feed {
		text += "; no feed without site_url in the settings"
	}
	text += ")"
	if msg.remembered != "" {
		text += " · P publishes there from now on"
	}
	m.status = board.Note{Text: text}
}

// openPage opens what O shows: on a served board, the page's address is
// copied and shown for the editor's own browser, and nothing runs here.
func (m *Model) openPage(msg siteMsg) tea.Cmd {
	n := m.current().Number
	if m.served {
		if msg.url == "" {
			m.status = board.Note{Err: true, Text: "The issue's page has no address: site_url in the settings gives it"}
			return nil
		}
		u := link.IssuePage(msg.url, n)
		text := "Copied; the issue's page:"
		if !msg.page {
			text = "Copied (not published yet: " + m.keys.Publish.Help().Key + " publishes it):"
		}
		m.status = board.Note{Text: text, Link: u}
		return tea.SetClipboard(u)
	}
	getenv := m.getenv
	if msg.page {
		u := fileURL(filepath.Join(msg.dir, strconv.Itoa(n), "index.html"))
		m.status = board.Note{Text: "Opening the issue's page…"}
		return func() tea.Msg { return browserMsg{url: u, Err: openURL(getenv, u)} }
	}
	d := m.current().Clone()
	m.status = board.Note{Text: "Opening the HTML export (not published yet)…"}
	return func() tea.Msg {
		path, err := writeExport(d, getenv)
		if err != nil {
			return browserMsg{url: "the HTML export", Err: err}
		}
		u := fileURL(path)
		return browserMsg{url: u, Err: openURL(getenv, u)}
	}
}

// writeExport writes the issue's HTML export into a new file in the
// temporary folder ($TMPDIR), for the browser to open.
func writeExport(d *draft.Draft, getenv func(string) string) (string, error) {
	var b bytes.Buffer
	if err := export.Write(&b, d, "html"); err != nil {
		return "", err
	}
	dir := getenv("TMPDIR")
	if dir == "" {
		dir = os.TempDir()
	}
	f, err := os.CreateTemp(dir, fmt.Sprintf("weekly-%d-*.html", d.Number))
	if err != nil {
		return "", err
	}
	if _, err := f.Write(b.Bytes()); err != nil {
		_ = f.Close()
		return "", err
	}
	return f.Name(), f.Close()
}

// fileURL is the file: URL of path.
func fileURL(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}
