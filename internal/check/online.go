package check

import (
	"context"
	"errors"
	"net"
	"syscall"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/fetch"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// Prober asks whether a link answers; *fetch.Fetcher is one, and bounds how
// many requests run at once.
type Prober interface {
	Probe(ctx context.Context, url string) (status int, err error)
}

// ErrNoNetwork is Online's answer when no link could be asked at all: every
// one failed because the machine has no network (no route, or a resolver
// that cannot be reached), which says nothing of the links themselves.
var ErrNoNetwork = errors.New("no network: nothing checked")

// Online asks every http or https link of the draft, the inbox included,
// whether it answers, each distinct URL once, and returns one finding for
// every place a failing link appears, in board order. When every link
// failed for want of a network it returns ErrNoNetwork instead of a
// finding each. progress, when not nil, is called after each answer with
// the number of URLs done and their total, always from the calling
// goroutine.
func Online(ctx context.Context, d *draft.Draft, p Prober, progress func(done, total int)) ([]Finding, error) {
	var urls []string
	index := map[string]int{}
	d.Items(func(_ draft.Pos, it *draft.Item) {
		for _, u := range it.URLs {
			if _, seen := index[u]; seen {
				continue
			}
			if _, err := link.Check(u); err != nil {
				continue // Offline reports it
			}
			index[u] = len(urls)
			urls = append(urls, u)
		}
	})
	type answer struct {
		i   int
		err error
	}
	answers := make(chan answer)
	for i, u := range urls {
		go func() {
			_, err := p.Probe(ctx, u)
			answers <- answer{i, err}
		}()
	}
	failed := make([]error, len(urls))
	for done := 1; done <= len(urls); done++ {
		a := <-answers
		failed[a.i] = a.err
		if progress != nil {
			progress(done, len(urls))
		}
	}
	if len(urls) > 0 && ctx.Err() == nil && all(failed, noNetwork) {
		return nil, ErrNoNetwork
	}
	var out []Finding
	d.Items(func(pos draft.Pos, it *draft.Item) {
		for _, u := range it.URLs {
			i, ok := index[u]
			if !ok || failed[i] == nil {
				continue
			}
			out = append(out, Finding{Where: Where(d, pos), URL: u, Problem: reason(failed[i])})
		}
	})
	return out, nil
}

// all reports whether every error of errs is one that is.
func all(errs []error, is func(error) bool) bool {
	for _, err := range errs {
		if err == nil || !is(err) {
			return false
		}
	}
	return true
}

// noNetwork reports whether err says the request never left the machine:
// a name the resolver could not look up (it was not reached, or did not
// answer: a missing name, NXDOMAIN, is an answer and a broken link), or an
// address there is no route to. A refused or reset connection, a timeout
// after connecting or any HTTP status is an answer from the network.
func noNetwork(err error) bool {
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return !dns.IsNotFound
	}
	return errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETDOWN)
}

// reason returns why a probe failed, without the URL the finding names.
func reason(err error) string {
	var fe *fetch.Error
	if errors.As(err, &fe) {
		return fe.Reason()
	}
	return sanitize.Line(err.Error())
}
