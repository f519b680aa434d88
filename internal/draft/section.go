package draft

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// SectionIndex returns the index in Sections of the section called name,
// compared without regard to case or surrounding space, or -1.
func (d *Draft) SectionIndex(name string) int {
	name = strings.TrimSpace(name)
	for i, s := range d.Sections {
		if strings.EqualFold(s.Name, name) {
			return i
		}
	}
	return -1
}

// Section returns the section called name, or an error that lists the
// sections there are.
func (d *Draft) Section(name string) (int, error) {
	if i := d.SectionIndex(name); i >= 0 {
		return i, nil
	}
	return -1, fmt.Errorf("no section %q; the sections are %s", name, d.sectionList())
}

func (d *Draft) sectionList() string {
	if len(d.Sections) == 0 {
		return "none yet (add one with: weekly section DRAFT add NAME)"
	}
	names := make([]string, len(d.Sections))
	for i, s := range d.Sections {
		names[i] = fmt.Sprintf("%q", s.Name)
	}
	return strings.Join(names, ", ")
}

// AddSection inserts a new empty section at the 1-based position at, or last
// when at is 0.
func (d *Draft) AddSection(name string, at int, sponsor bool) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return fmt.Errorf("a section needs a name")
	}
	if strings.ContainsAny(name, "\n\r") {
		return fmt.Errorf("section name %q must be one line", name)
	}
	if i := d.SectionIndex(name); i >= 0 {
		return fmt.Errorf("there is already a section %q", d.Sections[i].Name)
	}
	if at == 0 {
		at = len(d.Sections) + 1
	}
	if at < 1 || at > len(d.Sections)+1 {
		return fmt.Errorf("position %d is out of range: use 1 to %d", at, len(d.Sections)+1)
	}
	d.Sections = append(d.Sections, Section{})
	copy(d.Sections[at:], d.Sections[at-1:])
	d.Sections[at-1] = Section{Name: name, Sponsor: sponsor, Items: []Item{}}
	return nil
}

// RenameSection gives the section called old the name new.
func (d *Draft) RenameSection(old, new string) error {
	i, err := d.Section(old)
	if err != nil {
		return err
	}
	new = strings.TrimSpace(new)
	if new == "" || strings.ContainsAny(new, "\n\r") {
		return fmt.Errorf("section name %q must be one non-empty line", new)
	}
	if j := d.SectionIndex(new); j >= 0 && j != i {
		return fmt.Errorf("there is already a section %q", d.Sections[j].Name)
	}
	d.Sections[i].Name = new
	return nil
}

// RemoveSection deletes the section called name. Its items are not lost:
// they go to the end of the inbox, and RemoveSection returns how many moved.
func (d *Draft) RemoveSection(name string) (int, error) {
	i, err := d.Section(name)
	if err != nil {
		return 0, err
	}
	moved := d.Sections[i].Items
	d.Inbox = append(d.Inbox, moved...)
	d.Sections = append(d.Sections[:i], d.Sections[i+1:]...)
	return len(moved), nil
}

// MoveSection puts the section called name at the 1-based position pos.
func (d *Draft) MoveSection(name string, pos int) error {
	i, err := d.Section(name)
	if err != nil {
		return err
	}
	if pos < 1 || pos > len(d.Sections) {
		return fmt.Errorf("position %d is out of range: use 1 to %d", pos, len(d.Sections))
	}
	s := d.Sections[i]
	d.Sections = append(d.Sections[:i], d.Sections[i+1:]...)
	d.Sections = append(d.Sections, Section{})
	copy(d.Sections[pos:], d.Sections[pos-1:])
	d.Sections[pos-1] = s
	return nil
}

// Words counts the words of the issue as readers see it: the intro, the
// headings of non-empty sections, each item's text and its URLs. The inbox,
// the header and the footer do not count.
func (d *Draft) Words() int {
	n := len(strings.Fields(d.Intro)) + len(strings.Fields(d.Closing))
	for _, s := range d.Sections {
		if len(s.Items) == 0 {
			continue
		}
		n += len(strings.Fields(s.Name))
		for _, it := range s.Items {
			n += ItemWords(it)
		}
	}
	return n
}

// ItemWords counts the words one item adds to the issue.
func ItemWords(it Item) int {
	return len(strings.Fields(it.Text())) + len(it.URLs)
}

// ReadingTime returns minutes at 200 words a minute, rounded down, at least 1.
func ReadingTime(words int) int {
	return max(words/200, 1)
}

// sponsorHeading matches the headings sponsor blocks go under.
var sponsorHeading = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\bsponsor|\badvertis|\bpromoted\b|\bpartner content\b`)
})

// IsSponsorHeading reports whether a section heading names a sponsor's
// block: "Sponsor", "Sponsored event", "StackHawk sponsors Devops Weekly",
// "Advertisement".
func IsSponsorHeading(name string) bool { return sponsorHeading().MatchString(name) }

// Plural counts n of a thing for a message: "1 link", "3 links", "2
// matches".
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "ch") || strings.HasSuffix(word, "sh") || strings.HasSuffix(word, "s") || strings.HasSuffix(word, "x") {
		return strconv.Itoa(n) + " " + word + "es"
	}
	return strconv.Itoa(n) + " " + word + "s"
}
