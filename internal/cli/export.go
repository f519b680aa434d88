package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/export"
	"github.com/weekly-dev/weekly/internal/format"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/store"
)

type exportOptions struct {
	format   string
	template string
	output   string
	force    bool
}

func newExportCmd(app *App) *cobra.Command {
	opts := &exportOptions{}
	cmd := &cobra.Command{
		Use:   "export [DRAFT]",
		Short: "Export as text, Markdown, HTML, eml",
		Long: `Write the issue to standard output, or to -o FILE. The format is --format,
else the one the -o file's ending means (.txt, .md, .html, .eml, .json; an
ending no format has is refused), else text: the plain-text email layout.

  text      the plain-text email as sent
  markdown  CommonMark for a website or a repository
  html      one styled column, for a browser or an email tool
  eml       the email message itself: Subject, Date, From and To from the
            settings, and the text and HTML as alternatives; a mail tool
            opens or imports it
  json      the issue's content for scripts

The eml's subject is the settings' "subject" pattern ({newsletter},
{number}, {date}, {title}; default "{newsletter} #{number}"), its From and
To the settings' "from" and "to" when set (drafts/settings.json). With the
settings' "site_url" (the web archive's address), the HTML, alone and in
the eml, starts with a link to the issue's page there.

--template FILE runs a Go text/template over the issue instead; the README
documents the data it sees. A template may write at most 4 MiB.

-o never writes over a draft (by any name), settings.json, archive.json, nor
weekly's files beside a draft (locks, queues, .exports, .weekly/), whatever
--force says. It writes over another existing file only when weekly wrote it
(export -o or the board's e, recorded in the drafts folder's .exports) and it
has not changed since, or with --force. Escape sequences, control characters
and bidi overrides in the draft are left out of every export.`,
		Example: `  weekly export 519                      # the plain-text email
  weekly export 519 --format markdown -o 519.md
  weekly export 519 -o 519.eml           # the message, for a mail tool
  weekly export 519 --format json | jq '.sections[].name'
  weekly export 519 --template bullets.tmpl`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeDrafts(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExport(app, opts, firstArg(args))
		},
	}
	cmd.Flags().StringVarP(&opts.format, "format", "f", "", "text, markdown, html, eml or json (default text)")
	cmd.Flags().StringVar(&opts.template, "template", "", "a Go text/template file to render instead")
	cmd.Flags().StringVarP(&opts.output, "output", "o", "", "write to this file instead of standard output")
	cmd.Flags().BoolVar(&opts.force, "force", false, "let -o replace a file weekly did not write (never a draft)")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(format.Names(), cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runExport(app *App, opts *exportOptions, name string) error {
	if opts.template != "" && opts.format != "" {
		return fmt.Errorf("--format and --template do not go together: choose one")
	}
	path, err := draftPath(app, name)
	if err != nil {
		return err
	}
	d, err := store.LoadQueued(path)
	if err != nil {
		return err
	}
	if fi, err := os.Stat(path); err == nil {
		defer export.BoundMemory(fi.Size())()
	}
	warnConflicts(app, d)
	// Every writer leaves out the escape codes and bidi controls a draft
	// may carry, whether the export goes to a terminal or to a file that is
	// mailed or published; every other character is kept as written. A
	// format's export is streamed to its output as it is written (a
	// template's, at most MaxTemplateOutput, is written once whole).
	var write func(io.Writer) error
	if opts.template != "" {
		t, err := export.ParseTemplate(opts.template)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := export.Template(&buf, t, d); err != nil {
			return err
		}
		write = func(w io.Writer) error {
			_, err := w.Write(buf.Bytes())
			return err
		}
	} else {
		f, err := exportFormat(opts)
		if err != nil {
			return err
		}
		mail, err := formatOptions(app, f.Name)
		if err != nil {
			return err
		}
		write = func(w io.Writer) error {
			if err := f.Write(w, d, mail); err != nil {
				return fmt.Errorf("export %s: %w", name, err)
			}
			return nil
		}
	}
	if opts.output == "" {
		bw := bufio.NewWriterSize(app.Out, 64<<10)
		if err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	err = export.ToFileFrom(opts.output, write, export.ToFileOptions{Draft: path, Force: opts.force})
	var (
		exists *export.ExistsError
		own    *export.OwnError
	)
	switch {
	case errors.As(err, &exists):
		return fmt.Errorf("-o %w; give --force to write over it, or choose another file", err)
	case errors.As(err, &own):
		return fmt.Errorf("-o %w; choose another file", err)
	case err != nil:
		return err
	}
	fmt.Fprintf(app.Err, "Wrote %s\n", opts.output)
	return nil
}

// exportFormat is the format --format names, else the one the -o file's
// ending means, else text. An ending no format has is refused: -o x.pdf
// would otherwise be text under a name that says otherwise.
func exportFormat(opts *exportOptions) (format.Format, error) {
	names := strings.Join(format.Names(), ", ")
	switch {
	case opts.format != "":
		if f, ok := format.Named(opts.format); ok {
			return f, nil
		}
		return format.Format{}, fmt.Errorf("unknown format %q: use one of %s, or --template FILE", opts.format, names)
	case opts.output != "" && filepath.Ext(opts.output) != "":
		if f, ok := format.ForPath(opts.output); ok {
			return f, nil
		}
		return format.Format{}, fmt.Errorf("-o %s: no format writes %s files; give --format (one of %s) or a file name ending in %s",
			opts.output, filepath.Ext(opts.output), names, strings.Join(endings(), ", "))
	}
	f, _ := format.Named("text")
	return f, nil
}

// endings are the file endings -o recognises, one of each format's.
func endings() []string {
	var out []string
	for _, f := range format.All() {
		for _, ext := range f.Ext {
			if filepath.Ext(ext) == ext { // ".json", not ".issue.json"
				out = append(out, ext)
				break
			}
		}
	}
	return out
}

// formatOptions returns what the named format takes from the settings: the
// eml's (mailOptions), the HTML's link to the page (site_url), and
// nothing for the others.
func formatOptions(app *App, name string) (export.Options, error) {
	switch name {
	case "eml":
		return mailOptions(app)
	case "html":
		st := app.Store()
		set, _, err := st.Settings()
		if err != nil {
			return export.Options{}, err
		}
		return siteOptions(st.SettingsPath(), set.SiteURL)
	}
	return export.Options{}, nil
}

// siteOptions returns the options that link the HTML to the page
// at siteURL (the settings' site_url), refusing one that is not an
// address of a site there and then.
func siteOptions(settings, siteURL string) (export.Options, error) {
	if siteURL == "" {
		return export.Options{}, nil
	}
	if _, err := link.SiteBase(siteURL); err != nil {
		return export.Options{}, fmt.Errorf("%s: site_url: %w", settings, err)
	}
	return export.Options{SiteURL: siteURL}, nil
}

// mailOptions returns the eml export's subject, From and To from the
// settings, and the site its HTML links to, refusing an address that does
// not parse there and then rather than in a mail tool.
func mailOptions(app *App) (export.Options, error) {
	st := app.Store()
	set, _, err := st.Settings()
	if err != nil {
		return export.Options{}, err
	}
	opts, err := siteOptions(st.SettingsPath(), set.SiteURL)
	if err != nil {
		return export.Options{}, err
	}
	opts.From, opts.To, opts.Subject = set.From, set.To, set.Subject
	if _, _, err := opts.Addresses(); err != nil {
		return export.Options{}, fmt.Errorf("%s: %w", st.SettingsPath(), err)
	}
	return opts, nil
}

// warnConflicts says on stderr when a merge conflict is not settled yet:
// what goes out has one side's text only.
func warnConflicts(app *App, d *draft.Draft) {
	n := len(d.Conflicts)
	d.Items(func(_ draft.Pos, it *draft.Item) {
		if it.Conflict != nil {
			n++
		}
	})
	if n > 0 {
		fmt.Fprintf(app.Err, "Warning: %s of a merge not settled (⚡ on the board): this has one side's text only; weekly check shows both.\n", draft.Plural(n, "conflict"))
	}
}
