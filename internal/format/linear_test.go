package format

import (
	"io"
	"testing"

	"github.com/weekly-dev/weekly/internal/hostile"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// BenchmarkHostileBlurb writes, in each format that parses Markdown (and
// eml, which holds two of them), an issue with one 1 MiB blurb of each
// hostile shape; /limit is the longest repetition of the shape still
// parsed as Markdown, the worst a draft can make the writers parse.
func BenchmarkHostileBlurb(b *testing.B) {
	for _, sh := range hostile.Shapes {
		for _, size := range []string{"1MiB", "limit"} {
			blurb := hostile.Repeat(sh.Unit, 1<<20)
			if size == "limit" {
				if blurb = hostile.Limit(sh.Unit, sanitize.Costly); blurb == "" {
					continue
				}
			}
			d := costlyDraft(blurb, "An intro.")
			for _, name := range []string{"text", "markdown", "html", "eml"} {
				f, _ := Named(name)
				b.Run(sh.Name+"/"+size+"/"+name, func(b *testing.B) {
					for b.Loop() {
						if err := f.Write(io.Discard, d, Options{}); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		}
	}
}

// FuzzLinearMarkdown writes an issue whose blurb and intro are a unit
// repeated as Markdown and as the eml (which holds the text and the HTML
// exports), and fails when the work grows much faster than the text (see
// hostile.Linear): 8 times the text may cost at most 32 times the work,
// where a parse that went quadratic would cost 64 times.
func FuzzLinearMarkdown(f *testing.F) {
	for _, sh := range hostile.Shapes {
		f.Add(sh.Unit)
	}
	f.Fuzz(func(t *testing.T, unit string) {
		if len(unit) > 64 {
			t.Skip("a unit is short; the repetition makes it long")
		}
		hostile.Linear(t, unit, func(s string) {
			d := costlyDraft(s, s)
			for _, name := range []string{"markdown", "eml"} {
				fm, _ := Named(name)
				if err := fm.Write(io.Discard, d, Options{}); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
			}
		})
	})
}
