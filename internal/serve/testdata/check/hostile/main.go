// Command hostile drives a real weekly serve with scripted SSH clients
// (golang.org/x/crypto/ssh), as issue 23's check asks: n sessions, of which
// one sends garbage, one claims a 10000x10000 window, one resizes 500 times
// a second, one claims 10000x10000 and resizes 500 times a second between
// it and 300x300, one never reads (and moves 50 times a second); the rest
// are honest 120x32 readers.
//
//	hostile -keys hostile.keys -seed hostile.seed -n 50   # once: keys for authorized_keys
//	hostile -addr 127.0.0.1:23299 -seed hostile.seed -n 50 -for 120s [-c1=false]
package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log"
	mrand "math/rand/v2"
	"os"
	"strings"
	"sync/atomic"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:23299", "server")
	n := flag.Int("n", 50, "sessions")
	keys := flag.String("keys", "", "write authorized_keys lines here (and the seeds to -seed) and exit")
	seed := flag.String("seed", "hostile.seed", "file holding the private key seeds")
	dur := flag.Duration("for", 120*time.Second, "how long")
	c1 := flag.Bool("c1", true, "garbage includes C1 controls (0x80-0x9f), which end or start sequences: what follows then reads as keys")
	flag.Parse()
	if *keys != "" {
		var lines, seeds strings.Builder
		for i := range *n {
			pub, priv, err := ed25519.GenerateKey(rand.Reader)
			must(err)
			sp, err := gossh.NewPublicKey(pub)
			must(err)
			fmt.Fprintf(&lines, "%s Client%d\n", strings.TrimSpace(string(gossh.MarshalAuthorizedKey(sp))), i)
			fmt.Fprintf(&seeds, "%x\n", priv.Seed())
		}
		must(os.WriteFile(*keys, []byte(lines.String()), 0o600))
		must(os.WriteFile(*seed, []byte(seeds.String()), 0o600))
		return
	}
	data, err := os.ReadFile(*seed)
	must(err)
	signers := make([]gossh.Signer, *n)
	for i, l := range strings.Fields(string(data))[:*n] {
		b, err := hex.DecodeString(l)
		must(err)
		signers[i], err = gossh.NewSignerFromKey(ed25519.NewKeyFromSeed(b))
		must(err)
	}
	stop := time.After(*dur)
	var bytesIn atomic.Int64
	open := func(i, w, h int, read bool) (*gossh.Session, io.Writer) {
		cfg := &gossh.ClientConfig{User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(signers[i])}, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 30 * time.Second}
		c, err := gossh.Dial("tcp", *addr, cfg)
		must(err)
		s, err := c.NewSession()
		must(err)
		must(s.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}))
		in, err := s.StdinPipe()
		must(err)
		out, err := s.StdoutPipe()
		must(err)
		must(s.Shell())
		if read {
			go func() {
				buf := make([]byte, 32<<10)
				for {
					k, err := out.Read(buf)
					bytesIn.Add(int64(k))
					if err != nil {
						return
					}
				}
			}()
		}
		return s, in
	}
	every := func(d time.Duration, do func(i int) error) {
		go func() {
			t := time.NewTicker(d)
			for i := 0; ; i++ {
				<-t.C
				if err := do(i); err != nil {
					log.Printf("driver stopped: %v", err)
					return
				}
			}
		}()
	}
	wc := func(w, h int) []byte {
		b := make([]byte, 16)
		binary.BigEndian.PutUint32(b, uint32(w))
		binary.BigEndian.PutUint32(b[4:], uint32(h))
		return b
	}
	_, garbage := open(0, 80, 24, true)
	rng := mrand.New(mrand.NewPCG(1, 2))
	every(10*time.Millisecond, func(i int) error {
		var g strings.Builder
		switch i % 3 {
		case 0: // bytes that are no UTF-8 and no key
			for range 4096 {
				if *c1 {
					g.WriteByte(byte(0x80 + rng.IntN(0x40)))
				} else {
					g.WriteByte(byte(0xa0 + rng.IntN(0x20)))
				}
			}
		case 1: // an operating system command never ended
			g.WriteString("\x1b]11;")
			for range 4096 {
				g.WriteByte(byte('0' + rng.IntN(10)))
			}
		case 2: // a device control string never ended
			g.WriteString("\x1bP1$r")
			for range 4096 {
				g.WriteByte(byte('a' + rng.IntN(26)))
			}
		}
		_, err := garbage.Write([]byte(g.String()))
		return err
	})
	open(1, 10000, 10000, true)
	storm, _ := open(2, 120, 32, true)
	every(2*time.Millisecond, func(i int) error {
		_, err := storm.SendRequest("window-change", false, wc(100+i%2*20, 30+i%2*2))
		return err
	})
	huge, _ := open(3, 10000, 10000, true)
	every(2*time.Millisecond, func(i int) error {
		w := 10000 - i%2*9700
		_, err := huge.SendRequest("window-change", false, wc(w, w))
		return err
	})
	_, deaf := open(4, 500, 200, false)
	every(20*time.Millisecond, func(i int) error {
		_, err := deaf.Write([]byte([]string{"j", "k"}[i%2]))
		return err
	})
	for i := 5; i < *n; i++ {
		open(i, 120, 32, true)
	}
	log.Printf("%d sessions open", *n)
	t := time.NewTicker(10 * time.Second)
	for {
		select {
		case <-stop:
			log.Printf("done; %d bytes read by the reading clients", bytesIn.Load())
			return
		case <-t.C:
			log.Printf("%d bytes read so far", bytesIn.Load())
		}
	}
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
