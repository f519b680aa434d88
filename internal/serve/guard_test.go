package serve

import (
	"errors"
	"io"
	stdlog "log"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// bomb is a board that panics where it is told to, once its key is
// pressed: in Update, in View, in a command, in a batch's or a
// sequence's command.
type bomb struct {
	where string
	armed bool
}

func (b *bomb) Init() tea.Cmd { return nil }

func (b *bomb) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); !ok || k.String() != "!" {
		return b, nil
	}
	b.armed = true
	explode := func() tea.Msg { panic("boom in a command") }
	harmless := func() tea.Msg { return nil }
	switch b.where {
	case "update":
		panic("boom in update")
	case "cmd":
		return b, explode
	case "batch":
		return b, tea.Batch(harmless, explode)
	case "sequence":
		return b, tea.Sequence(harmless, tea.Batch(harmless, explode))
	}
	return b, nil
}

func (b *bomb) View() tea.View {
	if b.armed && b.where == "view" {
		panic("boom in view")
	}
	return tea.NewView("a board")
}

// TestGuardKeepsPanicInItsProgram runs a program whose board panics in
// each place a board's code runs, with Bubble Tea's own recovery off: the
// panic is caught by guard (else the test binary dies), reported once with
// its stack, and the program quits.
func TestGuardKeepsPanicInItsProgram(t *testing.T) {
	t.Parallel()
	for _, where := range []string{"update", "view", "cmd", "batch", "sequence"} {
		t.Run(where, func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			var got []panicked
			var prog *tea.Program
			g := guard(&bomb{where: where}, func(p panicked) {
				mu.Lock()
				got = append(got, p)
				mu.Unlock()
				go prog.Quit()
			})
			in, keys := io.Pipe()
			defer keys.Close()
			prog = tea.NewProgram(g, tea.WithInput(in), tea.WithOutput(io.Discard), tea.WithoutSignals(), tea.WithoutCatchPanics(), tea.WithWindowSize(80, 24))
			ran := make(chan error, 1)
			go func() { _, err := prog.Run(); ran <- err }()
			go func() { _, _ = io.WriteString(keys, "!") }()
			select {
			case err := <-ran:
				if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the program did not quit after its board panicked")
			}
			mu.Lock()
			defer mu.Unlock()
			if len(got) != 1 {
				t.Fatalf("caught %d panics, want 1", len(got))
			}
			if !strings.Contains(string(got[0].stack), "guard_test.go") || !strings.Contains(got[0].value.(string), "boom") {
				t.Errorf("caught %v with a stack that does not show where:\n%s", got[0].value, got[0].stack)
			}
		})
	}
}

// TestLogPanicClean checks that a panic's value, which can hold what a
// client typed, reaches the log cleaned, with the stack under it.
func TestLogPanicClean(t *testing.T) {
	t.Parallel()
	log := &syncBuffer{}
	s := &Server{cfg: Config{Log: stdlog.New(log, "", 0)}}
	s.logPanic("ann\x1b[2J", panicked{value: "bad title \x1b]0;owned\x07\nforged: line", stack: []byte("goroutine 7 [running]:\nmain.f()\n\t/x/y.go:3 +0x1d\n")})
	got := log.String()
	if strings.ContainsAny(got, "\x1b\x07") {
		t.Errorf("the log holds escapes: %q", got)
	}
	if !strings.Contains(got, "the board of ann[2J panicked") && !strings.Contains(got, "the board of ann panicked") {
		t.Errorf("the log does not say whose board: %q", got)
	}
	if !strings.Contains(got, "\n\t/x/y.go:3 +0x1d") {
		t.Errorf("the stack is not in the log: %q", got)
	}
	for _, line := range strings.Split(got, "\n") {
		if strings.HasPrefix(line, "forged") {
			t.Errorf("the panic's value forged a log line: %q", got)
		}
	}
}
