package capture

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofrs/flock"
	"github.com/google/renameio/v2"

	"github.com/weekly-dev/weekly/internal/sanitize"
)

// Folder is the folder in the drafts directory that holds the tokens file
// (and weekly serve's keys).
const Folder = ".weekly"

// tokenPrefix starts every token, so that one pasted in the wrong place is
// recognised for what it is.
const tokenPrefix = "wk_"

// maxName is the longest a token's name may be: it is drawn on cards.
const maxName = 40

// TokensPath returns the tokens file of the drafts directory dir.
func TokensPath(dir string) string { return filepath.Join(dir, Folder, "tokens") }

// Token is one named token as the tokens file keeps it: never the token
// itself, only its SHA-256.
type Token struct {
	Name     string    `json:"name"`
	SHA256   string    `json:"sha256"`
	Created  time.Time `json:"created"`
	LastUsed time.Time `json:"last_used,omitzero"`
}

// tokensFile is the tokens file's shape.
type tokensFile struct {
	Schema int     `json:"schema"`
	Tokens []Token `json:"tokens"`
}

// hash returns the hex SHA-256 of a token.
func hash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// newToken returns a fresh random token: 256 bits, URL-safe.
func newToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return tokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
}

// CheckName refuses a name that cannot stand on a card: empty, longer than
// 40 characters, or holding control, bidi or invisible characters.
func CheckName(name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return errors.New("a token needs a name: who will send links with it, such as Ann or phone")
	case sanitize.Line(name) != name:
		return fmt.Errorf("the name %q holds control or invisible characters, or extra spaces; give a plain name", name)
	case utf8.RuneCountInString(name) > maxName:
		return fmt.Errorf("the name %q is longer than %d characters", name, maxName)
	}
	return nil
}

// LoadTokens reads the tokens file at path; a file not there yet holds no
// tokens.
func LoadTokens(path string) ([]Token, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	var f tokensFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("read %s: %v; fix it, or remove it and add the tokens again", path, err)
	}
	if f.Schema != 1 {
		return nil, fmt.Errorf("read %s: schema %d is not one this weekly reads (1)", path, f.Schema)
	}
	seen := map[string]bool{}
	for i, t := range f.Tokens {
		if err := CheckName(t.Name); err != nil {
			return nil, fmt.Errorf("read %s: token %d: %v", path, i+1, err)
		}
		if b, err := hex.DecodeString(t.SHA256); err != nil || len(b) != sha256.Size {
			return nil, fmt.Errorf("read %s: token %s: sha256 is not a SHA-256 in hex", path, t.Name)
		}
		if seen[strings.ToLower(t.Name)] {
			return nil, fmt.Errorf("read %s: the name %s is there twice", path, t.Name)
		}
		seen[strings.ToLower(t.Name)] = true
	}
	return f.Tokens, nil
}

// saveTokens writes the tokens file atomically, readable by its owner only.
func saveTokens(path string, tokens []Token) error {
	if tokens == nil {
		tokens = []Token{}
	}
	data, err := json.MarshalIndent(tokensFile{Schema: 1, Tokens: tokens}, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := renameio.NewPendingFile(path, renameio.WithStaticPermissions(0o600))
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer f.Cleanup()
	if _, err := f.Write(append(data, '\n')); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.CloseAtomicallyReplace(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// updateTokens changes the tokens file under its lock: fn gets the tokens
// as they are and returns them as they are to be.
func updateTokens(path string, fn func([]Token) ([]Token, error)) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("make %s: %w", filepath.Dir(path), err)
	}
	lock := flock.New(path + ".lock")
	if err := lock.Lock(); err != nil {
		return fmt.Errorf("lock %s: %w", path, err)
	}
	defer func() { _ = lock.Unlock() }()
	tokens, err := LoadTokens(path)
	if err != nil {
		return err
	}
	if tokens, err = fn(tokens); err != nil {
		return err
	}
	return saveTokens(path, tokens)
}

// AddToken makes a token for name, keeps its SHA-256 in the tokens file at
// path and returns the token: the only time it is ever seen.
func AddToken(path, name string, now time.Time) (string, error) {
	if err := CheckName(name); err != nil {
		return "", err
	}
	token := newToken()
	err := updateTokens(path, func(tokens []Token) ([]Token, error) {
		for _, t := range tokens {
			if strings.EqualFold(t.Name, name) {
				return nil, fmt.Errorf("there is a token named %s already; remove it first (weekly capture token remove %s) or choose another name", t.Name, t.Name)
			}
		}
		return append(tokens, Token{Name: name, SHA256: hash(token), Created: now.UTC().Truncate(time.Second)}), nil
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// RemoveToken takes the token called name out of the tokens file at path.
func RemoveToken(path, name string) error {
	return updateTokens(path, func(tokens []Token) ([]Token, error) {
		names := make([]string, 0, len(tokens))
		for i, t := range tokens {
			if strings.EqualFold(t.Name, name) {
				return append(tokens[:i:i], tokens[i+1:]...), nil
			}
			names = append(names, t.Name)
		}
		if len(names) == 0 {
			return nil, fmt.Errorf("no token named %s: there are none (weekly capture token add NAME makes one)", name)
		}
		sort.Strings(names)
		return nil, fmt.Errorf("no token named %s; there are: %s", name, strings.Join(names, ", "))
	})
}

// touchTokens records when each named token (by name and hash, so that a
// token removed and made again meanwhile is left alone) was last used.
func touchTokens(path string, used map[string]Token) error {
	return updateTokens(path, func(tokens []Token) ([]Token, error) {
		for i, t := range tokens {
			if u, ok := used[t.Name]; ok && u.SHA256 == t.SHA256 && u.LastUsed.After(t.LastUsed) {
				tokens[i].LastUsed = u.LastUsed
			}
		}
		return tokens, nil
	})
}

// match returns the token whose hash is the presented token's, comparing
// every stored hash in constant time.
func match(tokens []Token, presented string) (Token, bool) {
	if presented == "" {
		return Token{}, false
	}
	h := []byte(hash(presented))
	found, ok := Token{}, false
	for _, t := range tokens {
		if subtle.ConstantTimeCompare(h, []byte(t.SHA256)) == 1 {
			found, ok = t, true
		}
	}
	return found, ok
}
