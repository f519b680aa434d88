package check

import (
	"context"
	"errors"
	"net"
	"os"
	"reflect"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/draft"
)

// fakeProber fails the URLs in bad and counts every probe.
type fakeProber struct {
	bad   map[string]error
	mu    sync.Mutex
	asked map[string]int
}

func (p *fakeProber) Probe(_ context.Context, u string) (int, error) {
	p.mu.Lock()
	p.asked[u]++
	p.mu.Unlock()
	if err := p.bad[u]; err != nil {
		return 0, err
	}
	return 200, nil
}

func TestOnline(t *testing.T) {
	d := draft.New("DevOps Weekly", 519, "2020-12-06", []string{"News", "Tools"})
	now := time.Now()
	add := func(col int, urls ...string) {
		if err := d.Append(col, draft.NewItem(urls, "", now, "test")); err != nil {
			t.Fatal(err)
		}
	}
	add(draft.Inbox, "https://a.example/gone")
	add(1, "https://a.example/ok", "https://a.example/gone")
	add(2, "javascript:alert(1)") // Offline's to report
	add(2, "https://a.example/\x1b[2Jslow")
	add(2)

	p := &fakeProber{
		bad: map[string]error{
			"https://a.example/gone": errors.New("HTTP 404 Not Found"),
		},
		asked: map[string]int{},
	}
	var calls [][2]int
	got, _ := Online(context.Background(), d, p, func(done, total int) { calls = append(calls, [2]int{done, total}) })
	want := []Finding{
		{Where: "Inbox, item 1", URL: "https://a.example/gone", Problem: "HTTP 404 Not Found"},
		{Where: "News, item 1", URL: "https://a.example/gone", Problem: "HTTP 404 Not Found"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Online = %v, want %v", got, want)
	}
	wantAsked := map[string]int{"https://a.example/gone": 1, "https://a.example/ok": 1}
	if !reflect.DeepEqual(p.asked, wantAsked) {
		t.Errorf("asked %v, want each good URL once: %v", p.asked, wantAsked)
	}
	if !reflect.DeepEqual(calls, [][2]int{{1, 2}, {2, 2}}) {
		t.Errorf("progress calls %v", calls)
	}
}

func TestOnlineSanitisesReasons(t *testing.T) {
	d := draft.New("DevOps Weekly", 519, "2020-12-06", nil)
	if err := d.Append(draft.Inbox, draft.NewItem([]string{"https://a.example/"}, "", time.Now(), "test")); err != nil {
		t.Fatal(err)
	}
	p := &fakeProber{bad: map[string]error{"https://a.example/": errors.New("bad\x1b]52;c;QQ==\a answer")}, asked: map[string]int{}}
	got, _ := Online(context.Background(), d, p, nil)
	if len(got) != 1 || got[0].Problem != "bad answer" {
		t.Errorf("Online = %q", got)
	}
}

// TestOnlineNoNetwork: when every link failed because the request never
// left the machine, Online says there is no network instead of a finding
// for each; an answer of any kind, a missing name included, is the
// network's, and the links are reported.
func TestOnlineNoNetwork(t *testing.T) {
	t.Parallel()
	unresolved := func(host string) error {
		return &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "dial udp: connect: network is unreachable", Name: host, Server: "10.0.0.53:53", IsTemporary: true}}
	}
	noRoute := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ENETUNREACH)}
	missing := &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "c.example", IsNotFound: true}}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	for _, tc := range []struct {
		name         string
		a, b, c      error
		wantFindings int
	}{
		{"resolver unreachable", unresolved("a.example"), unresolved("b.example"), unresolved("c.example"), -1},
		{"no route", noRoute, unresolved("b.example"), noRoute, -1},
		{"one answers", unresolved("a.example"), nil, unresolved("c.example"), 2},
		{"a name is missing", unresolved("a.example"), unresolved("b.example"), missing, 3},
		{"refused", unresolved("a.example"), unresolved("b.example"), refused, 3},
		{"a 404", unresolved("a.example"), errors.New("HTTP 404 Not Found"), unresolved("c.example"), 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := draft.New("DevOps Weekly", 519, "2020-12-06", []string{"News"})
			for _, u := range []string{"https://a.example/", "https://b.example/", "https://c.example/"} {
				if err := d.Append(1, draft.NewItem([]string{u}, "", time.Now(), "test")); err != nil {
					t.Fatal(err)
				}
			}
			p := &fakeProber{bad: map[string]error{"https://a.example/": tc.a, "https://b.example/": tc.b, "https://c.example/": tc.c}, asked: map[string]int{}}
			for u, err := range p.bad {
				if err == nil {
					delete(p.bad, u)
				}
			}
			got, err := Online(context.Background(), d, p, nil)
			if tc.wantFindings < 0 {
				if !errors.Is(err, ErrNoNetwork) || got != nil {
					t.Errorf("Online = %v, %v; want ErrNoNetwork alone", got, err)
				}
				return
			}
			if err != nil || len(got) != tc.wantFindings {
				t.Errorf("Online = %d findings, %v; want %d findings", len(got), err, tc.wantFindings)
			}
		})
	}
	// A draft without links has nothing to ask, which is no sign of a
	// missing network.
	if got, err := Online(context.Background(), draft.New("W", 1, "2020-12-06", nil), &fakeProber{asked: map[string]int{}}, nil); err != nil || got != nil {
		t.Errorf("no links: %v, %v", got, err)
	}
}
