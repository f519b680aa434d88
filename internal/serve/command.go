package serve

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/weekly-dev/weekly/internal/sanitize"
)

// addCommand is ssh … add as the client wrote it.
type addCommand struct {
	draft string // --draft NAME; "" for the newest
	url   string // "-" for one URL a line on standard input
	note  string // the words after the URL, as written
	help  bool
}

// errNotAdd says a session asked for a command other than add.
var errNotAdd = errors.New("not add")

// usageError says how add was misused.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func misused(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// usageText says how to use add, with the server's port.
func usageText(port string) string {
	return fmt.Sprintf("usage: ssh -p %[1]s HOST add [--draft NAME] URL [NOTE…]\n"+
		"       … | ssh -p %[1]s HOST add [--draft NAME] -    (one URL a line)", port)
}

// parseCommand reads the command of an SSH session: add [--draft NAME] URL
// [NOTE…], or add [--draft NAME] -. The command is one string (ssh joins
// its arguments with spaces, the client's shell having taken its quotes
// off already), so the note is the rest of it after the URL, as written;
// the words before are split at white space.
func parseCommand(raw string) (addCommand, error) {
	var cmd addCommand
	word, rest := nextWord(raw)
	if word != "add" {
		return cmd, errNotAdd
	}
	draftSet := false
	for {
		word, rest = nextWord(rest)
		switch {
		case word == "":
			return cmd, misused("give the link to add: add URL [NOTE…], or add - to read one a line")
		case word == "-h" || word == "--help":
			cmd.help = true
			return cmd, nil
		case word == "--draft" || strings.HasPrefix(word, "--draft="):
			if draftSet {
				return cmd, misused("--draft twice; name one draft")
			}
			name, ok := strings.CutPrefix(word, "--draft=")
			if !ok {
				name, rest = nextWord(rest)
			}
			if name == "" {
				return cmd, misused("--draft needs a draft's name, such as --draft 519")
			}
			cmd.draft, draftSet = name, true
		case word == "-":
			if more, _ := nextWord(rest); more != "" {
				return cmd, misused("add - reads the links from standard input, one a line; nothing goes after the -, found %q", clip(more))
			}
			cmd.url = "-"
			return cmd, nil
		case word == "--":
			word, rest = nextWord(rest)
			if word == "" {
				return cmd, misused("give the link to add after --")
			}
			if word == "-" && strings.TrimSpace(rest) != "" {
				// "-" is standard input after -- too, and takes no note.
				return cmd, misused("add - reads the links from standard input, one a line; nothing goes after the -, found %q", clip(strings.TrimSpace(rest)))
			}
			cmd.url, cmd.note = word, strings.TrimSpace(rest)
			return cmd, nil
		case strings.HasPrefix(word, "-"):
			return cmd, misused("%q is not an option of add; it takes --draft NAME", clip(word))
		default:
			cmd.url, cmd.note = word, strings.TrimSpace(rest)
			return cmd, nil
		}
	}
}

// nextWord returns the first word of s, split at white space, and what
// follows it.
func nextWord(s string) (word, rest string) {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	end := strings.IndexFunc(s, unicode.IsSpace)
	if end < 0 {
		return s, ""
	}
	return s[:end], s[end:]
}

// clip makes a client's word short and plain, for a message.
func clip(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "?")
	}
	return sanitize.Clip(sanitize.Line(s), 40)
}
