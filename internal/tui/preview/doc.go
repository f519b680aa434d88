// Package preview is the pane that shows the issue as readers will see it,
// live while it is written: the Markdown export rendered by glamour, or the
// plain-text email exactly as the text export writes it.
//
// # Rendering off the event loop
//
// Nothing is rendered in Update or View. A change (SetDraft, SetSize with a
// new width, SetDark, SetMode) starts a new generation and returns a
// tea.Tick; when the tick's DebounceMsg comes back and no newer change has
// come meanwhile, Update copies the draft and returns a command that renders
// the copy with its own glamour renderer (a TermRenderer is not safe for
// concurrent use). The RenderedMsg it returns carries the generation it was
// asked for; Update drops it when the generation is no longer the newest,
// so a slow render finishing after a quicker later one never shows old
// text.
//
// # What is cached
//
// markdown.Blocks splits the issue into the blocks markdown.Format joins
// with blank lines: the header, the intro, each section's heading, each
// item, the closing, the rule and the footer. Each block is rendered on its
// own and cached under its Markdown, the width, the glamour style and
// whether it opens the document, so editing one blurb renders one block.
// The cache is shared by the preview's render commands behind a mutex, and
// after each render is shown it keeps only the entries that render used.
//
// # Looking the same as a whole-document render
//
// glamour writes a document's blocks into one buffer and only then adds the
// margins and padding, line by line; a block that is not the first starts
// with the blank line glamour writes between blocks (its styled variant
// depends on the block). So a block other than the first is rendered after
// a one-letter sentinel paragraph, and the sentinel's lines, learnt by
// rendering the sentinel alone, are cut off: what remains is byte for byte
// what the block contributes to the whole document. A heading or a rule
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
// One difference remains, and it is glamour's own: in the dark and light
// styles a code block that names no language is coloured as whatever
// language chroma guesses, and the guess changes from one render to the
// next, so two whole-document renders of such an issue can differ too.
//
// # Following the board
//
// Assembling the blocks records the lines of every item, so ShowItem can
// scroll an item into view; the plain-text mode finds the same from
// text.Item. The pane scrolls with keys and the mouse wheel while it has
// the focus, in a viewport with soft wrap off, since glamour has wrapped
// the lines already. The render command also measures every line (a cached
// block keeps its measures), so View only copies the visible lines.
package preview
