package serve

import (
	"bytes"
	"errors"
	"io"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"github.com/weekly-dev/weekly/internal/capture"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/store"
)

// withContributors writes the contributors file of the fixture's drafts
// directory before the server starts, and gives the server an Inbox on
// it, logging to the server's log.
func withContributors(t *testing.T, lines string) func(*Config) {
	return func(c *Config) {
		if lines != "" {
			if err := os.WriteFile(ContributorsPath(c.Dir), []byte(lines), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		in := capture.NewInbox(capture.InboxConfig{Dir: c.Dir, Log: c.Log})
		t.Cleanup(in.Close)
		c.Links = in
	}
}

// inboxOf returns the inbox of the draft at path, its queue taken in.
func inboxOf(t *testing.T, path string) []draft.Item {
	t.Helper()
	d, err := store.LoadQueued(path)
	if err != nil {
		t.Fatal(err)
	}
	return d.Inbox
}

// run runs command in a session of client, with stdin, and returns its
// standard output, standard error and exit status.
func runCommand(t *testing.T, client *gossh.Client, stdin, command string) (string, string, int) {
	t.Helper()
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	var out, errs bytes.Buffer
	sess.Stdout, sess.Stderr, sess.Stdin = &out, &errs, strings.NewReader(stdin)
	err = sess.Run(command)
	var ee *gossh.ExitError
	switch {
	case errors.As(err, &ee):
		return out.String(), errs.String(), ee.ExitStatus()
	case err != nil:
		t.Fatalf("%s: %v", command, err)
	}
	return out.String(), errs.String(), 0
}

func TestParseCommand(t *testing.T) {
	t.Parallel()
	good := []struct {
		raw  string
		want addCommand
	}{
		{"add https://example.com/x", addCommand{url: "https://example.com/x"}},
		{"  add\thttps://example.com/x  ", addCommand{url: "https://example.com/x"}},
		{"add https://example.com/x for Tools, it's good  ", addCommand{url: "https://example.com/x", note: "for Tools, it's good"}},
		{"add https://example.com/x a  b\tc", addCommand{url: "https://example.com/x", note: "a  b\tc"}},
		{"add --draft 519 example.com/x", addCommand{draft: "519", url: "example.com/x"}},
		{"add --draft=519 -", addCommand{draft: "519", url: "-"}},
		{"add -", addCommand{url: "-"}},
		{"add -- -weird --draft 2", addCommand{url: "-weird", note: "--draft 2"}},
		{"add https://example.com/x --draft 2", addCommand{url: "https://example.com/x", note: "--draft 2"}},
		{"add --help", addCommand{help: true}},
		{"add -h whatever", addCommand{help: true}},
	}
	for _, tt := range good {
		got, err := parseCommand(tt.raw)
		if err != nil || got != tt.want {
			t.Errorf("parseCommand(%q) = %+v, %v; want %+v", tt.raw, got, err, tt.want)
		}
	}
	notAdd := []string{"", "sh", "id", "ADD x", "add-x", "/bin/sh -c add", "scp -t /tmp", "git-upload-pack '/x'"}
	for _, raw := range notAdd {
		if _, err := parseCommand(raw); !errors.Is(err, errNotAdd) {
			t.Errorf("parseCommand(%q): %v, want errNotAdd", raw, err)
		}
	}
	usage := []struct{ raw, want string }{
		{"add", "give the link to add"},
		{"add   ", "give the link to add"},
		{"add --draft", "--draft needs a draft's name"},
		{"add --draft=", "--draft needs a draft's name"},
		{"add --draft 1 --draft 2 x", "--draft twice"},
		{"add - https://example.com/x", "nothing goes after the -"},
		{"add --", "give the link to add after --"},
		{"add -x https://example.com/", `"-x" is not an option of add`},
		{"add --note hi https://example.com/", `"--note" is not an option`},
	}
	for _, tt := range usage {
		_, err := parseCommand(tt.raw)
		var u *usageError
		if !errors.As(err, &u) || !strings.Contains(u.msg, tt.want) {
			t.Errorf("parseCommand(%q): %v, want a usage error saying %q", tt.raw, err, tt.want)
		}
	}
}

// FuzzParseCommand checks that any command a client sends is read without
// a panic, into add or a refusal, and that what it reads comes from the
// command: the URL is one of its words, the note the end of it.
func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"add https://example.com/x a note", "add --draft=519 -", "add -- -x y", "sh", "add --draft", "add \x1b[2J https://x/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		cmd, err := parseCommand(raw)
		if err != nil {
			var u *usageError
			if !errors.Is(err, errNotAdd) && !errors.As(err, &u) {
				t.Fatalf("parseCommand(%q): an error of no known kind: %v", raw, err)
			}
			return
		}
		if cmd.help {
			return
		}
		if cmd.url == "" || strings.ContainsFunc(cmd.url, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' }) {
			t.Fatalf("parseCommand(%q): URL %q", raw, cmd.url)
		}
		if !strings.Contains(raw, cmd.url) || !strings.HasSuffix(strings.TrimSpace(raw), cmd.note) {
			t.Fatalf("parseCommand(%q) = %+v: not read from the command", raw, cmd)
		}
		if cmd.url == "-" && cmd.note != "" {
			t.Fatalf("parseCommand(%q): add - with a note %q", raw, cmd.note)
		}
	})
}

// TestLoadContributors checks the contributors file: none is no
// contributor; a line reads as authorized_keys does (name, options), and a
// bad one is refused naming the contributors file and line.
func TestLoadContributors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "contributors")
	if c, err := LoadContributors(path); c != nil || err != nil {
		t.Errorf("no file: %v, %v; want no contributor", c, err)
	}
	if err := os.WriteFile(path, []byte("# nobody yet\n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if c, err := LoadContributors(path); c != nil || err != nil {
		t.Errorf("no key: %v, %v; want no contributor", c, err)
	}
	bob := newSigner(t)
	if err := os.WriteFile(path, []byte(`from="127.0.0.1" `+keyLine(bob, "Bob Writer")), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := LoadContributors(path)
	if err != nil || len(c) != 1 || c[0].Name != "Bob Writer" || c[0].From != "127.0.0.1" {
		t.Errorf("one line: %+v, %v", c, err)
	}
	if err := os.WriteFile(path, []byte("\n"+`command="/bin/sh" `+keyLine(bob, "Bob")), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadContributors(path); err == nil || !strings.Contains(err.Error(), path+": line 2: option") {
		t.Errorf("a command= line: %v", err)
	}
	if err := os.WriteFile(path, []byte(strings.TrimSuffix(keyLine(bob, "x"), " x\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadContributors(path); err == nil || !strings.Contains(err.Error(), "add the contributor's name after it") {
		t.Errorf("a key without a name: %v", err)
	}
}

// TestBadContributorsStopServer checks that a contributors line the
// server cannot honour stops it from starting, naming the file and line.
func TestBadContributorsStopServer(t *testing.T) {
	t.Parallel()
	dir := keysDir(t)
	if err := os.WriteFile(ContributorsPath(dir), []byte(`permitopen="localhost:80" `+keyLine(newSigner(t), "Bob")), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := New(Config{Dir: dir, Factory: newBoard().factory, Log: log.New(&bytes.Buffer{}, "", 0)})
	if err == nil || !strings.Contains(err.Error(), ContributorsPath(dir)+": line 1: option") {
		t.Fatalf("New: %v", err)
	}
}

// TestContributorAdds checks add from a contributor: the link lands in the
// newest draft's inbox via the contributor's name, with the note, said on
// standard output; --draft names another; bad links and misuse are
// refused with their exit statuses and add nothing.
func TestContributorAdds(t *testing.T) {
	t.Parallel()
	ann, bob := newSigner(t), newSigner(t)
	b := newBoard()
	f := start(t, keyLine(ann, "ann"), func(c *Config) { c.Factory = b.factory }, withContributors(t, keyLine(bob, "Bob Writer")))
	older := filepath.Join(f.dir, "8.json")
	if err := store.Save(older, draft.New("Test Weekly", 8, "2024-03-17", []string{"News"})); err != nil {
		t.Fatal(err)
	}
	client, err := dial(f.addr, bob)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()

	out, errs, code := runCommand(t, client, "", "add https://example.com/new for Tools, it's good")
	if code != 0 || out != "Added https://example.com/new to the inbox of 9 (Test Weekly #9), via Bob Writer\n" || errs != "" {
		t.Fatalf("add: %d %q %q", code, out, errs)
	}
	in := inboxOf(t, f.path)
	got := in[len(in)-1]
	if len(in) != 2 || got.URL() != "https://example.com/new" || got.Via != "Bob Writer" || got.Note != "for Tools, it's good" || got.Source != "ssh" || got.Blurb != "" {
		t.Fatalf("the inbox: %+v", in)
	}

	out, _, code = runCommand(t, client, "", "add --draft 8 example.com/older")
	if code != 0 || !strings.Contains(out, "Added https://example.com/older to the inbox of 8 (Test Weekly #8)") {
		t.Fatalf("add --draft 8: %d %q", code, out)
	}
	if in := inboxOf(t, older); len(in) != 1 || in[0].Via != "Bob Writer" {
		t.Fatalf("draft 8's inbox: %+v", in)
	}

	_, errs, code = runCommand(t, client, "", "add https://example.com/a")
	if code != 0 || !strings.Contains(errs, "note: https://example.com/a is already in draft 9; added again") {
		t.Errorf("a repeat: %d %q", code, errs)
	}

	before := len(inboxOf(t, f.path))
	refusals := []struct {
		cmd, want string
		code      int
	}{
		{"add javascript:alert(1)", "only http and https links are taken", 1},
		{"add --draft 77 https://example.com/x", `no draft named "77"`, 1},
		{"add --draft ../9 https://example.com/x", `no draft named "../9"`, 1},
		{"add", "give the link to add", 2},
		{"add --bogus https://example.com/x", `"--bogus" is not an option of add`, 2},
	}
	for _, r := range refusals {
		out, errs, code := runCommand(t, client, "", r.cmd)
		if code != r.code || out != "" || !strings.Contains(errs, r.want) {
			t.Errorf("%s: exit %d, %q, %q; want %d and %q", r.cmd, code, out, errs, r.code, r.want)
		}
	}
	if n := len(inboxOf(t, f.path)); n != before {
		t.Errorf("the refusals added %d link(s)", n-before)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.running != 0 || len(b.ended) != 0 { // running, or run and ended
		t.Errorf("add made %d board(s)", b.running+len(b.ended))
	}
}

// TestContributorAddsFromStandardInput checks add -: one link a line,
// blank and # lines skipped; a bad line is named and then none is added;
// more than a minute's links are refused.
func TestContributorAddsFromStandardInput(t *testing.T) {
	t.Parallel()
	bob := newSigner(t)
	f := start(t, keyLine(newSigner(t), "ann"), func(c *Config) { c.Factory = newBoard().factory }, withContributors(t, keyLine(bob, "bob")))
	client, err := dial(f.addr, bob)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()

	out, errs, code := runCommand(t, client, "https://one.example/\r\n\n# a comment\n  example.com/two  \n", "add -")
	if code != 0 || errs != "" || strings.Count(out, "\n") != 2 || !strings.Contains(out, "Added https://one.example/ to the inbox of 9") || !strings.Contains(out, "Added https://example.com/two to the inbox of 9") {
		t.Fatalf("add -: %d %q %q", code, out, errs)
	}
	waitLog(t, f, "bob from 127.0.0.1:")
	waitLog(t, f, " added 2 links over SSH")
	in := inboxOf(t, f.path)
	if len(in) != 3 || in[1].URL() != "https://one.example/" || in[2].URL() != "https://example.com/two" || in[2].Via != "bob" {
		t.Fatalf("the inbox: %+v", in)
	}

	out, errs, code = runCommand(t, client, "https://three.example/\nnot a link\nftp://four.example/\n", "add -")
	if code != 1 || out != "" || !strings.Contains(errs, "standard input, line 2: ") || !strings.Contains(errs, "standard input, line 3: ") || !strings.Contains(errs, "nothing was added") {
		t.Errorf("bad lines: %d %q %q", code, out, errs)
	}
	_, errs, code = runCommand(t, client, "\n# nothing\n", "add -")
	if code != 1 || !strings.Contains(errs, "no URLs on standard input") {
		t.Errorf("no links: %d %q", code, errs)
	}
	var many strings.Builder
	for i := range capture.PerMinute + 1 {
		many.WriteString("https://many.example/" + strings.Repeat("x", i) + "\n")
	}
	_, errs, code = runCommand(t, client, many.String(), "add -")
	if code != 1 || !strings.Contains(errs, "a contributor may send 60 links a minute") {
		t.Errorf("61 links: %d %q", code, errs)
	}
	if n := len(inboxOf(t, f.path)); n != 3 {
		t.Errorf("the refusals added %d link(s)", n-3)
	}
	waitLog(t, f, "refused 61 link(s) from contributor bob from 127.0.0.1:")
}

// TestContributorsReadAgain checks that a contributor added to the file
// while the server runs gets in, a bad line is logged naming the file and
// line (the contributors read before staying), and one taken out no longer
// gets in.
func TestContributorsReadAgain(t *testing.T) {
	t.Parallel()
	bob := newSigner(t)
	f := start(t, keyLine(newSigner(t), "ann"), func(c *Config) { c.Factory = newBoard().factory }, withContributors(t, ""))
	if c, err := dial(f.addr, bob); err == nil {
		c.Close()
		t.Fatal("bob got in before he was a contributor")
	}
	if err := os.WriteFile(ContributorsPath(f.dir), []byte(keyLine(bob, "bob")), 0o644); err != nil {
		t.Fatal(err)
	}
	waitLog(t, f, "read "+ContributorsPath(f.dir)+" again: 1 contributor(s)")
	client, err := dial(f.addr, bob)
	if err != nil {
		t.Fatalf("bob, now a contributor: %v", err)
	}
	if _, errs, code := runCommand(t, client, "", "add https://example.com/bob"); code != 0 {
		t.Fatalf("bob's add: %d %s", code, errs)
	}
	client.Close()
	// A bad line is logged with its file and line, and bob stays.
	if err := os.WriteFile(ContributorsPath(f.dir), []byte(keyLine(bob, "bob")+"ssh-ed25519 AAAAnot-a-key carol\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitLog(t, f, "keeping the 1 contributor(s) read before: "+ContributorsPath(f.dir)+": line 2: ")
	if c, err := dial(f.addr, bob); err != nil {
		t.Errorf("bob, after a bad line: %v", err)
	} else {
		c.Close()
	}
	if err := os.WriteFile(ContributorsPath(f.dir), []byte("# bob left\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitLog(t, f, "read "+ContributorsPath(f.dir)+" again: 0 contributor(s)")
	if c, err := dial(f.addr, bob); err == nil {
		c.Close()
		t.Error("bob got in once taken out")
	}
}

// TestKeyInBothFilesIsAnEditor checks that a key in authorized_keys and in
// the contributors file gets the board.
func TestKeyInBothFilesIsAnEditor(t *testing.T) {
	t.Parallel()
	ann := newSigner(t)
	b := newBoard()
	f := start(t, keyLine(ann, "ann"), func(c *Config) { c.Factory = b.factory }, withContributors(t, keyLine(ann, "ann too")))
	c, err := dial(f.addr, ann)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	shell(t, c, 80, 24, nil)
	if got := b.size(t); got.Width != 80 {
		t.Errorf("the board's window: %+v", got)
	}
}

// TestContributorGetsNothingElse checks with an x/crypto/ssh client what a
// contributor's key may not do: a terminal gets one line saying what it
// may, and no board; a shell command, a subsystem, a port forward either
// way and agent forwarding are refused, and none adds a link.
func TestContributorGetsNothingElse(t *testing.T) {
	t.Parallel()
	bob := newSigner(t)
	b := newBoard()
	f := start(t, keyLine(newSigner(t), "ann"), func(c *Config) { c.Factory = b.factory }, withContributors(t, keyLine(bob, "bob")))
	client, err := dial(f.addr, bob)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	before := len(inboxOf(t, f.path))

	var out, errs syncBuffer
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	sess.Stdout, sess.Stderr = &out, &errs
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	var ee *gossh.ExitError
	if err := ended(t, sess); !errors.As(err, &ee) || ee.ExitStatus() != 1 {
		t.Errorf("a contributor's terminal ended with %v; want exit status 1", err)
	}
	if got := errs.String(); out.String() != "" || !strings.HasPrefix(got, "weekly serve: bob, your key may add links, and nothing else: ssh -p ") || strings.Count(got, "\n") != 1 {
		t.Errorf("the contributor's terminal showed %q and %q; want one line", out.String(), got)
	}

	for _, command := range []string{"sh", "sh -c 'add https://example.com/x'", "weekly serve", "scp -t /tmp"} {
		out, errs, code := runCommand(t, client, "", command)
		if code != 2 || out != "" || !strings.Contains(errs, "weekly serve runs no command but add: it adds links.") {
			t.Errorf("%s: exit %d, %q, %q", command, code, out, errs)
		}
	}
	sess, err = client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestSubsystem("sftp"); err == nil {
		t.Error("the sftp subsystem was granted")
	}
	sess.Close()
	sess, err = client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := agent.RequestAgentForwarding(sess); err == nil {
		t.Error("agent forwarding was granted")
	}
	sess.Close()
	if c, err := client.Dial("tcp", "127.0.0.1:9"); err == nil {
		c.Close()
		t.Error("a local port forward (direct-tcpip) was opened")
	}
	if l, err := client.Listen("tcp", "127.0.0.1:0"); err == nil {
		l.Close()
		t.Error("a remote port forward (tcpip-forward) was granted")
	}
	waitLog(t, f, "refused a board to contributor bob from 127.0.0.1:")
	waitLog(t, f, `refused a command to bob from 127.0.0.1:`)
	waitLog(t, f, "refused agent forwarding to bob from 127.0.0.1:")
	waitLog(t, f, "refused a direct-tcpip channel (port forwarding) to bob from 127.0.0.1:")
	waitLog(t, f, "refused a tcpip-forward request (port forwarding) to bob from 127.0.0.1:")

	b.mu.Lock()
	running := b.running
	b.mu.Unlock()
	if running != 0 || len(b.ended) != 0 { // running, or run and ended
		t.Errorf("a contributor got %d board(s)", running+len(b.ended))
	}
	if n := len(inboxOf(t, f.path)); n != before {
		t.Errorf("the refusals added %d link(s)", n-before)
	}
}

// TestAddsRunningAtOnce checks that one sender may have maxAdding adds
// running (add - waits for its standard input) and no more: another is
// refused and adds nothing, another sender's is not, and once one ends a
// new one runs.
func TestAddsRunningAtOnce(t *testing.T) {
	t.Parallel()
	ann, bob := newSigner(t), newSigner(t)
	f := start(t, keyLine(ann, "ann"), func(c *Config) { c.Factory = newBoard().factory }, withContributors(t, keyLine(bob, "bob")))
	held, err := dial(f.addr, bob)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	type open struct {
		sess  *gossh.Session
		stdin io.WriteCloser
	}
	var opens []open
	for range maxAdding {
		sess, err := held.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer sess.Close()
		stdin, err := sess.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := sess.Start("add -"); err != nil {
			t.Fatal(err)
		}
		opens = append(opens, open{sess, stdin})
	}
	waitText(t, func() string { return strconv.Itoa(f.srv.adding.running("bob")) }, strconv.Itoa(maxAdding))
	before := len(inboxOf(t, f.path))

	other, err := dial(f.addr, bob)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, errs, code := runCommand(t, other, "", "add https://example.com/fourth"); code != 1 || !strings.Contains(errs, "3 of your adds are running already") {
		t.Errorf("a fourth add: exit %d, %q", code, errs)
	}
	waitLog(t, f, "refused an add to bob from 127.0.0.1:")
	if n := len(inboxOf(t, f.path)); n != before {
		t.Fatalf("the refused add added %d link(s)", n-before)
	}
	editor, err := dial(f.addr, ann)
	if err != nil {
		t.Fatal(err)
	}
	defer editor.Close()
	if _, errs, code := runCommand(t, editor, "", "add https://example.com/ann"); code != 0 {
		t.Errorf("ann's add while bob's run: exit %d, %q", code, errs)
	}

	if _, err := io.WriteString(opens[0].stdin, "https://example.com/held\n"); err != nil {
		t.Fatal(err)
	}
	opens[0].stdin.Close()
	if err := ended(t, opens[0].sess); err != nil {
		t.Fatalf("the first add -: %v", err)
	}
	if _, errs, code := runCommand(t, other, "", "add https://example.com/now"); code != 0 {
		t.Errorf("an add once one ended: exit %d, %q", code, errs)
	}
	in := inboxOf(t, f.path)
	if len(in) != before+3 || in[len(in)-1].URL() != "https://example.com/now" {
		t.Errorf("the inbox: %+v", in[before:])
	}
}
