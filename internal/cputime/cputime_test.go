package cputime

import "testing"

// TestUsedGrows: work the process does shows in Used.
func TestUsedGrows(t *testing.T) {
	start := Used()
	if start <= 0 {
		t.Skip("this system does not report CPU time")
	}
	x := 0
	for i := 0; Used() == start; i++ {
		x += i * i
		if i > 1e10 {
			t.Fatalf("Used stayed at %v", start)
		}
	}
	_ = x
}
