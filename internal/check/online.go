package check

import (
	"context"
	"errors"

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

// Online asks every http or https link of the draft, the inbox included,
// whether it answers, each distinct URL once, and returns one finding for
// every place a failing link appears, in board order. progress, when not
// nil, is called after each answer with the number of URLs done and their
// total, always from the calling goroutine.
func Online(ctx context.Context, d *draft.Draft, p Prober, progress func(done, total int)) []Finding {
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
	return out
}

// reason returns why a probe failed, without the URL the finding names.
func reason(err error) string {
	var fe *fetch.Error
	if errors.As(err, &fe) {
		return fe.Reason()
	}
	return sanitize.Line(err.Error())
}
