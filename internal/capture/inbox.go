package capture

import (
	"context"
	"log"
	"os"
	"sync"
	"time"

	"github.com/weekly-dev/weekly/internal/archive"
)

// InboxConfig is what an Inbox needs.
type InboxConfig struct {
	// Dir is the drafts directory: the drafts and the archive.
	Dir string
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Fetch learns titles; nil leaves a link without one as it came.
	Fetch FetchFunc
	// Log gets a line per link added; standard error when nil.
	Log *log.Logger
}

// Inbox takes links from outside (the capture endpoint, contributors over
// weekly serve's SSH) into drafts' inboxes, as weekly add does: the same
// checks, through the draft's queue when a board has it open, each link
// checked against the archive, and titles fetched in the background. One
// Inbox serves a whole process, so that its links go in one at a time and
// the capture page lists them all.
type Inbox struct {
	cfg InboxConfig
	// mu lets one add change a draft at a time.
	mu   sync.Mutex
	arch struct {
		mu   sync.Mutex
		a    *archive.Archive
		stat os.FileInfo
	}
	recent recentList

	// ctx ends the background fetches of titles, bg waits for them.
	ctx    context.Context
	cancel context.CancelFunc
	bg     sync.WaitGroup
}

// NewInbox returns an Inbox on cfg.Dir; Close ends its background fetches.
func NewInbox(cfg InboxConfig) *Inbox {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = log.New(os.Stderr, "", log.LstdFlags)
	}
	b := &Inbox{cfg: cfg}
	b.ctx, b.cancel = context.WithCancel(context.Background())
	return b
}

// Close ends the background fetches of titles and waits for them.
func (b *Inbox) Close() {
	b.cancel()
	b.bg.Wait()
}
