package capture

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/store"
)

// selfSigned writes a certificate for 127.0.0.1 and its key, and returns
// their files and a pool that trusts it.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "weekly test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"weekly.test"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "host.crt"), filepath.Join(dir, "host.key")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// TestTLS serves over TLS: links are taken, the cookie is Secure, and a
// request in clear text gets nothing.
func TestTLS(t *testing.T) {
	t.Parallel()
	certFile, keyFile, pool := selfSigned(t)
	dir := t.TempDir()
	if err := store.Create(filepath.Join(dir, "519.json"), draft.New("Test Weekly", 519, "2024-06-02", nil)); err != nil {
		t.Fatal(err)
	}
	token, err := AddToken(TokensPath(dir), "Ann", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Dir: dir, Addr: "127.0.0.1:0", TLSCert: certFile, TLSKey: keyFile, Log: log.New(&lockedLog{}, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	l, err := s.Listen()
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, l) }()
	defer func() {
		stop()
		if err := <-served; err != nil {
			t.Error(err)
		}
	}()
	if !strings.HasPrefix(s.URL(), "https://127.0.0.1:") {
		t.Fatalf("URL %s", s.URL())
	}
	client := &http.Client{
		Transport:     &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	req, _ := http.NewRequest(http.MethodPost, s.URL()+"/links", strings.NewReader(`{"url": "https://tls.example/"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST over TLS: %d", resp.StatusCode)
	}
	resp, err = client.PostForm(s.URL()+"/login", url.Values{"token": {token}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if c := resp.Cookies(); resp.StatusCode != http.StatusSeeOther || len(c) != 1 || !c[0].Secure || !c[0].HttpOnly || c[0].SameSite != http.SameSiteStrictMode {
		t.Fatalf("sign-in over TLS: %d %+v", resp.StatusCode, resp.Cookies())
	}
	plain, err := http.Post(strings.Replace(s.URL(), "https:", "http:", 1)+"/links", "application/json", strings.NewReader(`{"url": "https://clear.example/"}`))
	if err == nil {
		plain.Body.Close()
		if plain.StatusCode != http.StatusBadRequest {
			t.Errorf("clear text to the TLS port: %d", plain.StatusCode)
		}
	}
	d, err := store.Load(filepath.Join(dir, "519.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Inbox) != 1 || d.Inbox[0].URL() != "https://tls.example/" {
		t.Fatalf("the inbox: %+v", d.Inbox)
	}
}

// TestRun is the one call weekly serve makes: it says where it listens
// and a login link per token, serves until its context ends, and stops.
func TestRun(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, err := AddToken(TokensPath(dir), "Ann", time.Now()); err != nil {
		t.Fatal(err)
	}
	lg := &lockedLog{}
	ctx, stop := context.WithCancel(context.Background())
	stop() // stops as soon as it serves
	if err := Run(ctx, Config{Dir: dir, Addr: "127.0.0.1:0", Log: log.New(lg, "", 0)}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"capture: listening on http://127.0.0.1:", "capture: login link for Ann (once, within an hour): http://127.0.0.1:", "/login?code=", "stopping"} {
		if !strings.Contains(lg.String(), want) {
			t.Errorf("the log lacks %q:\n%s", want, lg.String())
		}
	}
	if err := Run(context.Background(), Config{Dir: dir, Addr: "0.0.0.0:0"}); err == nil || !strings.Contains(err.Error(), "without TLS") {
		t.Errorf("Run on every address without TLS: %v", err)
	}
}
