package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/format"
	"github.com/weekly-dev/weekly/internal/markdown"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// hugoMark opens the front matter of the files weekly writes into a Hugo
// site, so that it never writes over a page of the site's own.
const hugoMark = "+++\n# Written by weekly publish; publishing the issue again replaces it.\n"

// hugoFront is the front matter of an issue in a Hugo site. Hugo reads
// title and date; the rest are the page's .Params.
type hugoFront struct {
	Title       string `toml:"title"`
	Date        string `toml:"date"`
	Newsletter  string `toml:"newsletter"`
	Number      int    `toml:"number"`
	ReadingTime int    `toml:"reading_time"`
	Summary     string `toml:"summary,omitempty"`
}

// hugoFiles returns each issue as DIR/content/issues/N.md.
func hugoFiles(issues []*draft.Draft, dir string) (map[string][]byte, error) {
	files := make(map[string][]byte, len(issues))
	for _, d := range issues {
		path := pagePath(Options{Site: dir, Format: Hugo}, d.Number)
		old, err := os.ReadFile(path)
		switch {
		case err == nil && !bytes.HasPrefix(old, []byte(hugoMark)):
			return nil, fmt.Errorf("%s was not written by weekly publish: move it, or publish into another site", path)
		case err != nil && !errors.Is(err, fs.ErrNotExist):
			return nil, err
		}
		b, err := hugoPage(d)
		if err != nil {
			return nil, err
		}
		files[path] = b
	}
	return files, nil
}

// hugoPage is the issue as Markdown after TOML front matter: title, date,
// number and reading time above, the issue below as the Markdown export
// writes it, without its heading (the site's theme shows the title).
func hugoPage(d *draft.Draft) ([]byte, error) {
	d = format.Clean(d)
	p, err := render(d)
	if err != nil {
		return nil, err
	}
	front := hugoFront{Title: p.Name() + titleTail(p.Issue), Date: p.Date, Newsletter: p.Newsletter,
		Number: p.Number, ReadingTime: p.Minutes, Summary: p.Summary}
	var b bytes.Buffer
	b.WriteString(hugoMark)
	if err := toml.NewEncoder(&b).Encode(front); err != nil {
		return nil, fmt.Errorf("write the front matter of #%d: %w", d.Number, err)
	}
	b.WriteString("+++\n\n")
	blocks := markdown.Blocks(d)[1:] // the heading is the front matter's
	b.WriteString(strings.Join(markdown.Texts(blocks), "\n\n"))
	b.WriteString("\n")
	return []byte(sanitize.Controls(b.String())), nil
}
