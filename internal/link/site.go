package link

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// SiteBase checks the address the newsletter's web archive is served from
// (the settings' site_url, publish's --base-url) and returns it ending in
// "/": an absolute http or https URL of a folder, without a query or a
// fragment.
func SiteBase(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("the site's address %q is not an http or https address of a folder, such as https://example.com/archive/", raw)
	}
	s := u.String()
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	return s, nil
}

// IssuePage is the address of issue number's page in the web archive at
// base (as SiteBase returns it): the page weekly publish writes as
// DIR/N/index.html, served as its folder. The feed, the board's O and the
// email's "view in browser" link all point there.
func IssuePage(base string, number int) string {
	return base + strconv.Itoa(number) + "/"
}
