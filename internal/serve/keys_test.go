package serve

import (
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// TestLoadKeysOptions checks that the options that narrow a key are read,
// and that a line with any other option, or a certificate, is refused with
// the file and its line.
func TestLoadKeysOptions(t *testing.T) {
	t.Parallel()
	ann := newSigner(t)
	key := strings.TrimSuffix(keyLine(ann, "Ann"), "\n")
	path := filepath.Join(t.TempDir(), "authorized_keys")
	good := []struct {
		options string
		want    Editor
	}{
		{`from="10.0.0.1,!10.0.0.2"`, Editor{From: "10.0.0.1,!10.0.0.2"}},
		{`FROM="127.0.0.0/8"`, Editor{From: "127.0.0.0/8"}},
		{`expiry-time="20300102Z"`, Editor{Expires: time.Date(2030, 1, 2, 0, 0, 0, 0, time.UTC)}},
		{`expiry-time="203001020304Z"`, Editor{Expires: time.Date(2030, 1, 2, 3, 4, 0, 0, time.UTC)}},
		{`expiry-time="20300102030405"`, Editor{Expires: time.Date(2030, 1, 2, 3, 4, 5, 0, time.Local)}},
		{`restrict`, Editor{NoBoard: true}},
		{`no-pty,from="10.0.0.1"`, Editor{NoBoard: true, From: "10.0.0.1"}},
		{`restrict,pty`, Editor{}}, // as sshd: pty after restrict gives a terminal back
		{`no-agent-forwarding,no-port-forwarding,no-X11-forwarding,no-user-rc`, Editor{}},
	}
	for _, tt := range good {
		if err := os.WriteFile(path, []byte("# team\n"+tt.options+" "+key+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		eds, err := LoadKeys(path)
		if err != nil {
			t.Errorf("%s: %v", tt.options, err)
			continue
		}
		e := eds[0]
		if e.Name != "Ann" || e.Line != 2 || e.From != tt.want.From || !e.Expires.Equal(tt.want.Expires) || e.NoBoard != tt.want.NoBoard {
			t.Errorf("%s: read as %+v, want %+v on line 2", tt.options, e, tt.want)
		}
	}

	bad := []struct{ options, want string }{
		{`command="/bin/sh"`, `option "command=\"/bin/sh\""`},
		{`cert-authority`, `option "cert-authority"`},
		{`permitopen="localhost:80"`, `option "permitopen`},
		{`environment="A=b"`, `option "environment`},
		{`agent-forwarding`, `option "agent-forwarding"`},
		{`from=10.0.0.1`, `from=10.0.0.1: the value must be in double quotes`},
		{`from="10.0.0.1/8"`, `write 10.0.0.0/8`},
		{`from="a",from="b"`, `from= twice`},
		{`expiry-time="20300101",expiry-time="20310101"`, `expiry-time= twice`},
		{`expiry-time="2030"`, `not a time`},
		{`expiry-time="20301340"`, `not a time`},
		{`restrict=yes`, `option "restrict=yes"`},
	}
	for _, tt := range bad {
		if err := os.WriteFile(path, []byte(keyLine(newSigner(t), "Bob")+tt.options+" "+key+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := LoadKeys(path)
		if err == nil || !strings.Contains(err.Error(), path+": line 2: ") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: LoadKeys error = %v, want one naming %s line 2 and %q", tt.options, err, path, tt.want)
		}
	}
}

// TestLoadKeysRefusesCertificate checks that a certificate line is refused
// rather than taken as a plain key: its validity and principals would go
// unchecked.
func TestLoadKeysRefusesCertificate(t *testing.T) {
	t.Parallel()
	ca, user := newSigner(t), newSigner(t)
	cert := &gossh.Certificate{
		Key:             user.PublicKey(),
		CertType:        gossh.UserCert,
		ValidPrincipals: []string{"someone-else"},
		ValidBefore:     1, // long expired
	}
	if err := cert.SignCert(rand.Reader, ca); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "authorized_keys")
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(cert))) + " Ann\n"
	if err := os.WriteFile(path, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadKeys(path)
	if err == nil || !strings.Contains(err.Error(), path+": line 1: a certificate") {
		t.Fatalf("LoadKeys = %v, want the certificate on line 1 refused", err)
	}
}
