package hostile

import (
	"time"

	"golang.org/x/sys/unix"
)

// cpu returns the CPU time the process has used so far.
func cpu() (time.Duration, bool) {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_PROCESS_CPUTIME_ID, &ts); err != nil {
		return 0, false
	}
	return time.Duration(ts.Nano()), true
}
