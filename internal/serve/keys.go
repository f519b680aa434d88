package serve

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/weekly-dev/weekly/internal/sanitize"
)

// Editor is one person allowed in: a public key, the name from its line's
// comment, and what the line's options allow it.
type Editor struct {
	Name string
	Key  gossh.PublicKey
	// Line is the line of authorized_keys the key is on.
	Line int
	// From is the line's from="pattern-list": the addresses the key may
	// sign in from. Empty: any.
	From string
	// Expires is the line's expiry-time: the key no longer signs in from
	// then on. Zero: never.
	Expires time.Time
	// NoBoard is set by restrict or no-pty (and cleared by a pty after
	// them): the key signs in, but gets no terminal, so no board.
	NoBoard bool
}

// errNoKeys says a file of keys holds none.
var errNoKeys = errors.New("no keys")

// LoadKeys reads an OpenSSH authorized_keys file: one editor a line, the
// editor's name in the comment after the key. Blank lines and lines that
// start with # are skipped. A line that does not parse, has no name, is a
// certificate, or has an option weekly serve cannot honour is an error that
// names the file and the line.
//
// The options honoured are those that narrow what a key may do, as sshd
// reads them: from="pattern-list", expiry-time="YYYYMMDD[HHMM[SS]][Z]",
// restrict and no-pty (no board), pty (after them: a board again), and
// no-agent-forwarding, no-port-forwarding, no-X11-forwarding and
// no-user-rc, which weekly serve enforces for every key anyway.
func LoadKeys(path string) ([]Editor, error) {
	return loadKeys(path, "editor")
}

// loadKeys reads a file of keys in authorized_keys format, each named (in
// the messages) as one who: an editor, a contributor.
func loadKeys(path, who string) ([]Editor, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: no such file; put each %s's public key there, one a line with the %s's name after it (the line of their ~/.ssh/id_ed25519.pub, with the comment changed to their name)", path, who, who)
	}
	if err != nil {
		return nil, err
	}
	var out []Editor
	for i, line := range bytes.Split(data, []byte("\n")) {
		text := strings.TrimSpace(string(line))
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		key, comment, options, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			return nil, fmt.Errorf("%s: line %d: %v: %q; each line is a public key as in ~/.ssh/id_ed25519.pub, then the %s's name", path, i+1, err, shorten(text), who)
		}
		if _, ok := key.(*gossh.Certificate); ok {
			return nil, fmt.Errorf("%s: line %d: a certificate (%s); weekly serve checks no certificates: put the %s's plain public key there", path, i+1, key.Type(), who)
		}
		name := sanitize.Line(strings.TrimSpace(comment)) // it reaches logs and screens
		if name == "" {
			return nil, fmt.Errorf("%s: line %d: the key has no name; add the %s's name after it", path, i+1, who)
		}
		e := Editor{Name: name, Key: key, Line: i + 1}
		if err := e.apply(options); err != nil {
			return nil, fmt.Errorf("%s: line %d: %v", path, i+1, err)
		}
		for _, o := range out {
			if bytes.Equal(o.Key.Marshal(), key.Marshal()) {
				return nil, fmt.Errorf("%s: line %d: the key of %s again, now named %q; keep one line per key", path, i+1, o.Name, name)
			}
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: %w; put each %s's public key there, one a line with the %s's name after it", path, errNoKeys, who, who)
	}
	return out, nil
}

// apply reads a line's options into e, in order, as sshd does (a later
// pty undoes an earlier restrict).
func (e *Editor) apply(options []string) error {
	seen := map[string]bool{}
	for _, opt := range options {
		name, value, hasValue := strings.Cut(opt, "=")
		name = strings.ToLower(name)
		switch {
		case (name == "from" || name == "expiry-time") && hasValue:
			if seen[name] {
				return fmt.Errorf("%s= twice; keep one (from= takes a list: a,b,c)", name)
			}
			v, err := unquote(value)
			if err != nil {
				return fmt.Errorf("%s=%s: %v", name, sanitize.Clip(sanitize.Line(value), 40), err)
			}
			if name == "from" {
				if err := checkFrom(v); err != nil {
					return fmt.Errorf("from=%q: %v", v, err)
				}
				e.From = v
			} else {
				t, err := parseExpiry(v)
				if err != nil {
					return fmt.Errorf("expiry-time=%q: %v", v, err)
				}
				e.Expires = t
			}
		case (name == "restrict" || name == "no-pty") && !hasValue:
			e.NoBoard = true
		case name == "pty" && !hasValue:
			e.NoBoard = false
		case (name == "no-agent-forwarding" || name == "no-port-forwarding" || name == "no-x11-forwarding" || name == "no-user-rc") && !hasValue:
			// Refused to every key anyway.
		default:
			return fmt.Errorf("option %q: weekly serve cannot honour it, so the line is refused; it reads from=, expiry-time=, restrict and no-pty (and the no-…-forwarding ones it enforces anyway): remove the option", sanitize.Clip(sanitize.Line(opt), 40))
		}
		seen[name] = true
	}
	return nil
}

// unquote reads an option's "value", in which \" is a quote.
func unquote(s string) (string, error) {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return "", errors.New("the value must be in double quotes")
	}
	return strings.ReplaceAll(s[1:len(s)-1], `\"`, `"`), nil
}

// parseExpiry reads sshd's expiry-time: YYYYMMDD or YYYYMMDDHHMM[SS], in
// this machine's time zone unless it ends in Z (UTC).
func parseExpiry(s string) (time.Time, error) {
	loc := time.Local
	if t, ok := strings.CutSuffix(s, "Z"); ok {
		s, loc = t, time.UTC
	}
	layouts := map[int]string{8: "20060102", 12: "200601021504", 14: "20060102150405"}
	layout, ok := layouts[len(s)]
	if !ok {
		return time.Time{}, errors.New("not a time: write YYYYMMDD or YYYYMMDDHHMM[SS], with Z for UTC")
	}
	t, err := time.ParseInLocation(layout, s, loc)
	if err != nil {
		return time.Time{}, errors.New("not a time: write YYYYMMDD or YYYYMMDDHHMM[SS], with Z for UTC")
	}
	return t, nil
}

// shorten cuts a long line for an error message.
func shorten(s string) string {
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}

// find returns the editor whose key is key.
func find(editors []Editor, key gossh.PublicKey) (Editor, bool) {
	k := key.Marshal()
	for _, e := range editors {
		if bytes.Equal(e.Key.Marshal(), k) {
			return e, true
		}
	}
	return Editor{}, false
}
