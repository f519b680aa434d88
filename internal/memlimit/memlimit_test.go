package memlimit

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestLimitLeavesRoomAboveTheHeap: the limit is the floor while the heap
// in use is well under it, and half as much again as is in use when that
// is more, so the collector never runs without end.
func TestLimitLeavesRoomAboveTheHeap(t *testing.T) {
	t.Parallel()
	const floor = 240 << 20
	for _, tc := range []struct {
		live uint64
		want int64
	}{
		{0, floor},
		{100 << 20, floor},
		{floor, floor * 3 / 2},
		{1 << 30, 3 << 29},
		{math.MaxUint64, math.MaxInt64/3 + math.MaxInt64/3/2},
	} {
		got := limitFor(floor, tc.live)
		if got != tc.want {
			t.Errorf("limitFor(%d) = %d, want %d", tc.live, got, tc.want)
		}
		if tc.live > 0 && tc.live < math.MaxInt64/3 && uint64(got) <= tc.live {
			t.Errorf("limitFor(%d) = %d: no room above the heap", tc.live, got)
		}
	}
}

// TestKeep sets the limit, follows a heap that grows past it, and puts the
// limit back after; a limit already set (GOMEMLIMIT) wins. It changes the
// process's limit, so it does not run in parallel.
func TestKeep(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	if before != math.MaxInt64 {
		t.Skip("GOMEMLIMIT is set")
	}
	const floor = 64 << 20
	runtime.GC() // the heap in use is this test's: small
	stop := Keep(floor)
	if got := debug.SetMemoryLimit(-1); got != floor {
		t.Errorf("limit %d while kept, want %d", got, floor)
	}
	// A heap that grows past the limit raises it within a tick or two.
	big := make([]byte, floor+(64<<20))
	for i := 0; i < len(big); i += 4096 {
		big[i] = 1
	}
	for deadline := time.Now().Add(10 * time.Second); debug.SetMemoryLimit(-1) <= int64(len(big)); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("limit %d stayed under the %d bytes in use", debug.SetMemoryLimit(-1), len(big))
		}
		runtime.GC()
	}
	runtime.KeepAlive(big)
	stop()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit %d after stop, want %d back", got, before)
	}
	debug.SetMemoryLimit(1 << 40) // as GOMEMLIMIT would
	defer debug.SetMemoryLimit(before)
	stop = Keep(floor)
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("GOMEMLIMIT's limit became %d", got)
	}
	stop()
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("GOMEMLIMIT's limit became %d after stop", got)
	}
}
