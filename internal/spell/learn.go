package spell

import (
	"github.com/weekly-dev/weekly/internal/archive"
)

// Learn returns the words the archive's issues teach, to Allow: the names
// in their links (see URLWords), and the words of their section headings
// and titles ("StackHawk sponsors Devops Weekly"), which the editor wrote
// and sent. Issues for which skip is true (the issue being checked, when
// it was archived already) are left out; skip may be nil.
//
// Items' titles are learned (the pages' own names for themselves); their
// blurbs are not, so that a word misspelt in an issue once sent is not
// taken as right ever after.
func Learn(a *archive.Archive, skip func(*archive.Issue) bool) []string {
	var out []string
	seen := map[string]bool{}
	add := func(words []string) {
		for _, w := range words {
			if k := fold(w); !seen[k] {
				seen[k] = true
				out = append(out, w)
			}
		}
	}
	for i := range a.Issues {
		is := &a.Issues[i]
		if skip != nil && skip(is) {
			continue
		}
		add(textWords(is.Title))
		heading := ""
		for _, it := range is.Items {
			for _, u := range it.URLs {
				add(URLWords(u))
			}
			add(textWords(it.Title))
			if it.Section != heading {
				heading = it.Section
				add(textWords(heading))
			}
		}
	}
	return out
}

// textWords returns the words of a line of text that Check would look at.
func textWords(s string) []string {
	var out []string
	for _, sp := range Words(s) {
		out = append(out, s[sp.Start:sp.End])
	}
	return out
}

// Newsletter returns the checker of the drafts directory dir, for check
// and the board alike: the dictionary lang names (the settings' "spell";
// "" for the shipped en_US), the words of dir's word list, and the words
// learned from the archive a (leaving out the issues skip names). The
// dictionary is not loaded yet.
func Newsletter(dir, lang string, a *archive.Archive, skip func(*archive.Issue) bool) (*Checker, error) {
	words, err := ReadWords(WordsPath(dir))
	if err != nil {
		return nil, err
	}
	c := New(Options{Lang: lang})
	c.Allow(words...)
	c.Allow(Learn(a, skip)...)
	return c, nil
}
