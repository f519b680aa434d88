package preview

import "sync"

// cache holds what earlier renders of one preview produced: the rendered
// body of each block, and what parsing blocks and pairs of blocks found.
// Render commands share it, and a stale render may still be running when
// the next one starts, so each table has a mutex. Its address also tells
// this preview's messages from another preview's.
type cache struct {
	bodies  table[bodyKey, piece] // only the groups near the view
	heights table[bodyKey, groupInfo]
	infos   table[string, blockInfo]
	pairs   table[pair, bool] // whether the pair parses apart

	mu   sync.Mutex
	free map[rendererKey][]*blockRenderer // renderers no command is using
}

// rendererKey names the renderers that can render a group.
type rendererKey struct {
	width int
	style string
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

// newCache returns an empty cache.
func newCache() *cache { return &cache{} }

// retain drops every entry that u does not list: what the shown render did
// not need is a blurb as it was before the latest keystrokes, or a width the
// pane no longer has.
func (c *cache) retain(u usage) {
	c.bodies.keep(u.bodies)
	c.heights.keep(u.bodies)
	c.infos.keep(u.infos)
	c.pairs.keep(u.pairs)
}

// table is a map that render commands share.
type table[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]V
}

// get returns the entry for k, if there is one.
func (t *table[K, V]) get(k K) (V, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	v, ok := t.m[k]
	return v, ok
}

// put sets the entry for k.
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

// del drops the entry for k.
func (t *table[K, V]) del(k K) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.m, k)
}

// renderer returns a renderer for the width and style that no other
// command is using: glamour's TermRenderer is not safe for concurrent use,
// and making one and learning its frame costs a render, so each is reused.
func (c *cache) renderer(width int, style string) (*blockRenderer, error) {
	k := rendererKey{width, style}
	c.mu.Lock()
	if rs := c.free[k]; len(rs) > 0 {
		r := rs[len(rs)-1]
		c.free[k] = rs[:len(rs)-1]
		c.mu.Unlock()
		return r, nil
	}
	c.mu.Unlock()
	return newBlockRenderer(width, style)
}

// release gives a renderer back for the next command. Renderers for other
// widths and styles are dropped: the pane has one width at a time.
func (c *cache) release(r *blockRenderer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.free == nil || len(c.free[r.key]) == 0 {
		c.free = map[rendererKey][]*blockRenderer{}
	}
	if len(c.free[r.key]) < 2 {
		c.free[r.key] = append(c.free[r.key], r)
	}
}
