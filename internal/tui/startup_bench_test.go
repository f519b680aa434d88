package tui

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/creack/pty"
)

// BenchmarkStartupBoard is a whole process of weekly edit on the example
// draft, in a terminal of 120×32 (a pty): from its start to the board's
// first frame, then q. first-frame-ms is the wall time to the frame (the
// header's counts drawn); cpu-ms is the process's CPU time (user and
// system) from start to exit, first frame and quitting included.
func BenchmarkStartupBoard(b *testing.B) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		b.Skip("no go command to build the binary with")
	}
	dir := b.TempDir()
	weekly := filepath.Join(dir, "weekly")
	build := exec.Command(gobin, "build", "-o", weekly, "github.com/weekly-dev/weekly/cmd/weekly")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	example, err := os.ReadFile(filepath.Join("..", "..", "drafts", "1.json"))
	if err != nil {
		b.Fatal(err)
	}
	drafts := filepath.Join(dir, "drafts")
	if err := os.MkdirAll(drafts, 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(drafts, "1.json"), example, 0o644); err != nil {
		b.Fatal(err)
	}
	var cpu, first time.Duration
	for b.Loop() {
		cmd := exec.Command(weekly, "--dir", drafts, "edit", "1")
		cmd.Env = append(os.Environ(), "TERM=xterm-256color")
		start := time.Now()
		tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 32, Cols: 120})
		if err != nil {
			b.Fatal(err)
		}
		var screen bytes.Buffer
		buf := make([]byte, 64<<10)
		for !strings.Contains(ansi.Strip(screen.String()), "in inbox") {
			n, err := tty.Read(buf)
			screen.Write(buf[:n])
			if err != nil {
				b.Fatalf("weekly edit ended before its first frame: %v\n%q", err, screen.String())
			}
		}
		first += time.Since(start)
		if _, err := tty.Write([]byte("q")); err != nil {
			b.Fatal(err)
		}
		go func() { _, _ = io.Copy(io.Discard, tty) }()
		if err := cmd.Wait(); err != nil {
			b.Fatalf("weekly edit: %v", err)
		}
		_ = tty.Close()
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	n := float64(b.N)
	b.ReportMetric(float64(first.Microseconds())/1000/n, "first-frame-ms")
	b.ReportMetric(float64(cpu.Microseconds())/1000/n, "cpu-ms")
}
