package capture

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The capture page signs its visitors in with a cookie that names their
// token and is signed with a key of the server's (KeyPath): the cookie is
// no token, and it stops working when its token is removed or made again,
// because the signature covers the token's hash too.

const (
	// cookieName is the page's cookie.
	cookieName = "weekly_capture"
	// cookieLife is how long a browser stays signed in.
	cookieLife = 30 * 24 * time.Hour
	// loginLife is how long a login link printed on start works (once).
	loginLife = time.Hour
)

// KeyPath returns the file of the key that signs the page's cookies.
func KeyPath(dir string) string { return filepath.Join(dir, Folder, "capture_key") }

// loadKey reads the cookie key, making it (0600) on first start.
func loadKey(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err == nil {
		key, err := hex.DecodeString(strings.TrimSpace(string(data)))
		if err != nil || len(key) < 32 {
			return nil, fmt.Errorf("read %s: not a key made by weekly capture; remove it and a new one is made (browsers then sign in again)", path)
		}
		return key, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return loadKey(path) // another process made it meanwhile
	}
	if err != nil {
		return nil, fmt.Errorf("make %s: %w", path, err)
	}
	_, err = f.WriteString(hex.EncodeToString(key) + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return key, nil
}

// signer makes and checks the page's cookies and CSRF tokens.
type signer struct{ key []byte }

func (s signer) mac(parts ...string) string {
	m := hmac.New(sha256.New, s.key)
	for _, p := range parts {
		m.Write([]byte(strconv.Itoa(len(p)) + ":" + p))
	}
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// cookie returns the cookie value that signs in as t from issued on.
func (s signer) cookie(t Token, issued time.Time) string {
	name := base64.RawURLEncoding.EncodeToString([]byte(t.Name))
	at := strconv.FormatInt(issued.Unix(), 10)
	return name + "." + at + "." + s.mac("cookie", t.Name, t.SHA256, at)
}

// parseCookie returns the name a cookie value signs in as and when it was
// issued; whether it is still good is for check to say.
func parseCookie(value string) (name string, issued time.Time, sig string, ok bool) {
	parts := strings.Split(value, ".")
	if len(parts) != 3 {
		return "", time.Time{}, "", false
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		return "", time.Time{}, "", false
	}
	at, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return "", time.Time{}, "", false
	}
	return string(raw), time.Unix(at, 0), parts[2], true
}

// check reports whether value is a good cookie for t at now.
func (s signer) check(value string, t Token, now time.Time) bool {
	name, issued, sig, ok := parseCookie(value)
	if !ok || name != t.Name || now.Sub(issued) > cookieLife || issued.After(now.Add(time.Minute)) {
		return false
	}
	want := s.mac("cookie", t.Name, t.SHA256, strconv.FormatInt(issued.Unix(), 10))
	return hmac.Equal([]byte(sig), []byte(want))
}

// csrf returns the token a form of the page carries for the session whose
// cookie is value.
func (s signer) csrf(value string) string { return s.mac("csrf", value) }

// checkCSRF reports whether a form's token belongs to the session.
func (s signer) checkCSRF(value, got string) bool {
	return got != "" && hmac.Equal([]byte(got), []byte(s.csrf(value)))
}

// setCookie signs the browser in as t.
func setCookie(w http.ResponseWriter, value string, secure bool) {
	http.SetCookie(w, &http.Cookie{
		Name: cookieName, Value: value, Path: "/", MaxAge: int(cookieLife / time.Second),
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteStrictMode,
	})
}

// clearCookie signs the browser out.
func clearCookie(w http.ResponseWriter, secure bool) {
	http.SetCookie(w, &http.Cookie{
		Name: cookieName, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteStrictMode,
	})
}

// logins are the one-time login codes: each signs one browser in as its
// token's name, once, within loginLife.
type logins struct {
	mu    sync.Mutex
	codes map[string]login
}

type login struct {
	name    string
	expires time.Time
}

// issue returns a new code for name.
func (l *logins) issue(name string, now time.Time) string {
	var b [18]byte
	_, _ = rand.Read(b[:])
	code := base64.RawURLEncoding.EncodeToString(b[:])
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.codes == nil {
		l.codes = map[string]login{}
	}
	for c, x := range l.codes {
		if now.After(x.expires) {
			delete(l.codes, c)
		}
	}
	l.codes[code] = login{name: name, expires: now.Add(loginLife)}
	return code
}

// peek reports whether code is good, without using it up.
func (l *logins) peek(code string, now time.Time) (string, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	x, ok := l.codes[code]
	if !ok || now.After(x.expires) {
		return "", false
	}
	return x.name, true
}

// use uses code up and returns whose it was.
func (l *logins) use(code string, now time.Time) (string, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	x, ok := l.codes[code]
	delete(l.codes, code)
	if !ok || now.After(x.expires) {
		return "", false
	}
	return x.name, true
}
