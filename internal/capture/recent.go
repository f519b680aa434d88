package capture

import (
	"sync"
	"time"
)

// recentMax is how many links the page lists as received.
const recentMax = 10

// received is a link the server took, as the page lists it.
type received struct {
	At                         time.Time
	Via, URL, Title, Draft, ID string
}

// recentList is the last links received since the server started, newest
// first.
type recentList struct {
	mu    sync.Mutex
	items []received
}

func (l *recentList) add(r received) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.items = append([]received{r}, l.items[:min(len(l.items), recentMax-1)]...)
}

// titled gives the link with id the title fetched for it.
func (l *recentList) titled(id, title string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range l.items {
		if l.items[i].ID == id && l.items[i].Title == "" {
			l.items[i].Title = title
		}
	}
}

// list returns the links, newest first.
func (l *recentList) list() []received {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]received(nil), l.items...)
}
