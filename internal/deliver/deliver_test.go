package deliver_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/deliver"
	"github.com/weekly-dev/weekly/internal/deliver/delivertest"
)

const msg = "From: <ed@test.example>\nTo: <reader@test.example>\nSubject: Test Weekly #3\n\nHello.\n.A line that starts with a dot.\n..and two.\n"

// crlf is msg as it travels: CRLF line ends.
var crlf = strings.ReplaceAll(msg, "\n", "\r\n")

func TestSecurity(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		host string
		port int
		want deliver.Security
	}{
		{"smtp.example.com", 587, deliver.StartTLS},
		{"smtp.example.com", 25, deliver.StartTLS},
		{"smtp.example.com", 465, deliver.Implicit},
		{"127.0.0.1", 465, deliver.Implicit},
		{"127.0.0.1", 2525, deliver.Local},
		{"127.0.0.2", 25, deliver.Local},
		{"::1", 587, deliver.Local},
		{"localhost", 1025, deliver.Local},
		{"LOCALHOST.", 1025, deliver.Local},
		{"localhost.example.com", 587, deliver.StartTLS},
		{"10.0.0.1", 587, deliver.StartTLS},
	} {
		if got := (deliver.Server{Host: c.host, Port: c.port}).Security(); got != c.want {
			t.Errorf("%s:%d: %v, want %v", c.host, c.port, got, c.want)
		}
	}
}

func TestParseAddr(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   string
		host string
		port int
		err  string
	}{
		{"smtp.example.com", "smtp.example.com", 587, ""},
		{"smtp.example.com:465", "smtp.example.com", 465, ""},
		{"[::1]:2525", "::1", 2525, ""},
		{"127.0.0.1:0", "", 0, "not a number from 1 to 65535"},
		{"smtp.example.com:smtp", "", 0, "not a number"},
		{"", "", 0, "no SMTP server"},
		{":25", "", 0, "no host name"},
	} {
		host, port, err := deliver.ParseAddr(c.in)
		switch {
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%q: error %v, want one saying %q", c.in, err, c.err)
		case c.err == "" && (err != nil || host != c.host || port != c.port):
			t.Errorf("%q: %q %d %v, want %q %d", c.in, host, port, err, c.host, c.port)
		}
	}
}

// TestSendLocal: on this machine, a login without TLS is allowed, and the
// message arrives as sent (dots and all), with the server's queue id.
func TestSendLocal(t *testing.T) {
	t.Parallel()
	srv := delivertest.Start(t, delivertest.Plain, "ed", "secret")
	r, err := deliver.Send(context.Background(), deliver.Server{Host: srv.Host, Port: srv.Port, User: "ed", Password: "secret"},
		"ed@test.example", []string{"reader@test.example"}, []byte(msg))
	if err != nil {
		t.Fatal(err)
	}
	if r.ID != srv.ID {
		t.Errorf("receipt %+v: want the id %s", r, srv.ID)
	}
	got := srv.Messages()
	if len(got) != 1 || got[0].From != "ed@test.example" || len(got[0].To) != 1 || got[0].To[0] != "reader@test.example" {
		t.Fatalf("received %+v", got)
	}
	if string(got[0].Data) != crlf {
		t.Errorf("received\n%q\nwant\n%q", got[0].Data, crlf)
	}
}

// TestSendLocalSTARTTLS: this machine's server may offer STARTTLS with a
// certificate of its own (a mail bridge does); it is used, not checked.
func TestSendLocalSTARTTLS(t *testing.T) {
	t.Parallel()
	srv := delivertest.Start(t, delivertest.STARTTLS, "ed", "secret")
	_, err := deliver.Send(context.Background(), deliver.Server{Host: "127.0.0.1", Port: srv.Port, User: "ed", Password: "secret"},
		"ed@test.example", []string{"reader@test.example"}, []byte(msg))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Fatalf("%d messages received", n)
	}
}

// TestSendRemote: another machine is spoken to over TLS only, its
// certificate checked: STARTTLS on 587, TLS from the start on 465.
func TestSendRemote(t *testing.T) {
	t.Parallel()
	send := func(srv *delivertest.Server, port int, roots bool) error {
		s := deliver.Server{Host: "mail.test.example", Port: port, User: "ed", Password: "secret", Dial: srv.Dialer()}
		if roots {
			s.TLS = &tls.Config{RootCAs: srv.Roots, MinVersion: tls.VersionTLS12}
		}
		_, err := deliver.Send(context.Background(), s, "ed@test.example", []string{"reader@test.example"}, []byte(msg))
		return err
	}
	t.Run("no STARTTLS", func(t *testing.T) {
		t.Parallel()
		srv := delivertest.Start(t, delivertest.Plain, "ed", "secret")
		err := send(srv, 587, true)
		if err == nil || !strings.Contains(err.Error(), "does not offer STARTTLS") {
			t.Errorf("error %v, want a refusal to go on without STARTTLS", err)
		}
		if n := len(srv.Messages()); n != 0 {
			t.Errorf("%d messages went out in the clear", n)
		}
	})
	t.Run("STARTTLS", func(t *testing.T) {
		t.Parallel()
		srv := delivertest.Start(t, delivertest.STARTTLS, "ed", "secret")
		if err := send(srv, 587, true); err != nil {
			t.Fatal(err)
		}
		if got := srv.Messages(); len(got) != 1 || string(got[0].Data) != crlf {
			t.Errorf("received %+v", got)
		}
	})
	t.Run("untrusted certificate", func(t *testing.T) {
		t.Parallel()
		srv := delivertest.Start(t, delivertest.STARTTLS, "ed", "secret")
		err := send(srv, 587, false)
		if err == nil || !strings.Contains(err.Error(), "certificate") {
			t.Errorf("error %v, want the certificate refused", err)
		}
		if n := len(srv.Messages()); n != 0 {
			t.Errorf("%d messages went out", n)
		}
	})
	t.Run("implicit TLS on 465", func(t *testing.T) {
		t.Parallel()
		srv := delivertest.Start(t, delivertest.Implicit, "ed", "secret")
		if err := send(srv, 465, true); err != nil {
			t.Fatal(err)
		}
		if n := len(srv.Messages()); n != 1 {
			t.Errorf("%d messages received", n)
		}
	})
}

// TestRefusals: the server's own answer is in the error.
func TestRefusals(t *testing.T) {
	t.Parallel()
	srv := delivertest.Start(t, delivertest.Plain, "ed", "secret")
	for _, c := range []struct {
		name, password, to, want string
	}{
		{"bad password", "wrong", "reader@test.example", "refused the login as ed: 535 5.7.8 Authentication failed"},
		{"no login", "", "reader@test.example", "refused the sender ed@test.example: 502 5.7.0 Please authenticate first"},
		{"no such user", "secret", "nobody@test.example", "refused the recipient nobody@test.example: 550 5.1.1 no such user"},
	} {
		s := deliver.Server{Host: srv.Host, Port: srv.Port, User: "ed", Password: c.password}
		if c.password == "" {
			s.User = ""
		}
		_, err := deliver.Send(context.Background(), s, "ed@test.example", []string{c.to}, []byte(msg))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("%d messages accepted", n)
	}
}

// BenchmarkSend is one whole send on this machine: connect, log in,
// deliver an issue-sized message, quit.
func BenchmarkSend(b *testing.B) {
	srv := delivertest.Start(b, delivertest.Plain, "ed", "secret")
	big := bytes.Repeat([]byte("A blurb of an issue, about as long as they are.\n"), 400)
	s := deliver.Server{Host: srv.Host, Port: srv.Port, User: "ed", Password: "secret"}
	for b.Loop() {
		if _, err := deliver.Send(context.Background(), s, "ed@test.example", []string{"reader@test.example"}, big); err != nil {
			b.Fatal(err)
		}
	}
}
