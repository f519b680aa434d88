package fetch

import (
	"context"
	"errors"
	"io"
	"net/http"

	"github.com/weekly-dev/weekly/internal/link"
)

// Probe reports whether raw answers: it sends HEAD and, when that fails
// (some servers refuse HEAD with 405, or answer it wrongly), GET, reading
// nothing of the body. It returns the final status code; an error status
// (400 and up) is a *StatusError inside the returned *Error.
func (f *Fetcher) Probe(ctx context.Context, raw string) (int, error) {
	if _, err := link.Check(raw); err != nil {
		return 0, &Error{URL: raw, Err: err}
	}
	release, err := f.acquire(ctx)
	if err != nil {
		return 0, &Error{URL: raw, Err: err}
	}
	defer release()
	code, err := f.probe(ctx, http.MethodHead, raw)
	var slow *errNoAnswer
	if err != nil && ctx.Err() == nil && !errors.As(err, &slow) {
		// A server that does not answer HEAD in time will not answer GET
		// either; asking again would only double the wait.
		code, err = f.probe(ctx, http.MethodGet, raw)
	}
	if err != nil {
		return code, &Error{URL: raw, Err: err}
	}
	return code, nil
}

func (f *Fetcher) probe(ctx context.Context, method, raw string) (int, error) {
	ctx, cancel := f.deadline(ctx)
	defer cancel()
	resp, err := f.request(ctx, method, raw, "*/*")
	if err != nil {
		var se *StatusError
		if errors.As(err, &se) {
			return se.Code, err
		}
		return 0, err
	}
	// Drain a little, so that a short body lets the connection be reused.
	_, _ = io.CopyN(io.Discard, resp.Body, 4<<10)
	resp.Body.Close()
	return resp.StatusCode, nil
}
