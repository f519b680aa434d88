package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/fetch"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/store"
)

type addOptions struct {
	section   string
	blurb     string
	blurbFile string
	noFetch   bool
}

func newAddCmd(app *App) *cobra.Command {
	opts := &addOptions{}
	cmd := &cobra.Command{
		Use:   "add [DRAFT] [URL... | -]",
		Short: "Add links to the inbox or a section",
		Long: `Add one item whose URLs are all those given, in order: to the inbox, or with
--section to the end of that section. With - instead of URLs, each line of
standard input is a URL that becomes its own item (blank lines and lines
starting with # are skipped). With --blurb and no URL, the item is a block of
text, such as a sponsor message that carries its links in its sentences.

Only http and https URLs are taken; anything else is refused and the draft is
left as it was. Unless --no-fetch, each link's title and description are
fetched; a failed fetch is a warning, never a lost link.`,
		Example: `  weekly add 519 https://blog.dave.tf/post/new-kubernetes/
  weekly add 519 https://replicate.ai/ \
      https://github.com/replicate/replicate --section Tools \
      --blurb "Replicate is *new*: version control for ML models."
  weekly add https://example.com/post    # to the newest draft
  pbpaste | weekly add 519 -`,
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completeDrafts(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			name, urls := optionalDraft(app, args, looksLikeURL)
			return runAdd(cmd.Context(), app, opts, name, urls)
		},
	}
	cmd.Flags().StringVar(&opts.section, "section", "", "add to the end of this section instead of the inbox")
	cmd.Flags().StringVar(&opts.blurb, "blurb", "", "the item's blurb")
	cmd.Flags().StringVar(&opts.blurbFile, "blurb-file", "", "read the blurb from this file (paragraphs are fine)")
	cmd.Flags().BoolVar(&opts.noFetch, "no-fetch", false, "do not fetch titles and descriptions")
	cmd.MarkFlagsMutuallyExclusive("blurb", "blurb-file")
	return cmd
}

func runAdd(ctx context.Context, app *App, opts *addOptions, name string, args []string) error {
	path, err := draftPath(app, name)
	if err != nil {
		return err
	}
	if opts.blurbFile != "" {
		if opts.blurb, err = readBlurb(opts.blurbFile); err != nil {
			return err
		}
	}
	var groups [][]string // one entry per item to add
	source := "cli"
	if len(args) == 1 && args[0] == "-" {
		if opts.blurb != "" {
			return errors.New("--blurb goes with a single item; with - every line becomes its own item")
		}
		if groups, err = readURLLines(app); err != nil {
			return err
		}
		source = "stdin"
	} else if len(args) == 0 {
		// A text block without a link, such as a sponsor message.
		if strings.TrimSpace(opts.blurb) == "" {
			return errors.New("nothing to add: give one or more URLs, - to read them from standard input, or --blurb TEXT for a block of text")
		}
		groups = [][]string{nil}
	} else {
		for i, raw := range args {
			if u, ok := link.WithScheme(raw); ok {
				args[i], raw = u, u
				fmt.Fprintf(app.Err, "Taken as %s\n", u)
			}
			if _, err := link.Check(raw); err != nil {
				return err
			}
		}
		groups = [][]string{args}
	}
	if len(groups) == 0 {
		return errors.New("no URLs on standard input: nothing added")
	}
	if err := draft.CheckBlurbSize(int64(len(opts.blurb))); err != nil {
		return fmt.Errorf("%w Nothing was added", err)
	}
	now := app.Now()
	items := make([]draft.Item, len(groups))
	for i, urls := range groups {
		items[i] = draft.NewItem(urls, cleanText(opts.blurb), now, source)
		if len(urls) > 0 {
			items[i].Site = link.Site(urls[0])
		}
	}
	if !opts.noFetch {
		fetchAll(ctx, app, items)
	}
	where := "the inbox"
	if opts.section != "" {
		where = opts.section
	}
	queued, err := store.AddItems(path, "weekly add", opts.section, items, func(d *draft.Draft, items []draft.Item) ([]draft.Item, error) {
		if opts.section != "" {
			i, err := d.Section(opts.section)
			if err != nil {
				return nil, err
			}
			where = d.Sections[i].Name
		}
		warnRepeats(app, d, items)
		return items, nil
	})
	if err != nil {
		return err
	}
	if queued {
		where += " of the open editor"
	}
	if len(items) == 1 && len(items[0].URLs) == 0 {
		fmt.Fprintf(app.Out, "Added a text block to %s\n", where)
	} else if len(items) == 1 {
		fmt.Fprintf(app.Out, "Added %s to %s\n", strings.Join(items[0].URLs, " "), where)
	} else {
		fmt.Fprintf(app.Out, "Added %d links to %s\n", len(items), where)
	}
	return nil
}

// readBlurb reads a blurb from a file.
func readBlurb(path string) (string, error) {
	if fi, err := os.Stat(path); err == nil && fi.Size() > draft.MaxBlurb {
		return "", fmt.Errorf("read blurb %s: %w Nothing was changed", path, draft.CheckBlurbSize(fi.Size()))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read blurb: %w", err)
	}
	return string(data), nil
}

// readURLLines reads one URL a line from standard input, refusing all of
// them if any line is not an http or https URL.
func readURLLines(app *App) ([][]string, error) {
	var groups [][]string
	var bad []string
	sc := bufio.NewScanner(app.In)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if _, err := link.Check(line); err != nil {
			bad = append(bad, fmt.Sprintf("standard input, line %d: %v", n, err))
			continue
		}
		groups = append(groups, []string{line})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read standard input: %w", err)
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("%s\nnothing was added; fix or remove those lines and run again", strings.Join(bad, "\n"))
	}
	return groups, nil
}

// warnRepeats notes on standard error each new URL that the draft already has.
func warnRepeats(app *App, d *draft.Draft, items []draft.Item) {
	seen := map[string]string{}
	d.Items(func(p draft.Pos, it *draft.Item) {
		for _, u := range it.URLs {
			seen[link.Normalize(u)] = fmt.Sprintf("%s, item %d", d.ColumnName(p.Col), p.Index+1)
		}
	})
	for _, it := range items {
		for _, u := range it.URLs {
			if where, ok := seen[link.Normalize(u)]; ok {
				fmt.Fprintf(app.Err, "note: %s is already in the draft (%s); added again\n", u, where)
			}
		}
	}
}

// fetchAll learns the title and description of each item's first link, a
// bounded number at a time, before the draft is locked. A link that cannot
// be fetched is a warning on standard error and is kept as given; items
// without a link (text blocks) are left alone.
func fetchAll(ctx context.Context, app *App, items []draft.Item) {
	var urls []string
	var at []int // index in items of each of urls
	for i, it := range items {
		if len(it.URLs) > 0 {
			urls = append(urls, it.URLs[0])
			at = append(at, i)
		}
	}
	fetchPages(ctx, app, urls, func(k int, p fetch.Page) {
		it := &items[at[k]]
		it.Title, it.Description = p.Title, p.Description
	})
}

// fetchPages fetches urls, a bounded number at a time, and calls found with
// the index in urls and the page of each that answered; each that did not
// is a warning on standard error.
func fetchPages(ctx context.Context, app *App, urls []string, found func(k int, p fetch.Page)) {
	if len(urls) == 0 {
		return
	}
	for k, r := range app.Fetcher().FetchAll(ctx, urls) {
		if r.Err != nil {
			warnFetch(app, r.Err)
			continue
		}
		found(k, r.Page)
	}
}

// warnFetch reports a failed fetch, which names its URL, on standard error.
func warnFetch(app *App, err error) {
	fmt.Fprintf(app.Err, "warning: %v (no title fetched; the link is kept)\n", err)
}
