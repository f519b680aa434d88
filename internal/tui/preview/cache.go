package preview

import "sync"

// cache holds what earlier renders of one preview produced: the rendered
// body of each block, and what parsing blocks and pairs of blocks found.
// Render commands share it, and a stale render may still be running when
// the next one starts, so a mutex guards it. Its address also tells this
// preview's messages from another preview's.
type cache struct {
	mu     sync.Mutex
	bodies map[bodyKey]piece
	infos  map[string]blockInfo
	pairs  map[pair]bool
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

func newCache() *cache {
	return &cache{bodies: map[bodyKey]piece{}, infos: map[string]blockInfo{}, pairs: map[pair]bool{}}
}

func (c *cache) body(k bodyKey) (piece, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.bodies[k]
	return p, ok
}

func (c *cache) putBody(k bodyKey, p piece) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.bodies[k] = p
}

func (c *cache) info(t string) (blockInfo, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	in, ok := c.infos[t]
	return in, ok
}

func (c *cache) putInfo(t string, in blockInfo) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.infos[t] = in
}

func (c *cache) pair(p pair) (apart, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	apart, ok = c.pairs[p]
	return apart, ok
}

func (c *cache) putPair(p pair, apart bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pairs[p] = apart
}

// retain drops every entry that u does not list: what the shown render did
// not need is a blurb as it was before the latest keystrokes, or a width the
// pane no longer has.
func (c *cache) retain(u usage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.bodies = keep(c.bodies, u.bodies)
	c.infos = keep(c.infos, u.infos)
	c.pairs = keep(c.pairs, u.pairs)
}

func keep[K comparable, V any](m map[K]V, keys []K) map[K]V {
	out := make(map[K]V, len(keys))
	for _, k := range keys {
		if v, ok := m[k]; ok {
			out[k] = v
		}
	}
	return out
}

// size returns the number of cached bodies, for tests.
func (c *cache) size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.bodies)
}
