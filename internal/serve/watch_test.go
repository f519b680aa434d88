package serve

import (
	"os"
	"runtime"
	"strings"
	"testing"
)

// TestKeysChangeLoggedAtOnce checks that a change to authorized_keys is
// read as soon as it is made, not at the next login: a bad line is logged
// at once, and the keys read before stay; a file others can write is not
// read until its mode is put right.
func TestKeysChangeLoggedAtOnce(t *testing.T) {
	t.Parallel()
	ann, bob := newSigner(t), newSigner(t)
	f := start(t, keyLine(ann, "ann"), func(c *Config) { c.Factory = newBoard().factory })
	path := KeysPath(f.dir)
	if err := os.WriteFile(path, []byte(keyLine(ann, "ann")+`command="/bin/sh" `+keyLine(bob, "bob")), 0o644); err != nil {
		t.Fatal(err)
	}
	waitLog(t, f, "keeping the 1 editor(s) read before: "+path+": line 2: option")
	if c, err := dial(f.addr, bob); err == nil {
		c.Close()
		t.Error("a line with command= let bob in")
	}
	c, err := dial(f.addr, ann)
	if err != nil {
		t.Fatalf("a bad line locked ann out: %v", err)
	}
	c.Close()
	if runtime.GOOS == "windows" {
		return
	}

	if err := os.Chmod(path, 0o666); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(keyLine(ann, "ann")+keyLine(bob, "bob")), 0o666); err != nil {
		t.Fatal(err)
	}
	waitLog(t, f, path+" is writable by others (mode 0666)")
	if c, err := dial(f.addr, bob); err == nil {
		c.Close()
		t.Error("an authorized_keys anyone can write let bob in")
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	waitLog(t, f, "read "+path+" again: 2 editor(s)")
	if c, err := dial(f.addr, bob); err != nil {
		t.Errorf("bob's line, good and safe now: %v", err)
	} else {
		c.Close()
	}
	if strings.Contains(f.log.String(), "not watching") {
		t.Errorf("no watcher:\n%s", f.log.String())
	}
}
