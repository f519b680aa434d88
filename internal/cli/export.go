package cli

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/export"
	"github.com/weekly-dev/weekly/internal/sanitize"
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
		Short: "Export text, Markdown, HTML, eml, JSON",
		Long: `Write the issue to standard output, or to -o FILE. The format is --format,
else guessed from the -o file's extension (.md, .html, .eml, .json), else
text: the plain-text email layout.

  text      the plain-text email as sent
  markdown  CommonMark for a website or a repository
  html      one styled column, for a browser or an email tool
  eml       the email message itself: Subject, Date, From and To from the
            settings, and the text and HTML as alternatives; a mail tool
            opens or imports it
  json      the issue's content for scripts

The eml's subject is the settings' "subject" pattern ({newsletter},
{number}, {date}, {title}; default "{newsletter} #{number}"), its From and
To the settings' "from" and "to" when set (drafts/settings.json).

--template FILE runs a Go text/template over the issue instead; the README
documents the data it sees. A template may write at most 4 MiB.

-o never writes over a draft, settings.json or archive.json, and writes over
another existing file only when export wrote it and it has not changed
since, or with --force. Escape sequences, control characters and bidi
overrides in the draft are left out of every export.`,
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
	cmd.Flags().BoolVar(&opts.force, "force", false, "let -o replace a file export did not write (never a draft)")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(export.Formats, cobra.ShellCompDirectiveNoFileComp))
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
	forExport(d)
	format := opts.format
	if format == "" && opts.output != "" {
		switch strings.ToLower(filepath.Ext(opts.output)) {
		case ".md", ".markdown":
			format = "markdown"
		case ".html", ".htm":
			format = "html"
		case ".json":
			format = "json"
		case ".eml":
			format = "eml"
		}
	}
	var buf bytes.Buffer
	if opts.template != "" {
		t, err := export.ParseTemplate(opts.template)
		if err != nil {
			return err
		}
		err = export.Template(&buf, t, d)
		if err != nil {
			return err
		}
	} else {
		var opts export.Options
		if strings.EqualFold(format, "eml") || strings.EqualFold(format, "email") {
			if opts, err = mailOptions(app); err != nil {
				return err
			}
		}
		if err := export.WriteWith(&buf, d, format, opts); err != nil {
			return fmt.Errorf("export %s: %w", name, err)
		}
	}
	// Whether it goes to a terminal or to a file that is mailed or
	// published, an export carries no escape codes or bidi controls from
	// the draft; every other character is kept as written.
	out := []byte(sanitize.Controls(buf.String()))
	if opts.output == "" {
		_, err = app.Out.Write(out)
		return err
	}
	if err := writeOutput(filepath.Dir(path), path, opts.output, out, opts.force); err != nil {
		return err
	}
	fmt.Fprintf(app.Err, "Wrote %s\n", opts.output)
	return nil
}

// mailOptions returns the eml export's subject, From and To from the
// settings, refusing an address that does not parse there and then rather
// than in a mail tool.
func mailOptions(app *App) (export.Options, error) {
	st := app.Store()
	set, _, err := st.Settings()
	if err != nil {
		return export.Options{}, err
	}
	opts := export.Options{From: set.From, To: set.To, Subject: set.Subject}
	if _, _, err := opts.Addresses(); err != nil {
		return export.Options{}, fmt.Errorf("%s: %w", st.SettingsPath(), err)
	}
	return opts, nil
}
