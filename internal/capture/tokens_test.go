package capture

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTokensFileHoldsNoToken makes tokens and reads the file back as
// bytes: no token in it, only hashes, and readable by its owner alone.
func TestTokensFileHoldsNoToken(t *testing.T) {
	t.Parallel()
	path := TokensPath(t.TempDir())
	now := time.Date(2024, 6, 2, 10, 0, 0, 0, time.UTC)
	var tokens []string
	for _, name := range []string{"Ann", "phone", "Zoë B."} {
		tok, err := AddToken(path, name, now)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(tok, tokenPrefix) || len(tok) != len(tokenPrefix)+43 {
			t.Fatalf("token %q", tok)
		}
		tokens = append(tokens, tok)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range tokens {
		secret := strings.TrimPrefix(tok, tokenPrefix)
		if strings.Contains(string(data), secret) || strings.Contains(string(data), secret[:16]) {
			t.Fatalf("the tokens file holds a token in clear:\n%s", data)
		}
		if !strings.Contains(string(data), hash(tok)) {
			t.Fatalf("the tokens file lacks the token's hash:\n%s", data)
		}
	}
	for _, p := range []string{path, filepath.Dir(path)} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if perm := fi.Mode().Perm(); perm&0o077 != 0 {
			t.Errorf("%s is %v: others may read it", p, perm)
		}
	}
	// A file loosened by hand is tightened by the next write.
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := RemoveToken(path, "phone"); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("after a write the file is %v", fi.Mode().Perm())
	}
	got, err := LoadTokens(path)
	if err != nil || len(got) != 2 || got[0].Name != "Ann" || got[1].Name != "Zoë B." || !got[0].Created.Equal(now) {
		t.Fatalf("tokens %+v, %v", got, err)
	}
	if tk, ok := match(got, tokens[0]); !ok || tk.Name != "Ann" {
		t.Fatal("Ann's token does not match")
	}
	if _, ok := match(got, tokens[1]); ok {
		t.Fatal("a removed token still matches")
	}
}

func TestTokenNames(t *testing.T) {
	t.Parallel()
	path := TokensPath(t.TempDir())
	if _, err := AddToken(path, "Ann", time.Now()); err != nil {
		t.Fatal(err)
	}
	for name, says := range map[string]string{
		"":                      "needs a name",
		"   ":                   "needs a name",
		"ann":                   "already",
		"Ann\x1b[31m":           "control or invisible",
		"Ann\u202e":             "control or invisible",
		" Ann":                  "extra spaces",
		strings.Repeat("x", 41): "longer than 40",
	} {
		if _, err := AddToken(path, name, time.Now()); err == nil || !strings.Contains(err.Error(), says) {
			t.Errorf("name %q: %v, want it to say %q", name, err, says)
		}
	}
	if err := RemoveToken(path, "Bob"); err == nil || !strings.Contains(err.Error(), "there are: Ann") {
		t.Errorf("removing a name not there: %v", err)
	}
}

func TestLoadTokensRefusesWhatItCannotTrust(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for i, bad := range []string{
		`{`,
		`{"schema": 2, "tokens": []}`,
		`{"schema": 1, "tokens": [{"name": "Ann", "sha256": "abc"}]}`,
		`{"schema": 1, "tokens": [{"name": "Ann\u001b", "sha256": "` + strings.Repeat("a", 64) + `"}]}`,
		`{"schema": 1, "tokens": [{"name": "Ann", "sha256": "` + strings.Repeat("a", 64) + `"}, {"name": "ann", "sha256": "` + strings.Repeat("b", 64) + `"}]}`,
		`{"schema": 1, "tokens": [], "token": "wk_x"}`,
	} {
		path := filepath.Join(dir, "tokens"+string(rune('a'+i)))
		if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadTokens(path); err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: %v", bad, err)
		}
	}
}
