//go:build linux

package cli_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// board is a real weekly edit running on a pseudo-terminal of 120x32, as
// in a terminal window.
type board struct {
	t      *testing.T
	cmd    *exec.Cmd
	master *os.File
	mu     sync.Mutex
	out    bytes.Buffer // everything the board wrote to the terminal
	done   chan error
	read   chan struct{} // closed once the terminal has nothing more to read
}

func ioctl(fd uintptr, req uint, arg unsafe.Pointer) error {
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, fd, uintptr(req), uintptr(arg)); errno != 0 {
		return errno
	}
	return nil
}

// openPTY opens a pseudo-terminal pair with its window set to cols x rows.
func openPTY(cols, rows uint16) (master, tty *os.File, err error) {
	master, err = os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, nil, err
	}
	var n uint32
	var unlock int32
	if err := ioctl(master.Fd(), syscall.TIOCGPTN, unsafe.Pointer(&n)); err != nil {
		master.Close()
		return nil, nil, err
	}
	if err := ioctl(master.Fd(), syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)); err != nil {
		master.Close()
		return nil, nil, err
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		master.Close()
		return nil, nil, err
	}
	ws := [4]uint16{rows, cols, 0, 0}
	if err := ioctl(tty.Fd(), syscall.TIOCSWINSZ, unsafe.Pointer(&ws)); err != nil {
		master.Close()
		tty.Close()
		return nil, nil, err
	}
	return master, tty, nil
}

// startBoard runs weekly (the test binary as weekly) with args on a new
// pseudo-terminal that is its controlling terminal, so that closing the
// terminal sends it SIGHUP as a closed window does.
func startBoard(t *testing.T, args ...string) *board {
	t.Helper()
	return startBoardEnv(t, nil, args...)
}

// startBoardEnv is startBoard with env added to the board's environment.
func startBoardEnv(t *testing.T, env []string, args ...string) *board {
	t.Helper()
	master, tty, err := openPTY(120, 32)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), "WEEKLY_RUN_MAIN=1", "TERM=xterm-256color", "GORACE=atexit_sleep_ms=0"), env...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	b := &board{t: t, cmd: cmd, master: master, done: make(chan error, 1), read: make(chan struct{})}
	go func() {
		defer close(b.read)
		buf := make([]byte, 32<<10)
		for {
			n, err := master.Read(buf)
			b.mu.Lock()
			b.out.Write(buf[:n])
			b.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	go func() { b.done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		master.Close()
	})
	return b
}

// Output returns what the board wrote so far.
func (b *board) Output() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.out.String()
}

// waitFor waits until the board wrote text, or fails after 20 s.
func (b *board) waitFor(text string) {
	b.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(b.Output(), text) {
		if time.Now().After(deadline) {
			b.t.Fatalf("the board never showed %q; it wrote:\n%q", text, b.Output())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Type sends keys to the board as typed.
func (b *board) Type(s string) {
	if _, err := b.master.WriteString(s); err != nil {
		b.t.Fatal(err)
	}
}

// wait waits for the board to exit, and for what it wrote last to be
// read, and returns how it ended.
func (b *board) wait() error {
	select {
	case err := <-b.done:
		select {
		case <-b.read:
		case <-time.After(5 * time.Second):
		}
		return err
	case <-time.After(20 * time.Second):
		b.t.Fatalf("the board did not exit; it wrote:\n%q", b.Output())
		return nil
	}
}
