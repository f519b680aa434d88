package fetch

import (
	"context"
	"fmt"
	"net/http"
)

// Document is a whole response body, such as a feed.
type Document struct {
	// URL is where the document was found, after redirects: the base for
	// the relative links inside it.
	URL string
	// ContentType is the Content-Type header as sent (not sanitised: it
	// is for deciding, not for showing).
	ContentType string
	Data        []byte
}

// acceptFeed asks for a feed first.
const acceptFeed = "application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1"

// Download requests raw and returns its whole body, under the same limits
// as Fetch; a body longer than MaxBytes is an error rather than cut, since a
// feed cut in two does not parse. Every error is an *Error naming raw.
func (f *Fetcher) Download(ctx context.Context, raw string) (Document, error) {
	release, err := f.acquire(ctx)
	if err != nil {
		return Document{}, &Error{URL: raw, Err: err}
	}
	defer release()
	doc, err := f.download(ctx, raw)
	if err != nil {
		return Document{}, &Error{URL: raw, Err: err}
	}
	return doc, nil
}

func (f *Fetcher) download(ctx context.Context, raw string) (Document, error) {
	ctx, cancel := f.deadline(ctx)
	defer cancel()
	resp, err := f.request(ctx, http.MethodGet, raw, acceptFeed)
	if err != nil {
		return Document{}, err
	}
	defer resp.Body.Close()
	data, truncated, err := f.read(ctx, resp.Body, nil)
	if err != nil {
		return Document{}, err
	}
	if truncated {
		return Document{}, fmt.Errorf("larger than %d bytes (%d MiB), the most weekly reads", f.opts.MaxBytes, f.opts.MaxBytes>>20)
	}
	return Document{URL: resp.Request.URL.String(), ContentType: resp.Header.Get("Content-Type"), Data: data}, nil
}
