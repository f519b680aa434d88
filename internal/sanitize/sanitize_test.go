package sanitize

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestLine(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Kubernetes 1.20 released", "Kubernetes 1.20 released"},
		{"SGR", "\x1b[1;31mred\x1b[0m alert", "red alert"},
		{"OSC 52 with BEL", "Title\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07 here", "Title here"},
		{"OSC 52 with ST", "Title\x1b]52;c;Y3VybA==\x1b\\ here", "Title here"},
		{"OSC 0 window title", "a\x1b]0;pwned\x07b", "ab"},
		{"OSC 8 spoofed link", "see \x1b]8;;https://evil.example/\x1b\\docs\x1b]8;;\x1b\\ now", "see docs now"},
		{"raw 8-bit CSI", "a\x9b31mb", "ab"},
		{"raw 8-bit OSC", "a\x9d52;c;QQ==\x07b", "ab"},
		{"UTF-8 C1 CSI", "a\u009b2Jb", "ab"},
		{"UTF-8 C1 OSC with C1 ST", "a\u009d52;c;QQ==\u009cb", "ab"},
		{"cursor movement", "a\x1b[2J\x1b[Hb", "ab"},
		{"DCS", "a\x1bP1$qm\x1b\\b", "ab"},
		{"APC", "a\x1b_Gf=100;AAAA\x1b\\b", "ab"},
		{"SOS and PM", "a\x1bXsos\x1b\\b\x1b^pm\x1b\\c", "abc"},
		{"unterminated OSC swallows the rest", "Safe part \x1b]0;never ends", "Safe part"},
		{"lone ESC", "a\x1b", "a"},
		{"CR overwrite", "Good title\rEVIL TITLE", "Good title EVIL TITLE"},
		{"BEL BS NUL DEL", "a\a\b\x00\x7fb", "ab"},
		{"RLO filename spoof", "invoice\u202Egpj.exe", "invoicegpj.exe"},
		{"bidi isolates and marks", "\u2066a\u2069\u200Eb\u200F\u061Cc\u202Ad\u202C", "abcd"},
		{"zero-width space", "pay\u200Bpal", "paypal"},
		{"word joiner and BOM", "\uFEFFa\u2060b", "ab"},
		{"tag characters", "a\U000E0041\U000E0042b", "ab"},
		{"ZWJ emoji kept", "family 👨\u200d👩\u200d👧", "family 👨\u200d👩\u200d👧"},
		{"ZWNJ kept", "می\u200cخواهم", "می\u200cخواهم"},
		{"variation selector kept", "❤\ufe0f Go", "❤\ufe0f Go"},
		{"accents and CJK", "Café – 日本語", "Café – 日本語"},
		{"continuation byte 0x9B is no CSI", "ě and ›", "ě and ›"},
		{"invalid UTF-8", "caf\xe9 ok", "caf\uFFFD ok"},
		{"NEL", "a\u0085b", "a b"},
		{"white space folded", "  a \t\n b\u00a0 c\u2028d  ", "a b c d"},
		{"empty", "", ""},
		{"only controls", "\x1b[0m\a", ""},
		{"entity left for later layers", "a &#x1b; b", "a &#x1b; b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Line(tt.in); got != tt.want {
				t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"keeps lines", "one\ntwo", "one\ntwo"},
		{"CRLF", "one\r\ntwo\r\n", "one\ntwo\n"},
		{"lone CR is a line break", "one\rtwo", "one\ntwo"},
		{"tabs and form feeds", "a\tb\vc\fd", "a b c d"},
		{"paragraph separator", "a\u2029b", "a\nb"},
		{"escapes inside lines", "a\x1b[31m\nb\x9b1m", "a\nb"},
		{"keeps spacing", "  indented  ", "  indented  "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMarkdown(t *testing.T) {
	in := "**bold** &#x1b;]52;c;QQ==&#7; &#X9B; &#155; &amp; &#65;\x1b[31m"
	want := "**bold** &amp;#x1b;]52;c;QQ==&amp;#7; &amp;#X9B; &amp;#155; &amp; &#65;"
	if got := Markdown(in); got != want {
		t.Errorf("Markdown(%q) = %q, want %q", in, got, want)
	}
}

func TestMarkdownText(t *testing.T) {
	in := "[click](javascript:alert(1)) *x* <b> &#x1b; ~~y~~ # 1."
	want := `\[click\]\(javascript:alert\(1\)\) \*x\* \<b\> &amp;\#x1b; &#126;&#126;y&#126;&#126; \# 1\.`
	if got := MarkdownText(in); got != want {
		t.Errorf("MarkdownText(%q) =\n%q, want\n%q", in, got, want)
	}
}

// checkSafe fails unless s is valid UTF-8 without escape, control, bidi or
// invisible characters (newlines allowed when lines is true).
func checkSafe(t *testing.T, fn, in, s string, lines bool) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("%s(%q) = %q: invalid UTF-8", fn, in, s)
	}
	for _, r := range s {
		if r == '\n' && lines {
			continue
		}
		if unicode.IsControl(r) || invisible(r) {
			t.Fatalf("%s(%q) = %q: keeps %U", fn, in, s, r)
		}
	}
}

func TestClip(t *testing.T) {
	long := strings.Repeat("word ", 100)
	got := Clip(long, 50)
	if n := len([]rune(got)); n > 50 || !strings.HasSuffix(got, "…") || strings.HasSuffix(got, " …") {
		t.Errorf("Clip = %q (%d runes)", got, n)
	}
	if Clip("short", 50) != "short" {
		t.Error("Clip changed a short string")
	}
	if got := Clip(strings.Repeat("日", 10), 5); got != "日日日日…" {
		t.Errorf("Clip = %q", got)
	}
}

// FuzzSanitize runs the sanitisers over any text: Line, Text and
// MarkdownText keep no control, bidi or invisible character (Text keeps
// line breaks), Controls none but tab and line breaks. Its seeds in
// testdata/fuzz/FuzzSanitize (hostile strings and corpus paragraphs) run
// as regular tests.
func FuzzSanitize(f *testing.F) {
	for _, seed := range []string{
		"\x1b]52;c;QQ==\x07", "\x9b31m", "\u009b31m", "\x1bP$q\x1b\\", "a\u202eb", "\xff\xfe", "\r\n\r",
		"\x1b[", "\u0085", "👨\u200d👩", "ok title",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		line := Line(in)
		checkSafe(t, "Line", in, line, false)
		if line != strings.TrimSpace(line) || strings.Contains(line, "  ") {
			t.Fatalf("Line(%q) = %q: white space not folded", in, line)
		}
		if again := Line(line); again != line {
			t.Fatalf("Line is not idempotent: %q -> %q -> %q", in, line, again)
		}
		checkSafe(t, "Text", in, Text(in), true)
		for _, w := range []string{Words(in), Printable(in)} {
			if !utf8.ValidString(w) {
				t.Fatalf("Words(%q) = %q: invalid UTF-8", in, w)
			}
			for _, r := range w {
				if unicode.IsControl(r) && r != '\n' && r != '\t' {
					t.Fatalf("Words or Printable(%q) = %q: keeps %U", in, w, r)
				}
			}
		}
		if Printable(Printable(in)) != Printable(in) {
			t.Fatalf("Printable is not idempotent on %q", in)
		}
		checkSafe(t, "MarkdownText", in, MarkdownText(in), false)
		ctl := Controls(in)
		if !utf8.ValidString(ctl) {
			t.Fatalf("Controls(%q) = %q: invalid UTF-8", in, ctl)
		}
		for i, r := range ctl {
			if r == '\n' || r == '\t' || (r == '\r' && strings.HasPrefix(ctl[i+1:], "\n")) {
				continue
			}
			if unicode.IsControl(r) || bidiControl(r) {
				t.Fatalf("Controls(%q) = %q: keeps %U", in, ctl, r)
			}
		}
	})
}

// titles returns n page titles as they come: mostly plain ASCII, some in
// other scripts and with emoji, and some hostile.
func titles(n int) []string {
	kinds := []string{
		"Kubernetes %d: what is new in the scheduler",
		"How we cut our AWS bill by %d%% with spot instances | Engineering Blog",
		"Terraform   modules,\tdone right (part %d)",
		"Café, crème brûlée and observability №%d",
		"日本語のタイトル %d – 読む価値あり",
		"Ship it 🚀 %d times a day",
		"\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07Totally normal title %d",
		"\x1b[31mRed\x1b[0m alert \u202eevil%d\u202c",
		"Raw \x9b2J CSI %d",
		"Title with ZWSP pay\u200bpal %d",
	}
	out := make([]string, n)
	for i := range out {
		k := kinds[0]
		if i%10 >= 7 { // 70 % plain ASCII titles, 30 % spread over the rest
			k = kinds[1+(i/10+i)%(len(kinds)-1)]
		} else if i%2 == 1 {
			k = kinds[1+i%3]
		}
		out[i] = fmt.Sprintf(k, i)
	}
	return out
}

// BenchmarkSanitize measures Line over 10,000 titles; one op is all of them.
func BenchmarkSanitize(b *testing.B) {
	in := titles(10000)
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range in {
			_ = Line(s)
		}
	}
}

func TestWords(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, in, want string }{
		{"zero-width kept", "Kube\u200brnetes\u200b", "Kube\u200brnetes\u200b"},
		{"format characters kept", "\u200dx\u2060\uFEFF", "\u200dx\u2060\uFEFF"},
		{"bidi controls removed", "a\u202eb\u2066c\u2069\u200e", "abc"},
		{"tab and newline kept", "a\tb\nc", "a\tb\nc"},
		{"line endings folded", "a\r\nb\rc\u2028d", "a\nb\nc\nd"},
		{"SGR removed", "\x1b[31mred\x1b[0m", "red"},
		{"OSC 52 removed", "a\x1b]52;c;QQ==\x07b", "ab"},
		{"C1 CSI removed", "a\u009b2Jb\x9b2Jc", "abc"},
		{"bell and backspace removed", "a\x07b\x08c\x7f", "abc"},
		{"control reference defused", "&#x1b;]0;t&#7; &amp;", "&amp;#x1b;]0;t&amp;#7; &amp;"},
		{"invalid UTF-8 replaced", "a\xffb", "a\uFFFDb"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := Words(tc.in); got != tc.want {
				t.Errorf("Words(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	if got := Printable("&#x1b; \x1b[2Jok"); got != "&#x1b; ok" {
		t.Errorf("Printable = %q: it removes controls and leaves references alone", got)
	}
}

func TestControlsKeepsWhatTheAuthorMeant(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"plain\ntext\n", "plain\ntext\n"},
		{"zero\u200bwidth\u200b kept", "zero\u200bwidth\u200b kept"},
		{"tab\tand crlf\r\nkept", "tab\tand crlf\r\nkept"},
		{"lone\rcr", "lone\ncr"},
		{"osc \x1b]52;c;ZXZpbA==\x07gone", "osc gone"},
		{"csi \u009b31mred\u009b0m", "csi red"},
		{"raw \x9b2Jc1", "raw c1"},
		{"bidi \u202eevil\u202c \u2066iso\u2069", "bidi evil iso"},
		{"cut \x1b]8;;https://evil.example/\nnext line stays", "cut \nnext line stays"},
		{"bell\x07 nul\x00 del\x7f", "bell nul del"},
	} {
		if got := Controls(c.in); got != c.want {
			t.Errorf("Controls(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
