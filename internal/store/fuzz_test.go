package store

import (
	"bytes"
	"testing"
)

// FuzzDecode loads any bytes as a draft: an error, or a draft that saves
// and loads back to the same bytes. Its seeds, in testdata/fuzz/FuzzDecode,
// are the corpus issues as drafts and broken files, and run as regular
// tests.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"schema": 1, "sections": [], "inbox": []}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Decode("fuzz.json", data)
		if err != nil {
			return
		}
		saved, err := Encode(d)
		if err != nil {
			return // a value JSON cannot hold, such as invalid UTF-8 made valid
		}
		again, err := Decode("fuzz.json", saved)
		if err != nil {
			t.Fatalf("a saved draft does not load: %v\n%s", err, saved)
		}
		resaved, err := Encode(again)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(saved, resaved) {
			t.Fatalf("a saved draft loads back different:\n%s\n---\n%s", saved, resaved)
		}
	})
}
