package serve

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// keysDir is a drafts directory whose authorized_keys lets ann in.
func keysDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, Folder), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(KeysPath(dir), []byte(keyLine(newSigner(t), "ann")), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestOpenFilesStopServer checks that, as sshd's StrictModes, the server
// does not start on an authorized_keys, contributors file or key folder
// that others can write, nor on a host key others can read, and says
// which file and the chmod to run.
func TestOpenFilesStopServer(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no such modes")
	}
	tests := []struct {
		name string
		file func(dir string) string
		mode os.FileMode
		want string
	}{
		{"authorized_keys for all", KeysPath, 0o666, "writable by others (mode 0666)"},
		{"authorized_keys for the group", KeysPath, 0o664, "writable by its group (mode 0664)"},
		{"contributors", ContributorsPath, 0o646, "writable by others (mode 0646)"},
		{"the folder", func(dir string) string { return filepath.Join(dir, Folder) }, 0o777, "writable by others (mode 0777)"},
		{"the host key", HostKeyPath, 0o644, "open to others (mode 0644)"},
	}
	for _, tt := range tests {
		dir := keysDir(t)
		path := tt.file(dir)
		if _, err := os.Stat(path); err != nil {
			if err := os.WriteFile(path, nil, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Chmod(path, tt.mode); err != nil {
			t.Fatal(err)
		}
		_, err := New(Config{Dir: dir, Factory: newBoard().factory})
		chmod := "go-w"
		if strings.Contains(tt.name, "host") {
			chmod = "600"
		}
		if err == nil || !strings.Contains(err.Error(), path+" is "+tt.want) || !strings.HasSuffix(err.Error(), "run: chmod "+chmod+" "+path) {
			t.Errorf("%s: New = %v, want it refused naming %s, %q and the chmod", tt.name, err, path, tt.want)
		}
	}
}

// TestHostKeyMadePrivate checks that the host key made on first start is
// the owner's alone.
func TestHostKeyMadePrivate(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no such modes")
	}
	dir := keysDir(t)
	if _, err := New(Config{Dir: dir, Factory: newBoard().factory}); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(HostKeyPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("host key made with mode %04o, want 0600", fi.Mode().Perm())
	}
}
