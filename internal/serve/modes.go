package serve

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// ContributorsPath returns the file of contributors of a drafts directory,
// whose mode the server checks as it checks authorized_keys.
func ContributorsPath(dir string) string { return filepath.Join(dir, Folder, "contributors") }

// modeCheck is a file whose mode must not have bad bits.
type modeCheck struct {
	path  string
	bad   fs.FileMode
	chmod string
	what  string
}

// keyModes refuses, as sshd's StrictModes does, a key folder,
// authorized_keys or contributors file that someone other than the owner
// can write: they could let themselves in.
func keyModes(dir string) error {
	return checkModes(
		modeCheck{filepath.Join(dir, Folder), 0o022, "go-w", "writable by"},
		modeCheck{KeysPath(dir), 0o022, "go-w", "writable by"},
		modeCheck{ContributorsPath(dir), 0o022, "go-w", "writable by"},
	)
}

// hostKeyMode refuses, as sshd does, a host key that someone other than
// the owner can read or write: they could pose as the server.
func hostKeyMode(dir string) error {
	return checkModes(modeCheck{HostKeyPath(dir), 0o077, "600", "open to"})
}

// checkModes checks files' modes. A file that is not there is left to
// whoever reads it. Windows has no such modes.
func checkModes(checks ...modeCheck) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	for _, c := range checks {
		fi, err := os.Stat(c.path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		if m := fi.Mode().Perm(); m&c.bad != 0 {
			who := "others"
			if m&c.bad&0o007 == 0 {
				who = "its group"
			}
			return fmt.Errorf("%s is %s %s (mode %04o), so weekly serve will not use it, as sshd would not; run: chmod %s %s", c.path, c.what, who, m, c.chmod, c.path)
		}
	}
	return nil
}
