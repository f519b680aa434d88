// Package email writes an issue as the message that is sent: RFC 5322
// headers and a multipart/alternative body holding the plain text and the
// HTML, each in quoted-printable.
package email

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"

	"github.com/weekly-dev/weekly/internal/sanitize"
)

// Message is an issue's email.
type Message struct {
	From    *mail.Address // nil: no From header (sendmail supplies the local user)
	To      []*mail.Address
	Subject string
	Date    time.Time
	Text    []byte // the text/plain part
	HTML    []byte // the text/html part
	// WriteText and WriteHTML, when set, write the parts instead of Text
	// and HTML: each is called once, as its part is written, so that a
	// long issue is encoded as it is rendered and never held whole.
	WriteText, WriteHTML func(io.Writer) error
}

// Write writes the message. Its lines end in LF, as a Maildir file holds a
// message and as sendmail reads one; the mail system writes CRLF on the
// wire. No line is longer than 998 characters (RFC 5322's limit): headers
// are folded and both parts are quoted-printable, so the text part decodes
// to Text exactly, line ends aside (CRLF or CR in Text become LF).
//
// The parts are streamed: each is encoded as it is written (see WriteText),
// through a buffer of 64 KiB to w. The boundary holds "=_", which
// quoted-printable never writes, so it cannot occur in either part
// whatever they hold; the rest of it is a hash of From, To and Subject, so
// the same issue gives the same bytes.
func (m *Message) Write(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	buf := &lfWriter{w: bw}
	sum := sha256.New()
	head := func(name, value string) {
		header(buf, name, value)
		sum.Write([]byte(name + ": " + value + "\n"))
	}
	if m.From != nil {
		from, err := address(m.From)
		if err != nil {
			return fmt.Errorf("the from address: %w", err)
		}
		head("From", foldList(len("From: "), []string{from}))
	}
	if len(m.To) > 0 {
		to := make([]string, len(m.To))
		for i, a := range m.To {
			s, err := address(a)
			if err != nil {
				return fmt.Errorf("the to address: %w", err)
			}
			to[i] = s
		}
		head("To", foldList(len("To: "), to))
	}
	head("Subject", foldList(len("Subject: "), []string{Subject(m.Subject)}))
	header(buf, "Date", m.Date.Format(time.RFC1123Z)) // not in the hash: a send is the export, dated when sent
	header(buf, "MIME-Version", "1.0")
	boundary := "=_weekly_" + hex.EncodeToString(sum.Sum(nil))[:24]
	header(buf, "Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": boundary}))
	buf.WriteString("\r\n")
	mp := multipart.NewWriter(buf)
	if err := mp.SetBoundary(boundary); err != nil {
		return err
	}
	parts := []struct {
		kind  string
		body  []byte
		write func(io.Writer) error
	}{{"text/plain", m.Text, m.WriteText}, {"text/html", m.HTML, m.WriteHTML}}
	for _, part := range parts {
		pw, err := mp.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.kind + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return err
		}
		lw := &lfWriter{w: pw}
		qp := quotedprintable.NewWriter(lw)
		eol := &eolWriter{w: qp}
		if part.write != nil {
			err = part.write(eol)
		} else {
			_, err = eol.Write(part.body)
		}
		if err == nil {
			err = eol.Close()
		}
		if err == nil {
			err = qp.Close()
		}
		if err == nil && lw.cr {
			lw.cr = false
			lw.write([]byte{'\r'})
		}
		if err == nil {
			err = lw.err
		}
		if err != nil {
			return err
		}
	}
	if err := mp.Close(); err != nil {
		return err
	}
	if buf.cr {
		buf.write([]byte{'\r'})
	}
	if buf.err != nil {
		return buf.err
	}
	return bw.Flush()
}

// eolWriter writes what it is given with each line end, CRLF or a CR
// alone, made LF, for quoted-printable to encode as a line break. A CR at
// the end of a write is held back until the next shows whether an LF
// follows; Close writes it.
type eolWriter struct {
	w  io.Writer
	cr bool
}

func (e *eolWriter) Write(p []byte) (int, error) {
	n := len(p)
	if e.cr && len(p) > 0 {
		e.cr = false
		if _, err := e.w.Write([]byte{'\n'}); err != nil {
			return 0, err
		}
		if p[0] == '\n' {
			p = p[1:]
		}
	}
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\r')
		if i < 0 {
			if _, err := e.w.Write(p); err != nil {
				return 0, err
			}
			break
		}
		if _, err := e.w.Write(p[:i]); err != nil {
			return 0, err
		}
		if i+1 == len(p) {
			e.cr = true
			break
		}
		if _, err := e.w.Write([]byte{'\n'}); err != nil {
			return 0, err
		}
		p = p[i+1:]
		if p[0] == '\n' {
			p = p[1:]
		}
	}
	return n, nil
}

// Close writes the CR held back, as the line end it is.
func (e *eolWriter) Close() error {
	if !e.cr {
		return nil
	}
	e.cr = false
	_, err := e.w.Write([]byte{'\n'})
	return err
}

// lfWriter writes what it is given with each CRLF made LF: mime/multipart
// and quotedprintable end their lines in CRLF. A write error is kept for
// the end.
type lfWriter struct {
	w   io.Writer
	cr  bool // the last byte written was a CR, held back
	err error
}

// Write writes p with each CRLF made LF. A CR at the end of p is held
// back until the next write shows whether an LF follows it.
func (l *lfWriter) Write(p []byte) (int, error) {
	n := len(p)
	if l.cr && len(p) > 0 {
		l.cr = false
		if p[0] != '\n' {
			l.write([]byte{'\r'})
		}
	}
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\r')
		if i < 0 {
			l.write(p)
			break
		}
		l.write(p[:i])
		if i+1 == len(p) {
			l.cr = true
			break
		}
		if p[i+1] != '\n' {
			l.write(p[i : i+1])
		}
		p = p[i+1:]
	}
	return n, l.err
}

// write writes p unless an earlier write failed.
func (l *lfWriter) write(p []byte) {
	if l.err == nil {
		_, l.err = l.w.Write(p)
	}
}

// WriteString writes s as Write does.
func (l *lfWriter) WriteString(s string) {
	_, _ = l.Write([]byte(s))
}

// header writes one header field; the value is already folded if long.
func header(buf *lfWriter, name, value string) {
	buf.WriteString(name)
	buf.WriteString(": ")
	buf.WriteString(value)
	buf.WriteString("\r\n")
}

// foldList joins items with ", ", breaking the line after a comma wherever
// the next item would take it past 78 characters; an item longer than a
// line is folded between its words (see fold). The first line holds start
// characters of the header's name.
func foldList(start int, items []string) string {
	var b strings.Builder
	line := start
	for i, it := range items {
		comma := 0 // the comma after it, on its line
		if i < len(items)-1 {
			comma = 1
		}
		if i > 0 {
			b.WriteByte(',')
			if line+2+len(it)+comma > 78 {
				b.WriteString("\r\n")
				line = 0
			} else {
				line++
			}
			b.WriteByte(' ')
			line++
		}
		f := fold(line, it)
		b.WriteString(f)
		if k := strings.LastIndexByte(f, '\n'); k >= 0 {
			line = len(f) - k - 1
		} else {
			line += len(f)
		}
	}
	return b.String()
}

// maxAddress is the longest address RFC 5321 lets a mail system take (a
// path of 256 characters, its angle brackets included).
const maxAddress = 254

// address formats an address for a header, refusing one that would break
// out of it or that is too long to be one. Every word of what it returns
// is short enough for a header line: a name with a word too long to fold
// is written as RFC 2047 encoded-words (see plain).
func address(a *mail.Address) (string, error) {
	if len(a.Address) > maxAddress {
		return "", fmt.Errorf("%.40q… is not an email address: it is %d characters long, more than the %d an address may have", a.Address, len(a.Address), maxAddress)
	}
	name := sanitize.Line(a.Name)
	s := (&mail.Address{Name: name, Address: a.Address}).String()
	if name != "" && !short(strings.TrimSuffix(s, "<"+a.Address+">")) {
		s = encodeWords(name, 76-len("From: ")) + " <" + a.Address + ">"
	}
	back, err := mail.ParseAddress(s)
	if err != nil || back.Address != a.Address || back.Name != name || strings.ContainsAny(a.Address, " ,;<>\"\\\r\n") {
		return "", fmt.Errorf("%q is not an email address", a.Address)
	}
	return s, nil
}

// Subject returns s as the value of a Subject header: one line of plain
// text, RFC 2047-encoded when it is not ASCII or has a word too long to
// fold (Write folds it).
func Subject(s string) string {
	s = sanitize.Line(s)
	if plain(s) {
		return s
	}
	return encodeWords(s, 76-len("Subject: "))
}

// encodeWords returns s as RFC 2047 Q encoded-words, a space between each
// (where a line may fold), never cutting a character in two: the first at
// most first characters long, to leave room on its line for the header's
// name, the others at most 75 (RFC 2047's limit), so that each fits on a
// line of 76 (see fold). mime.QEncoding leaves ASCII as it is, even when it is a word
// too long to fold or looks like an encoded-word, and does not leave room
// for the name.
func encodeWords(s string, first int) string {
	const start, end = "=?utf-8?q?", "?="
	var b, word strings.Builder
	limit := first
	flush := func() {
		limit = 75
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(start + word.String() + end)
		word.Reset()
	}
	for _, r := range s {
		var enc string
		switch {
		case r == ' ':
			enc = "_"
		case r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("!*+-/", r)):
			enc = string(r)
		default:
			var e strings.Builder
			for _, c := range []byte(string(r)) {
				fmt.Fprintf(&e, "=%02X", c)
			}
			enc = e.String()
		}
		if len(start)+word.Len()+len(enc)+len(end) > limit && word.Len() > 0 {
			flush()
		}
		word.WriteString(enc)
	}
	if word.Len() > 0 || b.Len() == 0 {
		flush()
	}
	return b.String()
}

// plain reports whether s can stand in a header as it is: printable ASCII,
// nothing a reader would take for an encoded-word, and no word too long to
// fold (see short).
func plain(s string) bool {
	if strings.Contains(s, "=?") {
		return false
	}
	for i := range len(s) {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return short(s)
}

// short reports whether no word of s is longer than 60 characters, so that
// s folds into lines of 76 or fewer whatever the header's name (see fold).
func short(s string) bool {
	word := 0
	for i := range len(s) {
		if word++; s[i] == ' ' {
			word = 0
		}
		if word > 60 {
			return false
		}
	}
	return true
}

// fold breaks a header value before a space wherever a line, whose first
// holds start characters of the header's name, would grow past 78
// characters (RFC 5322's preferred length), or 76 when it holds
// encoded-words (RFC 2047's); unfolding (dropping the line breaks) gives s
// back. A word longer than a line stays whole on one:
// what header is given has none past a few hundred characters, far from
// the 998 a line may hold.
func fold(start int, s string) string {
	width := 78
	if strings.Contains(s, "=?") {
		width = 76
	}
	words := strings.Split(s, " ")
	var b strings.Builder
	line := start
	for i, w := range words {
		if i > 0 {
			if line+1+len(w) > width {
				b.WriteString("\r\n")
				line = 0
			}
			b.WriteByte(' ')
			line++
		}
		b.WriteString(w)
		line += len(w)
	}
	return b.String()
}
