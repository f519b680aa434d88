package serve

import (
	"fmt"
	"reflect"
	"runtime/debug"
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/weekly-dev/weekly/internal/sanitize"
)

// guarded is a session's model that keeps a panic in its board to that
// board: a panic in Init, Update, View or in any command they return (a
// batch's and a sequence's too) is recovered, reported once to caught with
// its stack, and the program quits. The other boards, the shared draft and
// the server go on; the session's end lets go of its seat as for any end.
// Bubble Tea recovers panics too, but prints them raw to the process's
// standard error, which is not the server's log and not cleaned.
type guarded struct {
	m      tea.Model
	caught func(p panicked)
	once   sync.Once
	broken bool // after a panic: the model is not used again
}

// panicked is a panic caught in a board, with the stack where it happened.
type panicked struct {
	value any
	stack []byte
}

// guard returns m guarded, calling caught at its first panic.
func guard(m tea.Model, caught func(p panicked)) *guarded {
	return &guarded{m: m, caught: caught}
}

func (g *guarded) fail(p panicked) {
	g.broken = true
	g.once.Do(func() { g.caught(p) })
}

// Init implements tea.Model.
func (g *guarded) Init() (cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			g.fail(panicked{r, debug.Stack()})
			cmd = tea.Quit
		}
	}()
	return g.wrap(g.m.Init())
}

// Update implements tea.Model.
func (g *guarded) Update(msg tea.Msg) (model tea.Model, cmd tea.Cmd) {
	if p, ok := msg.(panicked); ok {
		g.fail(p)
		return g, tea.Quit
	}
	if g.broken {
		return g, nil
	}
	defer func() {
		if r := recover(); r != nil {
			g.fail(panicked{r, debug.Stack()})
			model, cmd = g, tea.Quit
		}
	}()
	m, c := g.m.Update(msg)
	g.m = m
	return g, g.wrap(c)
}

// View implements tea.Model. After a panic the board is not drawn again;
// a panic in View itself quits from the next Update, which the caught
// callback brings.
func (g *guarded) View() (v tea.View) {
	if g.broken {
		return stoppedView()
	}
	defer func() {
		if r := recover(); r != nil {
			g.fail(panicked{r, debug.Stack()})
			v = stoppedView()
		}
	}()
	return g.m.View()
}

func stoppedView() tea.View {
	v := tea.NewView("This board stopped on an error. Everything up to it is saved.")
	v.AltScreen = true
	return v
}

// cmdType is the type of a command, for the commands of tea.Sequence,
// whose message type Bubble Tea does not export.
var cmdType = reflect.TypeFor[tea.Cmd]()

// wrap returns c guarded: a panic in it comes back as a panicked message.
func (g *guarded) wrap(c tea.Cmd) tea.Cmd {
	if c == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = panicked{r, debug.Stack()}
			}
		}()
		return g.inner(c())
	}
}

// inner guards the commands inside what a command returned: Bubble Tea
// runs a batch's and a sequence's commands itself.
func (g *guarded) inner(msg tea.Msg) tea.Msg {
	if b, ok := msg.(tea.BatchMsg); ok {
		out := make(tea.BatchMsg, len(b))
		for i, c := range b {
			out[i] = g.wrap(c)
		}
		return out
	}
	// A sequence is Bubble Tea's unexported []tea.Cmd: a slice of commands
	// of a type named in Bubble Tea's package.
	v := reflect.ValueOf(msg)
	if v.Kind() != reflect.Slice || v.Type().Elem() != cmdType || v.Type().PkgPath() != cmdType.PkgPath() {
		return msg
	}
	out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
	for i := range v.Len() {
		c, _ := v.Index(i).Interface().(tea.Cmd)
		out.Index(i).Set(reflect.ValueOf(g.wrap(c)))
	}
	return out.Interface()
}

// logPanic logs a board's panic with its stack, each line cleaned: the
// value can hold what a client typed.
func (s *Server) logPanic(name string, p panicked) {
	var b strings.Builder
	fmt.Fprintf(&b, "the board of %s panicked and was closed (the other boards go on): %s", sanitize.Line(name), sanitize.Clip(sanitize.Line(fmt.Sprint(p.value)), 300))
	for _, line := range strings.Split(strings.TrimRight(string(p.stack), "\n"), "\n") {
		b.WriteString("\n\t")
		b.WriteString(sanitize.Line(strings.TrimLeft(line, "\t")))
	}
	s.cfg.Log.Print(b.String())
}
