// Package delivertest runs a real SMTP submission server (emersion/go-smtp)
// in a test's own process, on 127.0.0.1, for the tests of deliver and of
// weekly send: it takes a login, optionally offers STARTTLS or speaks TLS
// from the start, and keeps every message it accepts.
package delivertest

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Mode is how the server protects its connections.
type Mode int

const (
	// Plain offers no TLS at all (and AUTH without it).
	Plain Mode = iota
	// STARTTLS offers STARTTLS, and AUTH only after it.
	STARTTLS
	// Implicit speaks TLS from the first byte, as on port 465.
	Implicit
)

// Message is one message the server accepted.
type Message struct {
	From string
	To   []string
	Data []byte // as received, CRLF line ends
}

// Server is a running test server.
type Server struct {
	Addr string // 127.0.0.1:PORT
	Host string
	Port int
	// Roots trusts the server's certificate, which names 127.0.0.1,
	// localhost and mail.test.example.
	Roots *x509.CertPool
	// User and Password are the one login the server takes; with User
	// empty it takes mail without one.
	User, Password string
	// ID is what the server says it queued each message as.
	ID string

	mu       sync.Mutex
	messages []Message
}

// Start starts a server in mode for the test, which stops it at its end.
// A server with a user refuses mail before the login, as submission
// servers do.
func Start(t testing.TB, mode Mode, user, password string) *Server {
	t.Helper()
	s := &Server{User: user, Password: password, ID: "4F2D41234"}
	cert, roots, err := certificate()
	if err != nil {
		t.Fatal(err)
	}
	s.Roots = roots
	srv := smtp.NewServer(backend{s})
	srv.Domain = "mail.test.example"
	srv.ReadTimeout, srv.WriteTimeout = time.Minute, time.Minute
	srv.AllowInsecureAuth = mode == Plain
	var l net.Listener
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	switch mode {
	case STARTTLS:
		srv.TLSConfig = cfg
		l, err = net.Listen("tcp", "127.0.0.1:0")
	case Implicit:
		l, err = tls.Listen("tcp", "127.0.0.1:0", cfg)
	default:
		l, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = l.Addr().String()
	host, port, _ := net.SplitHostPort(s.Addr)
	s.Host = host
	s.Port, _ = strconv.Atoi(port)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(l)
	}()
	t.Cleanup(func() {
		_ = srv.Close()
		<-done
	})
	return s
}

// Messages returns the messages accepted so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Dialer returns a dial function that reaches this server whatever
// address it is asked for: a test's way to a server "on another machine".
func (s *Server) Dialer() func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, s.Addr)
	}
}

type backend struct{ s *Server }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) {
	return &session{s: b.s}, nil
}

type session struct {
	s      *Server
	authed bool
	msg    Message
}

func (se *session) AuthMechanisms() []string {
	if se.s.User == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (se *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, password string) error {
		if user != se.s.User || password != se.s.Password {
			return smtp.ErrAuthFailed
		}
		se.authed = true
		return nil
	}), nil
}

func (se *session) Mail(from string, _ *smtp.MailOptions) error {
	if se.s.User != "" && !se.authed {
		return smtp.ErrAuthRequired
	}
	se.msg = Message{From: from}
	return nil
}

func (se *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if to == "nobody@test.example" {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
	}
	se.msg.To = append(se.msg.To, to)
	return nil
}

func (se *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	se.msg.Data = data
	se.s.mu.Lock()
	se.s.messages = append(se.s.messages, se.msg)
	se.s.mu.Unlock()
	// A reply with code 250 is an acceptance: it says, as Postfix does,
	// what the message was queued as.
	return &smtp.SMTPError{Code: 250, EnhancedCode: smtp.EnhancedCode{2, 0, 0}, Message: "Ok: queued as " + se.s.ID}
}

func (se *session) Reset()        { se.msg = Message{} }
func (se *session) Logout() error { return nil }

// certificate makes a self-signed ECDSA certificate for the server's
// names, and the pool that trusts it.
func certificate() (tls.Certificate, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "mail.test.example"},
		DNSNames:              []string{"localhost", "mail.test.example"},
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool, nil
}
