package css

import (
	"regexp"
	"sync"
)

// Regexp is a regular expression compiled the first time it is matched
// (weekly's patch, see PATCHES.md): compiling this package's 42 expressions
// at init cost every program that imports it 500 KB and 3,800 allocations at
// start, though only policies that allow styles use them.
type Regexp struct {
	expr string
	once sync.Once
	re   *regexp.Regexp
}

// lazyRegexp returns expr as a Regexp, compiled on first use; like
// regexp.MustCompile, it panics then if expr does not compile.
func lazyRegexp(expr string) *Regexp {
	return &Regexp{expr: expr}
}

// Regexp returns the compiled regular expression.
func (r *Regexp) Regexp() *regexp.Regexp {
	r.once.Do(func() { r.re = regexp.MustCompile(r.expr) })
	return r.re
}

// MatchString reports whether s contains any match of the expression.
func (r *Regexp) MatchString(s string) bool { return r.Regexp().MatchString(s) }

// FindString returns the text of the leftmost match of the expression in s.
func (r *Regexp) FindString(s string) string { return r.Regexp().FindString(s) }

// ReplaceAll returns a copy of src, replacing matches of the expression
// with repl, as regexp.Regexp's ReplaceAll does.
func (r *Regexp) ReplaceAll(src, repl []byte) []byte { return r.Regexp().ReplaceAll(src, repl) }
