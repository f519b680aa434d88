package board

import (
	"fmt"
	"strings"
	"testing"
)

func TestContainsFold(t *testing.T) {
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
		{"abc", "", true},
		{"Grüße aus Köln", "köln", true},
		{"Grüße aus Köln", "koln", false},
		{"x-y", "-y", true},
		{"aaaab", "aab", true},
		{"Aaaab", "aab", true},
	} {
		if got := containsFold(tc.s, tc.q); got != tc.want {
			t.Errorf("containsFold(%q, %q) = %v, want %v", tc.s, tc.q, got, tc.want)
		}
	}
}

func FuzzContainsFold(f *testing.F) {
	for _, s := range []string{"Kubernetes kube", "aAbB ab", "Köln köln", "x"} {
		f.Add(s, s[len(s)/2:])
	}
	f.Fuzz(func(t *testing.T, s, q string) {
		q = strings.ToLower(q)
		if !isASCII(q) || !isASCII(s) {
			return
		}
		if got, want := containsFold(s, q), strings.Contains(strings.ToLower(s), q); got != want {
			t.Fatalf("containsFold(%q, %q) = %v, want %v", s, q, got, want)
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
