package archive_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/archive"
)

// The file keeps one item a line, so that git diffs and merges it item by
// item, and stays JSON that any tool reads.
func TestEncodeLayout(t *testing.T) {
	t.Parallel()
	a := &archive.Archive{}
	a.Add(archive.Issue{Number: 7, Date: "2013-07-14", Source: "7.txt", Items: []archive.Item{
		{Section: "News", Blurb: "Line one\nline \"two\" <b>", URLs: []string{"https://example.com/a?x=1&y=2"}},
		{Section: "Tools", Sponsor: true, Title: "T", URLs: nil},
	}})
	a.Add(archive.Issue{Newsletter: "Example Weekly", Number: 8, Items: []archive.Item{}})
	data, err := a.Encode()
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "schema": 2,
  "issues": [
    {"number":7,"date":"2013-07-14","source":"7.txt","items":[
      {"section":"News","blurb":"Line one\nline \"two\" <b>","urls":["https://example.com/a?x=1&y=2"]},
      {"section":"Tools","sponsor":true,"title":"T","urls":[]}
    ]},
    {"newsletter":"Example Weekly","number":8,"items":[]}
  ]
}
`
	if string(data) != want {
		t.Errorf("Encode:\n%s\nwant:\n%s", data, want)
	}
	if !json.Valid(data) {
		t.Error("not valid JSON")
	}
	b, err := archive.Decode("archive.json", data)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := b.Encode()
	if !bytes.Equal(data, again) {
		t.Errorf("decoded and encoded again:\n%s", again)
	}
	empty, _ := (&archive.Archive{}).Encode()
	if string(empty) != "{\n  \"schema\": 2,\n  \"issues\": []\n}\n" {
		t.Errorf("empty archive: %q", empty)
	}
}

// An archive of schema 1 (links only) is read with all it had, and is
// written in the new shape by the next save.
func TestUpgradeFromLinks(t *testing.T) {
	t.Parallel()
	v1 := `{
  "schema": 1,
  "issues": [
    {
      "newsletter": "DevOps Weekly",
      "number": 519,
      "date": "2020-12-06",
      "source": "519.txt",
      "links": [
        {"url": "https://sthwk.com/kube-services", "section": "StackHawk sponsors Devops Weekly", "sponsor": true},
        {"url": "https://blog.dave.tf/post/new-kubernetes/", "section": "News"}
      ]
    },
    {"number": 400, "date": "2018-08-26", "links": [{"url": "https://example.com/intro"}]}
  ]
}
`
	path := filepath.Join(t.TempDir(), archive.FileName)
	if err := os.WriteFile(path, []byte(v1), 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := archive.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if a.From != 1 || len(a.Issues) != 2 || a.Issues[0].Number != 400 || a.Links() != 3 || a.Items() != 3 {
		t.Fatalf("upgraded: from %d, %+v", a.From, a.Issues)
	}
	is := a.Issues[1]
	if is.Newsletter != "DevOps Weekly" || is.Date != "2020-12-06" || is.Source != "519.txt" ||
		!is.Items[0].Sponsor || is.Items[0].Section != "StackHawk sponsors Devops Weekly" || is.Items[1].Section != "News" {
		t.Errorf("issue 519 = %+v", is)
	}
	if uses := a.Find("http://blog.dave.tf/post/new-kubernetes"); len(uses) != 1 || uses[0].Issue.Number != 519 {
		t.Errorf("Find after the upgrade = %+v", uses)
	}
	if err := archive.Update(path, "test", func(*archive.Archive) error { return nil }); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), `"schema": 2`) || !strings.Contains(string(data), `{"section":"News","urls":["https://blog.dave.tf/post/new-kubernetes/"]}`) {
		t.Errorf("saved after the upgrade:\n%s", data)
	}
	b, err := archive.Load(path)
	if err != nil || b.From != 0 || b.Links() != 3 {
		t.Errorf("loaded again: %+v, %v", b, err)
	}
}
