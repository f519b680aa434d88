// Package html renders an issue as HTML, by way of its Markdown, for pasting
// into an email tool or a web page.
package html

import (
	"bytes"
	"fmt"
	stdhtml "html"
	"io"
	"strconv"

	"github.com/yuin/goldmark"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/markdown"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// Write writes the draft as a complete HTML document. Raw HTML in blurbs is
// left out and dangerous link schemes are dropped (goldmark's safe default),
// so nothing in a draft can inject markup or script.
func Write(w io.Writer, d *draft.Draft) error {
	body, err := Render(markdown.Format(d))
	if err != nil {
		return err
	}
	title := sanitize.Line(d.Newsletter) + " #" + strconv.Itoa(d.Number)
	_, err = fmt.Fprintf(w, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n</head>\n<body>\n%s</body>\n</html>\n",
		stdhtml.EscapeString(title), body)
	return err
}

// Render converts CommonMark to an HTML fragment.
func Render(md string) ([]byte, error) {
	var buf bytes.Buffer
	if err := goldmark.Convert([]byte(md), &buf); err != nil {
		return nil, fmt.Errorf("render HTML: %w", err)
	}
	return buf.Bytes(), nil
}
