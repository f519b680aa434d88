// Package export writes a draft in each of the formats weekly offers: the
// email's plain text, Markdown, HTML, JSON for scripts, and a user's own
// text/template.
package export

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/template"
	"unicode/utf8"

	json "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/html"
	"github.com/weekly-dev/weekly/internal/markdown"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/text"
)

// Formats are the names --format takes.
var Formats = []string{"text", "markdown", "html", "json"}

// Write writes d in the named format.
func Write(w io.Writer, d *draft.Draft, format string) error {
	switch strings.ToLower(format) {
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
