package serve

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
)

// checkFrom tells whether a from= pattern list is one sshd would read: no
// empty entry, and every network (with a /) a valid one without host bits.
func checkFrom(list string) error {
	for _, p := range strings.Split(list, ",") {
		p = strings.TrimPrefix(p, "!")
		if p == "" {
			return errors.New("an empty pattern")
		}
		if strings.Contains(p, "/") {
			if _, err := network(p); err != nil {
				return err
			}
		}
	}
	return nil
}

// network reads a CIDR pattern, refusing host bits after the mask as sshd
// does ("inconsistent mask length").
func network(p string) (netip.Prefix, error) {
	n, err := netip.ParsePrefix(p)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is not a network such as 10.0.0.0/8", p)
	}
	if n.Masked() != n {
		return netip.Prefix{}, fmt.Errorf("%q has bits set after the mask; write %s", p, n.Masked())
	}
	return n, nil
}

// fromAllows tells whether the address ip may use a key whose line says
// from="list", as sshd's addr_match_list and match_hostname decide without
// DNS: entries separated by commas, each an address, a network
// (10.0.0.0/8), or a pattern with * and ? matched against the address
// written out; an entry after ! refuses what it matches, whatever else
// matches. The address must match an entry that is not negated.
func fromAllows(list string, ip netip.Addr) bool {
	ip = ip.Unmap()
	text := strings.ToLower(ip.WithZone("").String())
	allowed := false
	for _, p := range strings.Split(list, ",") {
		neg := strings.HasPrefix(p, "!")
		p = strings.ToLower(strings.TrimPrefix(p, "!"))
		if p == "" {
			return false
		}
		var hit bool
		if strings.Contains(p, "/") {
			n, err := network(p)
			if err != nil {
				return false
			}
			hit = n.Contains(ip)
		} else if a, err := netip.ParseAddr(p); err == nil {
			hit = a.Unmap() == ip
		} else {
			hit = wildcard(p, text)
		}
		if hit && neg {
			return false
		}
		allowed = allowed || hit
	}
	return allowed
}

// wildcard matches s against pattern, where * is any run of characters and
// ? any one, as sshd's match_pattern.
func wildcard(pattern, s string) bool {
	// The classic two-pointer match: on a mismatch, go back to the last *
	// and let it take one character more.
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
