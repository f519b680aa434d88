package markdown

import (
	"strconv"
	"strings"
	"testing"
)

// nested is a list nested n levels deep.
func nested(n int) string {
	var b strings.Builder
	b.WriteString("# Weekly 1\n\n## News\n\n")
	for i := range n {
		b.WriteString(strings.Repeat("  ", i) + "- [item](https://a.example/)\n")
	}
	return b.String()
}

func TestReadRefusesDeepNesting(t *testing.T) {
	t.Parallel()
	for name, src := range map[string]string{
		"list":   nested(3000),
		"quotes": "# Weekly 1\n\n## News\n\n" + strings.Repeat("> ", 3000) + "deep\n",
		"inline": "# Weekly 1\n\n## News\n\n" + strings.Repeat("- ", 3000) + "x\n",
	} {
		_, err := Parse(src)
		if err == nil || !strings.Contains(err.Error(), "nested more than") {
			t.Errorf("%s nested 3,000 deep: %v", name, err)
		}
	}
	if _, err := Parse(nested(10)); err != nil {
		t.Errorf("a list nested 10 deep: %v", err)
	}
}

func TestReadRefusesIssueNumbersItCannotHold(t *testing.T) {
	t.Parallel()
	for _, src := range []string{
		"---\nnumber: -5\n---\n# Weekly\n\n## News\n\n- [a](https://a.example/)\n",
		"---\nnumber: 123456789012345678901234567\n---\n# Weekly\n\n## News\n\n- [a](https://a.example/)\n",
	} {
		if d, err := Parse(src); err == nil {
			t.Errorf("read as #%d", d.Number)
		}
	}
}

// BenchmarkReadNested reads a list nested 60 levels deep (it is read) and
// 3,000 levels deep (it is refused after one pass).
func BenchmarkReadNested(b *testing.B) {
	for _, n := range []int{60, 3000} {
		src := nested(n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				_, _ = Parse(src)
			}
		})
	}
}
