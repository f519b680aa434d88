package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	json "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/archive/index"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

type archiveSearchOptions struct {
	n      int
	format string
}

func newArchiveSearchCmd(app *App) *cobra.Command {
	opts := &archiveSearchOptions{}
	cmd := &cobra.Command{
		Use:   "search QUERY...",
		Short: "Find what the archive said about a topic",
		Long: `Search the blurbs, titles, sections and links of every archived item, best
match first (items about as good as each other: the newer issue first). Each
match is a block: the issue, its date and section, the blurb with the words
that matched marked ([word] in a pipe, in colour on a terminal), and its
links.

Words are taken in their English forms ("deployments" finds "deploy") and,
from five letters on, with one typo ("kubernetis"). "Quoted words" must come
in that order; -word leaves out what has it. Fields narrow the search:
section:tools, host:github.com (its subdomains too), issue:519 or
issue:500..520, year:2020 or year:2019..2021, title:word, blurb:word.

The index behind the search lives in .weekly/archive-index in the drafts
directory (git ignores it). archive add keeps it up to date; when it is
missing, out of date or damaged, the search builds it again first.`,
		Example: `  weekly archive search vitess
  weekly archive search '"service mesh"' -istio year:2019..2021
  weekly archive search host:github.com section:tools terraform -n 20
  weekly archive search --format json postgres | jq '.[0].urls'`,
		// A query leaves words out with -word, which cobra would take for
		// flags: searchArgs reads the command line instead.
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			q, help, err := searchArgs(app, opts, args)
			switch {
			case help:
				return cmd.Help()
			case err != nil:
				return err
			case strings.TrimSpace(q) == "":
				return errors.New("requires at least 1 arg(s): the words to look for")
			}
			return runArchiveSearch(cmd.Context(), app, opts, q)
		},
	}
	cmd.Flags().IntVarP(&opts.n, "number", "n", 10, "how many matches to show")
	cmd.Flags().StringVar(&opts.format, "format", "text", "text, or json for scripts")
	return cmd
}

// searchArgs reads archive search's command line: its flags (-n,
// --number, --format, and --dir and --help, which cobra does not read
// for it), wherever they are, and the words of the query, -word
// included. After --, everything is the query.
func searchArgs(app *App, opts *archiveSearchOptions, args []string) (q string, help bool, err error) {
	var words []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			words = append(words, args[i+1:]...)
			break
		}
		name, value, inline := strings.Cut(a, "=")
		if !inline && strings.HasPrefix(a, "-n") && len(a) > 2 && a[2] >= '0' && a[2] <= '9' {
			name, value, inline = "-n", a[2:], true // -n20
		}
		switch name {
		case "-h", "--help":
			return "", true, nil
		case "-n", "--number", "--format", "--dir":
		default:
			words = append(words, a)
			continue
		}
		if !inline {
			if i+1 >= len(args) {
				return "", false, fmt.Errorf("flag needs an argument: %s", name)
			}
			i++
			value = args[i]
		}
		switch name {
		case "--format":
			opts.format = value
		case "--dir":
			app.dir = value
		default:
			if opts.n, err = strconv.Atoi(value); err != nil {
				return "", false, fmt.Errorf("invalid argument %q for %s: a number of matches", value, name)
			}
		}
	}
	return strings.Join(words, " "), false, nil
}

// searchHit is a match as --format json writes it.
type searchHit struct {
	Issue   int      `json:"issue"`
	Date    string   `json:"date"`
	Section string   `json:"section"`
	Title   string   `json:"title"`
	Blurb   string   `json:"blurb"`
	URLs    []string `json:"urls"`
	Score   float64  `json:"score"`
}

func runArchiveSearch(ctx context.Context, app *App, opts *archiveSearchOptions, q string) error {
	if opts.format != "text" && opts.format != "json" {
		return fmt.Errorf("--format %q: the search writes text or json", opts.format)
	}
	if opts.n < 1 {
		return errors.New("-n must be 1 or more")
	}
	path := archive.Path(app.Store().Dir)
	x, err := index.Open(path)
	if err != nil {
		return err
	}
	defer x.Close()
	if x.Note != "" {
		fmt.Fprintln(app.Err, "weekly: "+sanitize.Line(x.Note))
	}
	res, err := x.Search(ctx, q, opts.n)
	if err != nil {
		return fmt.Errorf("search %s: %w", path, err)
	}
	if opts.format == "json" {
		return writeHitsJSON(app.Out, res.Hits)
	}
	open, close := "[", "]"
	if isTerminal(app.Out) && app.Getenv("NO_COLOR") == "" {
		open, close = "\x1b[1;33m", "\x1b[22;39m" // bold yellow, then back
	}
	for i, h := range res.Hits {
		if i > 0 {
			fmt.Fprintln(app.Out)
		}
		writeHit(app.Out, h, res.Marker, open, close)
	}
	switch {
	case x.Count() == 0:
		fmt.Fprintf(app.Err, "The archive %s is empty: weekly archive add FILE... adds published issues.\n", path)
	case res.Total == 0:
		fmt.Fprintf(app.Err, "Nothing in the archive (%s) matches %s\n", draft.Plural(x.Count(), "item"), sanitize.Line(q))
	case res.Total > len(res.Hits):
		fmt.Fprintf(app.Err, "%d of %d matches; -n shows more\n", len(res.Hits), res.Total)
	}
	return nil
}

// writeHit writes one match as a block: the issue line, the title when
// known, the blurb with its matched words between open and close, the
// links. Every text is cleaned of what could act on a terminal first.
func writeHit(w io.Writer, h index.Hit, mk index.Marker, open, close string) {
	head := fmt.Sprintf("#%d", h.Issue.Number)
	if d := h.Issue.LongDate(); d != "" {
		head += " · " + sanitize.Line(d)
	}
	head += " · " + sanitize.Line(h.Item.SectionName())
	fmt.Fprintln(w, head)
	if t := sanitize.Line(h.Item.Title); t != "" {
		fmt.Fprintln(w, mk.Mark(t, open, close))
	}
	if b := strings.TrimSpace(sanitize.Text(h.Item.Blurb)); b != "" {
		fmt.Fprintln(w, mk.Mark(b, open, close))
	}
	for _, u := range h.Item.URLs {
		fmt.Fprintln(w, sanitize.Line(u))
	}
}

func writeHitsJSON(w io.Writer, hits []index.Hit) error {
	out := make([]searchHit, 0, len(hits))
	for _, h := range hits {
		urls := make([]string, len(h.Item.URLs))
		for i, u := range h.Item.URLs {
			urls[i] = sanitize.Line(u)
		}
		// As weekly export --format json does: nothing that could act on a
		// terminal the JSON is printed on (JSON escapes controls, not bidi
		// overrides).
		out = append(out, searchHit{
			Issue: h.Issue.Number, Date: sanitize.Line(h.Issue.Date), Section: sanitize.Line(h.Item.SectionName()),
			Title: sanitize.Line(h.Item.Title), Blurb: sanitize.Text(h.Item.Blurb), URLs: urls, Score: round(h.Score),
		})
	}
	data, err := json.Marshal(out, jsontext.WithIndent("  "), jsontext.EscapeForHTML(false))
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// round keeps four decimals of a score: more says nothing.
func round(f float64) float64 { return float64(int64(f*10000+0.5)) / 10000 }
