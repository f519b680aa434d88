package serve

import (
	"strings"
	"testing"
)

// TestKeyOptionsAtLogin checks the options of a key's line at login: a
// from= that does not name the client's address, and an expiry-time past,
// refuse the key (and say why in the log); restrict gives no board, and
// tells the client why.
func TestKeyOptionsAtLogin(t *testing.T) {
	t.Parallel()
	near, far, old, restricted := newSigner(t), newSigner(t), newSigner(t), newSigner(t)
	b := newBoard()
	f := start(t, `from="127.0.0.0/8,!10.0.0.1" `+keyLine(near, "near")+
		`from="10.0.0.1" `+keyLine(far, "far")+
		`expiry-time="20000101" `+keyLine(old, "old")+
		`restrict `+keyLine(restricted, "restricted"),
		func(c *Config) { c.Factory = b.factory })

	c, err := dial(f.addr, near)
	if err != nil {
		t.Fatalf("a key from an address its from= allows: %v", err)
	}
	c.Close()
	if c, err := dial(f.addr, far); err == nil {
		c.Close()
		t.Error(`a key with from="10.0.0.1" got in from 127.0.0.1`)
	}
	waitLog(t, f, `refused the key of far from 127.0.0.1:`)
	if !strings.Contains(f.log.String(), `not an address its from="10.0.0.1" allows (`+KeysPath(f.dir)+` line 2)`) {
		t.Errorf("the log does not say why far was refused:\n%s", f.log.String())
	}
	if c, err := dial(f.addr, old); err == nil {
		c.Close()
		t.Error("an expired key got in")
	}
	waitLog(t, f, `refused the key of old from 127.0.0.1:`)
	if !strings.Contains(f.log.String(), "it expired at 2000-01-01 00:00:00") {
		t.Errorf("the log does not say old's key expired:\n%s", f.log.String())
	}

	c, err = dial(f.addr, restricted)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	errs := &syncBuffer{}
	sess := shell(t, c, 80, 24, errs)
	if err := ended(t, sess); err == nil {
		t.Error("a restricted key's session ended well")
	}
	if !strings.Contains(errs.String(), "says restrict or no-pty, so it gets no terminal, and no board") {
		t.Errorf("the restricted client was told %q", errs.String())
	}
	waitLog(t, f, "refused a board to restricted from 127.0.0.1:")
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.running != 0 {
		t.Errorf("%d board(s) made for a restricted key", b.running)
	}
}
