package board

import (
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
