package export

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// boundFrom is the size of draft file from which an export bounds its
// memory (BoundMemory): below it the collector's own pace costs little.
const boundFrom = 16 << 20

// BoundMemory bounds the memory of the Go runtime while a draft of size
// bytes is exported, and returns what puts the bound back. An export holds
// the draft and little else (every format is streamed), but the collector
// lets the heap grow to twice what is live before it runs: at 100,000
// items the draft's 60 MB became a peak of 175 MB. The bound (a soft limit,
// debug.SetMemoryLimit) is twice the file or one and a half times the heap
// live once it is loaded, whichever is more, and 16 MiB: the collector runs
// more often only near it. A bound set by GOMEMLIMIT is left as it is, and
// a draft smaller than 16 MiB is not bounded.
func BoundMemory(size int64) (restore func()) {
	old := debug.SetMemoryLimit(-1)
	if size < boundFrom || old != math.MaxInt64 {
		return func() {}
	}
	runtime.GC() // the heap live now is the draft's
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	limit := 2 * size
	if live[0].Value.Kind() == metrics.KindUint64 {
		limit = max(limit, int64(live[0].Value.Uint64())*3/2)
	}
	debug.SetMemoryLimit(limit + 16<<20)
	return func() { debug.SetMemoryLimit(old) }
}
