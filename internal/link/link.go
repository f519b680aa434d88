// Package link parses and normalises the URLs an editor collects.
package link

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Check parses raw strictly and returns an error naming it unless it is an
// absolute http or https URL with a host and a valid port, without user
// information, and without spaces, control characters or invisible format
// characters (bidi overrides, zero-width spaces), which could make a link
// read as something it is not. Errors quote the value with %q, so that they
// are safe to print whatever raw holds.
func Check(raw string) (*url.URL, error) {
	if raw == "" {
		return nil, fmt.Errorf("empty URL")
	}
	if !hasScheme(raw) {
		return nil, fmt.Errorf("%q is not a URL: it needs to start with https:// or http://", raw)
	}
	for i, r := range raw {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(raw[i:]); size == 1 {
				return nil, fmt.Errorf("URL %q is not valid UTF-8", raw)
			}
		}
		if unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return nil, fmt.Errorf("URL %q contains a space, control or invisible character (%U); a URL has none", raw, r)
		}
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("URL %q does not parse: %v", raw, unwrap(err))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		if u.Scheme == "" {
			return nil, fmt.Errorf("%q is not a URL: it needs to start with https:// or http://", raw)
		}
		return nil, fmt.Errorf("URL %q: only http and https links are taken, not %s links", raw, u.Scheme)
	}
	if u.Opaque != "" {
		return nil, fmt.Errorf("URL %q has no host: write it as %s://HOST/PATH", raw, u.Scheme)
	}
	if u.Host == "" || strings.Trim(u.Hostname(), ".") == "" {
		return nil, fmt.Errorf("URL %q has no host", raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("URL %q carries a user name or password; leave them out", raw)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("URL %q: port %s is not between 1 and 65535", raw, p)
		}
	}
	return u, nil
}

// WithScheme returns raw with https:// put in front when it has no scheme
// but starts with a host name ("www.example.com/x", "example.com"), and
// reports whether it did. Anything else comes back unchanged, for Check to
// accept or refuse.
func WithScheme(raw string) (string, bool) {
	if raw == "" || hasScheme(raw) || strings.HasPrefix(raw, "//") {
		return raw, false
	}
	host := raw
	if i := strings.IndexAny(host, "/?#"); i >= 0 {
		host = host[:i]
	}
	labels := strings.Split(host, ".")
	if len(labels) < 2 {
		return raw, false
	}
	for _, l := range labels {
		if l == "" || strings.Trim(l, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != "" {
			return raw, false
		}
	}
	if tld := labels[len(labels)-1]; len(tld) < 2 || strings.Trim(tld, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return raw, false
	}
	return "https://" + raw, true
}

// hasScheme reports whether raw starts with a URL scheme and a colon.
func hasScheme(raw string) bool {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

func unwrap(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// trackingParams are query parameters that say where a click came from, not
// what it points to.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "msclkid": true, "mc_cid": true, "mc_eid": true,
	"ref": true, "ref_src": true, "ref_url": true, "_hsenc": true, "_hsmi": true, "mkt_tok": true, "igshid": true,
	"yclid": true, "twclid": true, "s_cid": true, "sc_cid": true, "trk": true, "cmpid": true,
	"_ga": true, "_gl": true, "gclsrc": true, "ncid": true, "sr_share": true, "hsctatracking": true,
	"oly_enc_id": true, "oly_anon_id": true, "vero_id": true,
}

// Normalize returns the form of a URL used to tell whether two links are the
// same: without scheme, "www.", default port, trailing slash, fragment and
// tracking parameters, with the host in lower case, percent-escapes in one
// form and the remaining query parameters sorted. A link pasted without its
// scheme ("example.com/post") is the same as with it. It never fails: text
// that does not parse is returned trimmed and lower-cased.
func Normalize(raw string) string {
	raw = strings.TrimSpace(raw)
	if i := strings.IndexByte(raw, '#'); i >= 0 {
		raw = raw[:i]
	}
	// A slash added at the very end (after a query, too) is still the
	// trailing slash someone pasted.
	raw = strings.TrimRight(raw, "/")
	switch {
	case strings.HasPrefix(raw, "//"):
		raw = "http:" + raw
	case !strings.Contains(raw, "://") && bareHost().MatchString(raw):
		raw = "http://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return strings.ToLower(raw)
	}
	host := strings.ToLower(u.Hostname())
	host = strings.TrimRight(host, ".")
	// Every "www." (www.www.example.com is example.com too), so that a key
	// read again as a link is the same key; the host ends in no dot, so
	// something is always left.
	for strings.HasPrefix(host, "www.") {
		host = host[len("www."):]
	}
	if p := u.Port(); p != "" && p != "80" && p != "443" {
		host += ":" + p
	}
	path := escapes(u.EscapedPath())
	path = strings.TrimRight(path, "/")
	for _, index := range []string{"/index.html", "/index.htm", "/index.php"} {
		path = strings.TrimSuffix(path, index)
	}
	q := u.Query()
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || trackingParams[lk] {
			delete(q, k)
		}
	}
	out := host + path
	if len(q) > 0 {
		keys := make([]string, 0, len(q))
		for k := range q {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		for _, k := range keys {
			vs := q[k]
			sort.Strings(vs)
			for _, v := range vs {
				if b.Len() > 0 {
					b.WriteByte('&')
				}
				b.WriteString(url.QueryEscape(k))
				b.WriteByte('=')
				b.WriteString(url.QueryEscape(v))
			}
		}
		out += "?" + b.String()
	}
	return out
}

// bareHost matches the start of a link pasted without its scheme: a host
// name with a dot, then a path, query or the end.
var bareHost = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?i)[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?([/?]|$)`)
})

// escapes writes percent-escapes in one form: upper-case hex, and the
// characters that never need escaping unescaped.
func escapes(p string) string {
	if !strings.Contains(p, "%") {
		return p
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == '%' && i+2 < len(p) && isHex(p[i+1]) && isHex(p[i+2]) {
			c := unhex(p[i+1])<<4 | unhex(p[i+2])
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
				b.WriteByte(c)
			} else {
				b.WriteString(strings.ToUpper(p[i : i+3]))
			}
			i += 2
			continue
		}
		b.WriteByte(p[i])
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// Site returns the host of a URL without "www.", for showing where a link
// goes; "" when it has none.
func Site(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// InText reports whether url appears in text as a whole link: not as the
// start of a longer URL.
func InText(text, url string) bool {
	if url == "" {
		return false
	}
	for from := 0; ; {
		i := strings.Index(text[from:], url)
		if i < 0 {
			return false
		}
		end := from + i + len(url)
		if end == len(text) || endsLink(text[end:]) {
			return true
		}
		from += i + 1
	}
}

// endsLink reports whether rest, the text after a URL, ends it there.
func endsLink(rest string) bool {
	if strings.IndexByte(stops, rest[0]) >= 0 {
		return true
	}
	// Sentence punctuation (and emphasis marks) ends a link when followed
	// by space, a closing bracket or the end, as Find trims it.
	i := 0
	for i < len(rest) && strings.IndexByte(trailing, rest[i]) >= 0 {
		i++
	}
	if i == 0 {
		return false
	}
	return i == len(rest) || strings.IndexByte(stops, rest[i]) >= 0
}

// stops are the characters a link cannot run on into: those inText stops
// at, and the closing brackets trimLink takes off.
const stops = " \n\t\r\f<>\"'`{}|\\^)]"

// trailing is the punctuation Find takes off the end of a link.
const trailing = ".,;:!?*"

// inText matches a link written in running text.
var inText = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`https?://[^\s<>"'\x60{}|\\^]+`)
})

// Find returns the http and https links written in text, in order and each
// once, without the punctuation that ends a sentence or closes a bracket
// around them: "see https://example.com/a." gives https://example.com/a.
func Find(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, loc := range inText().FindAllStringIndex(text, -1) {
		u := trimLink(text[loc[0]:loc[1]])
		if _, err := Check(u); err != nil || seen[u] {
			continue
		}
		seen[u] = true
		out = append(out, u)
	}
	return out
}

// Spans returns where text holds something written as a link, before it
// is checked: a [start, end) pair for each, in order, repeats included,
// without the punctuation that Find leaves out. A reader that must keep a
// link's characters as they are (escaping the text around it) uses it.
func Spans(text string) [][2]int {
	var out [][2]int
	for _, loc := range inText().FindAllStringIndex(text, -1) {
		if u := trimLink(text[loc[0]:loc[1]]); u != "" {
			out = append(out, [2]int{loc[0], loc[0] + len(u)})
		}
	}
	return out
}

// trimLink takes trailing punctuation off a link found in text, and closing
// brackets that have no opening one inside the link.
func trimLink(u string) string {
	for len(u) > 0 {
		c := u[len(u)-1]
		switch {
		case strings.IndexByte(trailing, c) >= 0:
			u = u[:len(u)-1]
		case c == ')' && strings.Count(u, "(") < strings.Count(u, ")"),
			c == ']' && strings.Count(u, "[") < strings.Count(u, "]"):
			u = u[:len(u)-1]
		default:
			return u
		}
	}
	return u
}
