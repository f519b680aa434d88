package serve

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	gossh "golang.org/x/crypto/ssh"

	"github.com/weekly-dev/weekly/internal/sanitize"
)

// Editor is one person allowed in: a public key and the name from its
// line's comment.
type Editor struct {
	Name string
	Key  gossh.PublicKey
}

// LoadKeys reads an OpenSSH authorized_keys file: one editor a line, the
// editor's name in the comment after the key. Blank lines and lines that
// start with # are skipped. A line that does not parse, or has no name, is
// an error that names the file and the line.
func LoadKeys(path string) ([]Editor, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: no such file; put each editor's public key there, one a line with the editor's name after it (the line of their ~/.ssh/id_ed25519.pub, with the comment changed to their name)", path)
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
		key, comment, _, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			return nil, fmt.Errorf("%s: line %d: %v: %q; each line is a public key as in ~/.ssh/id_ed25519.pub, then the editor's name", path, i+1, err, shorten(text))
		}
		name := sanitize.Line(strings.TrimSpace(comment)) // it reaches logs and screens
		if name == "" {
			return nil, fmt.Errorf("%s: line %d: the key has no name; add the editor's name after it", path, i+1)
		}
		for _, e := range out {
			if bytes.Equal(e.Key.Marshal(), key.Marshal()) {
				return nil, fmt.Errorf("%s: line %d: the key of %s again, now named %q; keep one line per key", path, i+1, e.Name, name)
			}
		}
		out = append(out, Editor{Name: name, Key: key})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no keys; put each editor's public key there, one a line with the editor's name after it", path)
	}
	return out, nil
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
