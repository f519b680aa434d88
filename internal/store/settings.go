package store

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	json "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Settings are the newsletter's own settings, kept once in the drafts
// directory and inherited by every new draft.
type Settings struct {
	Schema     int      `json:"schema"`
	Newsletter string   `json:"newsletter,omitempty"`
	Footer     string   `json:"footer,omitempty"`
	Sections   []string `json:"sections,omitempty"`
	// SponsorHeading is the heading of a sponsor section; {sponsor} and
	// {newsletter} are replaced by the sponsor's and the newsletter's names.
	SponsorHeading string `json:"sponsor_heading,omitempty"`
	// From and To are the eml export's From and To headers ("Name
	// <address>", To a comma-separated list); empty leaves the header out.
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	// Subject is the eml export's subject pattern (see export.Subject);
	// empty means "{newsletter} #{number}".
	Subject string `json:"subject,omitempty"`
	// RepeatSponsor carries the sponsor's item on to the next issue (a
	// sponsor booked for several weeks).
	RepeatSponsor bool `json:"repeat_sponsor,omitzero"`
	// SiteDir is the folder weekly publish writes the web archive into
	// (relative to the drafts directory unless absolute), and SiteURL the
	// address it is served from, for the feed's links.
	SiteDir string `json:"site_dir,omitempty"`
	SiteURL string `json:"site_url,omitempty"`
	// SMTPHost is the submission server weekly send delivers through
	// ("smtp.example.com" or "smtp.example.com:465"; port 587 unless
	// given), and SMTPUser the login there. The password is never stored:
	// it comes from $WEEKLY_SMTP_PASSWORD.
	SMTPHost string `json:"smtp_host,omitempty"`
	SMTPUser string `json:"smtp_user,omitempty"`
	// ListAddress is the newsletter's mailing list: weekly send to it asks
	// first and goes once per issue.
	ListAddress string `json:"list_address,omitempty"`
	// Spell names the Hunspell dictionary that spelling is checked with
	// ("en_GB", looked for in /usr/share/hunspell); empty means the en_US
	// that ships with weekly.
	Spell string `json:"spell,omitempty"`
	// LongSection makes weekly check warn of a section with more than
	// this many times the words of the others' average (2 means twice);
	// 0 warns of none.
	LongSection float64 `json:"long_section,omitzero"`
}

// Site returns the site folder the settings name, resolved against the
// drafts directory, or "" when they name none.
func (s *Store) Site(set Settings) string {
	switch {
	case set.SiteDir == "":
		return ""
	case filepath.IsAbs(set.SiteDir):
		return set.SiteDir
	}
	return filepath.Join(s.Dir, set.SiteDir)
}

// DefaultSections are the sections of a new draft unless settings name others.
var DefaultSections = []string{"News", "Tools"}

// DefaultSponsorHeading is the sponsor heading pattern unless settings give one.
const DefaultSponsorHeading = "{sponsor} sponsors {newsletter}"

// SettingsPath returns the settings file of the drafts directory.
func (s *Store) SettingsPath() string { return filepath.Join(s.Dir, "settings.json") }

// Settings reads the newsletter settings; absent settings are not an error.
// The returned value has every default filled in; exists says whether the
// file was there.
func (s *Store) Settings() (set Settings, exists bool, err error) {
	set, exists, err = s.readSettings()
	if err != nil {
		return Settings{}, exists, err
	}
	if len(set.Sections) == 0 {
		set.Sections = append([]string(nil), DefaultSections...)
	}
	if set.SponsorHeading == "" {
		set.SponsorHeading = DefaultSponsorHeading
	}
	return set, exists, nil
}

// readSettings reads the settings file as it is, without defaults.
func (s *Store) readSettings() (set Settings, exists bool, err error) {
	path := s.SettingsPath()
	data, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return Settings{}, false, fmt.Errorf("open %s: %w", path, err)
	}
	if err == nil {
		if len(bytes.TrimSpace(data)) == 0 {
			return Settings{}, true, fmt.Errorf("open %s: the file is empty; remove it (weekly new writes a new one) or restore it from git", path)
		}
		if err := json.Unmarshal(data, &set, json.RejectUnknownMembers(true)); err != nil {
			return Settings{}, true, JSONError(path, data, err)
		}
		exists = true
	}
	if set.Schema > 1 {
		return Settings{}, true, fmt.Errorf("open %s: schema %d is newer than this weekly understands; upgrade weekly", path, set.Schema)
	}
	return set, exists, nil
}

// RememberSite records dir as the site folder in the settings, changing
// nothing else there: relative to the drafts directory when it is inside
// the folder that holds it, else absolute.
func (s *Store) RememberSite(dir string) error {
	set, _, err := s.readSettings()
	if err != nil {
		return err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	set.SiteDir = abs
	if base, err := filepath.Abs(s.Dir); err == nil && within(filepath.Dir(base), abs) {
		if rel, err := filepath.Rel(base, abs); err == nil {
			set.SiteDir = rel // "../site": the same in every clone of a repository
		}
	}
	return s.SaveSettings(set)
}

// within reports whether path is dir or inside it.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// SaveSettings writes the settings file atomically.
func (s *Store) SaveSettings(set Settings) error {
	set.Schema = 1
	data, err := json.Marshal(set, jsontext.WithIndent("  "), jsontext.EscapeForHTML(false))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return fmt.Errorf("save %s: %w", s.SettingsPath(), err)
	}
	return WriteFile(s.SettingsPath(), append(data, '\n'))
}

// SponsorHeadingFor fills in the settings' sponsor heading pattern.
func (set Settings) SponsorHeadingFor(sponsor, newsletter string) string {
	return strings.NewReplacer("{sponsor}", sponsor, "{newsletter}", newsletter).Replace(set.SponsorHeading)
}
