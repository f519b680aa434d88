package draft_test

import (
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/draft"
)

func TestParseLongDate(t *testing.T) {
	tests := map[string]string{
		"6th December 2020":               "2020-12-06",
		"1st June 2014":                   "2014-06-01",
		" 22nd  Feb 2015 ":                "2015-02-22",
		"Sunday, June 1st, 2014":          "2014-06-01",
		"December 6, 2020":                "2020-12-06",
		"2020-12-06":                      "2020-12-06",
		"06-19-2024":                      "2024-06-19",
		"2019-01-01T00:00:00-05:00":       "2019-01-01",
		"2012-09-23 10:00:00 +0100":       "2012-09-23",
		"Mon, 02 Jan 2006 15:04:05 -0700": "2006-01-02",
	}
	for in, want := range tests {
		got, err := draft.ParseLongDate(in)
		if err != nil || got.Format(time.DateOnly) != want {
			t.Errorf("ParseLongDate(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"", "23rd Septmber 2016", "7th August", "soon"} {
		if _, err := draft.ParseLongDate(in); err == nil {
			t.Errorf("ParseLongDate(%q): no error", in)
		}
	}
	// LongDate and ParseLongDate are inverses.
	for d := time.Date(2013, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2014; d = d.AddDate(0, 0, 1) {
		if got, err := draft.ParseLongDate(draft.LongDate(d)); err != nil || !got.Equal(d) {
			t.Fatalf("ParseLongDate(LongDate(%s)) = %v, %v", d, got, err)
		}
	}
}
