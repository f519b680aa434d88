package cli

// This is a minimal import command for the link intake only (feeds,
// bookmarks, lists of URLs, --feed). The full command, which also reads
// published issues, is built separately; merge the two, keeping
// importLinks and importFeed as the first readers tried.

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
)

type importOptions struct {
	feed string
}

func newImportCmd(app *App) *cobra.Command {
	opts := &importOptions{}
	cmd := &cobra.Command{
		Use:   "import DRAFT [FILE...] [--feed URL]",
		Short: "Import links from feeds, bookmarks or lists of URLs into a draft's inbox",
		Long: `Add the links of each FILE to the draft's inbox: an RSS, Atom or JSON feed, a
bookmarks file as browsers export it, or a list of URLs (one a line; blank
lines and lines starting with # are skipped). With --feed, the feed is
fetched over HTTP. FILE - reads standard input.

Each link becomes an inbox item with its title and description; links the
draft already has are left out, and links without a title in the file have it
fetched. Only http and https links are taken: a list of URLs with any other
line is refused whole, while a feed or bookmarks file keeps its good entries
and names the others. The draft is created from the settings if it does not
exist.`,
		Example: `  weekly import 519 ~/bookmarks.html
  weekly import 519 links.txt
  weekly import 519 --feed https://blog.example.com/feed.xml`,
		Args:              cobra.MinimumNArgs(1),
		ValidArgsFunction: completeDrafts(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runImport(app, opts, args[0], args[1:])
		},
	}
	cmd.Flags().StringVar(&opts.feed, "feed", "", "fetch the feed at this URL and import its links")
	return cmd
}

func runImport(app *App, opts *importOptions, name string, files []string) error {
	path, err := app.DraftPath(name)
	if err != nil {
		return err
	}
	if len(files) == 0 && opts.feed == "" {
		return errors.New("nothing to import: give one or more files, or --feed URL")
	}
	for _, file := range files {
		var data []byte
		if file == "-" {
			data, err = io.ReadAll(app.In)
			file = "standard input"
		} else {
			data, err = os.ReadFile(file)
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", file, err)
		}
		handled, err := importLinks(app, path, file, data)
		if err != nil {
			return err
		}
		if !handled {
			return fmt.Errorf("%s is not a feed, a bookmarks file or a list of URLs; nothing was imported from it", file)
		}
	}
	if opts.feed != "" {
		return importFeed(app, path, opts.feed)
	}
	return nil
}
