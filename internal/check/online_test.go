package check

import (
	"context"
	"errors"
	"reflect"
	"sync"
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
	got := Online(context.Background(), d, p, func(done, total int) { calls = append(calls, [2]int{done, total}) })
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
	got := Online(context.Background(), d, p, nil)
	if len(got) != 1 || got[0].Problem != "bad answer" {
		t.Errorf("Online = %q", got)
	}
}
