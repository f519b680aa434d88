package cli

import (
	"context"
	"fmt"
	"log"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/browse"
	"github.com/weekly-dev/weekly/internal/capture"
)

type captureOptions struct {
	listen  string
	tlsCert string
	tlsKey  string
	open    bool
}

func newCaptureCmd(app *App) *cobra.Command {
	opts := &captureOptions{}
	cmd := &cobra.Command{
		Use:   "capture",
		Short: "Take links from browsers and phones",
		Long: `Serve an HTTP endpoint that adds links to a draft's inbox as weekly add
does (through the draft's queue when a board has it open, which shows them
within a second). Each card records who sent it, by the name of their
token, and their note, which never goes into the issue.

  POST /links   with Authorization: Bearer TOKEN and a JSON body
                {"url": "...", "title": "...", "note": "...", "draft": "519"}
                (only url is needed; draft is the newest unless named).
                Answers 201 {"draft": "519", "id": "...", "repeat": false,
                "in_draft": false}: repeat says an earlier issue in the
                archive had the link. A title not given is fetched after
                the link is saved.
  /             the capture page: a bookmarklet, a form that works on a
                phone, and the last links received. A browser signs in
                with a login link printed when weekly capture starts (each
                works once, within an hour), or with a token pasted in.
  /share        the page as a phone's share target (?url=&title=&text=).

Tokens are made with weekly capture token add NAME; only their SHA-256 is
kept, in DIR/.weekly/tokens, which is read again when it changes. One
token may send 60 links a minute (every request it signs counts).

It listens on 127.0.0.1 unless --listen names another address; on any
other address it needs --tls-cert and --tls-key, since tokens and cookies
would otherwise cross the network in clear text. SIGTERM or ctrl+c stops
it after the requests in flight.`,
		Example: `  weekly capture token add Ann
  weekly capture --open
  curl -H "Authorization: Bearer $TOKEN" \
      -d '{"url": "https://example.com/post", "note": "Tools?"}' \
      http://127.0.0.1:23235/links
  weekly capture --listen 0.0.0.0:23235 \
      --tls-cert host.crt --tls-key host.key`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCapture(cmd.Context(), app, opts)
		},
	}
	cmd.Flags().StringVar(&opts.listen, "listen", capture.DefaultAddr, "address to listen on, host:port")
	cmd.Flags().StringVar(&opts.tlsCert, "tls-cert", "", "serve HTTPS with this certificate (PEM)")
	cmd.Flags().StringVar(&opts.tlsKey, "tls-key", "", "the certificate's private key (PEM)")
	cmd.Flags().BoolVar(&opts.open, "open", false, "open the first token's login link in the browser")
	cmd.AddCommand(newCaptureTokenCmd(app))
	return cmd
}

func runCapture(ctx context.Context, app *App, opts *captureOptions) error {
	srv, err := capture.New(capture.Config{
		Dir:     app.Store().Dir,
		Addr:    opts.listen,
		TLSCert: opts.tlsCert,
		TLSKey:  opts.tlsKey,
		Now:     app.Now,
		Fetch:   titleFetch(app),
		Log:     log.New(app.Err, "", log.LstdFlags),
	})
	if err != nil {
		return err
	}
	l, err := srv.Listen()
	if err != nil {
		srv.Close()
		return err
	}
	links := srv.LoginLinks()
	fmt.Fprintf(app.Out, "weekly capture: listening on %s\n", srv.URL())
	for _, ln := range links {
		fmt.Fprintf(app.Out, "Login link for %s (works once, within an hour): %s\n", ln.Name, ln.URL)
	}
	fmt.Fprintf(app.Out, "Scripts: POST %s/links with Authorization: Bearer TOKEN. ctrl+c stops.\n", srv.URL())
	if opts.open && len(links) > 0 {
		if err := browse.Open(app.Getenv, links[0].URL, false); err != nil {
			fmt.Fprintf(app.Err, "warning: could not open the browser (%v); open the login link above\n", err)
		}
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	defer stop()
	return srv.Serve(ctx, l)
}

// titleFetch learns a captured link's title with the app's fetcher.
func titleFetch(app *App) capture.FetchFunc {
	fetcher := app.Fetcher()
	return func(ctx context.Context, url string) (string, string, error) {
		p, err := fetcher.Fetch(ctx, url)
		return p.Title, p.Description, err
	}
}
