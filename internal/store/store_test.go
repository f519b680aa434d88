package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/draft"
)

func sample() *draft.Draft {
	d := draft.New("Test Weekly", 42, "2024-03-24", []string{"News", "Tools"})
	d.Intro = "Hello & welcome <readers>."
	d.Footer = "Bye."
	at := time.Date(2024, 3, 20, 9, 0, 0, 0, time.UTC)
	d.Inbox = append(d.Inbox, draft.Item{ID: "in1", URLs: []string{"https://a.example/?x=1&y=2"}, Title: "A", AddedAt: at, Source: "cli"})
	d.Sections[0].Items = append(d.Sections[0].Items, draft.Item{ID: "n1", Blurb: "Line one.\n\nLine two.", URLs: []string{"https://b.example/", "https://c.example/"}})
	return d
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestSaveIsStableAndRoundTrips(t *testing.T) {
	path := filepath.Join(t.TempDir(), "42.json")
	d := sample()
	if err := Save(path, d); err != nil {
		t.Fatal(err)
	}
	first, _ := os.ReadFile(path)
	if !bytes.HasPrefix(first, []byte("{\n  \"schema\": 1,\n")) {
		t.Fatalf("the file must start with the schema field, got:\n%s", first[:40])
	}
	if !bytes.Contains(first, []byte("Hello & welcome <readers>.")) {
		t.Error("text should be stored readable, not \\u-escaped")
	}
	loaded, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := Save(path, loaded); err != nil {
		t.Fatal(err)
	}
	second, _ := os.ReadFile(path)
	if !bytes.Equal(first, second) {
		t.Fatalf("saving an unchanged draft changed its bytes:\n%s\n---\n%s", first, second)
	}
	if loaded.Sections[0].Items[0].Blurb != "Line one.\n\nLine two." || loaded.Inbox[0].AddedAt.IsZero() {
		t.Errorf("the draft did not round trip: %+v", loaded)
	}
}

func TestLoadRefusesBadFilesAndNamesThem(t *testing.T) {
	dir := t.TempDir()
	good, _ := Encode(sample())
	tests := []struct {
		name string
		data []byte
		want []string
	}{
		{"torn", good[:len(good)/2], []string{"torn.json", "line ", "column ", "ends early"}},
		{"syntax", []byte("{\n  \"schema\": 1,\n  \"number\": 4,\n}\n"), []string{"syntax.json", "line 3, column 14", "invalid character"}},
		{"newer", bytes.Replace(good, []byte(`"schema": 1`), []byte(`"schema": 999`), 1), []string{"newer.json", "schema 999", "newer", "upgrade weekly"}},
		{"noschema", []byte(`{"number": 3}`), []string{"noschema.json", `no "schema" field`}},
		{"unknown", bytes.Replace(good, []byte(`"number": 42`), []byte(`"numbr": 42`), 1), []string{"unknown.json", `unknown field "numbr"`}},
		{"wrongtype", bytes.Replace(good, []byte(`"number": 42`), []byte(`"number": "42"`), 1), []string{"wrongtype.json", "line 4, column"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name+".json")
			write(t, path, tt.data)
			_, err := Load(path)
			if err == nil {
				t.Fatal("Load succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			// A change through Update must not touch the file either.
			uerr := Update(path, "test", func(d *draft.Draft) error { d.Title = "x"; return nil })
			if uerr == nil {
				t.Fatal("Update of a bad file succeeded")
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(after, tt.data) {
				t.Fatal("the bad file was changed")
			}
		})
	}
}

func TestUpdateWritesNothingWhenTheChangeFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "42.json")
	if err := Save(path, sample()); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	err := Update(path, "test", func(d *draft.Draft) error {
		d.Title = "changed"
		return errors.New("refused")
	})
	if err == nil || err.Error() != "refused" {
		t.Fatalf("Update = %v, want the change's error", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("a failed change was saved")
	}
}

func TestLockNamesItsHolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "42.json")
	lock, err := AcquireWait(path, "weekly add", 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = AcquireWait(path, "weekly set", 50*time.Millisecond)
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "weekly add (pid ") {
		t.Fatalf("second lock: %v; want ErrLocked naming weekly add", err)
	}
	lock.Release()
	again, err := AcquireWait(path, "weekly set", 0)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	again.Release()
}

func TestLockClearsTempFilesOfACrashedSave(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "42.json")
	if err := Save(path, sample()); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, ".42.json123456789")
	other := filepath.Join(dir, ".43.json987")
	write(t, stale, []byte(`{"schema": 1, "num`))
	write(t, other, []byte(`x`))
	lock, err := Acquire(path, "test")
	if err != nil {
		t.Fatal(err)
	}
	lock.Release()
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("the stale temporary file is still there")
	}
	if _, err := os.Stat(other); err != nil {
		t.Error("another draft's temporary file was removed")
	}
	if _, err := Load(path); err != nil {
		t.Errorf("the draft itself must be intact: %v", err)
	}
}

func TestCreateRefusesToReplace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "42.json")
	if err := Create(path, sample()); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	d := sample()
	d.Title = "other"
	if err := Create(path, d); err == nil || !strings.Contains(err.Error(), "exists already") {
		t.Fatalf("second Create = %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("Create replaced an existing draft")
	}
}

func TestListAndPath(t *testing.T) {
	st := New(t.TempDir())
	for _, n := range []int{7, 12, 9} {
		d := sample()
		d.Number = n
		p, err := st.Path(fmt.Sprint(n))
		if err != nil {
			t.Fatal(err)
		}
		if err := Save(p, d); err != nil {
			t.Fatal(err)
		}
	}
	write(t, filepath.Join(st.Dir, "broken.json"), []byte("{"))
	if err := st.SaveSettings(Settings{Newsletter: "Test Weekly"}); err != nil {
		t.Fatal(err)
	}
	entries, err := st.List()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name)
	}
	if got := strings.Join(names, " "); got != "12 9 7 broken" {
		t.Errorf("List = %q, want newest first, the broken one last, no settings", got)
	}
	if entries[3].Err == nil {
		t.Error("the broken draft should carry its error")
	}
	if _, err := st.Path("settings"); err == nil {
		t.Error("a draft named settings would clash with the settings file")
	}
	if p, _ := st.Path("sub/x.json"); p != "sub/x.json" {
		t.Errorf("a path stays a path, got %s", p)
	}
}

func TestSettingsDefaults(t *testing.T) {
	st := New(t.TempDir())
	set, exists, err := st.Settings()
	if err != nil || exists {
		t.Fatalf("Settings = %v, %v", exists, err)
	}
	if strings.Join(set.Sections, ",") != "News,Tools" || set.SponsorHeadingFor("StackHawk", "Devops Weekly") != "StackHawk sponsors Devops Weekly" {
		t.Errorf("defaults = %+v", set)
	}
	write(t, st.SettingsPath(), []byte(`{"schema": 1, "sections": ["Sponsor", "News"], "sponsor_heading": "Sponsor"}`))
	set, exists, err = st.Settings()
	if err != nil || !exists || strings.Join(set.Sections, ",") != "Sponsor,News" || set.SponsorHeadingFor("X", "Y") != "Sponsor" {
		t.Errorf("settings from file = %+v, %v, %v", set, exists, err)
	}
	write(t, st.SettingsPath(), []byte("{\n  \"schema\": 1,\n  \"sectons\": []\n}"))
	if _, _, err := st.Settings(); err == nil || !strings.Contains(err.Error(), "settings.json") {
		t.Errorf("a misspelt setting must be refused naming the file, got %v", err)
	}
}

// TestLoadStreamedIsDecode: a draft read from its file as it streams by
// (schema first, as weekly writes it) is the draft Decode makes of its
// bytes, and so is one whose schema comes later or one over many buffers;
// a file broken past the first buffer is still refused at its line.
func TestLoadStreamedIsDecode(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	big := sample()
	for i := range 1000 {
		big.Sections[1].Items = append(big.Sections[1].Items, draft.Item{ID: fmt.Sprint("t", i), Blurb: fmt.Sprintf("Blurb %d, \"quoted\" é \\ ✓.", i), URLs: []string{fmt.Sprint("https://t.example/", i)}})
	}
	bigData, _ := Encode(big)
	small, _ := Encode(sample())
	later := bytes.Replace(small, []byte("\"schema\": 1,\n"), nil, 1)
	later = bytes.Replace(later, []byte("\"footer\""), []byte("\"schema\": 1,\n  \"footer\""), 1)
	for name, data := range map[string][]byte{"big": bigData, "small": small, "later": later} {
		path := filepath.Join(dir, name+".json")
		write(t, path, data)
		got, err := Load(path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want, err := Decode(path, data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		g, _ := Encode(got)
		w, _ := Encode(want)
		if !bytes.Equal(g, w) || len(got.Sections[1].Items) != len(want.Sections[1].Items) {
			t.Errorf("%s: Load gives another draft than Decode", name)
		}
	}
	broken := bytes.Replace(bigData, []byte(`"id": "t999"`), []byte(`"id": t999`), 1)
	path := filepath.Join(dir, "broken.json")
	write(t, path, broken)
	line := bytes.Count(broken[:bytes.Index(broken, []byte(`t999`))], []byte("\n")) + 1
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("line %d, column", line)) {
		t.Errorf("a draft broken far into the file: %v, want its line %d", err, line)
	}
}
