package email

import (
	"bufio"
	"bytes"
	"io"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/email/emailtest"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// parse reads a message back, failing the test where a mail reader would
// fail or a line is longer than RFC 5322 allows.
func parse(t testing.TB, msg []byte) *emailtest.Message {
	t.Helper()
	if n := emailtest.LongestLine(msg); n > 998 {
		t.Fatalf("a line is %d characters long; RFC 5322 allows 998", n)
	}
	r, err := emailtest.Parse(msg)
	if err != nil {
		t.Fatalf("%v\n%s", err, msg)
	}
	return r
}

func TestMessageReadsBack(t *testing.T) {
	t.Parallel()
	text := "DEVOPS WEEKLY\nISSUE #519 - 6th December 2020\n\nA line with trailing space \nand = signs, tabs\tand caf\u00e9.\n" +
		strings.Repeat("long ", 300) + "\n.\nFrom the start of a line.\n"
	m := Message{
		From:    &mail.Address{Name: "Gareth R\u00fcdiger", Address: "gareth@example.com"},
		To:      []*mail.Address{{Address: "ed@example.org"}},
		Subject: "Devops Weekly #519",
		Date:    time.Date(2020, 12, 6, 12, 0, 0, 0, time.UTC),
		Text:    []byte(text),
		HTML:    []byte("<p>" + strings.Repeat("x", 3000) + "</p>\n"),
	}
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		t.Fatal(err)
	}
	p := parse(t, buf.Bytes())
	if p.Text != text {
		t.Errorf("the text part decodes to\n%q\nwant\n%q", p.Text, text)
	}
	if p.HTML != string(m.HTML) {
		t.Errorf("the HTML part decodes to %q", p.HTML)
	}
	if got := p.Subject; got != "Devops Weekly #519" {
		t.Errorf("Subject = %q", got)
	}
	if !p.Date.Equal(m.Date) {
		t.Errorf("Date = %v, want %v", p.Date, m.Date)
	}
	from, err := p.Header.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != "Gareth R\u00fcdiger" || from[0].Address != "gareth@example.com" {
		t.Errorf("From = %v, %v", from, err)
	}
	if to := p.Header.Get("To"); to != "<ed@example.org>" {
		t.Errorf("To = %q", to)
	}
	if p.Header.Get("MIME-Version") != "1.0" {
		t.Errorf("MIME-Version = %q", p.Header.Get("MIME-Version"))
	}
	if bytes.Contains(buf.Bytes(), []byte("\r")) {
		t.Error("the message should end its lines in LF, as sendmail reads them")
	}
	var again bytes.Buffer
	if err := m.Write(&again); err != nil || !bytes.Equal(again.Bytes(), buf.Bytes()) {
		t.Errorf("writing the same message twice gave different bytes (%v)", err)
	}
}

func TestSubjectEncoding(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"Devops Weekly #519", "Devops Weekly #519"},
		{"Caf\u00e9 Weekly #3", "Caf\u00e9 Weekly #3"},
		{"Weekly\r\nBcc: everyone@example.com", "Weekly Bcc: everyone@example.com"},
		{"=?utf-8?q?not_encoded?=", "=?utf-8?q?not_encoded?="},
		{strings.Repeat("Word ", 400) + "end", strings.Repeat("Word ", 400) + "end"},
		{strings.Repeat("\u00e9t\u00e9 ", 300), strings.TrimSpace(strings.Repeat("\u00e9t\u00e9 ", 300))},
		{strings.Repeat("x", 2000), strings.Repeat("x", 2000)},
	} {
		m := Message{Subject: tc.in, Date: time.Unix(0, 0).UTC()}
		var buf bytes.Buffer
		if err := m.Write(&buf); err != nil {
			t.Fatal(err)
		}
		p := parse(t, buf.Bytes())
		if got := p.Subject; got != tc.want {
			t.Errorf("subject %.40q reads back as %.60q", tc.in, got)
		}
		if len(p.Header["Bcc"]) > 0 {
			t.Errorf("subject %q made a Bcc header", tc.in)
		}
	}
	if got := Subject("Caf\u00e9"); !strings.HasPrefix(got, "=?utf-8?q?") {
		t.Errorf("a subject that is not ASCII should be RFC 2047-encoded, got %q", got)
	}
}

// TestAddressCannotAddRecipients checks that no name or address in From or
// To can smuggle in a header: sendmail -t sends to every To, Cc and Bcc.
func TestAddressCannotAddRecipients(t *testing.T) {
	t.Parallel()
	m := Message{From: &mail.Address{Name: "Ed\r\nBcc: all@example.com", Address: "ed@example.com"}, Date: time.Unix(0, 0)}
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if p := parse(t, buf.Bytes()); len(p.Header["Bcc"]) > 0 {
		t.Errorf("a name made a Bcc header:\n%s", buf.String())
	}
	for _, bad := range []string{"ed@example.com\nBcc: all@example.com", "a@example.com, b@example.com", "nobody"} {
		m := Message{To: []*mail.Address{{Address: bad}}, Date: time.Unix(0, 0)}
		if err := m.Write(io.Discard); err == nil || !strings.Contains(err.Error(), "not an email address") {
			t.Errorf("To %q: err = %v, want it refused", bad, err)
		}
	}
}

// FuzzMessage checks that any subject and parts make a message that a
// standard parser reads back whole, with no line over 998 characters.
func FuzzMessage(f *testing.F) {
	f.Add("Devops Weekly #519", "DEVOPS WEEKLY\n\nText = text \n", "<p>x</p>")
	f.Add("\u00e9\u00e9 #1", "a\r\nb\rc\n\n=\n", "")
	f.Add("x", "a\r", "b\r\r\nc\r")
	f.Fuzz(func(t *testing.T, subject, text, html string) {
		m := Message{Subject: subject, Date: time.Date(2024, 1, 2, 12, 0, 0, 0, time.UTC), Text: []byte(text), HTML: []byte(html)}
		var buf bytes.Buffer
		if err := m.Write(&buf); err != nil {
			t.Fatal(err)
		}
		// Streamed in pieces of a few bytes, a CR at the end of one and
		// its LF at the start of the next, the message is the same.
		streamed := Message{Subject: subject, Date: m.Date, WriteText: inPieces(text), WriteHTML: inPieces(html)}
		var sbuf bytes.Buffer
		if err := streamed.Write(&sbuf); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(sbuf.Bytes(), buf.Bytes()) {
			t.Errorf("streamed in pieces:\n%q\nwhole:\n%q", sbuf.Bytes(), buf.Bytes())
		}
		p := parse(t, buf.Bytes())
		norm := func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n") }
		if p.Text != norm(text) || p.HTML != norm(html) {
			t.Errorf("parts read back as %q, %q", p.Text, p.HTML)
		}
		if got, want := p.Subject, sanitize.Line(subject); got != want {
			t.Errorf("subject %q reads back as %q, want %q", subject, got, want)
		}
	})
}

// inPieces returns a part's writer that writes s in pieces of 1, 2 and 3
// bytes in turn.
func inPieces(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		for n := 1; s != ""; n = n%3 + 1 {
			k := min(n, len(s))
			if _, err := io.WriteString(w, s[:k]); err != nil {
				return err
			}
			s = s[k:]
		}
		return nil
	}
}

// TestLFWriterAcrossWrites checks CRLF becomes LF even when a write ends
// between the two, and that a lone CR is kept.
func TestLFWriterAcrossWrites(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		writes []string
		want   string
	}{
		{[]string{"a\r\nb\r\n"}, "a\nb\n"},
		{[]string{"a\r", "\nb"}, "a\nb"},
		{[]string{"a\r", "", "\nb"}, "a\nb"},
		{[]string{"a\r", "b\r"}, "a\rb\r"},
		{[]string{"\r\r\n\r"}, "\r\n\r"},
	} {
		var out bytes.Buffer
		bw := bufio.NewWriter(&out)
		l := &lfWriter{w: bw}
		for _, w := range tc.writes {
			if _, err := l.Write([]byte(w)); err != nil {
				t.Fatal(err)
			}
		}
		if l.cr {
			l.write([]byte{'\r'})
		}
		_ = bw.Flush()
		if out.String() != tc.want {
			t.Errorf("%q became %q, want %q", tc.writes, out.String(), tc.want)
		}
	}
}

// fieldLines returns the lines of msg's From, To and Subject fields.
func fieldLines(msg []byte) []string {
	head, _, _ := strings.Cut(string(msg), "\n\n")
	var out []string
	keep := false
	for l := range strings.SplitSeq(head, "\n") {
		if !strings.HasPrefix(l, " ") {
			name, _, _ := strings.Cut(l, ":")
			keep = name == "From" || name == "To" || name == "Subject"
		}
		if keep {
			out = append(out, l)
		}
	}
	return out
}

// TestHeadersFold: a long From, To or Subject is folded into lines of 78
// characters or fewer (RFC 5322 allows 998 and prefers 78), 76 where they
// hold encoded-words (RFC 2047), an address aside, and reads back as it
// was.
func TestHeadersFold(t *testing.T) {
	t.Parallel()
	var to []*mail.Address
	for i := range 120 {
		to = append(to, &mail.Address{Name: "Reader " + strings.Repeat("N", i%7), Address: "reader" + strings.Repeat("x", i%30) + "@example.com"})
	}
	for _, tc := range []struct {
		name string
		from *mail.Address
		to   []*mail.Address
		subj string
	}{
		{"long name", &mail.Address{Name: strings.Repeat("Very Long Name, Jr. ", 60), Address: "ed@example.com"}, nil, "S"},
		{"one long word", &mail.Address{Name: strings.Repeat("x", 1000), Address: "ed@example.com"}, nil, "S"},
		{"long name not ASCII", &mail.Address{Name: strings.Repeat("Rüdiger ", 150), Address: "ed@example.com"}, nil, "S"},
		{"long address", &mail.Address{Name: "Ed", Address: strings.Repeat("e", 60) + "@" + strings.Repeat("d", 60) + ".example.com"}, nil, "S"},
		{"many readers", nil, to, "S"},
		{"long subject", nil, nil, strings.Repeat("Weekly ", 200) + strings.Repeat("y", 300)},
	} {
		m := Message{From: tc.from, To: tc.to, Subject: tc.subj, Date: time.Unix(0, 0).UTC()}
		var buf bytes.Buffer
		if err := m.Write(&buf); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		for _, l := range fieldLines(buf.Bytes()) {
			limit := 78
			if strings.Contains(l, "=?") {
				limit = 76
			}
			if len(l) > limit && tc.name != "long address" {
				t.Errorf("%s: a header line of %d characters: %q", tc.name, len(l), l)
			}
		}
		p := parse(t, buf.Bytes())
		if tc.from != nil {
			from, err := p.Header.AddressList("From")
			if err != nil || len(from) != 1 || from[0].Name != sanitize.Line(tc.from.Name) || from[0].Address != tc.from.Address {
				t.Errorf("%s: From reads back as %v, %v", tc.name, from, err)
			}
		}
		if tc.to != nil {
			got, err := p.Header.AddressList("To")
			if err != nil || len(got) != len(tc.to) {
				t.Fatalf("%s: To reads back as %d addresses, %v", tc.name, len(got), err)
			}
			for i := range got {
				if want := (mail.Address{Name: sanitize.Line(tc.to[i].Name), Address: tc.to[i].Address}); *got[i] != want {
					t.Errorf("%s: reader %d reads back as %v, want %v", tc.name, i, got[i], tc.to[i])
				}
			}
		}
		if p.Subject != tc.subj {
			t.Errorf("%s: the subject reads back as %.60q", tc.name, p.Subject)
		}
	}
}

// TestAddressTooLong: an address longer than a mail system takes, which
// no line could hold either, is refused, naming the limit.
func TestAddressTooLong(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 1000) + "@example.com"
	for _, m := range []Message{
		{From: &mail.Address{Address: long}},
		{To: []*mail.Address{{Address: "ed@example.com"}, {Address: long}}},
	} {
		if err := m.Write(io.Discard); err == nil || !strings.Contains(err.Error(), "254") {
			t.Errorf("an address of %d characters: %v, want it refused", len(long), err)
		}
	}
}
