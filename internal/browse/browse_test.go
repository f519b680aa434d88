package browse

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// browserScript returns $BROWSER for a script that writes its arguments to
// a file, then exits with code.
func browserScript(t *testing.T, code string) (env, out string) {
	t.Helper()
	dir := t.TempDir()
	out = filepath.Join(dir, "out")
	script := filepath.Join(dir, "open")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho \"$@\" > "+out+"\nexit "+code+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return script, out
}

func getenv(browser string) func(string) string {
	return func(k string) string {
		if k == "BROWSER" {
			return browser
		}
		return ""
	}
}

func TestOpenRunsBrowser(t *testing.T) {
	t.Parallel()
	script, out := browserScript(t, "0")
	for _, tc := range []struct{ browser, want string }{
		{script, "https://a.example/"},
		{script + " --new-tab %s --x:other", "--new-tab https://a.example/ --x"},
	} {
		if err := Open(getenv(tc.browser), "https://a.example/", true); err != nil {
			t.Fatalf("$BROWSER=%q: %v", tc.browser, err)
		}
		if got, _ := os.ReadFile(out); strings.TrimSpace(string(got)) != tc.want {
			t.Errorf("$BROWSER=%q was given %q, want %q", tc.browser, got, tc.want)
		}
	}
}

// With wait, a $BROWSER that fails says so; without, Open returns once it
// has started, and it runs to its end.
func TestOpenWaitsOrNot(t *testing.T) {
	t.Parallel()
	script, out := browserScript(t, "3")
	if err := Open(getenv(script), "https://b.example/", true); err == nil || !strings.Contains(err.Error(), "$BROWSER") {
		t.Errorf("a failing $BROWSER, waited for: %v", err)
	}
	os.Remove(out)
	if err := Open(getenv(script), "https://c.example/", false); err != nil {
		t.Errorf("a $BROWSER not waited for: %v", err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if got, _ := os.ReadFile(out); strings.TrimSpace(string(got)) == "https://c.example/" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the $BROWSER started without waiting never ran")
		}
	}
	if err := Open(getenv(filepath.Join(t.TempDir(), "missing")), "https://d.example/", false); err == nil {
		t.Error("a $BROWSER that is not there opened")
	}
}
