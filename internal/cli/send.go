package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/deliver"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/format"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/store"
)

// PasswordEnv is where weekly send takes the SMTP password from: never a
// flag (other users see a command's arguments), never a file weekly writes.
const PasswordEnv = "WEEKLY_SMTP_PASSWORD"

type sendOptions struct {
	to       string
	sendmail string
	smtp     string
	smtpUser string
	yes      bool
	again    bool
}

func newSendCmd(app *App) *cobra.Command {
	opts := &sendOptions{}
	cmd := &cobra.Command{
		Use:   "send [DRAFT]",
		Short: "Send the email to you, or the list",
		Long: `Send the issue's email (the eml export) to --to ADDRESS only: the message's
To is that address alone, whatever the settings' "to" says. From and the
subject come from the settings as in the export; the Date is the time it
is sent (the export is dated on the issue's date).

With --smtp HOST:PORT (or smtp_host in the settings) it goes through that
submission server: STARTTLS is required on any server but this machine's
own, and port 465 speaks TLS from the start. --smtp-user (or smtp_user)
logs in, with the password from $WEEKLY_SMTP_PASSWORD, never a flag and
never stored. A refusal quotes the server ("535 5.7.8 Authentication
failed"). Without a server it goes through the local sendmail, run as
"sendmail -t -i" with the message on its standard input.

--to the settings' list_address sends the issue to the newsletter's
mailing list: weekly asks first on a terminal (--yes in a script), and
sends an issue to the list once: again only with --again. Every send is
recorded in the draft with its time and the server's id for it.

Without a sendmail or a server, export the message and open it in a mail
tool instead: weekly export DRAFT --format eml -o FILE.eml`,
		Example: `  weekly send 519 --to me@example.com
  weekly send 519 --to me@example.com --sendmail /usr/sbin/sendmail
  WEEKLY_SMTP_PASSWORD=... weekly send 519 --to me@example.com \
      --smtp smtp.example.com:587 --smtp-user me@example.com
  weekly send 519 --to list@example.com --yes`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeDrafts(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSend(cmd.Context(), app, opts, firstArg(args), cmd.Flags().Changed("sendmail"))
		},
	}
	cmd.Flags().StringVar(&opts.to, "to", "", "the one address to send to: yours, or the list's (required)")
	cmd.Flags().StringVar(&opts.sendmail, "sendmail", "sendmail", "the sendmail program: a path, or a name on $PATH")
	cmd.Flags().StringVar(&opts.smtp, "smtp", "", "the SMTP server, HOST:PORT (or smtp_host)")
	cmd.Flags().StringVar(&opts.smtpUser, "smtp-user", "", "the SMTP login (or smtp_user)")
	cmd.Flags().BoolVar(&opts.yes, "yes", false, "send to the list without asking")
	cmd.Flags().BoolVar(&opts.again, "again", false, "send to the list an issue that went there already")
	return cmd
}

// transport hands a message to the mail system and says what it called
// it (the server's id, or "").
type transport struct {
	name string // for messages: "smtp.example.com:587 (STARTTLS)", "/usr/sbin/sendmail"
	send func(msg []byte) (id string, err error)
}

func runSend(ctx context.Context, app *App, opts *sendOptions, name string, sendmailGiven bool) error {
	if strings.TrimSpace(opts.to) == "" {
		return fmt.Errorf("send needs --to ADDRESS: the one address (yours, or the list's) to send to")
	}
	to, err := mail.ParseAddress(opts.to)
	if err != nil {
		return fmt.Errorf("--to %q is not one email address: %w", opts.to, err)
	}
	path, err := draftPath(app, name)
	if err != nil {
		return err
	}
	st := app.Store()
	set, _, err := st.Settings()
	if err != nil {
		return err
	}
	mo, err := mailOptions(app)
	if err != nil {
		return err
	}
	list, err := isList(set, to)
	if err != nil {
		return fmt.Errorf("%s: %w", st.SettingsPath(), err)
	}
	if list {
		to, _ = mail.ParseAddress(set.ListAddress) // the list as the settings name it
	}
	mo.To = to.String()
	d, err := store.LoadQueued(path)
	if err != nil {
		return err
	}
	if list {
		if err := checkListSend(d, opts.again); err != nil {
			return err
		}
	}
	tr, err := newTransport(ctx, app, opts, set, mo, to.Address, sendmailGiven)
	if errors.Is(err, errNoSendmail) {
		n := exportName(path)
		return fmt.Errorf("%w; or export the message and send it from a mail tool: weekly export %s --format eml -o %s.eml", err, n, n)
	}
	if err != nil {
		return err
	}
	if list && !opts.yes {
		if !inTerminal(app.In) {
			return fmt.Errorf("%s is the newsletter's list: sending to it asks first; run it on a terminal, or give --yes", to.Address)
		}
		q := fmt.Sprintf("Send %q to the list %s through %s? [y/N] ", sanitize.Line(format.Subject(mo.Subject, d)), sanitize.Line(to.Address), sanitize.Line(tr.name))
		if !askYes(app.In, app.Err, q) {
			return errors.New("not sent: the answer was not yes")
		}
	}
	message := func(d *draft.Draft) ([]byte, string, error) {
		// Dated when it is sent, not on the date: a test sent
		// days before (or a send after) would otherwise sort in the
		// inbox by a day it was not sent.
		mo := mo
		mo.Date = app.Now().Truncate(time.Second)
		m, err := format.Message(d, mo)
		if err != nil {
			return nil, "", fmt.Errorf("send %s: %w", path, err)
		}
		var b bytes.Buffer
		if err := m.Write(&b); err != nil {
			return nil, "", fmt.Errorf("send %s: %w", path, err)
		}
		return b.Bytes(), m.Subject, nil
	}
	var (
		sent    bool
		subject string
		rec     draft.Send
	)
	// The send is made with the draft held, so that two sends to the list
	// cannot both find it unsent, and recorded in it at once: in the file,
	// or in the queue of the board that has it open (which takes it in as
	// a record no one undoes).
	queued, err := store.Change(path, "weekly send", func(d *draft.Draft) (draft.Change, error) {
		if list {
			if err := checkListSend(d, opts.again); err != nil {
				return nil, err
			}
		}
		msg, subj, err := message(d)
		if err != nil {
			return nil, err
		}
		id, err := tr.send(msg)
		if err != nil {
			return nil, err
		}
		sent, subject = true, subj
		rec = draft.Send{To: to.Address, List: list, At: app.Now().UTC().Truncate(time.Second), MessageID: id}
		return draft.Change{{Kind: draft.OpSend, Sent: &rec}}, nil
	})
	switch {
	case err != nil && sent:
		reportSent(app, subject, to.Address, tr, rec.MessageID)
		return fmt.Errorf("sent, but not recorded in %s (do not send it again by mistake): %w", path, err)
	case err != nil:
		return err
	}
	reportSent(app, subject, to.Address, tr, rec.MessageID)
	where := path
	if queued {
		where += " (through the board that has it open)"
	}
	if list {
		fmt.Fprintf(app.Err, "Recorded in %s: it goes to the list again only with --again.\n", where)
	}
	return nil
}

func reportSent(app *App, subject, to string, tr transport, id string) {
	line := fmt.Sprintf("Sent %q to %s through %s", subject, to, tr.name)
	if id != "" {
		line += ": " + id
	}
	fmt.Fprintln(app.Err, sanitize.Line(line))
}

// isList reports whether to is the newsletter's list address.
func isList(set store.Settings, to *mail.Address) (bool, error) {
	if strings.TrimSpace(set.ListAddress) == "" {
		return false, nil
	}
	l, err := mail.ParseAddress(set.ListAddress)
	if err != nil {
		return false, fmt.Errorf("list_address %q is not an email address: %w", set.ListAddress, err)
	}
	return strings.EqualFold(l.Address, to.Address), nil
}

// checkListSend refuses a second send of the issue to the list, unless
// again.
func checkListSend(d *draft.Draft, again bool) error {
	if again {
		return nil
	}
	for i := len(d.Sends) - 1; i >= 0; i-- {
		if s := d.Sends[i]; s.List {
			return fmt.Errorf("issue #%d went to the list %s on %s; it goes there again only with --again",
				d.Number, s.To, s.At.UTC().Format("2006-01-02 15:04 UTC"))
		}
	}
	return nil
}

// newTransport is the SMTP server when one is named (--smtp, or the
// settings' smtp_host), else the local sendmail.
func newTransport(ctx context.Context, app *App, opts *sendOptions, set store.Settings, mo format.Options, rcpt string, sendmailGiven bool) (transport, error) {
	addr := opts.smtp
	if addr == "" {
		addr = set.SMTPHost
	}
	if addr == "" {
		return sendmailTransport(ctx, app, opts.sendmail)
	}
	if sendmailGiven {
		return transport{}, errors.New("--sendmail and an SMTP server (--smtp, or smtp_host in the settings) do not go together: choose one")
	}
	host, port, err := deliver.ParseAddr(addr)
	if err != nil {
		return transport{}, err
	}
	from, _, err := mo.Addresses()
	if err != nil {
		return transport{}, err
	}
	if from == nil {
		return transport{}, fmt.Errorf("sending by SMTP needs a sender: set \"from\" in %s (\"Name <address@example.com>\")", app.Store().SettingsPath())
	}
	user := opts.smtpUser
	if user == "" {
		user = set.SMTPUser
	}
	password := app.Getenv(PasswordEnv)
	if user != "" && password == "" {
		return transport{}, fmt.Errorf("logging in to %s as %s needs the password in $%s", addr, user, PasswordEnv)
	}
	srv := deliver.Server{Host: host, Port: port, User: user, Password: password}
	tr := transport{name: fmt.Sprintf("%s (%s)", addr, srv.Security())}
	tr.send = func(msg []byte) (string, error) {
		r, err := deliver.Send(ctx, srv, from.Address, []string{rcpt}, msg)
		return r.ID, err
	}
	return tr, nil
}

// errNoSendmail says there is no sendmail to send with.
var errNoSendmail = errors.New("no sendmail to send with")

// sendmailTransport is the local sendmail, run as "sendmail -t -i".
func sendmailTransport(ctx context.Context, app *App, program string) (transport, error) {
	bin, err := exec.LookPath(program)
	if err != nil {
		where := fmt.Sprintf("%q is not on $PATH", program)
		if strings.ContainsRune(program, '/') {
			where = fmt.Sprintf("%s is not an executable file", program)
		}
		return transport{}, fmt.Errorf("%w (%s): install one (msmtp-mta, postfix...) or name it with --sendmail PATH, or give an SMTP server with --smtp HOST:PORT",
			errNoSendmail, where)
	}
	return transport{name: bin, send: func(msg []byte) (string, error) {
		var out bytes.Buffer
		cmd := exec.CommandContext(ctx, bin, "-t", "-i")
		cmd.Stdin = bytes.NewReader(msg)
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			detail := strings.TrimSpace(out.String())
			var exit *exec.ExitError
			if errors.As(err, &exit) && detail != "" {
				return "", fmt.Errorf("%s -t -i failed (%v): %s", bin, err, detail)
			}
			return "", fmt.Errorf("%s -t -i failed: %w", bin, err)
		}
		if out.Len() > 0 {
			_, _ = app.Err.Write(out.Bytes())
		}
		return "", nil
	}}, nil
}

// inTerminal reports whether r is a terminal, where a person can answer.
func inTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// askYes asks question on out and reports whether the answer read from in
// is yes.
func askYes(in io.Reader, out io.Writer, question string) bool {
	fmt.Fprint(out, question)
	line, _ := bufio.NewReader(in).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true
	}
	return false
}

// exportName is a file name for the export hint: the draft's name without
// its directory or .json.
func exportName(name string) string {
	name = name[strings.LastIndexByte(name, '/')+1:]
	return strings.TrimSuffix(name, ".json")
}
