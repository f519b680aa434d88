package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/store"
	"github.com/weekly-dev/weekly/internal/tui"
)

// testApp returns an App over a fresh drafts directory with stdin holding input.
func testApp(t *testing.T, input string) (*App, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	var out, errOut bytes.Buffer
	dir := t.TempDir()
	app := &App{
		In: strings.NewReader(input), Out: &out, Err: &errOut,
		Getenv: func(k string) string {
			if k == "WEEKLY_DIR" {
				return dir
			}
			return ""
		},
		Now: func() time.Time { return time.Date(2024, 6, 2, 10, 0, 0, 0, time.UTC) },
	}
	return app, &out, &errOut
}

func createDraft(t *testing.T, app *App, name string, number int) string {
	t.Helper()
	path, err := app.DraftPath(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Create(path, draft.New("Test Weekly", number, "2024-06-02", []string{"News"})); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestEditOpensNewestDraft(t *testing.T) {
	app, _, _ := testApp(t, "")
	createDraft(t, app, "b-older", 9)
	newest := createDraft(t, app, "a-newest", 10)
	createDraft(t, app, "c-old", 2)
	var opened *tui.Model
	opts := &editOptions{run: func(s *tui.Session) error { opened = s.Board(); return nil }}
	if err := runEdit(app, opts, ""); err != nil {
		t.Fatal(err)
	}
	if opened == nil || opened.Draft().Number != 10 {
		t.Fatalf("weekly edit without a name opened %v, want issue 10 (%s)", opened.Draft(), newest)
	}
}

func TestEditOffersNewDraft(t *testing.T) {
	app, _, errOut := testApp(t, "\nThe Go Letter\n")
	var opened *tui.Model
	opts := &editOptions{run: func(s *tui.Session) error { opened = s.Board(); return nil }}
	if err := runEdit(app, opts, ""); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), "Start one now? [Y/n]") {
		t.Fatalf("no offer on stderr: %q", errOut.String())
	}
	if opened == nil || opened.Draft().Newsletter != "The Go Letter" || opened.Draft().Number != 1 || opened.Draft().Date != "2024-06-02" {
		t.Fatalf("the new draft is %+v", opened.Draft())
	}
	if _, err := os.Stat(filepath.Join(app.Store().Dir, "1.json")); err != nil {
		t.Fatalf("the new draft was not saved as 1.json: %v", err)
	}

	app, _, errOut = testApp(t, "n\n")
	opts.run = func(*tui.Session) error { t.Fatal("declining must not open a board"); return nil }
	if err := runEdit(app, opts, ""); err != nil {
		t.Fatalf("declining is not an error: %v", err)
	}
	if !strings.Contains(errOut.String(), "Nothing created") {
		t.Fatalf("declining says so: %q", errOut.String())
	}

	app, _, _ = testApp(t, "")
	err := runEdit(app, opts, "")
	if err == nil || !strings.Contains(err.Error(), "weekly new --newsletter NAME") {
		t.Fatalf("with no answer (stdin closed) the error says how to start a draft: %v", err)
	}
}

func TestEditRefusesSecondEditor(t *testing.T) {
	app, _, _ := testApp(t, "")
	path := createDraft(t, app, "520", 520)
	var second error
	opts := &editOptions{run: func(*tui.Session) error {
		second = runEdit(app, &editOptions{run: func(*tui.Session) error {
			t.Fatal("a second editor opened the draft")
			return nil
		}}, "520")
		return nil
	}}
	if err := runEdit(app, opts, "520"); err != nil {
		t.Fatal(err)
	}
	if second == nil || !strings.Contains(second.Error(), path+" is open in weekly edit (pid") || !strings.Contains(second.Error(), "close it there first") {
		t.Fatalf("the second editor's error must name the holder: %v", second)
	}
	// Once the first editor is gone, the draft opens again.
	if err := runEdit(app, &editOptions{run: func(*tui.Session) error { return nil }}, "520"); err != nil {
		t.Fatalf("after the first editor quit: %v", err)
	}
}

func TestEditErrors(t *testing.T) {
	app, _, _ := testApp(t, "")
	opts := &editOptions{run: func(*tui.Session) error { return nil }}
	if err := runEdit(app, opts, "missing"); err == nil || !strings.Contains(err.Error(), "no such draft") {
		t.Fatalf("a missing draft: %v", err)
	}
	// weekly alone, with no drafts and nobody to answer, fails with advice
	// instead of starting a board.
	t.Setenv("WEEKLY_DIR", t.TempDir())
	var out, errOut bytes.Buffer
	code := Main(context.Background(), nil, strings.NewReader(""), &out, &errOut)
	if code == 0 || !strings.Contains(errOut.String(), "start one with weekly new --newsletter NAME") {
		t.Fatalf("weekly alone in an empty directory: exit %d, stderr %q", code, errOut.String())
	}
}
