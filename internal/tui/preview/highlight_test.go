package preview

import (
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// sgr is one colour code glamour writes.
var sgr = regexp.MustCompile("\x1b\\[[0-9;]*m")

// TestCodeBlockHighlighted renders a fenced Go block in the dark and light
// styles and checks that chroma coloured it by token: the keyword, the
// function's name and the string each come in a colour of their own, where
// a block that is not highlighted comes in one. Chroma reads its lexers and
// styles on first use (third_party/chroma), so this is also the check that
// the first use finds them.
func TestCodeBlockHighlighted(t *testing.T) {
	t.Parallel()
	const md = "```go\nfunc greet() string { return \"hello\" }\n```"
	for _, style := range []string{"dark", "light"} {
		r, err := newBlockRenderer(60, style, new(atomic.Int64))
		if err != nil {
			t.Fatal(err)
		}
		out, err := r.body(md, true)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(ansi.Strip(out), `func greet() string { return "hello" }`) {
			t.Fatalf("%s: the code is not shown:\n%q", style, out)
		}
		colour := func(word string) string {
			i := strings.Index(out, word)
			if i < 0 {
				t.Fatalf("%s: %q is not in %q", style, word, out)
			}
			codes := sgr.FindAllString(out[:i], -1)
			if len(codes) == 0 {
				t.Fatalf("%s: no colour before %q in %q", style, word, out)
			}
			return codes[len(codes)-1]
		}
		keyword, name, str := colour("func"), colour("greet"), colour(`"hello"`)
		if keyword == name || keyword == str || name == str {
			t.Errorf("%s: func %q, greet %q and \"hello\" %q are not each in a colour of their own:\n%q", style, keyword, name, str, out)
		}
	}
}
