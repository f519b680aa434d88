package styles

import (
	"embed"
	"io/fs"
	"sort"
	"strings"

	"github.com/alecthomas/chroma/v2"
)

//go:embed *.xml
var embedded embed.FS

// Registry of Styles.
//
// The embedded styles are registered under their file names, each read the
// first time it is used, not at init (weekly's patch, see PATCHES.md):
// reading them all cost every program that imports this package some 15 ms
// at start.
var Registry = func() map[string]*chroma.Style {
	registry := map[string]*chroma.Style{}
	// Register all embedded styles.
	files, err := fs.ReadDir(embedded, ".")
	if err != nil {
		panic(err)
	}
	for _, file := range files {
		if file.IsDir() {
			continue
		}
		path := file.Name() // one for each closure: this module is go 1.19
		name := strings.TrimSuffix(path, ".xml")
		registry[name] = chroma.NewLazyStyle(name, func() (*chroma.Style, error) {
			r, err := embedded.Open(path)
			if err != nil {
				return nil, err
			}
			defer r.Close()
			return chroma.NewXMLStyle(r)
		})
	}
	return registry
}()

// Fallback style. Reassign to change the default fallback style.
var Fallback = Registry["swapoff"]

// Register a chroma.Style.
func Register(style *chroma.Style) *chroma.Style {
	Registry[style.Name] = style
	return style
}

// Names of all available styles.
func Names() []string {
	out := []string{}
	for name := range Registry {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// Get named style, or Fallback.
func Get(name string) *chroma.Style {
	if style, ok := Registry[name]; ok {
		return style
	}
	return Fallback
}
