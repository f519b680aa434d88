package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/mail"
	"os/exec"
	"strings"

	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/format"
	"github.com/weekly-dev/weekly/internal/store"
)

type sendOptions struct {
	to       string
	sendmail string
}

func newSendCmd(app *App) *cobra.Command {
	opts := &sendOptions{}
	cmd := &cobra.Command{
		Use:   "send [DRAFT]",
		Short: "Send the email to yourself to read",
		Long: `Send the issue's email (the eml export) to --to ADDRESS only, through the
local sendmail, run as "sendmail -t -i" with the message on its standard
input. The message's To is that address alone, whatever the settings say:
weekly never sends to the newsletter's subscribers; that is the mail
service's job. From and the subject come from the settings as in the export.

Without a sendmail (msmtp-mta, postfix, exim...), export the message and open
it in a mail tool instead: weekly export DRAFT --format eml -o FILE.eml`,
		Example: `  weekly send 519 --to me@example.com
  weekly send 519 --to me@example.com --sendmail /usr/sbin/sendmail`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeDrafts(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSend(cmd.Context(), app, opts, firstArg(args))
		},
	}
	cmd.Flags().StringVar(&opts.to, "to", "", "the one address to send the test to (required)")
	cmd.Flags().StringVar(&opts.sendmail, "sendmail", "sendmail", "the sendmail program: a path, or a name on $PATH")
	return cmd
}

func runSend(ctx context.Context, app *App, opts *sendOptions, name string) error {
	if strings.TrimSpace(opts.to) == "" {
		return fmt.Errorf("send needs --to ADDRESS: the one address (yours) to send the test to")
	}
	to, err := mail.ParseAddress(opts.to)
	if err != nil {
		return fmt.Errorf("--to %q is not one email address: %w", opts.to, err)
	}
	path, err := draftPath(app, name)
	if err != nil {
		return err
	}
	d, err := store.Load(path)
	if err != nil {
		return err
	}
	mo, err := mailOptions(app)
	if err != nil {
		return err
	}
	mo.To = to.String()
	m, err := format.Message(d, mo)
	if err != nil {
		return fmt.Errorf("send %s: %w", name, err)
	}
	var msg bytes.Buffer
	if err := m.Write(&msg); err != nil {
		return fmt.Errorf("send %s: %w", name, err)
	}
	bin, err := exec.LookPath(opts.sendmail)
	if err != nil {
		where := fmt.Sprintf("%q is not on $PATH", opts.sendmail)
		if strings.ContainsRune(opts.sendmail, '/') {
			where = fmt.Sprintf("%s is not an executable file", opts.sendmail)
		}
		return fmt.Errorf("no sendmail to send with (%s): install one (msmtp-mta, postfix...) or name it with --sendmail PATH; "+
			"or export the message and send it from a mail tool: weekly export %s --format eml -o %s.eml", where, name, exportName(name))
	}
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "-t", "-i")
	cmd.Stdin = &msg
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		detail := strings.TrimSpace(out.String())
		var exit *exec.ExitError
		if errors.As(err, &exit) && detail != "" {
			return fmt.Errorf("%s -t -i failed (%v): %s", bin, err, detail)
		}
		return fmt.Errorf("%s -t -i failed: %w", bin, err)
	}
	if out.Len() > 0 {
		_, _ = app.Err.Write(out.Bytes())
	}
	fmt.Fprintf(app.Err, "Sent %q to %s through %s\n", m.Subject, to.Address, bin)
	return nil
}

// exportName is a file name for the export hint: the draft's name without
// its directory or .json.
func exportName(name string) string {
	name = name[strings.LastIndexByte(name, '/')+1:]
	return strings.TrimSuffix(name, ".json")
}
