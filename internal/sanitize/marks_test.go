package sanitize

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCapMarks(t *testing.T) {
	t.Parallel()
	acute := "\u0301"
	for _, tc := range []struct{ name, in, want string }{
		{"ASCII", "plain text", "plain text"},
		{"accents", "Café crème, Tiếng Việt", "Café crème, Tiếng Việt"},
		{"decomposed Vietnamese", "e\u0323\u0302", "e\u0323\u0302"},
		{"Hebrew points and cantillation", "\u05d1\u05bc\u05b0\u0591\u05c3", "\u05d1\u05bc\u05b0\u0591\u05c3"},
		{"keycap emoji", "1\ufe0f\u20e3", "1\ufe0f\u20e3"},
		{"family emoji", "👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"},
		{"at the cap", "a" + strings.Repeat(acute, MaxMarks), "a" + strings.Repeat(acute, MaxMarks)},
		{"over the cap", "a" + strings.Repeat(acute, MaxMarks+5) + "b", "a" + strings.Repeat(acute, MaxMarks) + "b"},
		{"each letter its own stack", strings.Repeat("a"+strings.Repeat(acute, 20), 3), strings.Repeat("a"+strings.Repeat(acute, MaxMarks), 3)},
		{"joiners do not reset the count", "a" + strings.Repeat(acute+"\u200d", 10), "a" + strings.Repeat(acute+"\u200d", MaxMarks/2)},
		{"zero-width spaces", "a" + strings.Repeat("\u200b", 20) + "b", "a" + strings.Repeat("\u200b", MaxMarks) + "b"},
		{"subdivision flag", "🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F", "🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F"},
		{"styled", "\x1b[1ma" + strings.Repeat(acute, 30) + "\x1b[0m", "\x1b[1ma" + strings.Repeat(acute, MaxMarks) + "\x1b[0m"},
		{"marks with no letter", strings.Repeat(acute, 30), strings.Repeat(acute, MaxMarks)},
	} {
		if got := CapMarks(tc.in); got != tc.want {
			t.Errorf("%s: CapMarks(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

// TestCapMarksZalgo: 100,000 marks on one letter come out as the letter and
// MaxMarks marks; Line caps them too.
func TestCapMarksZalgo(t *testing.T) {
	t.Parallel()
	zalgo := "Z" + strings.Repeat("\u0336\u0301\u035c", 100000/3) + "algo"
	for _, got := range []string{CapMarks(zalgo), Line(zalgo)} {
		if n := utf8.RuneCountInString(got); n != 1+MaxMarks+4 {
			t.Errorf("%d runes reach the screen, want %d", n, 1+MaxMarks+4)
		}
	}
}

func BenchmarkCapMarks(b *testing.B) {
	line := strings.Repeat("│ Café crème – 日本語 \x1b[38;5;252mtext\x1b[0m ", 4)
	b.ReportAllocs()
	for b.Loop() {
		_ = CapMarks(line)
	}
}
