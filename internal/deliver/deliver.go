// Package deliver hands a message to an SMTP submission server, as it is:
// the bytes weekly export writes, with STARTTLS required on any server but
// this machine's own, implicit TLS on port 465, and the server's own words
// in every refusal.
package deliver

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	mail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"
)

// DefaultPort is the submission port (RFC 6409), used when an address
// names none.
const DefaultPort = 587

// DefaultTimeout bounds each step of a conversation with the server.
const DefaultTimeout = 30 * time.Second

// Server is a submission server and the login there.
type Server struct {
	Host     string
	Port     int
	User     string // "" sends without logging in
	Password string
	// TLS is the TLS configuration to use instead of the system's roots
	// (a test's own certificate authority); nil for the default.
	TLS *tls.Config
	// Dial opens the connection; nil dials TCP. Tests reach their own
	// server under another host name with it.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// Timeout bounds each step; zero means DefaultTimeout.
	Timeout time.Duration
}

// ParseAddr reads "host", "host:port" or "[::1]:port".
func ParseAddr(addr string) (host string, port int, err error) {
	addr = strings.TrimSpace(addr)
	if addr == "" {
		return "", 0, errors.New("no SMTP server: give --smtp HOST:PORT, or smtp_host in the settings")
	}
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		if strings.Contains(err.Error(), "missing port") {
			return strings.Trim(addr, "[]"), DefaultPort, nil
		}
		return "", 0, fmt.Errorf("SMTP server %q: write it as HOST or HOST:PORT: %w", addr, err)
	}
	port, err = strconv.Atoi(p)
	if err != nil || port < 1 || port > 65535 {
		return "", 0, fmt.Errorf("SMTP server %q: the port %q is not a number from 1 to 65535", addr, p)
	}
	if host == "" {
		return "", 0, fmt.Errorf("SMTP server %q: no host name", addr)
	}
	return host, port, nil
}

// Security is how the connection to a server is protected.
type Security int

const (
	// StartTLS upgrades the connection with STARTTLS before anything else
	// is said, and refuses a server that does not offer it.
	StartTLS Security = iota
	// Implicit speaks TLS from the first byte (port 465, RFC 8314).
	Implicit
	// Local is this machine's own server: STARTTLS when it offers it, its
	// certificate not checked, and a login without TLS allowed, since
	// nothing leaves the machine.
	Local
)

// String names the protection as messages say it.
func (s Security) String() string {
	switch s {
	case Implicit:
		return "TLS"
	case Local:
		return "this machine"
	}
	return "STARTTLS"
}

// Security returns how the connection to s is protected: implicit TLS on
// port 465, none required on this machine (localhost, 127.0.0.0/8, ::1),
// STARTTLS required anywhere else.
func (s Server) Security() Security {
	switch {
	case s.Port == 465:
		return Implicit
	case Loopback(s.Host):
		return Local
	}
	return StartTLS
}

// Loopback reports whether host is this machine by name or address; no
// name is looked up.
func Loopback(host string) bool {
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Receipt is the server's acceptance of a message.
type Receipt struct {
	// Reply is the server's answer to the message ("2.0.0 Ok: queued as
	// 4F2D4").
	Reply string
	// ID is the server's name for the message: what follows "queued as",
	// else the whole reply.
	ID string
}

// Send hands msg, unchanged but for line endings (CRLF on the wire), to the
// server for the recipients, from the envelope sender from. A refusal is
// an error that quotes the server ("535 5.7.8 Authentication failed").
func Send(ctx context.Context, s Server, from string, to []string, msg []byte) (Receipt, error) {
	c, err := s.client()
	if err != nil {
		return Receipt{}, err
	}
	sc, err := c.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return Receipt{}, s.dialError(err)
	}
	defer func() { _ = c.CloseWithSMTPClient(sc) }()
	timeout := s.timeout()
	if err := sc.UpdateDeadline(timeout); err != nil {
		return Receipt{}, err
	}
	if err := sc.Mail(from); err != nil {
		return Receipt{}, fmt.Errorf("%s refused the sender %s: %w", s.addr(), from, answer(err))
	}
	for _, rcpt := range to {
		if err := sc.Rcpt(rcpt); err != nil {
			return Receipt{}, fmt.Errorf("%s refused the recipient %s: %w", s.addr(), rcpt, answer(err))
		}
	}
	w, err := sc.Data()
	if err != nil {
		return Receipt{}, fmt.Errorf("%s refused the message: %w", s.addr(), answer(err))
	}
	if _, err := w.Write(msg); err != nil {
		_ = w.Close()
		return Receipt{}, fmt.Errorf("send the message to %s: %w", s.addr(), err)
	}
	if err := w.Close(); err != nil {
		return Receipt{}, fmt.Errorf("%s refused the message: %w", s.addr(), answer(err))
	}
	var r Receipt
	if dc, ok := w.(*smtp.DataCloser); ok {
		r.Reply = dc.ServerResponse()
	}
	r.ID = messageID(r.Reply)
	return r, nil
}

// client sets go-mail up for s: its TLS rule, its login, its dialer.
func (s Server) client() (*mail.Client, error) {
	sec := s.Security()
	cfg := s.TLS
	if cfg == nil {
		cfg = &tls.Config{ServerName: s.Host, MinVersion: tls.VersionTLS12}
	}
	cfg = cfg.Clone()
	if cfg.ServerName == "" {
		cfg.ServerName = s.Host
	}
	if sec == Local && s.TLS == nil {
		cfg.InsecureSkipVerify = true // #nosec G402: the connection stays on this machine
	}
	policy := mail.TLSMandatory
	if sec != StartTLS {
		policy = mail.NoTLS
		if sec == Local {
			policy = mail.TLSOpportunistic
		}
	}
	opts := []mail.Option{
		mail.WithPort(s.Port), mail.WithTimeout(s.timeout()), mail.WithTLSPolicy(policy),
		mail.WithTLSConfig(cfg), mail.WithDialContextFunc(s.dialer(sec, cfg)),
	}
	if s.User != "" {
		// PLAIN and LOGIN are what submission servers offer; they go only
		// over TLS, or on this machine.
		prefer := []mail.SMTPAuthType{mail.SMTPAuthPlain, mail.SMTPAuthLogin, mail.SMTPAuthSCRAMSHA256, mail.SMTPAuthCramMD5}
		if sec == Local {
			prefer = []mail.SMTPAuthType{mail.SMTPAuthPlainNoEnc, mail.SMTPAuthLoginNoEnc, mail.SMTPAuthSCRAMSHA256, mail.SMTPAuthCramMD5}
		}
		opts = append(opts, mail.WithUsername(s.User), mail.WithPassword(s.Password), mail.WithOpportunisticSMTPAuth(prefer...))
	}
	c, err := mail.NewClient(s.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("SMTP server %s: %w", s.addr(), err)
	}
	return c, nil
}

// dialer opens the connection, in TLS from the start for Implicit.
func (s Server) dialer(sec Security, cfg *tls.Config) mail.DialContextFunc {
	dial := s.Dial
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	if sec != Implicit {
		return dial
	}
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		tc := tls.Client(conn, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			_ = conn.Close()
			return nil, err
		}
		return tc, nil
	}
}

func (s Server) timeout() time.Duration {
	if s.Timeout > 0 {
		return s.Timeout
	}
	return DefaultTimeout
}

func (s Server) addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// dialError says what failed before the message: the connection, TLS or
// the login, with the server's answer when it gave one.
func (s Server) dialError(err error) error {
	var (
		tp   *textproto.Error
		cert *tls.CertificateVerificationError
		msg  = err.Error()
	)
	switch {
	case strings.Contains(msg, "does not support STARTTLS"):
		return fmt.Errorf("%s does not offer STARTTLS, and weekly sends a password or an issue to another machine only over TLS: use the server's submission port (587 with STARTTLS, or 465)", s.addr())
	case errors.As(err, &cert):
		return fmt.Errorf("%s: its TLS certificate is not one this machine trusts: %w", s.addr(), cert.Err)
	case strings.Contains(msg, "SMTP AUTH") && errors.As(err, &tp):
		return fmt.Errorf("%s refused the login as %s: %w", s.addr(), s.User, answer(err))
	case strings.Contains(msg, "SMTP AUTH"):
		return fmt.Errorf("log in to %s as %s: %w", s.addr(), s.User, err)
	case errors.As(err, &tp):
		return fmt.Errorf("%s: %w", s.addr(), answer(err))
	}
	return fmt.Errorf("connect to %s (%s): %w", s.addr(), s.Security(), err)
}

// answer returns the server's reply in err as the server wrote it: "535
// 5.7.8 Authentication failed".
func answer(err error) error {
	var tp *textproto.Error
	if errors.As(err, &tp) {
		return &Refusal{Code: tp.Code, Text: tp.Msg}
	}
	return err
}

// Refusal is the server's answer refusing a step: its code and text.
type Refusal struct {
	Code int
	Text string
}

// Error returns the answer as the server wrote it.
func (r *Refusal) Error() string { return strconv.Itoa(r.Code) + " " + r.Text }

// messageID returns the server's name for a message from its reply: what
// follows "queued as", else the reply without its status code.
func messageID(reply string) string {
	if _, id, ok := strings.Cut(reply, "queued as "); ok {
		if f := strings.Fields(id); len(f) > 0 {
			return strings.Trim(f[0], "<>.,;")
		}
	}
	return strings.TrimSpace(reply)
}
