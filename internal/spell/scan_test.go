package spell

import (
	"slices"
	"testing"
)

// words returns the words Words finds in text.
func words(text string) []string {
	var out []string
	for _, s := range Words(text) {
		out = append(out, text[s.Start:s.End])
	}
	return out
}

func TestWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		want       []string
	}{
		{"plain", "someone ver familiar.", []string{"someone", "ver", "familiar"}},
		{"apostrophes", "It’s GitHub’s and don't 'quoted'", []string{"It’s", "and", "don't", "quoted"}},
		{"hyphens and dashes", "fine-grained — multi-cloud", []string{"fine", "grained", "multi", "cloud"}},
		{"emphasis and brackets", "*teh* (wrod) **bold** _under_", []string{"teh", "wrod", "bold", "under"}},
		{"URLs", "see https://exmaple.com/wrod and http://x.y/z?q=teh www.exmaple.com ok", []string{"see", "and", "ok"}},
		{"hosts, files, paths, addresses", "sthwk.com node.js config.yaml /usr/bin/teh a@exmaple.org CI/CD e.g. done", []string{"done"}},
		{"code spans", "run `kubectl aply` and ``a ` teh`` now", []string{"run", "and", "now"}},
		{"an unmatched backtick", "a ` wrod", []string{"wrod"}},
		{"fenced code", "before\n```sh\nteh wrod\n```\nafter\n~~~\nqux\n~~~\nend", []string{"before", "after", "end"}},
		{"link text but not its destination", "[the repo](https://exmaple.com/wrod_(x)) and <https://teh.example/> <br>", []string{"the", "repo", "and"}},
		{"acronyms and inner capitals", "AWS APIs OCI GitHub iOS eBPF Kubernetes", []string{"Kubernetes"}},
		{"digits", "k8s S3 2020 4th 10x v1.2 ok", []string{"ok"}},
		{"hashtags, handles, variables", "#devops @someone $HOME ~user fine", []string{"fine"}},
		{"single letters", "a b c I", nil},
		{"snake_case and operators", "snake_case a=b C++ R&D 50% fine", []string{"fine"}},
	}
	for _, tt := range tests {
		if got := words(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("%s: Words(%q) = %q, want %q", tt.name, tt.text, got, tt.want)
		}
	}
}

func TestWordsOffsets(t *testing.T) {
	t.Parallel()
	text := "“Naïve” café"
	for _, s := range Words(text) {
		w := text[s.Start:s.End]
		if w != "Naïve" && w != "café" {
			t.Errorf("span %v is %q", s, w)
		}
	}
}
