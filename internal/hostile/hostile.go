// Package hostile is for tests and benchmarks: text made to cost a
// Markdown parser or renderer far more than its size, and a check that a
// renderer's work on such text grows no faster than the text.
package hostile

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// Shape is a unit of text whose repetition costs goldmark or glamour time
// that grows with the square of its size, or far more than its size.
type Shape struct {
	Name, Unit string
}

// Shapes are the units an adversarial tester and the fuzz targets found.
var Shapes = []Shape{
	{"emphasis", "*a_"},                  // each _ closes nothing, compared with every * before it
	{"links", "[a]("},                    // each ]( scans the rest of the line for the link's end
	{"images", "![a]("},                  // the same
	{"brackets", "["},                    // [[[[
	{"quotes", ">"},                      // >>>>: nested quotes, each level paid on each line
	{"ordered lists", "1. "},             // 1. 1. 1.: nested lists
	{"bullet lists", "+ "},               // + + +
	{"strikethrough", "~a*"},             // GFM's ~ among the emphasis marks
	{"backticks", "`a``a```a````a"},      // code spans, each run looking for its equal
	{"autolinks", "<a"},                  // < that never closes
	{"paragraphs", "a\n\n"},              // glamour's cost per block
	{"nested items", "- a\n  - b\n"},     // glamour's cost per nested block
	{"fences", "```\na\n```\n\n"},        // glamour colours each code block
	{"definitions", "a\n: b\n\n"},        // glamour's definition lists
	{"deep quotes", ">>>>>>>>>>>>a\n\n"}, // glamour's cost per level
	{"zalgo", "a\u0336\u0301\u035c\u0361\u0489"},
}

// Repeat returns unit repeated to at least n bytes.
func Repeat(unit string, n int) string {
	if unit == "" {
		return ""
	}
	return strings.Repeat(unit, (n+len(unit)-1)/len(unit))
}

// The sizes Linear compares, both past sanitize.MaxMarkdown: a text up to
// that size may be parsed as Markdown, and its cost is bounded by the
// limits beside it (the writers' and the preview's BenchmarkHostileBlurb
// show the worst); past it, nothing may parse it.
const (
	Small = 32 << 10
	Large = 8 * Small
)

// Linear fails t when run's work on unit repeated to Large bytes is more
// than 32 times its work on unit repeated to Small bytes: the text is 8
// times as long, and work that grew with the square of the size would be
// 64 times (linear work measures 4 to 15 times: the larger text misses the
// caches more, and costs the allocator and the collector more). Work is
// the CPU time of the process, the least of up to three runs, which other
// programs on a loaded machine do not add to as they add to wall time; a
// run of less than a millisecond counts as one. The check is skipped where
// that clock is missing, and under the race detector, whose slowdown is no
// measure of work and would make the seeds take minutes.
func Linear(t testing.TB, unit string, run func(string)) {
	t.Helper()
	if unit == "" {
		return
	}
	small, large := Repeat(unit, Small), Repeat(unit, Large)
	if _, ok := cpu(); !ok {
		t.Skip("no CPU clock to measure work by on this system")
	}
	if race {
		t.Skip("the race detector's slowdown is no measure of work")
	}
	ws := work(func() { run(small) }, 0)
	limit := 32 * max(ws, time.Millisecond)
	if wl := work(func() { run(large) }, limit); wl > limit {
		t.Fatalf("%.40q… repeated: %v of work on %d bytes, %v on %d bytes (%.0f times as much for 8 times the text)",
			unit, ws, len(small), wl, len(large), float64(wl)/float64(max(ws, time.Millisecond)))
	}
}

// work returns the least CPU time the process spent over three runs of f,
// each after a garbage collection, so that none pays for garbage made
// before it; it stops at the first run within enough.
func work(f func(), enough time.Duration) time.Duration {
	least := time.Duration(-1)
	for range 3 {
		runtime.GC()
		before, _ := cpu()
		f()
		after, _ := cpu()
		if d := after - before; least < 0 || d < least {
			least = d
		}
		if least <= enough {
			break
		}
	}
	return least
}

// Limit returns the longest repetition of unit that costly (the writers'
// sanitize.Costly) lets be parsed as Markdown: the worst a draft can make
// them parse. It is "" when even one unit is costly.
func Limit(unit string, costly func(string) bool) string {
	if unit == "" || costly(unit) {
		return ""
	}
	lo, hi := 1, 2 // costly(unit×lo) is false; find hi where it is true
	for !costly(strings.Repeat(unit, hi)) {
		if lo, hi = hi, 2*hi; len(unit)*hi > 1<<24 {
			return strings.Repeat(unit, lo)
		}
	}
	for hi-lo > 1 {
		if mid := (lo + hi) / 2; costly(strings.Repeat(unit, mid)) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return strings.Repeat(unit, lo)
}
