// Package preview is the pane that shows the issue as readers will see it,
// live while it is written: the Markdown export rendered by glamour, or the
// plain-text email exactly as the text export writes it.
//
// # Rendering off the event loop
//
// Nothing is rendered in Update or View. A change (SetDraft, SetSize with a
// new width, SetDark, SetMode) starts a new generation and returns a
// tea.Tick (the typing pause; a millisecond for a switch of mode); when the
// tick's DebounceMsg comes back and no newer change has come meanwhile,
// Update copies the draft and returns a command that makes the
// generation's doc and renders the groups in view, a screen above and a
// screen below: the first frame. Then Update asks for more, one fill
// command at a time, each rendering for about 25 ms the groups nearest the
// view first, out to nearScreens screens above and below it; then it stops.
// A scroll or a jump asks again, for what is near the view now. Every
// RenderedMsg carries the generation it was asked for; Update drops it when
// the generation is no longer the newest, so a slow render finishing after
// a quicker later one never shows old text. A glamour TermRenderer is not
// safe for concurrent use, so the commands take renderers from a pool, one
// per command.
//
// # Long issues
//
// Until a group is rendered it has a height estimated from its length, so
// the scroll position, the percentage and the height are nearly right from
// the first frame, and stay so for the groups far from the view, which are
// never rendered unless the view comes near; when a render corrects the
// heights above the view, the line at the top stays where it is, and a view
// at the bottom stays at the bottom. On a long issue (partMin placed items or
// more) even splitting the issue into blocks costs more than a frame, so
// the first frame is made from the items around the view alone (partOf),
// with one group of estimated height for what comes before them and one for
// what comes after; the first fill command swaps in the whole issue. Lines
// rendered further than keepLines from the view are dropped and only their
// heights kept, so the pane's memory does not grow with the issue; scrolling
// back there renders them again, first. The text mode works the same way,
// a group being one line of the email.
//
// # What is cached
//
// markdown.Blocks splits the issue into the blocks markdown.Format joins
// with blank lines: the header, the intro, each section's heading, each
// item, the closing, the rule and the footer. Each block is rendered on its
// own and kept in a Cache under a hash of its Markdown, the width, the
// glamour style and whether it opens the document, so editing one blurb
// renders one block. The previews of one served draft share one Cache, so
// that each block is rendered once per width and style for all its
// editors; two asking for a block at once share one render. The Cache is
// bounded in bytes and drops what was used least recently, and a doc keeps
// rendered lines only near the view.
//
// # Looking the same as a whole-document render
//
// glamour writes a document's blocks into one buffer and only then adds the
// margins and padding, line by line; a block that is not the first starts
// with the blank line glamour writes between blocks (its styled variant
// depends on the block). So a block other than the first is rendered after
// a one-letter sentinel paragraph, and the sentinel's lines, learnt by
// rendering the sentinel alone, are cut off: what remains is byte for byte
// what the block contributes to the whole document. For paragraphs and
// headings, nearly every block, the blank line is learnt once per heading
// level and the block rendered alone, so the whole issue costs about one
// glamour render of it (BenchmarkPreviewFull beside BenchmarkGlamourWhole).
// A heading or a rule
// ends in the middle of a line (its closing newline sits inside its colour,
// so the colour reset starts the next line); that partial line continues on
// the next block's first line, after its margin. A block that leaves text
// or padding on its unfinished line (an HTML block, a code block) is
// rendered together with the next one instead, since that line's padding
// depends on both. The assembled issue equals
// glamour's render of markdown.Format's output, byte for byte; the tests
// check it at two widths and in three styles, also for blurbs written to
// break it.
//
// That holds while blocks are independent Markdown, which they nearly
// always are. To know, each block is parsed (with goldmark, as glamour
// does), alone and after the one before it; blocks that parse differently
// together reach into each other (an unclosed code fence swallows what
// follows, an indented block continues a list, a ": " line makes the
// paragraph before it a definition term) and are cached as one group. A
// link reference definition reaches every block, so an issue with one
// renders as a single group. The parses are cached like the renders.
//
// Two bounds keep a draft made to be costly from stalling the pane, at
// the price of that equality for such a draft alone. A block holding more
// Markdown than weekly parses (sanitize.Costly: a blurb of a megabyte,
// thousands of unmatched emphasis marks, lists nested dozens deep) is
// shown as typed, wrapped at the width, without glamour, as every export
// shows it as typed; it stands apart from its neighbours. And blocks
// that reach into each other are merged only up to maxGroup, so that no
// render is asked to take more than that at once.
//
// One difference remains, and it is glamour's own: in the dark and light
// styles a code block that names no language is coloured as whatever
// language chroma guesses, and the guess changes from one render to the
// next, so two whole-document renders of such an issue can differ too.
//
// # URLs
//
// glamour breaks a word longer than the line at its hyphens or at the
// width, URLs too, so that copying one from the terminal gives a broken
// URL. keepURLs moves such a break to just after a "/" (or leaves the URL
// whole, past the edge), inserting nothing; the text mode's wrap does the
// same.
//
// # Following the board
//
// Assembling the blocks records the lines of every item, so ShowItem can
// scroll an item into view; the plain-text mode finds the same from
// text.Item. The pane scrolls with keys and the mouse wheel while it has
// the focus, with its own scroll position over lines that need not be
// rendered yet. The render commands also measure every line (a cached
// block keeps its measures), so View only copies the visible lines.
package preview
