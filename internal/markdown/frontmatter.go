package markdown

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"
)

// meta is what an issue's front matter says about it.
type meta struct {
	title  string
	date   string // as written
	number string // as written
}

// metaKey matches a "Key: value" line of Pelican-style metadata, as This
// Week in Rust writes it.
var metaKey = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^([A-Za-z][A-Za-z0-9_-]*):\s*(.*)$`)
})

// frontMatter splits the front matter off the top of src: YAML between
// "---" lines (Jekyll, Hugo, Docusaurus), TOML between "+++" lines (Hugo),
// or "Key: value" lines up to the first blank line (Pelican). It returns
// what the front matter says, the body, and the body's offset in src.
func frontMatter(src string) (meta, string, int) {
	lines := strings.SplitAfter(src, "\n")
	if len(lines) == 0 {
		return meta{}, src, 0
	}
	first := strings.TrimSpace(lines[0])
	switch first {
	case "---", "+++":
		for i := 1; i < len(lines); i++ {
			l := strings.TrimSpace(lines[i])
			if l == first || (first == "---" && l == "...") {
				head := strings.Join(lines[1:i], "")
				off := len(strings.Join(lines[:i+1], ""))
				return decodeMeta(first, head), src[off:], off
			}
		}
		return meta{}, src, 0
	}
	// Pelican: every line up to the first blank one is "Key: value", and
	// the keys say what an issue's metadata says.
	var m meta
	known := false
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			if i == 0 || !known {
				return meta{}, src, 0
			}
			off := len(strings.Join(lines[:i], ""))
			return m, src[off:], off
		}
		kv := metaKey().FindStringSubmatch(t)
		if kv == nil {
			return meta{}, src, 0
		}
		known = m.set(kv[1], kv[2]) || known
	}
	return meta{}, src, 0
}

// decodeMeta reads YAML or TOML front matter; what does not decode is
// read line by line as "key: value".
func decodeMeta(fence, head string) meta {
	fields := map[string]any{}
	var err error
	if fence == "+++" {
		_, err = toml.Decode(head, &fields)
	} else {
		err = yaml.Unmarshal([]byte(head), &fields)
	}
	var m meta
	if err != nil {
		for _, l := range strings.Split(head, "\n") {
			if kv := metaKey().FindStringSubmatch(strings.TrimSpace(l)); kv != nil {
				m.set(kv[1], strings.Trim(strings.TrimSpace(kv[2]), `"'`))
			}
		}
		return m
	}
	for k, v := range fields {
		switch v := v.(type) {
		case string:
			m.set(k, v)
		case time.Time:
			m.set(k, v.Format(time.DateOnly))
		case int, int64, uint64, float64:
			m.set(k, fmt.Sprint(v))
		}
	}
	return m
}

// set records one front matter field and reports whether it is one that
// issues have.
func (m *meta) set(key, value string) bool {
	value = strings.TrimSpace(value)
	switch strings.ToLower(key) {
	case "title":
		m.title = value
	case "date", "pubdate", "published":
		if m.date == "" {
			m.date = value
		}
	case "number", "issue", "issue_number", "issuenumber":
		m.number = value
	case "category", "categories", "tags", "slug", "author", "authors", "summary", "layout":
	default:
		return false
	}
	return true
}
