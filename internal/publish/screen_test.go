package publish_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/publish"
)

// chromium returns the headless browser to run: $WEEKLY_CHROMIUM, else the
// first of the usual names on $PATH.
func chromium() string {
	if p := os.Getenv("WEEKLY_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// wide is an issue made to be too wide for a phone if anything can be: a
// long unbroken link, a long line of code, a long word.
func wide() *draft.Draft {
	d := draft.New("Test Weekly", 9999, "2024-01-21", []string{"Sponsor", "News"})
	d.Title = "A title long enough to wrap on the narrowest phone there is, and then some more"
	d.Intro = "Hello. Pneumonoultramicroscopicsilicovolcanoconiosisandthensomemorelettersuntilitreallyistoolong.\n\n" +
		"```\nkubectl get pods --all-namespaces --output=jsonpath='{range .items[*]}{.metadata.name}{\"\\n\"}{end}' | sort | uniq -c\n```"
	long := "https://example.com/" + strings.Repeat("a-very-long-path-segment-", 12) + "?utm_source=newsletter&utm_medium=email"
	d.Sections[0].Sponsor = true
	d.Sections[0].Items = []draft.Item{{ID: "s", URLs: []string{"https://sponsor.example/"}, Blurb: "A sponsor's text, in its tinted box, with `inline code that goes on and on and on and on`."}}
	d.Sections[1].Items = []draft.Item{
		{ID: "a", URLs: []string{long}, Blurb: "A post with a long link: " + long},
		{ID: "b", URLs: []string{"https://example.com/b", "https://github.com/example/b"}, Blurb: "> A quote.\n\n- a list\n- of things"},
	}
	d.Footer = "You get this because you signed up at https://example.com/subscribe-to-this-newsletter-every-week-forever"
	return d
}

// TestScreens opens every page of a published site in headless Chromium,
// 1280 and 390 pixels wide, in the light and the dark scheme: no page
// scrolls sideways, the dark scheme is dark, and nothing is loaded from
// anywhere but the site. It skips without Chromium (Debian: apt-get install
// chromium; or name it in $WEEKLY_CHROMIUM). $WEEKLY_SCREENSHOTS names a
// folder to keep the screenshots in.
func TestScreens(t *testing.T) {
	t.Parallel()
	bin := chromium()
	if bin == "" {
		t.Skip("no Chromium to take screenshots with: install chromium (Debian: apt-get install chromium) or set $WEEKLY_CHROMIUM")
	}
	site := t.TempDir()
	issues := []*draft.Draft{wide()}
	if files, _ := filepath.Glob(filepath.Join(corpus, "*.txt")); len(files) > 0 {
		for _, d := range realIssues(t) {
			issues = append(issues, d)
		}
	}
	if _, err := publish.Rebuild(issues, publish.Options{Site: site, BaseURL: base}); err != nil {
		t.Fatal(err)
	}
	pages := []string{"index.html"}
	for _, d := range issues {
		pages = append(pages, strconv.Itoa(d.Number)+"/index.html")
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(site)))
	defer srv.Close()
	keep := os.Getenv("WEEKLY_SCREENSHOTS")

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil { // start the browser
		t.Fatalf("start %s: %v", bin, err)
	}
	background := map[string]string{}
	for _, width := range []int64{1280, 390} {
		for _, scheme := range []string{"light", "dark"} {
			err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
				_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
					Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
				return err
			}))
			if err != nil {
				t.Fatal(err)
			}
			for _, page := range pages {
				name := fmt.Sprintf("%s at %d, %s", page, width, scheme)
				if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"+page)); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				over, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`))
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if over > 0 {
					wider, _ := chromedp.Run(ctx, chromedp.Evaluate[string](widest))
					t.Errorf("%s scrolls sideways by %d pixels (%s)", name, over, wider)
				}
				bg, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
				if err != nil {
					t.Fatal(err)
				}
				background[scheme] = bg
				loaded, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`performance.getEntriesByType('resource').map(e => e.name)`))
				if err != nil {
					t.Fatal(err)
				}
				for _, u := range loaded {
					if !strings.HasPrefix(u, srv.URL+"/") {
						t.Errorf("%s loads %s", name, u)
					}
				}
				if keep == "" {
					continue // the checks above are the test; pictures only when asked for
				}
				shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatal(err)
				}
				if _, err := png.Decode(bytes.NewReader(shot)); err != nil {
					t.Errorf("%s: the screenshot is not a PNG: %v", name, err)
				}
				file := filepath.Join(keep, fmt.Sprintf("%s-%d-%s.png", strings.ReplaceAll(strings.TrimSuffix(page, "/index.html"), "/", "-"), width, scheme))
				if err := os.WriteFile(file, shot, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if background["light"] == background["dark"] {
		t.Errorf("the dark scheme has the light scheme's background, %s", background["light"])
	}
}

// widest names the element that sticks out furthest to the right.
const widest = `(() => {
  let best = null, right = 0;
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect().right;
    if (r > right) { right = r; best = el; }
  }
  return best ? best.tagName + '.' + best.className + ' to ' + right + ': ' + (best.textContent || '').slice(0, 60) : '';
})()`
