package sanitize

import (
	"bytes"
	stdhtml "html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
)

// hostile are texts made to make goldmark (or glamour) take quadratic time,
// or far longer than a blurb's worth of time, by what each repeats.
var hostile = map[string]string{
	"unmatched emphasis":    "*a_",
	"unclosed links":        "[a](",
	"unclosed images":       "![a](",
	"nested brackets":       "[",
	"nested quotes":         ">",
	"nested ordered lists":  "1. ",
	"nested bullet lists":   "+ ",
	"strikethrough":         "~a*",
	"mixed emphasis":        "a_b*",
	"autolink openings":     "<a",
	"paragraphs":            "a\n\n",
	"nested list items":     "- a\n  - b\n",
	"code fences":           "```\na\n```\n\n",
	"indented code":         "    a\n\nb\n\n",
	"definition lists":      "a\n: b\n\n",
	"backtick runs":         "`a``a```a````a",
	"quotes on their lines": "> a\n",
}

func TestCostly(t *testing.T) {
	t.Parallel()
	for name, unit := range hostile {
		for _, n := range []int{MaxMarkdown, 1 << 20} {
			s := strings.Repeat(unit, n/len(unit)+1)
			if !Costly(s) {
				t.Errorf("%s, %d bytes: not costly", name, len(s))
			}
		}
	}
	for _, s := range []string{
		"",
		"A good post on **Kubernetes** at scale, with `kubectl` tips and a [case study](https://example.com/c).",
		"Check out how we have built our microservices in Kubernetes here at StackHawk.\n\nhttps://sthwk.com/kube-services",
		"- one\n- two\n  - nested\n    > quoted *text*\n\n```yaml\nspec:\n        containers:\n          - name: web\n```",
		strings.Repeat("A sponsor's text of a couple of kilobytes, with a [link](https://example.com/) now and then. ", 30),
		strings.Repeat("*a* ", maxMarks/2),
		strings.Repeat("word ", MaxMarkdown/5),
		strings.Repeat("> > quote\n", maxBlocks/5),
	} {
		if Costly(s) {
			t.Errorf("Costly(%.60q…, %d bytes) = true", s, len(s))
		}
	}
}

// TestCostlyAtItsLimits shows each limit: at it a text is parsed, past it
// not.
func TestCostlyAtItsLimits(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		at, past string
	}{
		{"bytes", strings.Repeat("a", MaxMarkdown), strings.Repeat("a", MaxMarkdown+1)},
		{"lines", strings.Repeat("a\n", maxBlocks), strings.Repeat("a\n", maxBlocks+1)},
		{"marks", strings.Repeat("*a ", maxMarks), strings.Repeat("*a ", maxMarks+1)},
		{"brackets", strings.Repeat("[a ", maxMarks), strings.Repeat("[a ", maxMarks+1)},
		{"depth", strings.Repeat("> ", maxDepth) + "a", strings.Repeat("> ", maxDepth+1) + "a"},
		{"depth by indent", strings.Repeat(" ", 2*(maxDepth-1)) + "- a", strings.Repeat(" ", 2*maxDepth) + "- a"},
		{"fences", strings.Repeat("```\n", maxCode), strings.Repeat("```\n", maxCode+1)},
		{"indented code", strings.Repeat("    a\nb\n", maxCode), strings.Repeat("    a\nb\n", maxCode+1)},
	} {
		if Costly(tc.at) {
			t.Errorf("%s: costly at the limit", tc.name)
		}
		if !Costly(tc.past) {
			t.Errorf("%s: not costly past the limit", tc.name)
		}
	}
	if Costly(strings.Repeat(`\*\_\[\<`, maxMarks)) {
		t.Error("escaped marks counted as marks")
	}
}

// TestCostlyIgnoresWhiteSpace: the writers see a blurb trimmed in different
// ways (the text export trims line ends and blank lines around it, others
// do not), and must agree on it.
func TestCostlyIgnoresWhiteSpace(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		strings.Repeat("a", MaxMarkdown),
		strings.Repeat("a\n", maxBlocks),
		strings.Repeat("*a ", maxMarks),
		strings.Repeat("a", MaxMarkdown) + "!",
		strings.Repeat("a\n", maxBlocks) + "b",
	} {
		want := Costly(s)
		for _, v := range []string{
			"\n\n" + s + "\n\n",
			strings.ReplaceAll(s, "\n", "  \r\n"),
			strings.ReplaceAll(s, "\n", "\t\n") + " \t",
			"\x1b[31m" + s + "\u202e",
		} {
			if got := Costly(v); got != want {
				t.Errorf("Costly(%.30q…) = %v, but %v with white space and controls around its lines", s, want, got)
			}
		}
	}
}

var tag = regexp.MustCompile(`<[^>]*>`)

// TestLiteral renders Literal's Markdown with goldmark: it must show the
// text, line by line, and nothing else.
func TestLiteral(t *testing.T) {
	t.Parallel()
	md := goldmark.New()
	for _, s := range []string{
		"*a_*a_ [a]( <b> `c` ~~d~~ &amp; &#x1b; \\ end\\",
		"# heading?\n=====\n---\n: term?\n> quote?\n- item?\n1. item?\n2) item?\n    code?\n```\n| a | b |\n[x]: https://x.example",
		"  indented line  \n\n\nafter blank lines\n<div>\n<!-- c -->\nhttps://example.com/a_b*c",
	} {
		lit := Literal(s)
		if Costly(lit) {
			t.Errorf("Literal(%q) is costly itself", s)
		}
		var buf bytes.Buffer
		if err := md.Convert([]byte(lit), &buf); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if strings.Count(out, "<p>") != 1 {
			t.Errorf("Literal(%q) is not one paragraph:\n%s", s, out)
		}
		got := stdhtml.UnescapeString(tag.ReplaceAllString(out, ""))
		var want []string
		for l := range strings.SplitSeq(strings.Trim(s, "\n"), "\n") {
			want = append(want, strings.TrimSpace(l))
		}
		if got = strings.TrimSpace(got); got != strings.Join(want, "\n") {
			t.Errorf("goldmark shows Literal(%q) as\n%q, want\n%q", s, got, strings.Join(want, "\n"))
		}
	}
}

// TestRealTextsAreNotCostly reads the real issues beside the project: a
// whole issue, taken as one text, is well inside every limit.
func TestRealTextsAreNotCostly(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpus", "devops-weekly", "*.txt"))
	if len(files) == 0 {
		t.Skip("the corpus is not beside the project")
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if Costly(string(src)) {
			t.Errorf("%s, a whole real issue, is costly", f)
		}
	}
}
