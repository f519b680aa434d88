package archive

import (
	"bytes"
	"fmt"
	"sort"

	json "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/weekly-dev/weekly/internal/store"
)

// The archive is one JSON document, laid out so that a line is a unit of
// meaning: the schema, then each issue's own fields on one line and each
// of its items on a line of its own. git's line diff and merge (the
// drafts folder's .gitattributes gives archive.json merge=text) then work
// item by item: a blurb corrected in a re-added issue is one changed line,
// and two clones that archive different issues touch different lines. It
// stays plain JSON for jq and for an older weekly, which refuses it by its
// schema number rather than misreading it.
//
//	{
//	  "schema": 2,
//	  "issues": [
//	    {"number":519,"date":"2020-12-06","source":"519.txt","items":[
//	      {"section":"News","blurb":"…","urls":["https://…"]},
//	      {"section":"Tools","blurb":"…","urls":["https://…"]}
//	    ]}
//	  ]
//	}

// Encode returns the archive's bytes in the layout above; the same archive
// always gives the same bytes.
func (a *Archive) Encode() ([]byte, error) {
	a.Schema = Schema
	var b bytes.Buffer
	fmt.Fprintf(&b, "{\n  \"schema\": %d,\n  \"issues\": [", Schema)
	for i := range a.Issues {
		is := &a.Issues[i]
		items := is.Items
		head, err := compact(issueHead{is.Newsletter, is.Number, is.Date, is.Title, is.Source})
		if err != nil {
			return nil, err
		}
		head = append(bytes.TrimSuffix(head, []byte("}")), `,"items":`...)
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n    ")
		b.Write(head)
		b.WriteByte('[')
		for j, it := range items {
			if it.URLs == nil {
				it.URLs = []string{}
			}
			line, err := compact(it)
			if err != nil {
				return nil, err
			}
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString("\n      ")
			b.Write(line)
		}
		if len(items) > 0 {
			b.WriteString("\n    ")
		}
		b.WriteString("]}")
	}
	if len(a.Issues) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("]\n}\n")
	return b.Bytes(), nil
}

// issueHead is an issue's own fields, as Issue has them.
type issueHead struct {
	Newsletter string `json:"newsletter,omitempty"`
	Number     int    `json:"number"`
	Date       string `json:"date,omitempty"`
	Title      string `json:"title,omitempty"`
	Source     string `json:"source,omitempty"`
}

func compact(v any) ([]byte, error) {
	return json.Marshal(v, jsontext.EscapeForHTML(false), json.Deterministic(true))
}

// v1Issue is an issue as schema 1 kept it: links only.
type v1Issue struct {
	Newsletter string   `json:"newsletter,omitempty"`
	Number     int      `json:"number"`
	Date       string   `json:"date,omitempty"`
	Title      string   `json:"title,omitempty"`
	Source     string   `json:"source,omitempty"`
	Links      []v1Link `json:"links"`
}

type v1Link struct {
	URL     string `json:"url"`
	Section string `json:"section,omitempty"`
	Sponsor bool   `json:"sponsor,omitempty"`
}

// Decode parses an archive file's bytes, of this schema or an older one;
// path is only used in errors.
func Decode(path string, data []byte) (*Archive, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("open %s: the file is empty; remove it (archive add starts a new one) or restore it from git", path)
	}
	var head struct {
		Schema int `json:"schema"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, store.JSONError(path, data, err)
	}
	switch {
	case head.Schema > Schema:
		return nil, fmt.Errorf("open %s: schema %d is newer than this weekly understands (up to %d); upgrade weekly. The file was not changed", path, head.Schema, Schema)
	case head.Schema < 1:
		return nil, fmt.Errorf("open %s: not a weekly archive: no valid \"schema\" field; fix or move the file. It was not changed", path)
	}
	a := &Archive{}
	if head.Schema == 1 {
		var err error
		if a, err = decodeV1(path, data); err != nil {
			return nil, err
		}
	} else if err := json.Unmarshal(data, a, json.RejectUnknownMembers(true)); err != nil {
		return nil, store.JSONError(path, data, err)
	}
	if a.Issues == nil {
		a.Issues = []Issue{}
	}
	// Find lists uses newest first by the order of Issues: a file put
	// out of order by hand is read in number order.
	sort.SliceStable(a.Issues, func(i, j int) bool { return a.Issues[i].Number < a.Issues[j].Number })
	for i := range a.Issues {
		if a.Issues[i].Items == nil {
			a.Issues[i].Items = []Item{}
		}
	}
	return a, nil
}

// decodeV1 reads a schema 1 archive and keeps all it had: each link
// becomes an item of its own, in its section, without a blurb (schema 1
// did not keep which links were one item's, nor what was said).
func decodeV1(path string, data []byte) (*Archive, error) {
	var old struct {
		Schema int       `json:"schema"`
		Issues []v1Issue `json:"issues"`
	}
	if err := json.Unmarshal(data, &old, json.RejectUnknownMembers(true)); err != nil {
		return nil, store.JSONError(path, data, err)
	}
	a := &Archive{Schema: Schema, From: 1, Issues: make([]Issue, 0, len(old.Issues))}
	for _, o := range old.Issues {
		is := Issue{Newsletter: o.Newsletter, Number: o.Number, Date: o.Date, Title: o.Title, Source: o.Source, Items: make([]Item, 0, len(o.Links))}
		for _, l := range o.Links {
			is.Items = append(is.Items, Item{Section: l.Section, Sponsor: l.Sponsor, URLs: []string{l.URL}})
		}
		a.Issues = append(a.Issues, is)
	}
	return a, nil
}
