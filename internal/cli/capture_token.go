package cli

import (
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/capture"
)

func newCaptureTokenCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "token",
		Short: "Make, list and remove the senders' tokens",
		Long: `A token lets whoever holds it send links to weekly capture; the cards it
sends say "via NAME". weekly keeps only each token's SHA-256, with its name,
in DIR/.weekly/tokens (readable by you alone), so a token is shown once,
when it is made. A running weekly capture reads the file again when it
changes: a token made or removed counts from the next request on.`,
		Args: cobra.NoArgs,
	}
	add := &cobra.Command{
		Use:   "add NAME",
		Short: "Make a token for NAME and print it, once",
		Example: `  weekly capture token add Ann
  TOKEN=$(weekly capture token add phone)`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path, err := tokensPath(app)
			if err != nil {
				return err
			}
			token, err := capture.AddToken(path, args[0], app.Now())
			if err != nil {
				return err
			}
			fmt.Fprintf(app.Err, "The token of %s, shown this once (weekly keeps only its SHA-256, in %s):\n", args[0], path)
			fmt.Fprintln(app.Out, token)
			return nil
		},
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List the tokens' names and when each was last used",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			path, err := tokensPath(app)
			if err != nil {
				return err
			}
			tokens, err := capture.LoadTokens(path)
			if err != nil {
				return err
			}
			if len(tokens) == 0 {
				fmt.Fprintln(app.Err, "No tokens yet: weekly capture token add NAME makes one.")
				return nil
			}
			tw := tabwriter.NewWriter(app.Out, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tMADE\tLAST USED")
			for _, t := range tokens {
				last := "never"
				if !t.LastUsed.IsZero() {
					last = when(t.LastUsed)
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\n", t.Name, when(t.Created), last)
			}
			return tw.Flush()
		},
	}
	remove := &cobra.Command{
		Use:   "remove NAME",
		Short: "Remove NAME's token: it sends nothing more",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path, err := tokensPath(app)
			if err != nil {
				return err
			}
			if err := capture.RemoveToken(path, args[0]); err != nil {
				return err
			}
			fmt.Fprintf(app.Out, "Removed the token of %s; browsers signed in with it are signed out.\n", args[0])
			return nil
		},
	}
	cmd.AddCommand(add, list, remove)
	return cmd
}

// tokensPath returns the tokens file of the drafts directory, which must
// exist: tokens belong to a drafts directory, and only weekly new, import
// and archive add make one.
func tokensPath(app *App) (string, error) {
	dir := app.Store().Dir
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return "", fmt.Errorf("the drafts directory %s does not exist (weekly new creates it; check --dir and $WEEKLY_DIR)", dir)
	}
	return capture.TokensPath(dir), nil
}

// when writes a time as the token list shows it, in local time.
func when(t time.Time) string { return t.Local().Format("2006-01-02 15:04") }
