package graph

import (
	"container/list"
	"context"
	"sync"

	"github.com/vektah/gqlparser/v2/ast"
)

// parsedBytesPerQueryByte estimates the heap a parsed and validated
// document retains per byte of its text: a 53 KB query was measured to
// retain 1.28 MB, about 25 bytes per byte; 32 leaves a margin.
const parsedBytesPerQueryByte = 32

// byteCache keeps values, least recently used first out, within a budget
// of estimated bytes rather than a count, so large documents cannot pin a
// large heap. A value larger than the whole budget is not kept.
type byteCache[T any] struct {
	mu     sync.Mutex
	budget int
	used   int
	order  *list.List // front: most recently used
	byKey  map[string]*list.Element
	sizeOf func(key string, v T) int
}

type cached[T any] struct {
	key  string
	v    T
	size int
}

// newQueryCache caches parsed documents by their text.
func newQueryCache(budgetBytes int) *byteCache[*ast.QueryDocument] {
	return newByteCache(budgetBytes, func(key string, _ *ast.QueryDocument) int { return len(key) * parsedBytesPerQueryByte })
}

// newPersistedQueryCache caches the texts of persisted queries by hash.
func newPersistedQueryCache(budgetBytes int) *byteCache[string] {
	return newByteCache(budgetBytes, func(key, query string) int { return len(key) + len(query) })
}

func newByteCache[T any](budgetBytes int, sizeOf func(string, T) int) *byteCache[T] {
	return &byteCache[T]{budget: budgetBytes, order: list.New(), byKey: map[string]*list.Element{}, sizeOf: sizeOf}
}

func (c *byteCache[T]) Get(_ context.Context, key string) (T, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		var zero T
		return zero, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cached[T]).v, true
}

func (c *byteCache[T]) Add(_ context.Context, key string, v T) {
	size := c.sizeOf(key, v)
	c.mu.Lock()
	defer c.mu.Unlock()
	if size > c.budget {
		return
	}
	if e, ok := c.byKey[key]; ok {
		c.order.MoveToFront(e)
		return
	}
	for c.used+size > c.budget {
		oldest := c.order.Back()
		q := oldest.Value.(*cached[T])
		c.order.Remove(oldest)
		delete(c.byKey, q.key)
		c.used -= q.size
	}
	c.byKey[key] = c.order.PushFront(&cached[T]{key: key, v: v, size: size})
	c.used += size
}

// usedBytes is the estimated heap the cached values retain.
func (c *byteCache[T]) usedBytes() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.used
}
