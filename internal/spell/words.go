package spell

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/weekly-dev/weekly/internal/store"
)

// WordsFile is the newsletter's word list, under the drafts directory:
// one word a line, kept in git with the drafts so that every editor
// shares it.
const WordsFile = ".weekly/words"

// WordsPath returns the word list of the drafts directory dir.
func WordsPath(dir string) string { return filepath.Join(dir, filepath.FromSlash(WordsFile)) }

// ParseWords returns the words of a word list: one a line, blank lines
// and lines starting with # left out.
func ParseWords(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

// ReadWords returns the words of the word list at path; a list not there
// yet has none.
func ReadWords(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return ParseWords(string(data)), nil
}

// AddWord adds word to the word list at path, creating it (and its
// folder) when needed, under the list's lock and atomically; a word the
// list already has, in any case, is not added twice. The word must be one
// word: no white space, no #.
func AddWord(path, word string) error {
	word = strings.TrimSpace(word)
	if word == "" || strings.HasPrefix(word, "#") || strings.IndexFunc(word, unicode.IsSpace) >= 0 {
		return fmt.Errorf("add %q to %s: one word a line, without spaces or a leading #", word, path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("add %q to %s: %w", word, path, err)
	}
	lock, err := store.Acquire(path, "weekly words")
	if err != nil {
		return err
	}
	defer lock.Release()
	data, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("open %s: %w", path, err)
	}
	for _, w := range ParseWords(string(data)) {
		if fold(w) == fold(word) {
			return nil
		}
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		data = append(data, '\n')
	}
	data = append(data, word+"\n"...)
	return store.WriteFile(path, data)
}

// URLWords returns the words of links that may name a product: the parts
// of each host and path, split at anything not a letter, of four letters
// or more (github.com/vitessio/vitess gives github, vitessio, vitess).
// Shorter parts are left out so that a slug cannot teach a misspelling of
// a short word.
func URLWords(urls ...string) []string {
	var out []string
	for _, raw := range urls {
		u, err := url.Parse(strings.TrimSpace(raw))
		if err != nil || u.Host == "" {
			continue
		}
		for _, part := range strings.FieldsFunc(strings.ToLower(u.Hostname()+"/"+u.Path), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len([]rune(part)) >= 4 {
				out = append(out, part)
			}
		}
	}
	return out
}
