package export

import (
	"runtime"

	"github.com/weekly-dev/weekly/internal/memlimit"
)

// boundFrom is the size of draft file from which an export bounds its
// memory (BoundMemory): below it the collector's own pace costs little.
const boundFrom = 16 << 20

// BoundMemory bounds the memory of the Go runtime while a draft of size
// bytes is exported, and returns what puts the bound back. An export holds
// the draft and little else (every format is streamed), but the collector
// lets the heap grow to twice what is live before it runs: at 100,000
// items the draft's 60 MB became a peak of 175 MB. The bound
// (memlimit.Keep) is twice the file and 16 MiB, or one and a half times
// the heap in use if that is more: the collector runs more often only near
// it. A bound set by GOMEMLIMIT is left as it is, and a draft smaller than
// 16 MiB is not bounded.
func BoundMemory(size int64) (restore func()) {
	if size < boundFrom {
		return func() {}
	}
	runtime.GC() // the heap in use now is the draft's
	return memlimit.Keep(2*size + 16<<20)
}
