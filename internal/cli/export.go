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
		Use:   "export DRAFT",
		Short: "Write a draft as the email's text, Markdown, HTML or JSON",
		Long: `Write the issue to standard output, or to -o FILE. The format is --format,
else guessed from the -o file's extension (.md, .html, .json), else text: the
plain-text email layout. --template FILE runs a Go text/template over the
issue instead; the README documents the data it sees. A template may write
at most 4 MiB.

-o never writes over a draft, settings.json or archive.json, and writes over
another existing file only when export wrote it and it has not changed
since, or with --force. Escape sequences, control characters and bidi
overrides in the draft are left out of every export.`,
		Example: `  weekly export 519                      # the plain-text email
  weekly export 519 --format markdown -o 519.md
  weekly export 519 --format json | jq '.sections[].name'
  weekly export 519 --template bullets.tmpl`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeDrafts(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExport(app, opts, args[0])
		},
	}
	cmd.Flags().StringVarP(&opts.format, "format", "f", "", "text, markdown, html or json (default text)")
	cmd.Flags().StringVar(&opts.template, "template", "", "a Go text/template file to render instead")
	cmd.Flags().StringVarP(&opts.output, "output", "o", "", "write to this file instead of standard output")
	cmd.Flags().BoolVar(&opts.force, "force", false, "let -o write over a file export did not write (never a draft, settings or the archive)")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(export.Formats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runExport(app *App, opts *exportOptions, name string) error {
	if opts.template != "" && opts.format != "" {
		return fmt.Errorf("--format and --template do not go together: choose one")
	}
	path, err := app.DraftPath(name)
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
	} else if err := export.Write(&buf, d, format); err != nil {
		return err
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
