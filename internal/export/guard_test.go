package export

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestTemplateOutputIsCapped(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "bomb.tmpl")
	if err := os.WriteFile(path, []byte("{{range 1000000}}{{range 1000000}}xxxxxxxxxxxxxxxx{{end}}{{end}}"), 0o644); err != nil {
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

// runTemplate parses src as a template file and runs it over issue().
func runTemplate(t *testing.T, src string) (string, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.tmpl")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	tmpl, err := ParseTemplate(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	err = Template(&buf, tmpl, issue())
	return buf.String(), err
}

// TestTemplateMemoryIsBounded runs a template that doubles a string 26
// times, writing only its length: it used to build a GiB (and allocate
// two), its output a few bytes under the cap on output. It stops at
// MaxTemplateBuilt. Not parallel: it measures the memory the process
// allocates.
func TestTemplateMemoryIsBounded(t *testing.T) {
	for _, src := range []string{
		`{{$s := "0123456789abcdef"}}{{range 26}}{{$s = printf "%s%s" $s $s}}{{end}}{{len $s}}`,
		`{{$s := "0123456789abcdef"}}{{range 26}}{{$s = print $s $s}}{{end}}{{len $s}}`,
		`{{$s := "0123456789abcdef"}}{{range 26}}{{$s = html $s $s}}{{end}}{{len $s}}`,
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		out, err := runTemplate(t, src)
		runtime.ReadMemStats(&after)
		if err == nil || !strings.Contains(err.Error(), "t.tmpl") || !strings.Contains(err.Error(), "MiB of text") {
			t.Errorf("%s: wrote %q, err %v; want the cap on text built", src, out, err)
		}
		if n := after.TotalAlloc - before.TotalAlloc; n > 4*MaxTemplateBuilt {
			t.Errorf("%s: allocated %d MiB", src, n>>20)
		}
	}
}

// TestTemplateWorkIsBounded: a printf padding to a billion, and loops that
// run nine million times writing nothing, stop with an error at once.
func TestTemplateWorkIsBounded(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ src, want string }{
		{`{{printf "%1000000000d" 1}}`, "width or precision"},
		{`{{printf "%*d" 1000000000 1}}`, "width or precision"},
		{`{{printf "%.*s" 5000 "x"}}`, "width or precision"},
		{`{{range 3000}}{{range 3000}}{{end}}{{end}}`, "steps"},
		{`{{define "a"}}{{range 3000}}{{end}}{{end}}{{range 3000}}{{template "a"}}{{end}}`, "steps"},
	} {
		if _, err := runTemplate(t, tc.src); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error about %s", tc.src, err, tc.want)
		}
	}
	// What an issue's template does is well within the limits.
	out, err := runTemplate(t, `{{range .Sections}}{{range .Items}}{{printf "%-10s|%5.2f|%s" (upper .Title) 1.5 (join .URLs ", ")}}{{println (html .Blurb)}}{{end}}{{end}}`)
	if err != nil || !strings.Contains(out, "|") {
		t.Errorf("an ordinary template: %q, %v", out, err)
	}
}
