package board

import (
	"fmt"
	"strings"
	"testing"
)

func TestNeedleIndex(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		s, q string
		want bool
	}{
		{"Kubernetes", "kube", true},
		{"KUBERNETES", "netes", true},
		{"a kubelet, then Kubernetes", "kubern", true},
		{"kub", "kube", false},
		{"", "a", false},
		{"Grüße aus Köln", "köln", true},
		{"Grüße aus Köln", "koln", false},
		{"x-y", "-y", true},
		{"aaaab", "aab", true},
		{"Aaaab", "aab", true},
		// İ and the Kelvin sign lower to ASCII: whoever types İstanbul
		// (lowered to istanbul) finds it.
		{"İstanbul", "istanbul", true},
		{"İSTANBUL", "stanbul", true},
		{"5 \u212A above", "5 k", true},
		{"\u212Aİ", "ki", true},
		{"\xc4", "i", false},
	} {
		if got := newNeedle(tc.q).index(tc.s, 0) >= 0; got != tc.want {
			t.Errorf("needle %q in %q = %v, want %v", tc.q, tc.s, got, tc.want)
		}
	}
}

// FuzzNeedleIndex checks the look-up against its definition: a text
// matches when its lower case contains the query, and an ASCII query is
// found first where the lower case of the rest of the text begins with it.
func FuzzNeedleIndex(f *testing.F) {
	for _, s := range []string{"Kubernetes kube", "aAbB ab", "Köln köln", "x", "İstanbul ist", "\u212Aelvin k", "\xffİ\xc4k"} {
		f.Add(s, s[len(s)/2:], len(s)/3)
	}
	f.Fuzz(func(t *testing.T, s, q string, from int) {
		q = strings.ToLower(q)
		if q == "" {
			return
		}
		n := newNeedle(q)
		got := n.index(s, 0)
		if want := strings.Contains(strings.ToLower(s), q); (got >= 0) != want {
			t.Fatalf("needle %q in %q at %d, want found %v", q, s, got, want)
		}
		if !n.ascii {
			return
		}
		from = min(max(from, 0), len(s))
		want := -1
		for j := from; j < len(s); j++ {
			// A rune lowers to a byte or more and is at most 4 bytes: the
			// needle's len(q) runes lie within 4*len(q) bytes, and lowering
			// only them keeps this check linear on a long input.
			if strings.HasPrefix(strings.ToLower(s[j:min(len(s), j+4*len(q))]), q) {
				want = j
				break
			}
		}
		if got := n.index(s, from); got != want {
			t.Fatalf("needle %q in %q from %d at %d, want %d", q, s, from, got, want)
		}
	})
}

// BenchmarkSearchAll is one search of every card afresh (not narrowing
// the last one), as after a deleted letter.
func BenchmarkSearchAll(b *testing.B) {
	for _, n := range []int{100, 10000} {
		b.Run(fmt.Sprintf("links=%d", n), func(b *testing.B) {
			var cols [3][]string
			for i := range n {
				cols[i%3] = append(cols[i%3], fmt.Sprintf("card%d", i))
			}
			d := newDraft(cols[0], cols[1], cols[2])
			for c := range d.Columns() {
				items := d.Column(c)
				for i := range items {
					items[i].Title = fmt.Sprintf("Post number %d about Kubernetes, Terraform and observability", i)
					items[i].Blurb = fmt.Sprintf("Card %d: a two sentence blurb that says why this link matters. It runs long enough to be cut.", i)
				}
			}
			bd := newTestBoard(d, 120, 30)
			queries := []string{"terraform 1", "kubernetes, t"}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				bd.search = search{}
				bd.setQuery(queries[i%2])
				i++
			}
		})
	}
}
