package capture

import (
	"log"
	"os"
	"sync"
	"time"
)

// touchEvery is how often at most a token's last use is written to the
// tokens file: the first use after a start at once, then once a minute.
const touchEvery = time.Minute

// keyring is the tokens as last read from the tokens file, read again
// whenever the file has changed (by size, time or inode), so that a token
// added or removed counts from the next request on, without a restart.
type keyring struct {
	path string
	log  *log.Logger

	mu     sync.Mutex
	tokens []Token
	stat   os.FileInfo // the file as it was when tokens were read; nil when absent
	used   map[string]Token
	// written is when each name's last use was last written.
	written map[string]time.Time
}

// newKeyring reads the tokens file at path.
func newKeyring(path string, lg *log.Logger) (*keyring, error) {
	k := &keyring{path: path, log: lg, used: map[string]Token{}, written: map[string]time.Time{}}
	k.stat, _ = os.Stat(path)
	tokens, err := LoadTokens(path)
	if err != nil {
		return nil, err
	}
	k.tokens = tokens
	return k, nil
}

// current returns the tokens, and the names of those that were not there
// the last time it was asked (for their login links to be said).
func (k *keyring) current() (tokens []Token, added []string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	fi, _ := os.Stat(k.path)
	if same(fi, k.stat) {
		return k.tokens, nil
	}
	k.stat = fi
	fresh, err := LoadTokens(k.path)
	if err != nil {
		k.log.Printf("keeping the %d token(s) read before: %v", len(k.tokens), err)
		return k.tokens, nil
	}
	old := map[string]bool{}
	for _, t := range k.tokens {
		old[t.Name+" "+t.SHA256] = true
	}
	for _, t := range fresh {
		if !old[t.Name+" "+t.SHA256] {
			added = append(added, t.Name)
		}
	}
	if len(fresh) != len(k.tokens) || len(added) > 0 {
		k.log.Printf("read %s again: %d token(s)", k.path, len(fresh))
	}
	k.tokens = fresh
	return fresh, added
}

// same reports whether two looks at a file saw the same version of it.
func same(a, b os.FileInfo) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return os.SameFile(a, b) && a.Size() == b.Size() && a.ModTime().Equal(b.ModTime())
}

// find returns the token the presented one is.
func (k *keyring) find(presented string) (Token, bool) {
	tokens, _ := k.current()
	return match(tokens, presented)
}

// byName returns the token called name, if it is still there.
func (k *keyring) byName(name string) (Token, bool) {
	tokens, _ := k.current()
	for _, t := range tokens {
		if t.Name == name {
			return t, true
		}
	}
	return Token{}, false
}

// touch notes that t was used at now, writing it to the file when the
// last write of it is a minute old.
func (k *keyring) touch(t Token, now time.Time) {
	k.mu.Lock()
	t.LastUsed = now.UTC().Truncate(time.Second)
	k.used[t.Name] = t
	due := now.Sub(k.written[t.Name]) >= touchEvery
	k.mu.Unlock()
	if due {
		k.flush(now)
	}
}

// flush writes the last uses not written yet.
func (k *keyring) flush(now time.Time) {
	k.mu.Lock()
	if len(k.used) == 0 {
		k.mu.Unlock()
		return
	}
	used := k.used
	k.used = map[string]Token{}
	for name := range used {
		k.written[name] = now
	}
	k.mu.Unlock()
	if err := touchTokens(k.path, used); err != nil {
		k.log.Printf("could not record when tokens were last used: %v", err)
	}
}
