package preview

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// osc8 starts a hyperlink escape (OSC 8); "\x1b]8;;\a" ends the link.
const (
	osc8      = "\x1b]8;"
	osc8Close = "\x1b]8;;\a"
)

// link is a hyperlink on one rendered line: the escape that opens it, the
// text it shows, and the bytes around them.
type link struct {
	start     int    // where the opening escape starts
	open      string // the opening escape, "\x1b]8;PARAMS;URL\a"
	url       string
	textStart int // where the shown text starts
	textEnd   int // where it ends (at the escape after it)
	end       int // after the closing escape
}

// links returns the hyperlinks on a line that open and close on it.
func links(l string) []link {
	var out []link
	for i := 0; ; {
		j := strings.Index(l[i:], osc8)
		if j < 0 {
			return out
		}
		s := i + j
		bel := strings.IndexByte(l[s:], '\a')
		if bel < 0 {
			return out
		}
		open := l[s : s+bel+1]
		i = s + bel + 1
		if open == osc8Close {
			continue
		}
		params := open[len(osc8) : len(open)-1]
		semi := strings.IndexByte(params, ';')
		if semi < 0 {
			continue
		}
		c := strings.Index(l[i:], osc8Close)
		if c < 0 {
			return out
		}
		lk := link{start: s, open: open, url: params[semi+1:], textStart: i, end: i + c + len(osc8Close)}
		// The shown text may follow colour codes, and colour codes may
		// follow it before the closing escape.
		for lk.textStart < i+c && l[lk.textStart] == '\x1b' {
			n := strings.IndexByte(l[lk.textStart:i+c], 'm')
			if n < 0 {
				break
			}
			lk.textStart += n + 1
		}
		lk.textEnd = lk.textStart
		if e := strings.IndexByte(l[lk.textStart:i+c], '\x1b'); e >= 0 {
			lk.textEnd += e
		} else {
			lk.textEnd = i + c
		}
		out = append(out, lk)
		i = lk.end
	}
}

// trimPad drops the trailing spaces glamour pads a line with (each may be
// wrapped in colour codes).
func trimPad(l string) string {
	for {
		switch {
		case strings.HasSuffix(l, " "):
			l = l[:len(l)-1]
		case endsInSGR(l):
			l = l[:strings.LastIndex(l, "\x1b[")]
		default:
			return l
		}
	}
}

// endsInSGR reports whether l ends with a whole SGR sequence (ESC [
// digits and semicolons m), and not with text that ends in "m".
func endsInSGR(l string) bool {
	i := strings.LastIndex(l, "\x1b[")
	if i < 0 || !strings.HasSuffix(l, "m") {
		return false
	}
	params := l[i+2 : len(l)-1]
	return strings.Trim(params, "0123456789;:") == ""
}

// pad pads a line with spaces to width cells, or leaves it as it is when
// it is wider.
func pad(l string, width int) string {
	return l + strings.Repeat(" ", max(width-ansi.StringWidth(l), 0))
}

// keepURLs undoes glamour's breaking of a URL shown as a link's text: glamour
// wraps a word longer than the line at its hyphens or at the width, so that
// copying the URL from the terminal gives a broken one. Where a line ends
// with part of a URL that the next line continues, the URL is cut again
// only after a "/", as far along as the first line has room for, or not at
// all (it then runs past the edge); nothing is inserted into it. The text
// after the URL on the next line stays there.
func keepURLs(s, margin string) string {
	if !strings.Contains(s, osc8) {
		return s
	}
	lines := strings.Split(s, "\n")
	for i := 0; i+1 < len(lines); i++ {
		a, b, ok := continued(lines[i], lines[i+1], margin)
		if !ok {
			continue
		}
		la, lb := lines[i], lines[i+1]
		url := la[a.textStart:a.textEnd] + lb[b.textStart:b.textEnd]
		room := ansi.StringWidth(la) - ansi.StringWidth(la[:a.textStart])
		k := cut(url, room, a.start > len(margin) && ansi.StringWidth(ansi.Strip(la[:a.start])) > len(margin))
		var na string
		if k > 0 {
			na = la[:a.textStart] + url[:k] + la[a.textEnd:a.end]
		} else {
			na = la[:a.start] + "\x1b[m"
		}
		na = pad(trimPad(na)+trimPad(la[a.end:]), ansi.StringWidth(la))
		rest := trimPad(lb[b.end:])
		var nb string
		if k < len(url) {
			nb = lb[:b.textStart] + url[k:] + lb[b.textEnd:b.end] + rest
		} else {
			nb = margin + dropSpace(rest)
			if ansi.StringWidth(ansi.Strip(nb)) <= len(margin) && strings.TrimSpace(ansi.Strip(rest)) == "" {
				// nothing is left on the next line: drop it
				lines[i] = na
				lines = append(lines[:i+1], lines[i+2:]...)
				i--
				continue
			}
		}
		lines[i], lines[i+1] = na, pad(nb, ansi.StringWidth(lb))
	}
	return strings.Join(lines, "\n")
}

// continued reports whether line a ends with a link whose shown text is
// part of its URL and line b, after the margin, starts with the same link
// continuing that text.
func continued(la, lb, margin string) (a, b link, ok bool) {
	if !wellFormed(la) || !wellFormed(lb) {
		return a, b, false // not glamour's writing: leave the lines as they are
	}
	al := links(la)
	if len(al) == 0 {
		return a, b, false
	}
	a = al[len(al)-1]
	if strings.TrimSpace(ansi.Strip(la[a.end:])) != "" {
		return a, b, false
	}
	if !strings.HasPrefix(lb, margin) {
		return a, b, false
	}
	bl := links(lb)
	if len(bl) == 0 || bl[0].open != a.open || bl[0].start < len(margin) || strings.TrimSpace(ansi.Strip(lb[len(margin):bl[0].start])) != "" {
		return a, b, false
	}
	b = bl[0]
	shown := la[a.textStart:a.textEnd] + lb[b.textStart:b.textEnd]
	if la[a.textStart:a.textEnd] == "" || !strings.Contains(a.url, shown) {
		return a, b, false
	}
	return a, b, true
}

// wellFormed reports whether line is valid UTF-8 and every escape sequence
// of it is one glamour writes: SGR colours (ESC [ digits m) and OSC 8 links
// ended by BEL or ST.
func wellFormed(line string) bool {
	if !utf8.ValidString(line) {
		return false
	}
	for i := strings.IndexByte(line, 0x1b); i >= 0; i = strings.IndexByte(line, 0x1b) {
		line = line[i+1:]
		switch {
		case strings.HasPrefix(line, "["):
			j := 1
			for j < len(line) && (line[j] >= '0' && line[j] <= '9' || line[j] == ';' || line[j] == ':') {
				j++
			}
			if j >= len(line) || line[j] != 'm' {
				return false
			}
			line = line[j+1:]
		case strings.HasPrefix(line, "]8;"):
			j := strings.IndexAny(line, "\a\x1b")
			if j < 0 {
				return false
			}
			if line[j] == 0x1b {
				if !strings.HasPrefix(line[j:], "\x1b\\") {
					return false
				}
				j++
			}
			line = line[j+1:]
		default:
			return false
		}
	}
	return true
}

// cut returns where to break url so that its first part fits in room
// cells: just after a "/" (not one of the "//" after the scheme). When no
// "/" fits, the whole URL moves to the next line if other text comes
// before it on the line (movable), or stays whole on this one.
func cut(url string, room int, movable bool) int {
	best := -1
	for k := 1; k < len(url) && k <= room; k++ {
		if url[k-1] == '/' && url[k] != '/' && (k < 2 || url[k-2] != '/') {
			best = k
		}
	}
	switch {
	case best > 0:
		return best
	case movable:
		return 0
	}
	return len(url)
}

// dropSpace drops the space that starts s's text, after any colour codes:
// the space glamour left between the URL and the words after it.
func dropSpace(s string) string {
	i := 0
	for strings.HasPrefix(s[i:], "\x1b[") {
		m := strings.IndexByte(s[i:], 'm')
		if m < 0 {
			return s
		}
		i += m + 1
	}
	if strings.HasPrefix(s[i:], " ") {
		return s[:i] + s[i+1:]
	}
	return s
}
