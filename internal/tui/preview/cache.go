package preview

import "sync"

// cache holds what earlier renders of one preview produced: the rendered
// body of each block, and what parsing blocks and pairs of blocks found.
// Render commands share it, and a stale render may still be running when
// the next one starts, so each table has a mutex. Its address also tells
// this preview's messages from another preview's.
type cache struct {
	bodies table[bodyKey, piece]
	infos  table[string, blockInfo]
	pairs  table[pair, bool] // whether the pair parses apart
}

// bodyKey names one rendered block: its Markdown, the width and glamour
// style it was rendered at, and whether it opens the document (the first
// block has no blank line before it).
type bodyKey struct {
	text  string
	width int
	style string
	first bool
}

// usage lists the cache entries one render needed, so that entries no
// longer needed can be dropped once that render is shown.
type usage struct {
	bodies []bodyKey
	infos  []string
	pairs  []pair
}

func newCache() *cache { return &cache{} }

// retain drops every entry that u does not list: what the shown render did
// not need is a blurb as it was before the latest keystrokes, or a width the
// pane no longer has.
func (c *cache) retain(u usage) {
	c.bodies.keep(u.bodies)
	c.infos.keep(u.infos)
	c.pairs.keep(u.pairs)
}

// table is a map that render commands share.
type table[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]V
}

func (t *table[K, V]) get(k K) (V, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	v, ok := t.m[k]
	return v, ok
}

func (t *table[K, V]) put(k K, v V) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = map[K]V{}
	}
	t.m[k] = v
}

// keep drops the entries whose keys are not listed.
func (t *table[K, V]) keep(keys []K) {
	t.mu.Lock()
	defer t.mu.Unlock()
	m := make(map[K]V, len(keys))
	for _, k := range keys {
		if v, ok := t.m[k]; ok {
			m[k] = v
		}
	}
	t.m = m
}

func (t *table[K, V]) len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.m)
}
