// Command ptyh times keys to the screen: it runs a command in a pty of
// 120x32, waits for its first frame, then writes a key n times, a random
// gap of gap to 2*gap apart (a person's keys fall anywhere in a frame;
// a fixed gap that is a whole number of frames would not), and times each
// from its write to the first byte of output after it.
//
//	ptyh -n 50 -gap 100ms weekly --dir drafts edit 10
//	ptyh -n 50 -gap 100ms ssh -t -p 23299 -i ann 127.0.0.1
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"

	"github.com/creack/pty"
)

func main() {
	n := flag.Int("n", 50, "keys")
	key := flag.String("key", "j", "key")
	gap := flag.Duration("gap", 100*time.Millisecond, "least time between keys")
	wait := flag.String("wait", "Inbox", "text of the first frame")
	flag.Parse()
	cmd := exec.Command(flag.Arg(0), flag.Args()[1:]...)
	cmd.Env = append(os.Environ(), "TERM=xterm-256color")
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 120, Rows: 32})
	if err != nil {
		panic(err)
	}
	type chunk struct {
		at time.Time
		s  string
	}
	out := make(chan chunk, 1024)
	go func() {
		buf := make([]byte, 1<<16)
		for {
			k, err := f.Read(buf)
			if k > 0 {
				out <- chunk{time.Now(), string(buf[:k])}
			}
			if err != nil {
				close(out)
				return
			}
		}
	}()
	var seen strings.Builder
	deadline := time.After(20 * time.Second)
	for !strings.Contains(seen.String(), *wait) {
		select {
		case c := <-out:
			seen.WriteString(c.s)
		case <-deadline:
			panic("no first frame")
		}
	}
	drain := func(d time.Duration) {
		for {
			select {
			case <-out:
			case <-time.After(d):
				return
			}
		}
	}
	drain(500 * time.Millisecond)
	var took []time.Duration
	for i := 0; i < *n; i++ {
		at := time.Now()
		if _, err := f.Write([]byte(*key)); err != nil {
			panic(err)
		}
		select {
		case c := <-out:
			took = append(took, c.at.Sub(at))
		case <-time.After(2 * time.Second):
			fmt.Println("key", i, "drew nothing in 2 s")
		}
		drain(*gap + time.Duration(rand.Int64N(int64(*gap))))
	}
	s := slices.Clone(took)
	slices.Sort(s)
	fmt.Printf("keys %d median %.2f ms p10 %.2f p90 %.2f max %.2f\n", len(s), ms(s[len(s)/2]), ms(s[len(s)/10]), ms(s[len(s)*9/10]), ms(s[len(s)-1]))
	f.Write([]byte("q"))
	cmd.Process.Signal(os.Interrupt)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
