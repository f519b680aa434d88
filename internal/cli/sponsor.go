package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/store"
)

type sponsorOptions struct {
	blurb     string
	blurbFile string
}

func newSponsorCmd(app *App) *cobra.Command {
	opts := &sponsorOptions{}
	cmd := &cobra.Command{
		Use:   "sponsor [DRAFT] NAME [URL...]",
		Short: "Add a sponsor's block to a draft",
		Long: `weekly sponsor [DRAFT] NAME [URL...]: the newest draft unless DRAFT comes
first (a draft that exists, before NAME).

Add a sponsor section at the top of the issue (after any sponsor sections
already there), headed by the settings' sponsor heading pattern with NAME
filled in: "{sponsor} sponsors {newsletter}" unless drafts/settings.json sets
"sponsor_heading". The text may be several paragraphs and carry its URLs
inside sentences: a URL that the text already contains is not repeated below
it. A second sponsor block under the same heading joins the same section.`,
		Example: `  weekly sponsor 519 StackHawk https://sthwk.com/kube-services \
      --blurb "See how we built our microservices in Kubernetes."
  weekly sponsor 229 "Brightbox Cloud" \
      https://brightbox.com/devopsweekly --blurb-file brightbox.txt`,
		Args:              cobra.MinimumNArgs(1),
		ValidArgsFunction: completeDrafts(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 || (looksLikeURL(args[1]) && !isDraft(app, args[0])) {
				args = append([]string{""}, args...) // no draft named
			}
			return runSponsor(app, opts, args[0], args[1], args[2:])
		},
	}
	cmd.Flags().StringVar(&opts.blurb, "blurb", "", "the sponsor's text (this or --blurb-file is required)")
	cmd.Flags().StringVar(&opts.blurbFile, "blurb-file", "", "read the sponsor's text from this file")
	cmd.MarkFlagsMutuallyExclusive("blurb", "blurb-file")
	return cmd
}

func runSponsor(app *App, opts *sponsorOptions, name, sponsor string, urls []string) error {
	path, err := draftPath(app, name)
	if err != nil {
		return err
	}
	if opts.blurbFile != "" {
		if opts.blurb, err = readBlurb(opts.blurbFile); err != nil {
			return err
		}
	}
	if err := draft.CheckBlurbSize(int64(len(opts.blurb))); err != nil {
		return fmt.Errorf("%w Nothing was changed", err)
	}
	blurb := cleanText(opts.blurb)
	if blurb == "" {
		return errors.New("a sponsor block needs its text: pass --blurb TEXT")
	}
	for _, u := range urls {
		if _, err := link.Check(u); err != nil {
			return err
		}
	}
	set, _, err := app.Store().Settings()
	if err != nil {
		return err
	}
	var heading string
	queued, err := store.Change(path, "weekly sponsor", func(d *draft.Draft) (draft.Change, error) {
		heading = set.SponsorHeadingFor(sponsor, d.Newsletter)
		var c draft.Change
		col := d.SectionIndex(heading) + 1
		if col == 0 {
			col = 1
			for col <= len(d.Sections) && d.Sections[col-1].Sponsor {
				col++
			}
			c = append(c, draft.Op{Kind: draft.OpSectionAdd, To: draft.Pos{Col: col}, Section: heading, Sponsor: true})
		}
		item := draft.NewItem(urls, blurb, app.Now(), "sponsor")
		if len(urls) > 0 {
			item.Site = link.Site(urls[0])
		}
		end := 0
		if col < d.Columns() && c == nil {
			end = len(d.Column(col))
		}
		return append(c, draft.Op{Kind: draft.OpInsert, To: draft.Pos{Col: col, Index: end}, Item: item}), nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(app.Out, "Added the sponsor block under %q\n", heading)
	if queued {
		fmt.Fprintln(app.Out, "Queued for the board that has the draft open; it applies it within a second")
	}
	return nil
}
