package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/deliver/delivertest"
	"github.com/weekly-dev/weekly/internal/store"
)

// smtpApp returns an App over a drafts directory holding issue 3 of Test
// Weekly, whose settings name the list, and whose environment holds env.
func smtpApp(t *testing.T, env map[string]string) (*App, *bytes.Buffer) {
	t.Helper()
	errOut := &bytes.Buffer{}
	app := &App{
		In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: errOut,
		Getenv: func(k string) string { return env[k] },
		// A test send two days before the date (2024-01-21).
		Now: func() time.Time { return time.Date(2024, 1, 19, 15, 4, 5, 0, time.UTC) },
		dir: t.TempDir(),
	}
	run(t, app, "new", "3", "--newsletter", "Test Weekly", "--date", "2024-01-21", "--intro", "Hello.", "--footer", "Bye.")
	run(t, app, "add", "3", "https://a.example/post", "--section", "News", "--no-fetch", "--blurb", "A *good* post.\n\n.A line that starts with a dot.")
	setSettings(t, app, func(s *store.Settings) {
		s.From, s.To, s.ListAddress = "Editor <editor@test.example>", "subscribers@test.example", "Test Weekly <list@test.example>"
	})
	errOut.Reset()
	return app, errOut
}

func setSettings(t *testing.T, app *App, fn func(*store.Settings)) {
	t.Helper()
	set, _, err := app.Store().Settings()
	if err != nil {
		t.Fatal(err)
	}
	fn(&set)
	if err := app.Store().SaveSettings(set); err != nil {
		t.Fatal(err)
	}
}

// run runs weekly with args against app, failing the test on an error.
func run(t *testing.T, app *App, args ...string) {
	t.Helper()
	if err := execute(app, args...); err != nil {
		t.Fatalf("weekly %s: %v", strings.Join(args, " "), err)
	}
}

func execute(app *App, args ...string) error {
	dir := app.dir // NewRoot's --dir flag starts out empty
	root := NewRoot(app)
	root.SetArgs(append([]string{"--dir", dir}, args...))
	root.SetIn(app.In)
	root.SetOut(app.Out)
	root.SetErr(app.Err)
	root.SilenceErrors = true
	return root.ExecuteContext(context.Background())
}

// TestSendSMTP sends through a real SMTP server in the test's process: the
// message received is the eml export with To the one address, and each
// send is recorded in the draft.
func TestSendSMTP(t *testing.T) {
	t.Parallel()
	srv := delivertest.Start(t, delivertest.STARTTLS, "ed", "secret")
	app, errOut := smtpApp(t, map[string]string{PasswordEnv: "secret"})
	run(t, app, "send", "3", "--to", "Ed <ed@test.example>", "--smtp", srv.Addr, "--smtp-user", "ed")
	if want := `Sent "Test Weekly #3" to ed@test.example through ` + srv.Addr + " (this machine): " + srv.ID; !strings.Contains(errOut.String(), want) {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
	got := srv.Messages()
	if len(got) != 1 || got[0].From != "editor@test.example" || strings.Join(got[0].To, ",") != "ed@test.example" {
		t.Fatalf("received %+v", got)
	}
	// The eml export, addressed as the settings would address it to Ed.
	setSettings(t, app, func(s *store.Settings) { s.To = `"Ed" <ed@test.example>` })
	export := filepath.Join(t.TempDir(), "3.eml")
	run(t, app, "export", "3", "-o", export)
	want, err := os.ReadFile(export)
	if err != nil {
		t.Fatal(err)
	}
	// Dated when sent, not on the date as the export is.
	received := bytes.ReplaceAll(got[0].Data, []byte("\r\n"), []byte("\n"))
	if !bytes.Contains(received, []byte("\nDate: Fri, 19 Jan 2024 15:04:05 +0000\n")) {
		t.Errorf("the message sent is not dated when it was sent:\n%s", received)
	}
	received = bytes.Replace(received, []byte("Date: Fri, 19 Jan 2024 15:04:05 +0000"), []byte("Date: Sun, 21 Jan 2024 12:00:00 +0000"), 1)
	if !bytes.Equal(received, want) {
		t.Errorf("the message received is not the eml export:\n%s\nwant\n%s", received, want)
	}
	if !bytes.Contains(want, []byte("\nTo: \"Ed\" <ed@test.example>\n")) {
		t.Errorf("the export is not addressed to Ed alone")
	}
	d := load(t, app, "3")
	if len(d.Sends) != 1 || d.Sends[0].To != "ed@test.example" || d.Sends[0].List || d.Sends[0].MessageID != srv.ID || !d.Sends[0].At.Equal(app.Now()) {
		t.Errorf("sends recorded: %+v", d.Sends)
	}
}

// TestSendSMTPSettings: the settings name the server and the login.
func TestSendSMTPSettings(t *testing.T) {
	t.Parallel()
	srv := delivertest.Start(t, delivertest.Plain, "ed", "secret")
	app, _ := smtpApp(t, map[string]string{PasswordEnv: "secret"})
	setSettings(t, app, func(s *store.Settings) { s.SMTPHost, s.SMTPUser = srv.Addr, "ed" })
	run(t, app, "send", "3", "--to", "ed@test.example")
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("%d messages received", n)
	}
	if err := execute(app, "send", "3", "--to", "ed@test.example", "--sendmail", "/usr/sbin/sendmail"); err == nil || !strings.Contains(err.Error(), "do not go together") {
		t.Errorf("error %v, want --sendmail refused beside an SMTP server", err)
	}
	data, err := os.ReadFile(app.Store().SettingsPath())
	if err != nil || bytes.Contains(data, []byte("secret")) {
		t.Errorf("the password is in the settings (%v)", err)
	}
}

// TestSendSMTPRefused: the server's answer is the error, and nothing is
// recorded.
func TestSendSMTPRefused(t *testing.T) {
	t.Parallel()
	srv := delivertest.Start(t, delivertest.Plain, "ed", "secret")
	for _, c := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"bad password", map[string]string{PasswordEnv: "wrong"}, []string{"--smtp-user", "ed"}, "refused the login as ed: 535 5.7.8 Authentication failed"},
		{"no password", nil, []string{"--smtp-user", "ed"}, "needs the password in $WEEKLY_SMTP_PASSWORD"},
		{"no login", nil, nil, "refused the sender editor@test.example: 502 5.7.0 Please authenticate first"},
		{"bad address", nil, []string{"--smtp", "127.0.0.1:99999"}, "not a number from 1 to 65535"},
	} {
		app, _ := smtpApp(t, c.env)
		args := append([]string{"send", "3", "--to", "ed@test.example", "--smtp", srv.Addr}, c.args...)
		err := execute(app, args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
		if d := load(t, app, "3"); len(d.Sends) != 0 {
			t.Errorf("%s: a send recorded: %+v", c.name, d.Sends)
		}
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("%d messages received", n)
	}
	// No sender in the settings: SMTP needs one for the envelope.
	app, _ := smtpApp(t, nil)
	setSettings(t, app, func(s *store.Settings) { s.From = "" })
	if err := execute(app, "send", "3", "--to", "ed@test.example", "--smtp", srv.Addr); err == nil || !strings.Contains(err.Error(), `set "from"`) {
		t.Errorf("error %v, want a sender asked for", err)
	}
}

// TestSendList: the list gets an issue once, after a yes; again only with
// --again; while the board holds the draft too.
func TestSendList(t *testing.T) {
	t.Parallel()
	srv := delivertest.Start(t, delivertest.Plain, "", "")
	app, errOut := smtpApp(t, nil)
	send := func(args ...string) error {
		return execute(app, append([]string{"send", "3", "--smtp", srv.Addr}, args...)...)
	}
	if err := send("--to", "list@test.example"); err == nil || !strings.Contains(err.Error(), "give --yes") {
		t.Errorf("error %v, want a yes asked for off a terminal", err)
	}
	if err := send("--to", "LIST@test.example", "--yes"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), "goes to the list again only with --again") {
		t.Errorf("stderr %q", errOut)
	}
	err := send("--to", "list@test.example", "--yes")
	if err == nil || !strings.Contains(err.Error(), "issue #3 went to the list list@test.example on 2024-01-19 15:04 UTC; it goes there again only with --again") {
		t.Errorf("error %v, want a second send refused", err)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Fatalf("%d messages received, want 1", n)
	}
	// A test read after it is fine, and --again sends once more.
	if err := send("--to", "ed@test.example"); err != nil {
		t.Fatal(err)
	}
	if err := send("--to", "list@test.example", "--yes", "--again"); err != nil {
		t.Fatal(err)
	}
	d := load(t, app, "3")
	var list int
	for _, s := range d.Sends {
		if s.List {
			list++
		}
	}
	if len(d.Sends) != 3 || list != 2 || len(srv.Messages()) != 3 {
		t.Errorf("sends %+v, %d messages", d.Sends, len(srv.Messages()))
	}
	for _, m := range srv.Messages() {
		if !bytes.Contains(m.Data, []byte("\r\nTo: ")) || bytes.Contains(m.Data, []byte("subscribers@")) {
			t.Errorf("a message addressed to the settings' to:\n%s", m.Data)
		}
	}

	// While a board holds the draft, a send is recorded through its queue:
	// the list goes once, and a second send to it is refused all the same.
	path := filepath.Join(app.dir, "3.json")
	ed, err := store.OpenEditor(path, "weekly edit")
	if err != nil {
		t.Fatal(err)
	}
	if err := send("--to", "list@test.example", "--yes", "--again"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), "through the board that has it open") || len(srv.Messages()) != 4 {
		t.Errorf("stderr %q, %d messages", errOut, len(srv.Messages()))
	}
	if err := send("--to", "list@test.example", "--yes"); err == nil || !strings.Contains(err.Error(), "it goes there again only with --again") {
		t.Errorf("error %v, want the send queued for the open board to count", err)
	}
	in, err := ed.Take()
	if err != nil || len(in) != 1 || !in[0].Record() {
		t.Fatalf("the board's queue holds %+v, %v; want the one record of a send", in, err)
	}
	ed.Close() // the board died before it saved: the queue keeps the record
	if d, err := store.LoadQueued(path); err != nil || len(d.Sends) != 4 {
		t.Errorf("after the board: sends %+v, %v", d.Sends, err)
	}
}

func TestAskYes(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]bool{"y\n": true, "YES\n": true, " yes ": true, "n\n": false, "\n": false, "": false, "yep\n": false} {
		var out bytes.Buffer
		if got := askYes(strings.NewReader(in), &out, "Send? [y/N] "); got != want {
			t.Errorf("%q: %v, want %v", in, got, want)
		}
		if out.String() != "Send? [y/N] " {
			t.Errorf("asked %q", out.String())
		}
	}
}
