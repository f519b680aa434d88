package index

import (
	"context"
	"math"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/weekly-dev/weekly/internal/link"
)

// Card is what "more like this" compares with the archive: a card of the
// draft, and the issue it is in (whose own archived copy is left out).
type Card struct {
	Title, Blurb, Description string
	URLs                      []string
	Newsletter                string
	Number                    int
}

// likeTerms is how many of the card's words the comparison keeps: those
// that say most about it (often in the card, rare in the archive).
const likeTerms = 12

// Like returns up to n archived items most like c: they share the card's
// rarer words (in blurb, title or link), and a little its host. Items
// that carried one of the card's own links are left out (the card pane
// lists those as repeats), and so is the card's own issue.
func (x *Index) Like(ctx context.Context, c Card, n int) ([]Hit, error) {
	text := c.Title + "\n" + c.Blurb + "\n" + c.Description
	for _, u := range c.URLs {
		text += "\n" + strings.Join(pathWords(u), " ") // the host counts below, once
	}
	tf := map[string]float64{}
	for _, t := range x.an.Analyze([]byte(text)) {
		if len(t.Term) > 2 {
			tf[string(t.Term)]++
		}
	}
	adv, err := x.bi.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	total, err := r.DocCount()
	if err != nil || total == 0 {
		return nil, err
	}
	type weighted struct {
		term string
		w    float64
	}
	var terms []weighted
	for term, f := range tf {
		df := uint64(0)
		for _, field := range []string{fieldBlurb, fieldTitle, fieldLink} {
			tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, false)
			if err != nil {
				return nil, err
			}
			df = max(df, tfr.Count())
			_ = tfr.Close()
		}
		// A word in no other item finds nothing; one in a tenth of them
		// (or, in a small archive, in more than two) says little.
		if df == 0 || df > max(total/10, 2) {
			continue
		}
		terms = append(terms, weighted{term, f * math.Log(1+float64(total)/float64(df))})
	}
	sort.Slice(terms, func(i, j int) bool {
		if terms[i].w != terms[j].w {
			return terms[i].w > terms[j].w
		}
		return terms[i].term < terms[j].term
	})
	terms = terms[:min(len(terms), likeTerms)]

	var should []bq.Query
	for _, t := range terms {
		var in []bq.Query
		for _, f := range []struct {
			name  string
			boost float64
		}{{fieldBlurb, boostBlurb}, {fieldTitle, boostTitle}, {fieldLink, boostLink}} {
			q := bleve.NewTermQuery(t.term)
			q.SetField(f.name)
			q.SetBoost(f.boost * t.w)
			in = append(in, q)
		}
		should = append(should, bleve.NewDisjunctionQuery(in...))
	}
	if len(should) == 0 {
		return nil, nil
	}
	hosts := map[string]bool{}
	for _, u := range c.URLs {
		if d := Domains(u); len(d) > 0 && !hosts[d[0]] {
			hosts[d[0]] = true
			q := bleve.NewTermQuery(d[0])
			q.SetField(fieldHost)
			q.SetBoost(0.5)
			should = append(should, q)
		}
	}
	b := bleve.NewBooleanQuery()
	b.AddShould(should...)
	// Two of the card's words, or one and its host: one word alone is not
	// a topic.
	b.SetMinShould(2)
	sr, err := x.bi.SearchInContext(ctx, bleve.NewSearchRequestOptions(b, n+window, 0, false))
	if err != nil {
		return nil, err
	}
	own := map[string]bool{}
	for _, u := range c.URLs {
		own[link.Normalize(u)] = true
	}
	return x.hits(sr.Hits, n, func(h Hit) bool {
		return !(c.Number > 0 && h.Issue.Is(c.Newsletter, c.Number)) && !carries(h.Item.URLs, own)
	})
}

// carries reports whether one of urls is in own (normalised).
func carries(urls []string, own map[string]bool) bool {
	for _, u := range urls {
		if own[link.Normalize(u)] {
			return true
		}
	}
	return false
}
