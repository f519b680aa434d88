package serve

import (
	"context"
	"math"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// MemoryLimit is the heap weekly serve keeps to when it can (its Go
// memory limit, unless GOMEMLIMIT sets another): a served board is mostly
// its screen's cells (a 120x32 board about 1.3 MB, one at the MaxWidth x
// MaxHeight clamp about 8 MB), and without a limit the heap grows to twice
// what is in use before it is collected.
const MemoryLimit = 240 << 20

// memoryEvery is how often KeepMemory looks at the heap in use.
const memoryEvery = time.Second

// limitFor is the memory limit for a heap with live bytes in use:
// MemoryLimit, or half as much again as is in use when that is more. A
// limit at or under what is in use would have the collector run without
// end (a large draft served to many boards); with room above it, the
// collector runs as often as with GOGC=50 at worst.
func limitFor(live uint64) int64 {
	l := int64(min(live, math.MaxInt64/3))
	return max(MemoryLimit, l+l/2)
}

// KeepMemory bounds the Go heap of a server until ctx ends, then puts the
// limit back as it was: MemoryLimit, raised to keep room above the heap in
// use as it grows (see limitFor). A limit set by GOMEMLIMIT is left alone.
func KeepMemory(ctx context.Context, gomemlimit string) {
	if gomemlimit != "" {
		return
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	live := func() uint64 {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return sample[0].Value.Uint64()
	}
	old := debug.SetMemoryLimit(limitFor(live()))
	go func() {
		defer debug.SetMemoryLimit(old)
		t := time.NewTicker(memoryEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				debug.SetMemoryLimit(limitFor(live()))
			}
		}
	}()
}
