package index

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/link"
)

// Format is the version of what the index holds (its mapping and its
// documents); an index of another version is rebuilt.
const Format = 3

// The fields of a document: one per archived item.
const (
	fieldBlurb   = "blurb"   // the editor's words (English: stemmed, stop words kept in place)
	fieldTitle   = "title"   // the page's title, when the archive knows it
	fieldSection = "section" // the section's name ("Intro" for the intro)
	fieldLink    = "link"    // the words of its links: host names and paths
	fieldHost    = "host"    // each link's host and the domains above it, exact
	fieldIssue   = "issue"   // the issue's number, nine digits (0000000519), exact
	fieldYear    = "year"    // the year of the issue's date, exact
	fieldRaw     = "raw"     // the item and its issue as a hit shows them, stored only
)

// newMapping is the index's mapping: one field stored (raw: what a hit
// shows, so that a search reads a few documents and not the whole
// archive), term vectors only where a phrase may be asked for, no doc
// values (sorting is done on the page of hits), so that the index stays a
// small multiple of the archive.
func newMapping() mapping.IndexMapping {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = en.AnalyzerName
	m.StoreDynamic, m.IndexDynamic, m.DocValuesDynamic = false, false, false
	text := func(vectors bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = en.AnalyzerName
		f.Store, f.IncludeInAll, f.DocValues, f.IncludeTermVectors = false, false, false, vectors
		return f
	}
	keyword := bleve.NewKeywordFieldMapping()
	keyword.Store, keyword.IncludeInAll, keyword.DocValues, keyword.IncludeTermVectors = false, false, false, false

	raw := bleve.NewTextFieldMapping()
	raw.Index, raw.Store, raw.IncludeInAll, raw.DocValues, raw.IncludeTermVectors = false, true, false, false, false

	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldRaw, raw)
	dm.AddFieldMappingsAt(fieldBlurb, text(true))
	dm.AddFieldMappingsAt(fieldTitle, text(true))
	dm.AddFieldMappingsAt(fieldSection, text(true))
	dm.AddFieldMappingsAt(fieldLink, text(false))
	dm.AddFieldMappingsAt(fieldHost, keyword)
	// Numbers are words of fixed width, so that a range of them is a range
	// of words: cheaper to index than bleve's numeric fields.
	dm.AddFieldMappingsAt(fieldIssue, keyword)
	dm.AddFieldMappingsAt(fieldYear, keyword)
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	m.DefaultMapping = dm
	return m
}

// issueKey names an issue in document IDs: the newsletter (lower case) and
// the number.
func issueKey(is *archive.Issue) string {
	return strings.ToLower(is.Newsletter) + "#" + fmt.Sprint(is.Number)
}

// docID is the ID of item i of an issue.
func docID(is *archive.Issue, i int) string { return fmt.Sprintf("%s/%d", issueKey(is), i) }

// storedItem is what the index keeps of an item for its hits: the item and
// its issue's own fields.
type storedItem struct {
	Newsletter string       `json:"l,omitempty"`
	Number     int          `json:"n"`
	Date       string       `json:"d,omitempty"`
	Item       archive.Item `json:"i"`
}

// document is what the index holds of item i of an issue.
func document(is *archive.Issue, it *archive.Item) map[string]any {
	raw, _ := json.Marshal(storedItem{is.Newsletter, is.Number, is.Date, *it})
	doc := map[string]any{
		fieldRaw:     string(raw),
		fieldBlurb:   it.Blurb,
		fieldSection: it.SectionName(),
		fieldIssue:   issueTerm(is.Number),
	}
	if it.Title != "" {
		doc[fieldTitle] = it.Title
	}
	if y := is.Year(); y > 0 {
		doc[fieldYear] = yearTerm(y)
	}
	var words, hosts []string
	for _, u := range it.URLs {
		words = append(words, linkWords(u)...)
		hosts = append(hosts, Domains(u)...)
	}
	if len(words) > 0 {
		doc[fieldLink] = strings.Join(words, " ")
	}
	if len(hosts) > 0 {
		doc[fieldHost] = hosts
	}
	return doc
}

// issueTerm and yearTerm write numbers as the index keeps them.
func issueTerm(n int) string { return fmt.Sprintf("%09d", n) }
func yearTerm(y int) string  { return fmt.Sprintf("%04d", y) }

// Domains returns the host of u (lower case, without "www.") and every
// domain above it down to two labels: blog.dave.tf gives blog.dave.tf and
// dave.tf, so that host:dave.tf finds both.
func Domains(u string) []string {
	h := strings.ToLower(link.Site(u))
	var out []string
	for h != "" {
		out = append(out, h)
		i := strings.IndexByte(h, '.')
		if i < 0 || strings.Count(h, ".") < 2 {
			break
		}
		h = h[i+1:]
	}
	return out
}

// pathNoise are path words that say nothing of a page.
var pathNoise = map[string]bool{"html": true, "htm": true, "php": true, "asp": true, "aspx": true, "jsp": true, "www": true,
	"blog": true, "blogs": true, "post": true, "posts": true, "article": true, "articles": true, "index": true, "p": true, "en": true}

// linkWords returns the words of a link that may say what it is about: the
// labels of its host but the last (github, slack, engineering) and the
// words of its path.
func linkWords(u string) []string {
	labels := strings.Split(strings.ToLower(link.Site(u)), ".")
	if len(labels) > 1 {
		labels = labels[:len(labels)-1]
	}
	return append(labels, pathWords(u)...)
}

// pathWords returns the words of a link's path (scaling datastores at
// slack with vitess), without numbers, identifiers and words every site
// has (blog, post, html).
func pathWords(u string) []string {
	rest := u
	if _, after, ok := strings.Cut(rest, "://"); ok {
		rest = after
	}
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		rest = rest[i:]
	} else {
		rest = ""
	}
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i]
	}
	var out []string
	for _, w := range strings.FieldsFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		digits := strings.IndexFunc(w, unicode.IsDigit) >= 0
		if pathNoise[strings.ToLower(w)] || digits && (len(w) > 6 || strings.IndexFunc(w, unicode.IsLetter) < 0) {
			continue
		}
		out = append(out, w)
	}
	return out
}
