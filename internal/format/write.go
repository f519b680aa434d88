package format

import (
	"bytes"
	"fmt"
	"io"
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	json "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/email"
	"github.com/weekly-dev/weekly/internal/html"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/text"
)

// Clean returns a copy of d without what could act on a terminal or hide
// what a link is: escape sequences, control and bidi characters leave
// names, titles and URLs (sanitize.Line) and the intro, blurbs, closing and
// footer (sanitize.Controls, which keeps what an author may mean, such as
// zero-width spaces). Every writer writes from it, JSON too, which would
// otherwise carry them escaped; a draft from someone else may hold them.
func Clean(d *draft.Draft) *draft.Draft {
	d = d.Clone()
	d.Newsletter, d.Title, d.Date = sanitize.Line(d.Newsletter), sanitize.Line(d.Title), sanitize.Line(d.Date)
	d.Header, d.Intro = sanitize.Controls(d.Header), sanitize.Controls(d.Intro)
	d.Closing, d.Footer = sanitize.Controls(d.Closing), sanitize.Controls(d.Footer)
	for i := range d.Sections {
		d.Sections[i].Name = sanitize.Line(d.Sections[i].Name)
	}
	d.Items(func(_ draft.Pos, it *draft.Item) {
		it.Blurb = sanitize.Controls(it.Blurb)
		it.Title, it.Site, it.Description = sanitize.Line(it.Title), sanitize.Line(it.Site), sanitize.Line(it.Description)
		for j, u := range it.URLs {
			it.URLs[j] = sanitize.Line(u)
		}
	})
	return d
}

// cleaned returns Clean(d), or d itself when Clean would change nothing in
// it, as in nearly every draft: the writers only read the draft, and a
// copy of a long issue's items is as large as they are.
func cleaned(d *draft.Draft) *draft.Draft {
	if isClean(d) {
		return d
	}
	return Clean(d)
}

// isClean reports whether Clean would give back d's own text, asking no
// more than it must: the text of nearly every field is plain.
func isClean(d *draft.Draft) bool {
	line := func(s string) bool { return sanitize.Line(s) == s }
	text := func(s string) bool { return controlFree(s) || sanitize.Controls(s) == s }
	if !line(d.Newsletter) || !line(d.Title) || !line(d.Date) || !text(d.Header) || !text(d.Intro) || !text(d.Closing) || !text(d.Footer) {
		return false
	}
	for _, s := range d.Sections {
		if !line(s.Name) {
			return false
		}
	}
	ok := true
	d.Items(func(_ draft.Pos, it *draft.Item) {
		if !ok {
			return
		}
		ok = text(it.Blurb) && line(it.Title) && line(it.Site) && line(it.Description)
		for _, u := range it.URLs {
			ok = ok && line(u)
		}
	})
	return ok
}

// clean makes a writer of one that knows nothing of options or hostile
// drafts: it writes Clean(d), and whatever it writes carries no escape codes
// or bidi controls either, every other character kept as written.
func clean(write func(io.Writer, *draft.Draft) error) func(io.Writer, *draft.Draft, Options) error {
	return func(w io.Writer, d *draft.Draft, _ Options) error { return writeClean(w, cleaned(d), write) }
}

// writeClean writes d, already clean, with write, and what it wrote
// without escape codes or bidi controls.
func writeClean(w io.Writer, d *draft.Draft, write func(io.Writer, *draft.Draft) error) error {
	var buf bytes.Buffer
	if err := write(&buf, d); err != nil {
		return err
	}
	_, err := controlsWriter{w}.Write(buf.Bytes())
	return err
}

// writeText writes the text export streamed: text.Write hands on pieces
// that end with a line, which controlsWriter cleans as it would the whole.
func writeText(w io.Writer, d *draft.Draft, _ Options) error {
	return text.Write(controlsWriter{w}, cleaned(d))
}

// writeHTML writes the HTML export, linking to the issue's page when the
// options name a site, streamed as html.Write renders it.
func writeHTML(w io.Writer, d *draft.Draft, opts Options) error {
	d = cleaned(d)
	ho, err := opts.html(d)
	if err != nil {
		return err
	}
	return html.Write(controlsWriter{w}, d, ho)
}

// controlsWriter writes what it is given without escape sequences, control
// characters and bidi controls (sanitize.Controls), for writers that write
// whole pieces (html.Write: a tag and its text, an item's box), never half
// a character or half a sequence. The pieces that hold none, nearly all,
// are written as they are, without a copy.
type controlsWriter struct{ w io.Writer }

// WriteString writes s cleaned as Write does, without a copy when it holds
// nothing to clean and w takes strings.
func (c controlsWriter) WriteString(s string) (int, error) {
	n := len(s)
	if !controlFree(s) {
		s = sanitize.Controls(s)
	}
	if _, err := io.WriteString(c.w, s); err != nil {
		return 0, err
	}
	return n, nil
}

func (c controlsWriter) Write(p []byte) (int, error) {
	var err error
	if controlFree(p) {
		_, err = c.w.Write(p)
	} else {
		_, err = io.WriteString(c.w, sanitize.Controls(string(p)))
	}
	if err != nil {
		return 0, err
	}
	return len(p), nil
}

// controlFree reports whether sanitize.Controls would return p as it is:
// valid UTF-8 without a control character other than tab and LF (a CR
// too is its business) and without a bidi control.
func controlFree[T string | []byte](p T) bool {
	for i := 0; i < len(p); {
		if c := p[i]; c < utf8.RuneSelf {
			if (c < ' ' && c != '\n' && c != '\t') || c == 0x7f {
				return false
			}
			i++
			continue
		}
		var rb [utf8.UTFMax]byte
		r, n := utf8.DecodeRune(rb[:copy(rb[:], p[i:])])
		if (r == utf8.RuneError && n == 1) || unicode.IsControl(r) || r == 0x061C || r == 0x200E || r == 0x200F ||
			(r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) {
			return false
		}
		i += n
	}
	return true
}

// Options are what the eml and HTML formats take from the newsletter's
// settings; the other formats take nothing.
type Options struct {
	From    string // the From header, "Name <address>"; empty: none
	To      string // the To header, addresses separated by commas; empty: none
	Subject string // the subject pattern (see Subject); empty: DefaultSubject
	// Date is the message's Date header: when it is sent (weekly send).
	// Zero: noon UTC on the issue's date, as the eml export is dated.
	Date time.Time
	// SiteURL is the web archive's address (the settings' site_url): the
	// HTML, alone and in the eml, links to the issue's page there. Empty:
	// no link.
	SiteURL string
}

// html returns what the HTML writer takes for d: the address of its page
// when there is a site and the issue has a number.
func (opts Options) html(d *draft.Draft) (html.Options, error) {
	if opts.SiteURL == "" || d.Number < 1 {
		return html.Options{}, nil
	}
	base, err := link.SiteBase(opts.SiteURL)
	if err != nil {
		return html.Options{}, fmt.Errorf("site_url: %w", err)
	}
	return html.Options{PageURL: link.IssuePage(base, d.Number)}, nil
}

// Addresses parses From and To; either is nil when empty.
func (opts Options) Addresses() (from *mail.Address, to []*mail.Address, err error) {
	if opts.From != "" {
		if from, err = mail.ParseAddress(opts.From); err != nil {
			return nil, nil, fmt.Errorf("from %q is not an email address (write it as Name <address@example.com>): %w", opts.From, err)
		}
	}
	if opts.To != "" {
		if to, err = mail.ParseAddressList(opts.To); err != nil {
			return nil, nil, fmt.Errorf("to %q is not a list of email addresses (write them as Name <address@example.com>, separated by commas): %w", opts.To, err)
		}
	}
	return from, to, nil
}

// DefaultSubject is the subject pattern unless the settings give one: the
// real issues go out as "Devops Weekly #519".
const DefaultSubject = "{newsletter} #{number}"

// Subject fills in a subject pattern: {newsletter}, {number}, {date} (as in
// "6th December 2020") and {title} become the issue's own.
func Subject(pattern string, d *draft.Draft) string {
	if pattern == "" {
		pattern = DefaultSubject
	}
	date := d.Date
	if t, err := draft.ParseDate(d.Date); err == nil {
		date = draft.LongDate(t)
	}
	return strings.NewReplacer("{newsletter}", d.Newsletter, "{number}", strconv.Itoa(d.Number),
		"{date}", date, "{title}", d.Title).Replace(pattern)
}

// Message returns the issue as its email, from Clean(d): the text export as
// the plain part, the HTML export as the HTML part, dated opts.Date or else
// noon UTC on the issue's date (the same calendar day for readers from
// UTC-11 to UTC+11). The parts are written from d when the message is
// written: d must not change before.
func Message(d *draft.Draft, opts Options) (*email.Message, error) {
	d = cleaned(d)
	day, err := draft.ParseDate(d.Date)
	if err != nil {
		return nil, fmt.Errorf("the issue's date %q is not a date (YYYY-MM-DD): set it with weekly set DRAFT --date YYYY-MM-DD", d.Date)
	}
	m := &email.Message{Subject: Subject(opts.Subject, d), Date: time.Date(day.Year(), day.Month(), day.Day(), 12, 0, 0, 0, time.UTC)}
	if !opts.Date.IsZero() {
		m.Date = opts.Date
	}
	if m.From, m.To, err = opts.Addresses(); err != nil {
		return nil, err
	}
	ho, err := opts.html(d)
	if err != nil {
		return nil, err
	}
	// The parts are written as the message is, each streamed: text.Write
	// and html.Write hand on whole lines and whole pieces, which are
	// cleaned as they come.
	m.WriteText = func(w io.Writer) error { return text.Write(controlsWriter{w}, d) }
	m.WriteHTML = func(w io.Writer) error { return html.Write(controlsWriter{w}, d, ho) }
	return m, nil
}

// writeEml writes the issue's email (see Message), streamed.
func writeEml(w io.Writer, d *draft.Draft, opts Options) error {
	m, err := Message(d, opts)
	if err != nil {
		return err
	}
	return m.Write(w)
}

// jsonIssue is the JSON form of a draft for scripts.
type jsonIssue struct {
	Newsletter string        `json:"newsletter"`
	Number     int           `json:"number"`
	Date       string        `json:"date"`
	Title      string        `json:"title"`
	Intro      string        `json:"intro"`
	Sections   []jsonSection `json:"sections"`
	Inbox      []jsonItem    `json:"inbox"`
	Closing    string        `json:"closing,omitempty"`
	Footer     string        `json:"footer"`
}

type jsonSection struct {
	Name    string     `json:"name"`
	Sponsor bool       `json:"sponsor"`
	Items   []jsonItem `json:"items"`
}

type jsonItem struct {
	ID          string   `json:"id"`
	Blurb       string   `json:"blurb"`
	URLs        []string `json:"urls"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Site        string   `json:"site,omitempty"`
}

// writeJSON writes the draft's content for scripts, sections and inbox in
// board order.
func writeJSON(w io.Writer, d *draft.Draft) error {
	is := jsonIssue{Newsletter: d.Newsletter, Number: d.Number, Date: d.Date, Title: d.Title, Intro: d.Intro,
		Closing: d.Closing, Footer: d.Footer, Sections: []jsonSection{}, Inbox: jsonItems(d.Inbox)}
	for _, s := range d.Sections {
		is.Sections = append(is.Sections, jsonSection{Name: s.Name, Sponsor: s.Sponsor, Items: jsonItems(s.Items)})
	}
	data, err := json.Marshal(is, jsontext.WithIndent("  "), jsontext.EscapeForHTML(false), json.Deterministic(true))
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

func jsonItems(in []draft.Item) []jsonItem {
	out := make([]jsonItem, 0, len(in))
	for _, it := range in {
		urls := it.URLs
		if urls == nil {
			urls = []string{}
		}
		out = append(out, jsonItem{ID: it.ID, Blurb: it.Blurb, URLs: urls, Title: it.Title, Description: it.Description, Site: it.Site})
	}
	return out
}
