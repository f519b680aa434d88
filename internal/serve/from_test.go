package serve

import (
	"net/netip"
	"strings"
	"testing"
)

func TestFromAllows(t *testing.T) {
	t.Parallel()
	tests := []struct {
		list, ip string
		want     bool
	}{
		{"10.0.0.1", "10.0.0.1", true},
		{"10.0.0.1", "127.0.0.1", false},
		{"10.0.0.1,127.0.0.1", "127.0.0.1", true},
		{"127.0.0.0/8", "127.0.0.1", true},
		{"127.0.0.0/8", "128.0.0.1", false},
		{"127.0.0.0/8,!127.0.0.1", "127.0.0.1", false}, // a negated match refuses, whatever else matches
		{"127.0.0.0/8,!127.0.0.1", "127.0.0.2", true},
		{"!127.0.0.1,*", "127.0.0.1", false},
		{"!10.0.0.1", "127.0.0.1", false}, // nothing allowed it
		{"!10.0.0.0/8,*", "10.1.2.3", false},
		{"*", "192.0.2.7", true},
		{"192.0.2.*", "192.0.2.7", true},
		{"192.0.2*", "192.0.20.7", true}, // as sshd: a pattern is text, not a network
		{"192.0.2.?", "192.0.2.7", true},
		{"192.0.2.?", "192.0.2.70", false},
		{"*.example.com", "192.0.2.7", false}, // no DNS: host names never match
		{"::1", "::1", true},
		{"2001:db8::/32", "2001:db8::5", true},
		{"2001:DB8::*", "2001:db8::5", true},
		{"127.0.0.1", "::ffff:127.0.0.1", true}, // an IPv4 client on a dual-stack listener
		{"127.0.0.1/8", "127.0.0.1", false},     // host bits after the mask: an error, nothing matches
		{"127.0.0.1,", "127.0.0.1", false},      // an empty pattern: an error
	}
	for _, tt := range tests {
		if got := fromAllows(tt.list, netip.MustParseAddr(tt.ip)); got != tt.want {
			t.Errorf("fromAllows(%q, %s) = %v, want %v", tt.list, tt.ip, got, tt.want)
		}
	}
}

func TestCheckFrom(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"10.0.0.1", "10.0.0.0/8,!10.0.0.1", "*.example.com,192.0.2.?", "2001:db8::/32"} {
		if err := checkFrom(ok); err != nil {
			t.Errorf("checkFrom(%q) = %v", ok, err)
		}
	}
	for list, want := range map[string]string{
		"10.0.0.1/8":   "write 10.0.0.0/8",
		"10.0.0.0/33":  "not a network",
		"10.0.0.1,,x":  "empty pattern",
		"!":            "empty pattern",
		"garbage/none": "not a network",
	} {
		if err := checkFrom(list); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("checkFrom(%q) = %v, want an error saying %q", list, err, want)
		}
	}
}

func TestWildcard(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"", "", true},
		{"", "a", false},
		{"*", "", true},
		{"a*b*c", "axxbyyc", true},
		{"a*b*c", "axxbyy", false},
		{"*a", "bba", true},
		{"a?c", "abc", true},
		{"a?c", "ac", false},
		{"**", "x", true},
		{"*x*", "aaaa", false},
	}
	for _, tt := range tests {
		if got := wildcard(tt.pattern, tt.s); got != tt.want {
			t.Errorf("wildcard(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.want)
		}
	}
}
