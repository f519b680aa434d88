package tui

import (
	"io"
	"runtime"
	"strings"
	"testing"

	uv "github.com/charmbracelet/ultraviolet"
)

// TestScreenKeepsNoPastFrames: the screen Bubble Tea compares each frame
// with holds its cells' text, not the frames it was cut from. A board's
// view is one string a frame; when a cell kept a piece of it, every frame
// that changed a cell stayed in memory for as long as that cell was not
// drawn over: dozens of past views a board, 38 MB of the heap of 50 served
// boards in issue 23's check. Each frame here changes one more cell, so
// without the fix (third_party/ultraviolet, cell_content.go) every frame
// stays alive.
func TestScreenKeepsNoPastFrames(t *testing.T) {
	const w, h, frames = 200, 50, 400
	buf := uv.NewScreenBuffer(w, h)
	scr := uv.NewTerminalRenderer(io.Discard, []string{"TERM=xterm-256color"})
	scr.Resize(w, h)
	frame := func(i int) string {
		var b strings.Builder
		for c := range w * h {
			if c > 0 && c%w == 0 {
				b.WriteByte('\n')
			}
			switch {
			case c > i:
				b.WriteByte('.')
			case c%2 == 0:
				b.WriteByte('o') // ASCII
			default:
				b.WriteString("•") // not ASCII
			}
		}
		return b.String()
	}
	draw := func(i int) {
		buf.Clear()
		uv.NewStyledString(frame(i)).Draw(buf, buf.Bounds())
		scr.Render(buf.RenderBuffer)
		if err := scr.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	draw(-1)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range frames {
		draw(i)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(buf)
	runtime.KeepAlive(scr)
	size := len(frame(0))
	kept := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	// The frames drawn weigh frames*size (4 MB); the cells that changed, a
	// few KB.
	if kept > int64(frames*size/10) {
		t.Errorf("drawing %d frames of %d bytes kept %d bytes: the screen holds past frames", frames, size, kept)
	}
	t.Logf("%d frames of %d bytes drawn, %d bytes kept", frames, size, kept)
}

// TestSessionsShareTheKeyTable: the table of key sequences a terminal's
// input is read with (about 160 KB) is built once for a terminal type and
// shared by every board that reads one, not built again for each session
// of a server: 8 MB of the heap of 50 served boards in issue 23's check.
func TestSessionsShareTheKeyTable(t *testing.T) {
	const sessions = 50
	readers := make([]*uv.TerminalReader, 0, sessions)
	uv.NewTerminalReader(strings.NewReader(""), "xterm-256color") // the first builds it
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range sessions {
		readers = append(readers, uv.NewTerminalReader(strings.NewReader(""), "xterm-256color"))
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(readers)
	perSession := (int64(after.HeapAlloc) - int64(before.HeapAlloc)) / sessions
	if perSession > 32<<10 {
		t.Errorf("each reader of the same terminal type costs %d bytes: the key table is built for each", perSession)
	}
	t.Logf("%d bytes a reader", perSession)
}
