//go:build !race

package spell

const raceOn = false
