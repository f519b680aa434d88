package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/cli"
	"github.com/weekly-dev/weekly/internal/spell"
)

// weeklyExit runs the command line in this process against dir and
// returns its output and exit code.
func weeklyExit(t *testing.T, dir string, args ...string) (string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Main(context.Background(), append([]string{"--dir", dir}, args...), strings.NewReader(""), &out, &errOut)
	return out.String(), code
}

// spellingLine is a spelling finding of check: `News, item 2: "ver" — very? ever?`.
var spellingLine = regexp.MustCompile(`(?m)^(.+): "([^"]+)" — (.*)$`)

// TestCheck519FindsVer is the real #519, which went out with "someone
// ver familiar": composed from the corpus, with the other nine issues in
// the archive, check must report "ver" with "very" among its suggestions,
// and few other words; a word put in the word list is not reported again.
func TestCheck519FindsVer(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob(filepath.Join(corpus, "*.txt"))
	if len(files) == 0 {
		t.Skip("no corpus at " + corpus + " (it lives beside the worktrees)")
	}
	dir := t.TempDir()
	var others []string
	for _, f := range files {
		if filepath.Base(f) != "519.txt" {
			others = append(others, f)
		}
	}
	weekly(t, dir, append([]string{"archive", "add"}, others...)...)
	weekly(t, dir, "import", "519", filepath.Join(corpus, "519.txt"))

	out, code := weeklyExit(t, dir, "check", "519")
	if code == 0 {
		t.Fatalf("check passed #519:\n%s", out)
	}
	found := map[string]string{}
	for _, m := range spellingLine.FindAllStringSubmatch(out, -1) {
		found[m[2]] = m[1] + ": " + m[3]
	}
	if got := found["ver"]; !strings.HasPrefix(got, "News, item 2: ") || !strings.Contains(got, "very?") {
		t.Errorf(`"ver": %q, want News, item 2 with "very?" among the suggestions; check said:\n%s`, got, out)
	}
	if len(found) > 4 {
		t.Errorf("%d words reported, want few:\n%s", len(found), out)
	}
	for _, w := range []string{"Kubernetes", "microservices", "Vitess", "Datadog", "Opstrace", "StackHawk", "Devops"} {
		if _, ok := found[w]; ok {
			t.Errorf("%q reported:\n%s", w, out)
		}
	}

	if err := spell.AddWord(spell.WordsPath(dir), "Nydus"); err != nil {
		t.Fatal(err)
	}
	out, _ = weeklyExit(t, dir, "check", "519")
	if strings.Contains(out, `"Nydus"`) || !strings.Contains(out, `"ver"`) {
		t.Errorf("after adding Nydus to the word list:\n%s", out)
	}
	if data, err := os.ReadFile(filepath.Join(dir, ".weekly", "words")); err != nil || string(data) != "Nydus\n" {
		t.Errorf("the word list: %q, %v", data, err)
	}
}
