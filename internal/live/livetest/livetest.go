// Package livetest holds what tests of a live.Hub's users share: a clock
// the test moves by hand.
package livetest

import (
	"sync"
	"time"
)

// Clock is a clock a test moves by hand: give its After to live.Config,
// and the hub's waits end only when the test calls Fire.
type Clock struct {
	mu    sync.Mutex
	waits []wait
}

type wait struct {
	d  time.Duration
	ch chan time.Time
}

// After starts a wait of d that ends at the next Fire(d).
func (c *Clock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time)
	c.mu.Lock()
	c.waits = append(c.waits, wait{d, ch})
	c.mu.Unlock()
	return ch
}

// Fire ends every wait of d started so far, and returns once each waiter
// has woken. It reports how many it ended.
func (c *Clock) Fire(d time.Duration) int {
	c.mu.Lock()
	var due, rest []wait
	for _, w := range c.waits {
		if w.d == d {
			due = append(due, w)
		} else {
			rest = append(rest, w)
		}
	}
	c.waits = rest
	c.mu.Unlock()
	for _, w := range due {
		w.ch <- time.Time{}
	}
	return len(due)
}
