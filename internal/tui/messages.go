package tui

import (
	"os/exec"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/archive/index"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/live"
	"github.com/weekly-dev/weekly/internal/publish"
)

// archiveMsg carries the archive, read and indexed, or why it could not be.
type archiveMsg struct {
	a   *archive.Archive
	Err error
}

// indexMsg carries the archive's search index, opened (and built first
// when it had to be), or why it could not be.
type indexMsg struct {
	x   *index.Index
	Err error
}

// likeMsg carries the archived items most like the card id, for the
// "more like this" search numbered seq.
type likeMsg struct {
	seq  uint64
	id   string
	hits []index.Hit
	Err  error
}

// foundMsg carries the results of the archive search numbered seq, for
// query.
type foundMsg struct {
	seq   uint64
	query string
	res   index.Results
	Err   error
}

// exportedMsg reports the issue written to path in format, or why it was
// not (an *export.ExistsError or *export.OwnError among others).
type exportedMsg struct {
	exportTarget
	Err error
}

// externalReadyMsg says the blurb is in a temporary file and $EDITOR is
// there to edit it.
type externalReadyMsg struct {
	op   draft.Op  // the edit: the item, and the blurb as it was in Before
	name string    // "blurb", for messages
	path string    // the temporary file
	cmd  *exec.Cmd // $EDITOR on the file
	Err  error
}

// externalDoneMsg carries the text $EDITOR left in the file, read back and
// the file deleted, or why there is none.
type externalDoneMsg struct {
	op     draft.Op
	name   string
	editor string // $EDITOR as run, without the file
	text   string
	Err    error
}

// newDefaultsMsg carries what the new-issue form holds to begin with.
type newDefaultsMsg struct {
	v       NewIssue
	askName bool
	Err     error
}

// NewsMsg carries what the board's seat heard: the changes others made to
// the draft (another board, a command run meanwhile, a fetched title),
// where the other editors are, and a note of the hub's (a save that
// failed). It is the one message of a change made elsewhere.
type NewsMsg struct{ News live.News }

// savedMsg reports a save asked for with ctrl+s or q.
type savedMsg struct {
	Err error
	// quit says the save was q's, to quit after.
	quit bool
}

// switchMsg says the board is saved and done, for the next issue asked
// for with ctrl+n to open in its place (see Session).
type switchMsg struct{}

// OpenedMsg carries the board of a new issue, opened, or why there is none.
type OpenedMsg struct {
	Board *Model
	Err   error
}

// siteMsg carries where the issue's web archive is, from the settings, for
// P (to publish) or O (to open the issue's page).
type siteMsg struct {
	open bool   // for O; else P
	dir  string // the site's folder; "" when the settings name none
	url  string // the site's address (site_url), checked; "" for none
	page bool   // the issue has a page in dir
	Err  error
}

// publishedMsg reports the issue published into the site, or why not.
type publishedMsg struct {
	res        *publish.Result
	remembered string // the folder recorded in the settings, when P asked for it
	Err        error
}

// browserMsg reports the browser opened on url, or why it was not.
type browserMsg struct {
	url string
	Err error
}

// copiedMsg carries the issue rendered for the clipboard, or why it could
// not be.
type copiedMsg struct {
	what, text string
	Err        error
}

// startMsg asks for the new issue v to be made and opened.
type startMsg struct{ v NewIssue }
