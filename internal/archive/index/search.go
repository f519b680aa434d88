package index

import (
	"context"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/archive/query"
)

// Hit is one archived item a search found, with its score.
type Hit struct {
	Issue *archive.Issue
	Item  *archive.Item
	Score float64
	id    string
	index int // the item's place in its issue, for a stable order
}

// Results are the best hits of a search, how many items matched in all,
// and what marks the matched words of a hit.
type Results struct {
	Hits   []Hit
	Total  int
	Marker Marker
}

// fuzzyFrom is the shortest word, in letters, that a search takes with one
// typo: "kubernetis" finds "kubernetes", "vitess" finds "vites", but
// "rust" does not find "just".
const fuzzyFrom = 5

// Boosts of the fields a word is looked for in: the words of a link say
// less than what the editor wrote.
const (
	boostBlurb = 1.0
	boostTitle = 1.0
	boostLink  = 0.15
)

// Search returns the n best matches of text (see package query for what
// may be typed), by relevance; scores within 1% of each other count as
// equal, and then the newer issue comes first.
func (x *Index) Search(ctx context.Context, text string, n int) (Results, error) {
	return x.search(ctx, text, n, false)
}

// SearchTyped is Search for a query being typed: its last word, unless a
// space follows it, also finds the words it begins ("opst" finds
// Opstrace), so that results come as the word is typed.
func (x *Index) SearchTyped(ctx context.Context, text string, n int) (Results, error) {
	typing := text != "" && !strings.HasSuffix(text, " ")
	return x.search(ctx, text, n, typing)
}

func (x *Index) search(ctx context.Context, text string, n int, typing bool) (Results, error) {
	q := query.Parse(text)
	var prefix string
	if last := len(q.Clauses) - 1; typing && last >= 0 {
		if c := q.Clauses[last]; c.Field == query.Text && !c.Phrase && !c.Not && utf8.RuneCountInString(c.Value) >= minPrefix {
			prefix = strings.ToLower(c.Value)
		}
	}
	res := Results{Marker: x.marker(q)}
	res.Marker.prefix = prefix
	bqq := toBleve(q, prefix)
	if bqq == nil || n < 1 {
		return res, nil
	}
	sr, err := x.bi.SearchInContext(ctx, bleve.NewSearchRequestOptions(bqq, n+window, 0, false))
	if err != nil {
		return res, err
	}
	res.Total = int(sr.Total)
	res.Hits, err = x.hits(sr.Hits, n, nil)
	return res, err
}

// hits ranks the documents found, keeps the first n that keep says to
// (all when keep is nil) and reads what the index stored of them: the
// page of results costs as many reads as it shows.
func (x *Index) hits(found search.DocumentMatchCollection, n int, keep func(Hit) bool) ([]Hit, error) {
	ranked := make([]Hit, 0, len(found))
	for _, h := range found {
		if is, j, ok := parseID(h.ID); ok {
			ranked = append(ranked, Hit{Issue: is, Score: h.Score, id: h.ID, index: j})
		}
	}
	rank(ranked)
	out := make([]Hit, 0, min(n, len(ranked)))
	for _, h := range ranked {
		if len(out) == n {
			break
		}
		doc, err := x.bi.Document(h.id)
		if err != nil {
			return nil, err
		}
		full, ok := stored(doc, h)
		if ok && (keep == nil || keep(full)) {
			out = append(out, full)
		}
	}
	return out, nil
}

// window is how many hits past the n asked for are read, for those of
// about the same score to be ordered by date.
const window = 20

// rank orders hits by score, taking scores within 1% of each other as
// equal, then newest issue first (the higher number), then in their
// issue's order.
func rank(hits []Hit) {
	bucket := func(s float64) float64 {
		if s <= 0 {
			return math.Inf(-1)
		}
		return math.Round(math.Log(s) * 100)
	}
	slices.SortStableFunc(hits, func(a, b Hit) int {
		if ba, bb := bucket(a.Score), bucket(b.Score); ba != bb {
			if ba > bb {
				return -1
			}
			return 1
		}
		if a.Issue.Number != b.Issue.Number {
			return b.Issue.Number - a.Issue.Number
		}
		return a.index - b.index
	})
}

// minPrefix is the shortest word being typed that is taken as the start
// of longer ones.
const minPrefix = 2

// toBleve turns a parsed query into bleve's; nil when it asks for nothing.
// prefix, when not "", is the last word being typed: the words it begins
// match too.
func toBleve(q query.Query, prefix string) bq.Query {
	var must, should, not []bq.Query
	for i, c := range q.Clauses {
		var one bq.Query
		optional := false
		switch c.Field {
		case query.Text:
			one = words(c, fieldBlurb, fieldTitle, fieldLink)
			optional = !c.Phrase
			if prefix != "" && i == len(q.Clauses)-1 {
				one = bleve.NewDisjunctionQuery(one, begins(prefix, fieldBlurb), begins(prefix, fieldTitle))
			}
		case query.Title:
			one = words(c, fieldTitle)
		case query.Blurb:
			one = words(c, fieldBlurb)
		case query.Section:
			if c.Phrase {
				p := bleve.NewMatchPhraseQuery(c.Value)
				p.SetField(fieldSection)
				one = p
			} else {
				m := bleve.NewMatchQuery(c.Value)
				m.SetField(fieldSection)
				m.SetOperator(bq.MatchQueryOperatorAnd)
				one = m
			}
		case query.Host:
			t := bleve.NewTermQuery(c.Value)
			t.SetField(fieldHost)
			one = t
		case query.Issue, query.Year:
			one = between(string(c.Field), c.Min, c.Max)
		}
		switch {
		case c.Not:
			not = append(not, one)
		case optional:
			should = append(should, one)
		default:
			must = append(must, one)
		}
	}
	if len(must)+len(should)+len(not) == 0 {
		return nil
	}
	// The words are one clause that must match (any of them, scored by how
	// many): beside a field, bleve then walks the shorter of the two lists
	// of documents, not all those of the field.
	if len(should) == 1 {
		must = append(must, should[0])
	} else if len(should) > 1 {
		must = append(must, bleve.NewDisjunctionQuery(should...))
	}
	if len(must) == 0 {
		must = append(must, bleve.NewMatchAllQuery())
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(must...)
	b.AddMustNot(not...)
	return b
}

// words looks for a word or phrase in fields: a word of fuzzyFrom letters
// or more also with one typo, at half the score.
func words(c query.Clause, fields ...string) bq.Query {
	boosts := map[string]float64{fieldBlurb: boostBlurb, fieldTitle: boostTitle, fieldLink: boostLink}
	var qs []bq.Query
	for _, f := range fields {
		if c.Phrase {
			if f == fieldLink {
				continue // links keep no positions
			}
			p := bleve.NewMatchPhraseQuery(c.Value)
			p.SetField(f)
			p.SetBoost(boosts[f])
			qs = append(qs, p)
			continue
		}
		m := bleve.NewMatchQuery(c.Value)
		m.SetField(f)
		m.SetBoost(boosts[f])
		if !c.Not && f != fieldLink && utf8.RuneCountInString(c.Value) >= fuzzyFrom {
			m.SetFuzziness(1)
		}
		qs = append(qs, m)
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// begins matches the words of field that start with prefix, at half the
// score of a whole word.
func begins(prefix, field string) bq.Query {
	q := bleve.NewPrefixQuery(prefix)
	q.SetField(field)
	q.SetBoost(0.5)
	return q
}

// between matches issue or year numbers from lo to hi, both included; 0
// is open.
func between(field string, lo, hi int) bq.Query {
	term, top := issueTerm, 999999999
	if field == fieldYear {
		term, top = yearTerm, 9999
	}
	if hi == 0 || hi > top {
		hi = top
	}
	if lo > top {
		return bleve.NewMatchNoneQuery()
	}
	incl := true
	q := bleve.NewTermRangeInclusiveQuery(term(lo), term(hi), &incl, &incl)
	q.SetField(field)
	return q
}

// analyzer is the English analyzer the index's text fields use.
func analyzer() analysis.Analyzer {
	return newMapping().AnalyzerNamed(en.AnalyzerName)
}

// parseID reads the issue and item place of a document ID.
func parseID(id string) (*archive.Issue, int, bool) {
	k := strings.LastIndexByte(id, '/')
	h := strings.LastIndexByte(id[:max(k, 0)], '#')
	if k < 0 || h < 0 {
		return nil, 0, false
	}
	n, err1 := strconv.Atoi(id[h+1 : k])
	j, err2 := strconv.Atoi(id[k+1:])
	if err1 != nil || err2 != nil {
		return nil, 0, false
	}
	return &archive.Issue{Number: n}, j, true
}

// stored fills h with what the index stored of its item.
func stored(doc index.Document, h Hit) (Hit, bool) {
	var raw []byte
	doc.VisitFields(func(f index.Field) {
		if f.Name() == fieldRaw {
			raw = f.Value()
		}
	})
	var st storedItem
	if raw == nil || json.Unmarshal(raw, &st) != nil {
		return Hit{}, false
	}
	if st.Item.URLs == nil {
		st.Item.URLs = []string{}
	}
	h.Issue = &archive.Issue{Newsletter: st.Newsletter, Number: st.Number, Date: st.Date}
	h.Item = &st.Item
	return h, true
}
