package capture

import (
	"sync"
	"time"
)

const (
	// PerMinute is how many links one sender may send in a minute. Over
	// HTTP every request a token signs counts, a refused one too, so that
	// a client gone wrong cannot keep the server busy.
	PerMinute = 60
	// window is the minute PerMinute counts in.
	window = time.Minute
)

// Limiter counts the links each sender (a token, a contributor) sent in
// the last minute: a sliding window, so that a burst just after a minute's
// turn is no way around it. Its zero value is ready to use.
type Limiter struct {
	mu   sync.Mutex
	sent map[string][]time.Time // by sender, oldest first
}

// Allow reports whether name may send a link at now, and counts it when
// it may; when it may not, it also says how long until it may.
func (l *Limiter) Allow(name string, now time.Time) (bool, time.Duration) {
	return l.AllowN(name, 1, now)
}

// AllowN reports whether name may send n links at once at now, and counts
// them when it may; when it may not, none is counted, and it says how long
// until it may. More than PerMinute links at once never may.
func (l *Limiter) AllowN(name string, n int, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.sent == nil {
		l.sent = map[string][]time.Time{}
	}
	times := l.sent[name]
	i := 0
	for i < len(times) && now.Sub(times[i]) >= window {
		i++
	}
	times = times[i:]
	l.sent[name] = times
	if n > PerMinute {
		return false, window
	}
	if over := len(times) + n - PerMinute; over > 0 {
		// Free once the over-th oldest has left the window.
		return false, window - now.Sub(times[over-1])
	}
	for range n {
		times = append(times, now)
	}
	l.sent[name] = times
	return true, 0
}
