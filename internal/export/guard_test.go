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
