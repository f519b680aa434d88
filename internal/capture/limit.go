package capture

import (
	"sync"
	"time"
)

const (
	// perMinute is how many links one token may send in a minute: every
	// request the token signs counts, a refused one too, so that a client
	// gone wrong cannot keep the server busy.
	perMinute = 60
	// window is the minute perMinute counts in.
	window = time.Minute
)

// limiter counts the links each token sent in the last minute: a sliding
// window, so that a burst just after a minute's turn is no way around it.
type limiter struct {
	mu   sync.Mutex
	sent map[string][]time.Time // by token name, oldest first
}

// allow reports whether name may send a link at now, and counts it when
// it may; when it may not, it also says how long until it may.
func (l *limiter) allow(name string, now time.Time) (bool, time.Duration) {
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
	if len(times) >= perMinute {
		l.sent[name] = times
		return false, window - now.Sub(times[0])
	}
	l.sent[name] = append(times, now)
	return true, 0
}
