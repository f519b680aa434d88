//go:build linux

package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/cli"
	"github.com/weekly-dev/weekly/internal/deliver/delivertest"
)

// TestSendListAsks: on a terminal, a send to the list asks first and goes
// only after a yes.
func TestSendListAsks(t *testing.T) {
	t.Parallel()
	srv := delivertest.Start(t, delivertest.Plain, "", "")
	dir := t.TempDir()
	weekly(t, dir, "new", "3", "--newsletter", "Test Weekly", "--date", "2024-01-21", "--intro", "Hello.")
	weekly(t, dir, "add", "3", "https://a.example/post", "--section", "News", "--no-fetch", "--blurb", "A post.")
	settings := `{"schema": 1, "newsletter": "Test Weekly", "from": "editor@test.example", "list_address": "list@test.example"}`
	if err := os.WriteFile(filepath.Join(dir, "settings.json"), []byte(settings), 0o644); err != nil {
		t.Fatal(err)
	}
	answer := func(reply string, args ...string) (string, int) {
		t.Helper()
		master, tty, err := openPTY(80, 24)
		if err != nil {
			t.Skipf("no pseudo-terminal: %v", err)
		}
		defer master.Close()
		defer tty.Close()
		if _, err := master.WriteString(reply + "\n"); err != nil {
			t.Fatal(err)
		}
		var out, errOut bytes.Buffer
		args = append([]string{"--dir", dir, "send", "3", "--to", "list@test.example", "--smtp", srv.Addr}, args...)
		code := cli.Main(context.Background(), args, tty, &out, &errOut)
		return errOut.String(), code
	}
	stderr, code := answer("n")
	if want := `Send "Test Weekly #3" to the list list@test.example through ` + srv.Addr + ` (this machine)? [y/N] `; !strings.HasPrefix(stderr, want) || code == 0 {
		t.Errorf("exit %d, stderr %q, want it to start %q", code, stderr, want)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("%d messages sent after a no", n)
	}
	if stderr, code = answer("y"); code != 0 || !strings.Contains(stderr, "Recorded in") {
		t.Errorf("exit %d after a yes: %s", code, stderr)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("%d messages sent after a yes", n)
	}
}
