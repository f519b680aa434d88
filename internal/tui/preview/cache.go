package preview

import (
	"container/list"
	"hash/maphash"
	"strconv"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/singleflight"
)

// DefaultCacheBytes is the memory a Cache keeps rendered blocks in when
// NewCache is given none: some ten thousand items of a typical issue in
// the dark style.
const DefaultCacheBytes = 32 << 20

// maxFree is the most renderers a Cache keeps for the next command.
const maxFree = 8

// Cache holds what rendering blocks of an issue produced, for every
// preview that shares it: on a served draft all its editors' previews
// share one, so that each block is rendered once per width and style, not
// once per editor. It holds each block's rendered lines (keyed by a hash
// of the block's Markdown, the width, the glamour style and whether the
// block opens the document) and what parsing blocks found, up to a bound
// in bytes, dropping what was used least recently; a block that several
// previews ask for at once is rendered by one of them while the others
// wait. It is safe for concurrent use.
type Cache struct {
	seeds [2]maphash.Seed // a block's hash: two 64-bit maphashes

	mu      sync.Mutex
	max     int64
	size    int64
	order   list.List // of *entry, the most recently used first
	entries map[entryKey]*list.Element
	free    []*blockRenderer // renderers no command is using

	flight  singleflight.Group
	renders atomic.Int64
}

// NewCache returns an empty cache that keeps up to maxBytes of rendered
// blocks; zero or less means DefaultCacheBytes.
func NewCache(maxBytes int64) *Cache {
	if maxBytes <= 0 {
		maxBytes = DefaultCacheBytes
	}
	return &Cache{
		seeds:   [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()},
		max:     maxBytes,
		entries: map[entryKey]*list.Element{},
	}
}

// Renders returns how many times glamour has rendered for the cache's
// previews: every block, and the one-letter documents that learn a
// renderer's frame.
func (s *Cache) Renders() int64 { return s.renders.Load() }

// Size returns the bytes the cache holds, as it counts them.
func (s *Cache) Size() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.size
}

// sum is a block's hash: 128 bits, from seeds the process chose at random,
// so that no one writing a draft can make two blocks share a hash.
type sum [2]uint64

// hash returns the sum of t.
func (s *Cache) hash(t string) sum {
	return sum{maphash.String(s.seeds[0], t), maphash.String(s.seeds[1], t)}
}

// entryKind tells the cache's three kinds of entries apart.
type entryKind uint8

const (
	bodyEntry entryKind = iota // a rendered group: body
	infoEntry                  // what parsing a block alone found: blockInfo
	pairEntry                  // whether two blocks parse apart: bool
)

// entryKey names an entry. A body's key is bodyKey; a block's info is
// keyed by its sum; a pair by the sums of both blocks.
type entryKey struct {
	kind  entryKind
	sum   sum
	next  sum // a pair's second block
	width int
	style string
	first bool // the block opens the document (no blank line before it)
}

// bodyKey names one rendered group: its Markdown, the width and glamour
// style it was rendered at, and whether it opens the document.
type bodyKey = entryKey

// String returns the key as the singleflight group names it.
func (k entryKey) String() string {
	b := make([]byte, 0, 64+len(k.style))
	b = strconv.AppendUint(b, k.sum[0], 36)
	b = append(b, '.')
	b = strconv.AppendUint(b, k.sum[1], 36)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(k.width), 10)
	b = append(b, '/')
	b = append(b, k.style...)
	b = strconv.AppendBool(b, k.first)
	return string(b)
}

// body is a rendered group as the cache keeps it: its lines, and whether
// it ends on a line it shares with the next group, so that it has to be
// rendered together with it (see fill).
type body struct {
	p    piece
	open bool
}

// size returns the bytes the body takes, about.
func (b body) size() int64 {
	n := int64(64)
	for _, l := range b.p.lines {
		n += int64(len(l)) + 16 + 8 // the text, its header and its width
	}
	return n
}

// entry is one entry of the cache.
type entry struct {
	key  entryKey
	val  any
	size int64
}

// get returns the entry for k, marking it used.
func (s *Cache) get(k entryKey) (any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.entries[k]
	if !ok {
		return nil, false
	}
	s.order.MoveToFront(e)
	return e.Value.(*entry).val, true
}

// put sets the entry for k, of about size bytes, and drops the least
// recently used entries while the cache holds more than its bound.
func (s *Cache) put(k entryKey, v any, size int64) {
	size += 96 // the key, the list element and the map's share
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.entries[k]; ok {
		old := e.Value.(*entry)
		s.size += size - old.size
		old.val, old.size = v, size
		s.order.MoveToFront(e)
	} else {
		s.entries[k] = s.order.PushFront(&entry{key: k, val: v, size: size})
		s.size += size
	}
	for s.size > s.max && s.order.Len() > 1 {
		last := s.order.Back()
		e := last.Value.(*entry)
		s.order.Remove(last)
		delete(s.entries, e.key)
		s.size -= e.size
	}
}

// body returns the rendered group for k, rendering it with render when
// the cache does not have it. Previews asking for the same group at once
// share one render. margin is the renderer's, to tell whether the body is
// open.
func (s *Cache) body(k bodyKey, margin int, render func() (piece, error)) (body, error) {
	if v, ok := s.get(k); ok {
		return v.(body), nil
	}
	v, err, _ := s.flight.Do(k.String(), func() (any, error) {
		if v, ok := s.get(k); ok { // rendered while this one waited
			return v, nil
		}
		p, err := render()
		if err != nil {
			return nil, err
		}
		b := body{p: p, open: p.open(margin)}
		s.put(k, b, b.size())
		return b, nil
	})
	if err != nil {
		return body{}, err
	}
	return v.(body), nil
}

// cached returns the rendered group for k, if the cache has it.
func (s *Cache) cached(k bodyKey) (body, bool) {
	v, ok := s.get(k)
	if !ok {
		return body{}, false
	}
	return v.(body), true
}

// renderer returns a renderer for the width and style that no other
// command is using: glamour's TermRenderer is not safe for concurrent use,
// and making one and learning its frame costs a render, so each is reused.
func (s *Cache) renderer(width int, style string) (*blockRenderer, error) {
	k := rendererKey{width, style}
	s.mu.Lock()
	for i := len(s.free) - 1; i >= 0; i-- {
		if r := s.free[i]; r.key == k {
			s.free = append(s.free[:i], s.free[i+1:]...)
			s.mu.Unlock()
			return r, nil
		}
	}
	s.mu.Unlock()
	return newBlockRenderer(width, style, &s.renders)
}

// release gives a renderer back for the next command. The cache keeps the
// maxFree given back last, of whatever widths and styles its previews have.
func (s *Cache) release(r *blockRenderer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.free = append(s.free, r)
	if len(s.free) > maxFree {
		s.free = append(s.free[:0], s.free[len(s.free)-maxFree:]...)
	}
}

// rendererKey names the renderers that can render a group.
type rendererKey struct {
	width int
	style string
}

// cache is one preview's hold on its Cache. Its address tells this
// preview's messages from another preview's sharing the same Cache.
type cache struct {
	*Cache
}

// newCache returns a preview's hold on a cache of its own.
func newCache() *cache { return &cache{NewCache(0)} }
