package cli

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/publish"
	"github.com/weekly-dev/weekly/internal/store"
)

type publishOptions struct {
	site    string
	baseURL string
	format  string
	rebuild bool
}

func newPublishCmd(app *App) *cobra.Command {
	opts := &publishOptions{}
	cmd := &cobra.Command{
		Use:   "publish [DRAFT]",
		Short: "Publish to a web archive and feed",
		Long: `Write the issue into a static web archive that any web server or Pages
service can host, and add it to the archive of sent issues (as weekly
archive add does), so that its links count as used:

  DIR/N/index.html   the issue's page: name, number, date, reading time,
                     intro, sections, footer, and links to the issues beside
                     it and to the index
  DIR/index.html     every issue published there, newest first
  DIR/feed.xml       an Atom feed of the newest 20 issues (with --base-url)
  DIR/style.css      the one stylesheet, light and dark

The pages load nothing from elsewhere and run no script. Publishing again
gives the same bytes; an earlier issue goes in its place among the others.
Each file is written atomically, and only when it changes.

--rebuild writes every page again from the archive, after a change of
weekly's pages or style, or to make a site of issues added with weekly
archive add: each issue from the file it was added from, or, when that is
gone, from the links the archive keeps.

--format hugo writes DIR/content/issues/N.md for an existing Hugo site
instead: TOML front matter (title, date, number, reading time) and the
issue as Markdown.

DIR is --site, else the settings' "site_dir" (relative to the drafts
directory); the feed's address is --base-url, else the settings' "site_url".`,
		Example: `  weekly publish 519 --site site --base-url https://example.com/archive/
  weekly publish --rebuild --site site
  weekly publish 519 --site ../blog --format hugo`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeDrafts(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPublish(app, opts, firstArg(args))
		},
	}
	cmd.Flags().StringVar(&opts.site, "site", "", "the site's folder (or site_dir)")
	cmd.Flags().StringVar(&opts.baseURL, "base-url", "", "the site's address, for the feed (or site_url)")
	cmd.Flags().StringVar(&opts.format, "format", "html", "html (a static site) or hugo (content for a Hugo site)")
	cmd.Flags().BoolVar(&opts.rebuild, "rebuild", false, "write every page again from the archive")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"html", "hugo"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runPublish(app *App, opts *publishOptions, name string) error {
	f, err := publish.ParseFormat(opts.format)
	if err != nil {
		return err
	}
	st := app.Store()
	set, _, err := st.Settings()
	if err != nil {
		return err
	}
	po := publish.Options{Site: opts.site, BaseURL: opts.baseURL, Format: f, Archive: archive.Path(st.Dir)}
	if po.Site == "" {
		po.Site = st.Site(set)
	}
	if po.Site == "" {
		return errors.New("publish needs --site DIR: the folder of the web archive (or site_dir in the settings)")
	}
	if po.BaseURL == "" {
		po.BaseURL = set.SiteURL
	}
	if po.BaseURL != "" {
		if po.BaseURL, err = publish.BaseURL(po.BaseURL); err != nil {
			return err
		}
	}
	if opts.rebuild {
		if name != "" {
			return fmt.Errorf("--rebuild writes every issue of the archive: name no draft (%s)", name)
		}
		return rebuild(app, po, set.Newsletter)
	}
	path, err := draftPath(app, name)
	if err != nil {
		return err
	}
	d, err := store.LoadQueued(path)
	if err != nil {
		return err
	}
	po.Source = path
	res, err := publish.Publish(d, po)
	if err != nil {
		return fmt.Errorf("publish %s: %w", path, err)
	}
	reportPublished(app, d, res, po)
	return nil
}

// rebuild writes the site again from the archive.
func rebuild(app *App, po publish.Options, newsletter string) error {
	a, err := archive.Load(po.Archive)
	if err != nil {
		return err
	}
	issues, src := publish.FromArchive(a, newsletter)
	if len(issues) == 0 {
		return fmt.Errorf("the archive %s holds no issue to publish: add the issues sent with weekly archive add FILES", po.Archive)
	}
	res, err := publish.Rebuild(issues, po)
	if err != nil {
		return err
	}
	fmt.Fprintf(app.Out, "Rebuilt %s in %s: %d written, the rest unchanged\n", draft.Plural(len(issues), "issue"), po.Site, len(res.Written))
	if src.Links > 0 {
		fmt.Fprintf(app.Err, "%s made of the links the archive keeps, without blurbs: the files they were added from are gone (add them again with weekly archive add)\n",
			draft.Plural(src.Links, "issue"))
	}
	if po.Format == publish.HTML {
		reportFeed(app, res, po)
	}
	return nil
}

// reportPublished says where the issue went and what else to know.
func reportPublished(app *App, d *draft.Draft, res *publish.Result, po publish.Options) {
	what := "Published"
	if res.Replaced {
		what = "Published again"
	}
	fmt.Fprintf(app.Out, "%s #%d: %s\n", what, d.Number, res.Page)
	if po.Format == publish.HTML {
		fmt.Fprintf(app.Out, "The site %s holds %s; %s written, the rest unchanged\n", po.Site, draft.Plural(res.Issues, "issue"), draft.Plural(len(res.Written), "file"))
		reportFeed(app, res, po)
	}
	if _, inbox := d.Count(); inbox == 1 {
		fmt.Fprintln(app.Err, "1 link in the inbox is not published.")
	} else if inbox > 1 {
		fmt.Fprintf(app.Err, "%d links in the inbox are not published.\n", inbox)
	}
}

func reportFeed(app *App, res *publish.Result, po publish.Options) {
	if res.Feed {
		fmt.Fprintf(app.Out, "Feed: %s, at %sfeed.xml\n", filepath.Join(po.Site, "feed.xml"), po.BaseURL)
		return
	}
	fmt.Fprintln(app.Err, "No feed: its links must be absolute; give --base-url https://example.com/archive/ or set site_url in the settings.")
}
