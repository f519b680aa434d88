// Package export writes a draft in each of the formats weekly offers: the
// email's plain text, Markdown, HTML, the email message itself (eml), JSON
// for scripts, and a user's own text/template.
package export

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"os"
	"strconv"
	"strings"
	"text/template"
	"time"
	"unicode/utf8"

	json "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/email"
	"github.com/weekly-dev/weekly/internal/html"
	"github.com/weekly-dev/weekly/internal/markdown"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/text"
)

// Formats are the names --format takes.
var Formats = []string{"text", "markdown", "html", "json", "eml"}

// Write writes d in the named format, an eml with the default subject and
// no From or To (see WriteWith for the settings' own).
func Write(w io.Writer, d *draft.Draft, format string) error {
	return WriteWith(w, d, format, Options{})
}

// WriteWith writes d in the named format with opts.
func WriteWith(w io.Writer, d *draft.Draft, format string, opts Options) error {
	switch strings.ToLower(format) {
	case "eml", "email":
		m, err := Message(d, opts)
		if err != nil {
			return err
		}
		return m.Write(w)
	case "text", "txt", "":
		return text.Write(w, d)
	case "markdown", "md":
		return markdown.Write(w, d)
	case "html":
		return html.Write(w, d)
	case "json":
		return JSON(w, d)
	}
	return fmt.Errorf("unknown format %q: use one of %s, or --template FILE", format, strings.Join(Formats, ", "))
}

// Issue is the JSON form of a draft for scripts.
type Issue struct {
	Newsletter string    `json:"newsletter"`
	Number     int       `json:"number"`
	Date       string    `json:"date"`
	Title      string    `json:"title"`
	Intro      string    `json:"intro"`
	Sections   []Section `json:"sections"`
	Inbox      []Item    `json:"inbox"`
	Closing    string    `json:"closing,omitempty"`
	Footer     string    `json:"footer"`
}

// Section is a section of the JSON form.
type Section struct {
	Name    string `json:"name"`
	Sponsor bool   `json:"sponsor"`
	Items   []Item `json:"items"`
}

// Item is an item of the JSON form.
type Item struct {
	ID          string   `json:"id"`
	Blurb       string   `json:"blurb"`
	URLs        []string `json:"urls"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Site        string   `json:"site,omitempty"`
}

// ToIssue converts a draft to its JSON form, sections and inbox in board order.
func ToIssue(d *draft.Draft) Issue {
	is := Issue{Newsletter: d.Newsletter, Number: d.Number, Date: d.Date, Title: d.Title, Intro: d.Intro,
		Closing: d.Closing, Footer: d.Footer, Sections: []Section{}, Inbox: items(d.Inbox)}
	for _, s := range d.Sections {
		is.Sections = append(is.Sections, Section{Name: s.Name, Sponsor: s.Sponsor, Items: items(s.Items)})
	}
	return is
}

func items(in []draft.Item) []Item {
	out := make([]Item, 0, len(in))
	for _, it := range in {
		urls := it.URLs
		if urls == nil {
			urls = []string{}
		}
		out = append(out, Item{ID: it.ID, Blurb: it.Blurb, URLs: urls, Title: it.Title, Description: it.Description, Site: it.Site})
	}
	return out
}

// JSON writes the draft's content for scripts.
func JSON(w io.Writer, d *draft.Draft) error {
	data, err := json.Marshal(ToIssue(d), jsontext.WithIndent("  "), jsontext.EscapeForHTML(false), json.Deterministic(true))
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// Data is what a --template sees as its dot. The README documents it.
type Data struct {
	Newsletter  string
	Number      int
	Date        string // YYYY-MM-DD as stored
	LongDate    string // "6th December 2020"
	Title       string
	Intro       string
	Sections    []DataSection // the non-empty sections, in order
	AllSections []DataSection // every section, empty ones too
	Inbox       []DataItem
	Closing     string
	Footer      string
	Words       int
	ReadingTime int // minutes
}

// DataSection is a section as a template sees it.
type DataSection struct {
	Name    string
	Sponsor bool
	Items   []DataItem
}

// DataItem is an item as a template sees it.
type DataItem struct {
	Blurb       string
	Text        string // the blurb, or the title while there is no blurb
	URL         string // the first URL
	URLs        []string
	Title       string
	Description string
	Site        string
}

// TemplateData returns the data a template is executed with.
func TemplateData(d *draft.Draft) Data {
	data := Data{Newsletter: d.Newsletter, Number: d.Number, Date: d.Date, LongDate: d.Date, Title: d.Title,
		Intro: d.Intro, Closing: d.Closing, Footer: d.Footer, Inbox: dataItems(d.Inbox)}
	if t, err := draft.ParseDate(d.Date); err == nil {
		data.LongDate = draft.LongDate(t)
	}
	for _, s := range d.Sections {
		ds := DataSection{Name: s.Name, Sponsor: s.Sponsor, Items: dataItems(s.Items)}
		data.AllSections = append(data.AllSections, ds)
		if len(s.Items) > 0 {
			data.Sections = append(data.Sections, ds)
		}
	}
	data.Words = d.Words()
	data.ReadingTime = draft.ReadingTime(data.Words)
	return data
}

func dataItems(in []draft.Item) []DataItem {
	out := make([]DataItem, 0, len(in))
	for _, it := range in {
		out = append(out, DataItem{Blurb: it.Blurb, Text: it.Text(), URL: it.URL(), URLs: it.URLs,
			Title: it.Title, Description: it.Description, Site: it.Site})
	}
	return out
}

// Funcs are the functions a template may call besides text/template's own.
var Funcs = template.FuncMap{
	"upper":     strings.ToUpper,
	"lower":     strings.ToLower,
	"join":      strings.Join,
	"trim":      strings.TrimSpace,
	"underline": func(s string) string { return strings.Repeat("=", utf8.RuneCountInString(s)) },
	"escape":    sanitize.MarkdownText,
	"oneline":   sanitize.Line,
}

// ParseTemplate reads a template file.
func ParseTemplate(path string) (*template.Template, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read template: %w", err)
	}
	t, err := template.New(path).Funcs(Funcs).Option("missingkey=error").Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", path, err)
	}
	return t, nil
}

// MaxTemplateOutput caps what a template may write: far more than any
// issue needs, and little enough that a runaway {{range}} stops with an
// error instead of filling the memory.
const MaxTemplateOutput = 4 << 20

// errTooMuch stops a template that wrote MaxTemplateOutput bytes.
var errTooMuch = fmt.Errorf("its output passed %d MiB, far more than an issue needs; is a {{range}} running away?", MaxTemplateOutput>>20)

// capped is a writer that refuses to take more than n bytes.
type capped struct {
	w io.Writer
	n int
}

func (c *capped) Write(p []byte) (int, error) {
	if len(p) > c.n {
		return 0, errTooMuch
	}
	c.n -= len(p)
	return c.w.Write(p)
}

// Template executes t over d's template data, stopping it with an error
// once it has written MaxTemplateOutput bytes.
func Template(w io.Writer, t *template.Template, d *draft.Draft) error {
	if err := t.Execute(&capped{w: w, n: MaxTemplateOutput}, TemplateData(d)); err != nil {
		if errors.Is(err, errTooMuch) {
			return fmt.Errorf("template %s: %w", t.Name(), errTooMuch)
		}
		return fmt.Errorf("template %s: %w", t.Name(), err)
	}
	return nil
}

// Options are what the eml format takes from the newsletter's settings.
type Options struct {
	From    string // the From header, "Name <address>"; empty: none
	To      string // the To header, addresses separated by commas; empty: none
	Subject string // the subject pattern (see Subject); empty: DefaultSubject
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

// Message returns the issue as its email: the text export as the plain
// part, the HTML export as the HTML part, dated noon UTC on the issue's date
// (the same calendar day for readers from UTC-11 to UTC+11).
func Message(d *draft.Draft, opts Options) (*email.Message, error) {
	day, err := draft.ParseDate(d.Date)
	if err != nil {
		return nil, fmt.Errorf("the issue's date %q is not a date (YYYY-MM-DD): set it with weekly set DRAFT --date YYYY-MM-DD", d.Date)
	}
	m := &email.Message{Subject: Subject(opts.Subject, d), Date: time.Date(day.Year(), day.Month(), day.Day(), 12, 0, 0, 0, time.UTC)}
	if m.From, m.To, err = opts.Addresses(); err != nil {
		return nil, err
	}
	var text bytes.Buffer
	if err := Write(&text, d, "text"); err != nil {
		return nil, err
	}
	m.Text = text.Bytes()
	m.HTML, err = html.Document(d)
	return m, err
}
