//go:build !linux

package hostile

import "time"

// cpu reports that there is no CPU clock to measure work by here.
func cpu() (time.Duration, bool) { return 0, false }
