// Package emailtest reads back the messages that package email writes, with
// the standard library's mail parsers, for the tests of email, export and
// the command line. The program itself never reads a message.
package emailtest

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"time"
)

// Message is a message as a mail reader sees it: the headers, the subject
// decoded, the date, and the decoded text and HTML parts.
type Message struct {
	Header  mail.Header
	Subject string
	Date    time.Time
	Text    string
	HTML    string
}

// Parse reads a message of the shape email.Message.Write writes with the
// standard library's mail parsers (net/mail, mime/multipart,
// quotedprintable), refusing any other shape.
func Parse(msg []byte) (*Message, error) {
	m, err := mail.ReadMessage(bytes.NewReader(msg))
	if err != nil {
		return nil, fmt.Errorf("read message: %w", err)
	}
	r := &Message{Header: m.Header}
	if r.Subject, err = new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject")); err != nil {
		return nil, fmt.Errorf("the Subject header %q: %w", m.Header.Get("Subject"), err)
	}
	if r.Date, err = m.Header.Date(); err != nil {
		return nil, fmt.Errorf("the Date header %q: %w", m.Header.Get("Date"), err)
	}
	kind, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || kind != "multipart/alternative" {
		return nil, fmt.Errorf("the Content-Type %q is not multipart/alternative (%v)", m.Header.Get("Content-Type"), err)
	}
	parts := multipart.NewReader(m.Body, params["boundary"])
	for i := 0; ; i++ {
		part, err := parts.NextRawPart()
		if err == io.EOF {
			if i != 2 {
				return nil, fmt.Errorf("%d parts, want 2", i)
			}
			return r, nil
		}
		if err != nil {
			return nil, fmt.Errorf("part %d: %w", i+1, err)
		}
		if cte := part.Header.Get("Content-Transfer-Encoding"); cte != "quoted-printable" {
			return nil, fmt.Errorf("part %d: Content-Transfer-Encoding %q", i+1, cte)
		}
		body, err := io.ReadAll(quotedprintable.NewReader(part))
		if err != nil {
			return nil, fmt.Errorf("part %d: %w", i+1, err)
		}
		switch ct := part.Header.Get("Content-Type"); {
		case i == 0 && ct == "text/plain; charset=utf-8":
			r.Text = string(body)
		case i == 1 && ct == "text/html; charset=utf-8":
			r.HTML = string(body)
		default:
			return nil, fmt.Errorf("part %d is %q", i+1, ct)
		}
	}
}

// LongestLine returns the length of msg's longest line, its end excluded;
// RFC 5322 allows 998.
func LongestLine(msg []byte) int {
	longest := 0
	for l := range bytes.Lines(msg) {
		longest = max(longest, len(bytes.TrimRight(l, "\r\n")))
	}
	return longest
}
