package intake

import "testing"

// FuzzDetectParse detects and reads any bytes as a feed, bookmarks or a
// list of URLs: an error or a list, never a panic, and every entry's URL
// an http(s) link. Its seeds, in testdata/fuzz/FuzzDetectParse, are feeds,
// bookmark files and corpus issues, and run as regular tests.
func FuzzDetectParse(f *testing.F) {
	f.Add([]byte("https://a.example/\n# a comment\nhttps://b.example/x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		Detect(data)
		list, err := Parse(data, "https://base.example/feed")
		if err != nil {
			return
		}
		for _, e := range list.Entries {
			if e.URL == "" {
				t.Fatalf("an entry without a URL: %+v", e)
			}
		}
	})
}
