package export

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestBoundMemory: a large draft's export bounds the runtime's memory
// (to at least twice the file), and puts the bound back after; a small
// draft's does not, and a bound from GOMEMLIMIT is kept. Not parallel: the
// bound is the process's.
func TestBoundMemory(t *testing.T) {
	if debug.SetMemoryLimit(-1) != math.MaxInt64 {
		t.Skip("GOMEMLIMIT is set")
	}
	restore := BoundMemory(1 << 20)
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("a 1 MiB draft bounds memory to %d", got)
	}
	restore()
	restore = BoundMemory(1 << 30)
	if got := debug.SetMemoryLimit(-1); got < 2<<30 || got == math.MaxInt64 {
		t.Errorf("a 1 GiB draft bounds memory to %d, want at least 2 GiB", got)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("the bound stayed after the export: %d", got)
	}
	debug.SetMemoryLimit(1 << 40) // as GOMEMLIMIT would
	defer debug.SetMemoryLimit(math.MaxInt64)
	restore = BoundMemory(1 << 30)
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("GOMEMLIMIT's bound became %d", got)
	}
	restore()
}
