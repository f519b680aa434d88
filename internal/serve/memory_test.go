package serve

import (
	"context"
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestLimitLeavesRoomAboveTheHeap: the server's memory limit is 240 MiB
// while the heap in use is well under it, and rises to half as much again
// as is in use when a large draft needs more, so the collector never runs
// without end.
func TestLimitLeavesRoomAboveTheHeap(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		live uint64
		want int64
	}{
		{0, MemoryLimit},
		{100 << 20, MemoryLimit},
		{MemoryLimit, MemoryLimit * 3 / 2},
		{1 << 30, 3 << 29},
		{math.MaxUint64, math.MaxInt64/3 + math.MaxInt64/3/2},
	} {
		if got := limitFor(tc.live); got != tc.want {
			t.Errorf("limitFor(%d) = %d, want %d", tc.live, got, tc.want)
		}
		if got := limitFor(tc.live); tc.live > 0 && tc.live < math.MaxInt64/3 && uint64(got) <= tc.live {
			t.Errorf("limitFor(%d) = %d: no room above the heap", tc.live, got)
		}
	}
}

// TestKeepMemory sets the limit while the server runs, follows a heap that
// grows past it, and puts the limit back after; GOMEMLIMIT wins. It
// changes the process's limit, so it does not run in parallel.
func TestKeepMemory(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	runtime.GC() // the heap in use is this test's: small
	ctx, cancel := context.WithCancel(context.Background())
	KeepMemory(ctx, "")
	if got := debug.SetMemoryLimit(-1); got != MemoryLimit {
		t.Errorf("limit %d while serving, want %d", got, MemoryLimit)
	}
	// A heap that grows past the limit raises it within a tick or two.
	big := make([]byte, MemoryLimit+(64<<20))
	for i := 0; i < len(big); i += 4096 {
		big[i] = 1
	}
	deadline := time.Now().Add(10 * time.Second)
	for debug.SetMemoryLimit(-1) <= int64(len(big)) {
		if time.Now().After(deadline) {
			t.Fatalf("limit %d stayed under the %d bytes in use", debug.SetMemoryLimit(-1), len(big))
		}
		runtime.GC()
		time.Sleep(50 * time.Millisecond)
	}
	runtime.KeepAlive(big)
	cancel()
	for debug.SetMemoryLimit(-1) != before {
		if time.Now().After(deadline) {
			t.Fatalf("limit %d after the server, want %d back", debug.SetMemoryLimit(-1), before)
		}
		time.Sleep(10 * time.Millisecond)
	}
	KeepMemory(context.Background(), "1GiB")
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("with GOMEMLIMIT set the limit became %d", got)
	}
}
