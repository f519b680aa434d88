//go:build !race

package hostile

// race reports whether the race detector is on.
const race = false
