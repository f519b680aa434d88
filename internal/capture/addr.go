package capture

import (
	"fmt"
	"net"
	"strings"
)

// DefaultAddr is where weekly capture listens unless told otherwise: this
// machine only.
const DefaultAddr = "127.0.0.1:23235"

// CheckListen refuses to listen on addr in clear text unless only this
// machine can reach it: a token, a cookie and every link would otherwise
// cross the network readable by anyone on the way.
func CheckListen(addr string, tls bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("listen address %q: %v; write it as HOST:PORT, such as %s", addr, err, DefaultAddr)
	}
	if tls || loopback(host) {
		return nil
	}
	where := host
	if where == "" {
		where = "every address of this machine"
	}
	return fmt.Errorf("refusing to listen on %s (%s) without TLS: tokens, cookies and links would cross the network in clear text. "+
		"Give --tls-cert FILE and --tls-key FILE (a certificate for this host), or listen on 127.0.0.1 and reach it through a TLS proxy or an SSH tunnel (ssh -L 23235:127.0.0.1:23235 HOST)", addr, where)
}

// loopback reports whether host names this machine only.
func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"))
	return ip != nil && ip.IsLoopback()
}
