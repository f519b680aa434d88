package emailtest_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/email"
	"github.com/weekly-dev/weekly/internal/email/emailtest"
)

// FuzzParse checks that Parse refuses what it cannot read, without
// panicking; its seeds include a message that email.Message.Write wrote.
func FuzzParse(f *testing.F) {
	var buf bytes.Buffer
	m := email.Message{Subject: "Caf\u00e9 #1", Date: time.Date(2024, 1, 2, 12, 0, 0, 0, time.UTC), Text: []byte("A\n"), HTML: []byte("<p>A</p>\n")}
	if err := m.Write(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("Subject: x\nDate: nope\n\nbody\n"))
	f.Add([]byte("Date: Tue, 02 Jan 2024 12:00:00 +0000\nContent-Type: multipart/alternative; boundary=b\n\n--b\nContent-Transfer-Encoding: quoted-printable\n\n=ZZ\n--b--\n"))
	f.Fuzz(func(t *testing.T, msg []byte) {
		r, err := emailtest.Parse(msg)
		if err == nil && r == nil {
			t.Fatal("no message and no error")
		}
	})
}
