package draft

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ordinalSuffix matches the "th" of "6th", so that long dates parse.
var ordinalSuffix = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(\d{1,2})(st|nd|rd|th)\b`)
})

// weekday matches a leading day name ("Sunday, 6th December 2020").
var weekday = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+`)
})

// longLayouts are the ways published issues and site generators write a
// date, after ordinals, commas and repeated spaces are taken out.
var longLayouts = []string{
	"2 January 2006", "2 Jan 2006", "January 2 2006", "Jan 2 2006",
	time.DateOnly, "2006/01/02", "01-02-2006", "01/02/2006",
	time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05", "2006-01-02 15:04", "Mon, 02 Jan 2006 15:04:05 -0700",
}

// MaxNumber is the highest issue number: nine digits, more than any
// newsletter reaches, and always an int.
const MaxNumber = 999_999_999

// ParseNumber reads an issue number as an issue prints it ("519", "#519"),
// refusing a sign and a number of more than nine digits, which would
// otherwise be read as #0 or wrap around.
func ParseNumber(s string) (int, error) {
	digits := strings.TrimPrefix(strings.TrimSpace(s), "#")
	if digits == "" || len(digits) > 9 || strings.Trim(digits, "0123456789") != "" {
		return 0, fmt.Errorf("issue number %q is not a whole number from 0 to %d", s, MaxNumber)
	}
	n, err := strconv.Atoi(digits)
	if err != nil {
		return 0, fmt.Errorf("issue number %q is not a whole number from 0 to %d", s, MaxNumber)
	}
	return n, nil
}

// ParseLongDate reads a date as issues and their web pages print it:
// "6th December 2020", "December 6, 2020", "6 Dec 2020", "2020-12-06",
// "12-06-2020" (month first, as some site generators write it) or a full
// timestamp. It is the lenient inverse of LongDate.
func ParseLongDate(s string) (time.Time, error) {
	in := strings.TrimSpace(s)
	if t, err := time.Parse("Mon, 02 Jan 2006 15:04:05 -0700", in); err == nil {
		return t, nil
	}
	c := weekday().ReplaceAllString(in, "")
	c = ordinalSuffix().ReplaceAllString(c, "$1")
	c = strings.Join(strings.Fields(strings.ReplaceAll(c, ",", " ")), " ")
	for _, layout := range longLayouts {
		if t, err := time.Parse(layout, c); err == nil {
			return t, nil
		}
		if t, err := time.Parse(layout, in); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date such as \"6th December 2020\" or 2020-12-06", s)
}
