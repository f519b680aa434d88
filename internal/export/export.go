// Package export writes an issue out: in one of the formats of the
// registry (internal/format), through a user's own text/template, and to a
// file by the one rule for both the command line and the board (ToFile).
package export

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/template"
	"unicode/utf8"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/format"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// Options are what the eml format takes from the newsletter's settings.
type Options = format.Options

// Write writes d in the named format, an eml with the default subject and
// no From or To (see WriteWith for the settings' own).
func Write(w io.Writer, d *draft.Draft, name string) error {
	return WriteWith(w, d, name, Options{})
}

// WriteWith writes d in the named format (text when name is empty) with
// opts. Like every format's writer, it leaves out escape sequences, control
// characters and bidi overrides the draft may carry.
func WriteWith(w io.Writer, d *draft.Draft, name string, opts Options) error {
	if name == "" {
		name = "text"
	}
	f, ok := format.Named(name)
	if !ok {
		return fmt.Errorf("unknown format %q: use one of %s", name, strings.Join(format.Names(), ", "))
	}
	return f.Write(w, d, opts)
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

// ParseTemplate reads a template file, and makes its loops and templates
// count their steps when Template runs it (see MaxTemplateSteps).
func ParseTemplate(path string) (*template.Template, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read template: %w", err)
	}
	t, err := template.New(path).Funcs(Funcs).Option("missingkey=error").Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", path, err)
	}
	t.Funcs(template.FuncMap{stepFunc: func() string { return "" }}) // Template counts them
	meterTree(t)
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

// Template executes t over the template data of Clean(d), stopping it with
// an error once it has written MaxTemplateOutput bytes, built
// MaxTemplateBuilt bytes of text, or taken MaxTemplateSteps steps (those of
// a template from ParseTemplate). What it writes carries no escape codes
// or bidi controls, as every format's does; nothing is written when it
// fails.
func Template(w io.Writer, t *template.Template, d *draft.Draft) error {
	name := t.Name()
	t, err := t.Clone() // the functions of this run count into their own meter
	if err != nil {
		return fmt.Errorf("template %s: %w", name, err)
	}
	var m meter
	t.Funcs(m.funcs())
	var buf bytes.Buffer
	if err := t.Execute(&capped{w: &buf, n: MaxTemplateOutput}, TemplateData(format.Clean(d))); err != nil {
		for _, limit := range []error{errTooMuch, errBuiltTooMuch, errTooManySteps} {
			if errors.Is(err, limit) {
				return fmt.Errorf("template %s: %w", name, limit)
			}
		}
		return fmt.Errorf("template %s: %w", name, err)
	}
	_, err = io.WriteString(w, sanitize.Controls(buf.String()))
	return err
}
