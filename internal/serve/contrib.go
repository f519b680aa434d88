package serve

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/weekly-dev/weekly/internal/capture"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// roleKey marks, in a connection's permissions, a key of the contributors
// file: it may add links, and nothing else.
const (
	roleKey         = "weekly-role"
	roleContributor = "contributor"
)

// role is what a key may do: an editor gets the board and add, a
// contributor add only.
type role int

const (
	editor role = iota
	contributor
)

// file returns the file of keys of the role in the drafts directory dir.
func (r role) file(dir string) string {
	if r == contributor {
		return ContributorsPath(dir)
	}
	return KeysPath(dir)
}

// Bounds of ssh … add -: standard input is read until it ends, for at most
// stdinWait, up to maxStdinBytes, and may hold at most maxStdinLinks links.
// One sender may run maxAdding adds at once (each may wait on its
// standard input), so that no one can hold the server's memory or
// goroutines with adds left open.
const (
	maxStdinBytes = 256 << 10
	maxStdinLinks = 200
	stdinWait     = 2 * time.Minute
	maxAdding     = 3
)

// inFlight counts the adds each sender has running. Its zero value is
// ready to use.
type inFlight struct {
	mu  sync.Mutex
	now map[string]int
}

// start counts an add of name's, unless name has maxAdding running
// already; done, when it may, ends it.
func (f *inFlight) start(name string) (done func(), ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.now == nil {
		f.now = map[string]int{}
	}
	if f.now[name] >= maxAdding {
		return nil, false
	}
	f.now[name]++
	return func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		if f.now[name]--; f.now[name] <= 0 {
			delete(f.now, name)
		}
	}, true
}

// running is how many adds name has running.
func (f *inFlight) running(name string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now[name]
}

// viaSSH is the Source of the cards added over SSH.
const viaSSH = "ssh"

// LoadContributors reads the contributors file: keys in authorized_keys
// format, each contributor's name in the comment after the key, the lines'
// options read as LoadKeys reads them. A file that is not there, or holds
// no key, is no contributor.
func LoadContributors(path string) ([]Editor, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	keys, err := loadKeys(path, "contributor")
	if errors.Is(err, errNoKeys) {
		return nil, nil
	}
	return keys, err
}

// Contributors returns the contributors allowed in (to add links only),
// reading the contributors file again when it has changed, as Editors does
// authorized_keys.
func (s *Server) Contributors() []Editor { return s.contributors.current(s.cfg.Dir, s.logf) }

// andContributors is what the start's log line says of the contributors:
// " and 2 contributor(s) (links only)", or nothing when there are none.
func (s *Server) andContributors() string {
	n := len(s.Contributors())
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" and %d contributor(s) (links only)", n)
}

// lookup finds the key among the editors, then the contributors: a key in
// both files is an editor's.
func (s *Server) lookup(key gossh.PublicKey) (Editor, role, bool) {
	if e, ok := find(s.Editors(), key); ok {
		return e, editor, true
	}
	if e, ok := find(s.Contributors(), key); ok {
		return e, contributor, true
	}
	return Editor{}, editor, false
}

// isContributor tells whether the key signed in on ctx's connection is a
// contributor's.
func isContributor(ctx ssh.Context) bool {
	return ctx.Permissions().Extensions[roleKey] == roleContributor
}

// command is the first step of every session. A command (ssh HOST add …)
// is run here and never reaches the board, whoever asks; a contributor
// asking for a terminal is told what they may do, and gets no board.
// Subsystems are refused before a session gets here (no handler), and so
// are port forwards (no channel but sessions, no global request handled).
func (s *Server) command(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		ctx := sess.Context()
		switch {
		case sess.RawCommand() != "":
			_ = sess.Exit(s.exec(sess))
		case isContributor(ctx):
			s.logf("refused a board to contributor %s from %s: contributors may only add links", nameOf(ctx), clean(sess.RemoteAddr().String()))
			out := newLines(sess)
			out.errorf("weekly serve: %s, your key may add links, and nothing else: ssh -p %s HOST add URL [NOTE…], or one URL a line: … | ssh -p %s HOST add -", nameOf(ctx), portOf(sess), portOf(sess))
			_ = sess.Exit(1)
		default:
			next(sess)
		}
	}
}

// portOf is the port the session came in on, for the commands the server
// suggests.
func portOf(sess ssh.Session) string {
	_, port, err := net.SplitHostPort(sess.LocalAddr().String())
	if err != nil {
		return "PORT"
	}
	return port
}

// Exit statuses of a command over SSH.
const (
	exitOK    = 0
	exitFail  = 1 // a bad link, a refusal, a draft that cannot be written
	exitUsage = 2 // not a command the server runs, or add misused
)

// exec runs the command of a session and returns its exit status.
func (s *Server) exec(sess ssh.Session) int {
	ctx := sess.Context()
	name, from := nameOf(ctx), clean(sess.RemoteAddr().String())
	out := newLines(sess)
	cmd, err := parseCommand(sess.RawCommand())
	var usage *usageError
	switch {
	case errors.Is(err, errNotAdd):
		s.logf("refused a command to %s from %s: %q (only add is run)", name, from, sanitize.Clip(sanitize.Line(sess.RawCommand()), 60))
		what := "adds links"
		if !isContributor(ctx) {
			what = "adds links, and gives the board to ssh -p " + portOf(sess) + " HOST without a command"
		}
		out.errorf("weekly serve runs no command but add: it %s.", what)
		out.errorf("%s", usageText(portOf(sess)))
		return exitUsage
	case errors.As(err, &usage):
		out.errorf("weekly serve: add: %s", usage.msg)
		out.errorf("%s", usageText(portOf(sess)))
		return exitUsage
	case err != nil:
		out.errorf("weekly serve: %v", err)
		return exitUsage
	case cmd.help:
		out.printf("%s", usageText(portOf(sess)))
		return exitOK
	}
	s.mu.Lock()
	closing := s.closing
	s.mu.Unlock()
	if closing {
		out.errorf("weekly serve is shutting down; send the links again when it is back.")
		return exitFail
	}
	if s.cfg.Links == nil {
		out.errorf("weekly serve: this server takes no links over SSH.")
		return exitFail
	}
	done, ok := s.adding.start(name)
	if !ok {
		s.logf("refused an add to %s from %s: %d of theirs are running", name, from, maxAdding)
		out.errorf("weekly serve: %s, %d of your adds are running already (waiting for their links?); send this one once they end: nothing was added", name, maxAdding)
		return exitFail
	}
	defer done()
	links := []capture.Link{{URL: cmd.url, Note: cmd.note}}
	if cmd.url == "-" {
		var code int
		if links, code = s.readLinks(sess, out); code != exitOK {
			return code
		}
	} else if _, err := capture.Check(links[0]); err != nil {
		out.errorf("weekly serve: add: %v; nothing was added", err)
		return exitFail
	}
	if isContributor(ctx) {
		if ok, wait := s.limit.AllowN(name, len(links), time.Now()); !ok {
			s.logf("refused %d link(s) from contributor %s from %s: over %d a minute", len(links), name, from, capture.PerMinute)
			out.errorf("weekly serve: a contributor may send %d links a minute; %s would be more: nothing was added; send them again in %s", capture.PerMinute, draft.Plural(len(links), "link"), (wait + time.Second).Round(time.Second))
			return exitFail
		}
	}
	added, err := s.cfg.Links.AddLinks(name, viaSSH, cmd.draft, links)
	if err != nil {
		out.errorf("weekly serve: add: %v; nothing was added", err)
		return exitFail
	}
	s.logf("%s from %s added %s over SSH", name, from, draft.Plural(len(added), "link"))
	for _, a := range added {
		out.printf("Added %s to the inbox of %s (%s), via %s", a.Item.URL(), a.Draft, a.Label, name)
		if a.InDraft {
			out.errorf("note: %s is already in draft %s; added again", a.Item.URL(), a.Draft)
		}
		if a.Repeat {
			out.errorf("note: %s was in %s of the archive; added again", a.Item.URL(), issues(a.UsedIn))
		}
	}
	return exitOK
}

// readLinks reads the links of add -: one URL a line on the session's
// standard input, blank lines and lines starting with # skipped. A bad
// line is named, and then none is added: it returns the exit status.
func (s *Server) readLinks(sess ssh.Session, out *lines) ([]capture.Link, int) {
	type read struct {
		data []byte
		err  error
	}
	got := make(chan read, 1)
	go func() {
		// Ends when the client closes its standard input, or the session.
		data, err := io.ReadAll(io.LimitReader(sess, maxStdinBytes+1))
		got <- read{data, err}
	}()
	var r read
	timer := time.NewTimer(stdinWait)
	defer timer.Stop()
	select {
	case r = <-got:
	case <-timer.C:
		out.errorf("weekly serve: add -: standard input did not end within %s; nothing was added (pipe the links in: … | ssh … add -)", stdinWait)
		return nil, exitFail
	case <-sess.Context().Done():
		return nil, exitFail
	}
	if r.err != nil {
		out.errorf("weekly serve: add -: reading standard input: %v; nothing was added", r.err)
		return nil, exitFail
	}
	if len(r.data) > maxStdinBytes {
		out.errorf("weekly serve: add -: standard input is more than %d KiB; send at most %d links at once: nothing was added", maxStdinBytes>>10, maxStdinLinks)
		return nil, exitFail
	}
	links, bad := parseLines(string(r.data))
	for _, b := range bad {
		out.errorf("%s", b)
	}
	switch {
	case len(bad) > 0:
		out.errorf("weekly serve: add -: nothing was added; fix or remove those lines and send them again")
		return nil, exitFail
	case len(links) == 0:
		out.errorf("weekly serve: add -: no URLs on standard input: nothing added")
		return nil, exitFail
	case len(links) > maxStdinLinks:
		out.errorf("weekly serve: add -: %d links; send at most %d at once: nothing was added", len(links), maxStdinLinks)
		return nil, exitFail
	}
	return links, exitOK
}

// parseLines reads one URL a line, as weekly add - does: blank lines and
// lines starting with # are skipped; each line that is not a link weekly
// takes is named, with its number and what is wrong.
func parseLines(text string) (links []capture.Link, bad []string) {
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		l := capture.Link{URL: line}
		if _, err := capture.Check(l); err != nil {
			bad = append(bad, fmt.Sprintf("standard input, line %d: %v", i+1, err))
			continue
		}
		links = append(links, l)
	}
	return links, bad
}

// issues names the issues of the archive that carried a link: "#512, #498".
func issues(nums []int) string {
	parts := make([]string, len(nums))
	for i, n := range nums {
		parts[i] = fmt.Sprintf("#%d", n)
	}
	if len(nums) == 1 {
		return "issue " + parts[0]
	}
	return "issues " + strings.Join(parts, ", ")
}

// lines writes whole lines to a session: clean (what the server writes
// may quote the client's text), and ending in \r\n when the client has a
// terminal, whose raw mode would not return the carriage.
type lines struct {
	out, err io.Writer
	end      string
}

func newLines(sess ssh.Session) *lines {
	l := &lines{out: sess, err: sess.Stderr(), end: "\n"}
	if _, _, ok := sess.Pty(); ok {
		l.end = "\r\n"
	}
	return l
}

// printf writes a line on standard output.
func (l *lines) printf(format string, args ...any) { l.write(l.out, format, args...) }

// errorf writes a line on standard error.
func (l *lines) errorf(format string, args ...any) { l.write(l.err, format, args...) }

func (l *lines) write(w io.Writer, format string, args ...any) {
	var b strings.Builder
	for _, line := range strings.Split(sanitize.Text(fmt.Sprintf(format, args...)), "\n") {
		b.WriteString(line)
		b.WriteString(l.end)
	}
	_, _ = io.WriteString(w, b.String())
}

// refuseChannel refuses, and logs, a channel other than a session: a port
// forward (direct-tcpip), X11, an agent's.
func (s *Server) refuseChannel(_ *ssh.Server, _ *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	s.logf("refused a %s channel (port forwarding) to %s from %s", clean(nc.ChannelType()), nameOf(ctx), clean(ctx.RemoteAddr().String()))
	_ = nc.Reject(gossh.Prohibited, "weekly serve forwards nothing")
}

// refuseForwards refuses, and logs, every channel but sessions (port
// forwards, X11, an agent's) and the global requests of remote port
// forwarding; it is an option of the server, set after its channel
// handlers.
func (s *Server) refuseForwards(srv *ssh.Server) error {
	if srv.ChannelHandlers == nil {
		srv.ChannelHandlers = map[string]ssh.ChannelHandler{}
	}
	srv.ChannelHandlers["default"] = s.refuseChannel
	srv.RequestHandlers = forwardRefusals(s)
	return nil
}

// forwardRefusals are the handlers of the global requests that ask the
// server to listen for the client (ssh -R), which refuse and log them.
// Every other global request (a client's keepalive, OpenSSH's host keys
// and no-more-sessions) is refused without a word, having no handler.
func forwardRefusals(s *Server) map[string]ssh.RequestHandler {
	refuse := func(ctx ssh.Context, _ *ssh.Server, req *gossh.Request) (bool, []byte) {
		s.logf("refused a %s request (port forwarding) to %s from %s", clean(req.Type), nameOf(ctx), clean(ctx.RemoteAddr().String()))
		return false, nil
	}
	return map[string]ssh.RequestHandler{
		"tcpip-forward":                   refuse,
		"streamlocal-forward@openssh.com": refuse,
	}
}
