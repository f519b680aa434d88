package fetch

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"

	"github.com/weekly-dev/weekly/internal/sanitize"
)

// Longest title and description kept, in characters; pages that stuff their
// meta tags are cut with "…".
const (
	MaxTitle       = 300
	MaxDescription = 1000
)

// Page is what a link's page says about itself, sanitised: one line each,
// no control characters or escape sequences.
type Page struct {
	// URL is where the page was found, after redirects. The link the
	// editor gave is what is stored; this is for information.
	URL string
	// Title is the page's <title>, else its og:title, else twitter:title.
	Title string
	// Description is the page's og:description, else twitter:description,
	// else its meta description.
	Description string
}

// acceptHTML asks for HTML first and takes anything, so that a server that
// only has a PDF says so in its Content-Type rather than with an error.
const acceptHTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"

// Fetch requests the page at raw and returns its title and description.
// Only the head of the page is read, and never more than MaxBytes; a page
// that is not HTML gives an error wrapping ErrNotHTML. Every error is an
// *Error naming raw; a caller keeps the link and reports it as a warning.
func (f *Fetcher) Fetch(ctx context.Context, raw string) (Page, error) {
	release, err := f.acquire(ctx)
	if err != nil {
		return Page{}, &Error{URL: raw, Err: err}
	}
	defer release()
	p, err := f.fetch(ctx, raw)
	if err != nil {
		return Page{}, &Error{URL: raw, Err: err}
	}
	return p, nil
}

func (f *Fetcher) fetch(ctx context.Context, raw string) (Page, error) {
	ctx, cancel := f.deadline(ctx)
	defer cancel()
	resp, err := f.request(ctx, http.MethodGet, raw, acceptHTML)
	if err != nil {
		return Page{}, err
	}
	defer resp.Body.Close()
	ct := resp.Header.Get("Content-Type")
	if mt := mediaType(ct); mt != "" && !isHTML(mt) {
		return Page{}, fmt.Errorf("%w: it is %s", ErrNotHTML, mt)
	}
	data, _, err := f.read(ctx, resp.Body, endOfHead)
	if err != nil {
		return Page{}, err
	}
	if mediaType(ct) == "" {
		if mt := mediaType(http.DetectContentType(data)); !isHTML(mt) {
			return Page{}, fmt.Errorf("%w: it looks like %s", ErrNotHTML, mt)
		}
	}
	p := Parse(data, ct)
	p.URL = resp.Request.URL.String()
	return p, nil
}

// Result is the outcome of fetching one link of a batch.
type Result struct {
	Page Page
	Err  error
}

// FetchAll fetches every URL, at most Options.Parallel at a time, and
// returns the results in the order of urls.
func (f *Fetcher) FetchAll(ctx context.Context, urls []string) []Result {
	out := make([]Result, len(urls))
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Go(func() {
			out[i].Page, out[i].Err = f.Fetch(ctx, u)
		})
	}
	wg.Wait()
	return out
}

func isHTML(mediaType string) bool {
	return mediaType == "text/html" || mediaType == "application/xhtml+xml"
}

// endOfHead reports whether b holds the end of the head ("</head" or
// "<body", in any case): nothing after it says what the page is.
func endOfHead(b []byte) bool {
	for i := bytes.IndexByte(b, '<'); i >= 0; {
		rest := b[i:]
		if hasPrefixFold(rest, "</head") || hasPrefixFold(rest, "<body") {
			return true
		}
		j := bytes.IndexByte(rest[1:], '<')
		if j < 0 {
			return false
		}
		i += j + 1
	}
	return false
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && strings.EqualFold(string(b[:len(prefix)]), prefix)
}

// Parse reads the title and description from the start of an HTML page,
// decoded as Decode does.
func Parse(data []byte, contentType string) Page {
	m := scan(Decode(data, contentType))
	return Page{
		Title:       sanitize.Clip(sanitize.Line(first(m.title, m.meta["og:title"], m.meta["twitter:title"])), MaxTitle),
		Description: sanitize.Clip(sanitize.Line(first(m.meta["og:description"], m.meta["twitter:description"], m.meta["description"])), MaxDescription),
	}
}

// Decode returns HTML as UTF-8, decoded by the charset of its Content-Type
// header (contentType may be ""), else of its <meta charset> or http-equiv,
// else as UTF-8 when it is valid UTF-8, else as Windows-1252 (which browsers
// use for Latin-1).
func Decode(data []byte, contentType string) []byte {
	enc, name, certain := charset.DetermineEncoding(data, contentType)
	if name == "utf-8" {
		// As it is: a UTF-8 decoder would turn the raw bytes of an 8-bit
		// escape sequence into U+FFFD, and leave the rest of the sequence
		// for sanitize to miss; sanitize takes invalid UTF-8 itself.
		return data
	}
	if !certain && name == "windows-1252" && validUTF8(data) {
		// DetermineEncoding only looks at the first 1,024 bytes; a page
		// without a declared charset whose first non-ASCII character comes
		// later is UTF-8 when all of it is.
		return data
	}
	if decoded, err := enc.NewDecoder().Bytes(data); err == nil {
		return decoded
	}
	return data
}

// validUTF8 reports whether data is valid UTF-8, but for a character cut in
// two at its end.
func validUTF8(data []byte) bool {
	for i := len(data) - 1; i >= 0 && i > len(data)-4; i-- {
		if utf8.RuneStart(data[i]) {
			if !utf8.FullRune(data[i:]) {
				data = data[:i]
			}
			break
		}
	}
	return utf8.Valid(data)
}

// head is what scan found: the first <title>'s text and the first content
// of each meta name or property, keys in lower case.
type head struct {
	title string
	meta  map[string]string
}

// scan tokenises HTML up to the end of its head.
func scan(data []byte) head {
	h := head{meta: map[string]string{}}
	z := html.NewTokenizer(bytes.NewReader(data))
	var title strings.Builder
	inTitle, titled := false, false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			h.title = title.String()
			return h
		case html.TextToken:
			if inTitle {
				title.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch string(name) {
			case "title":
				inTitle = !titled && tt == html.StartTagToken
			case "meta":
				if hasAttr {
					readMeta(z, h.meta)
				}
			case "body":
				h.title = title.String()
				return h
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "title":
				if inTitle {
					inTitle, titled = false, true
				}
			case "head":
				h.title = title.String()
				return h
			}
		}
	}
}

// readMeta records a <meta name|property=KEY content=VALUE> tag's content
// under KEY, unless KEY was seen before.
func readMeta(z *html.Tokenizer, meta map[string]string) {
	var key, content string
	hasContent := false
	for {
		k, v, more := z.TagAttr()
		switch string(k) {
		case "name", "property":
			if key == "" {
				key = strings.ToLower(strings.TrimSpace(string(v)))
			}
		case "content":
			content, hasContent = string(v), true
		}
		if !more {
			break
		}
	}
	if key == "" || !hasContent {
		return
	}
	if _, seen := meta[key]; !seen {
		meta[key] = content
	}
}

// first returns the first of values that is not blank.
func first(values ...string) string {
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}
