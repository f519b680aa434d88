package export

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTemplateOutputIsCapped(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "bomb.tmpl")
	if err := os.WriteFile(path, []byte("{{range 1000000}}{{range 1000000}}x{{end}}{{end}}"), 0o644); err != nil {
		t.Fatal(err)
	}
	tmpl, err := ParseTemplate(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	err = Template(&buf, tmpl, issue())
	if err == nil || !strings.Contains(err.Error(), "bomb.tmpl") || !strings.Contains(err.Error(), "MiB") {
		t.Fatalf("a runaway template: %v", err)
	}
	if buf.Len() > MaxTemplateOutput {
		t.Fatalf("it wrote %d bytes, over the cap", buf.Len())
	}
}

// TestTemplateIsClean runs a template over a draft carrying escape codes
// and bidi overrides: like every format, it writes none of them.
func TestTemplateIsClean(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "all.tmpl")
	if err := os.WriteFile(path, []byte("{{.Newsletter}} {{.Intro}}{{range .Sections}} {{.Name}}{{range .Items}} {{.Blurb}} {{.URL}}{{end}}{{end}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tmpl, err := ParseTemplate(path)
	if err != nil {
		t.Fatal(err)
	}
	d := issue()
	d.Newsletter = "Ops\x1b]52;c;ZXZpbA==\aWeekly"
	d.Intro = "Intro \u202eevil\u202c \u009b31m"
	d.Sections[1].Items[0].Blurb = "Blurb \x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\"
	var buf bytes.Buffer
	if err := Template(&buf, tmpl, d); err != nil {
		t.Fatal(err)
	}
	if out := buf.String(); strings.ContainsAny(out, "\x1b\a\u009b\u202e\u202c") || !strings.Contains(out, "OpsWeekly") {
		t.Errorf("the template wrote what the draft carried:\n%q", out)
	}
	if !strings.Contains(d.Newsletter, "\x1b") {
		t.Error("the template changed the draft: it cleans a copy")
	}
}
