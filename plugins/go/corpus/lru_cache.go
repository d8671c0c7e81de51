package main

import (
	"container/list"
	"fmt"
)

type pair struct {
	key   string
	value int
}

// LRU is a fixed-size cache that evicts the least recently used key.
type LRU struct {
	capacity int
	order    *list.List
	index    map[string]*list.Element
	evicted  int
}

func NewLRU(capacity int) *LRU {
	return &LRU{
		capacity: capacity,
		order:    list.New(),
		index:    make(map[string]*list.Element),
	}
}

func (c *LRU) Get(key string) (int, bool) {
	elem, ok := c.index[key]
	if !ok {
		return 0, false
	}
	c.order.MoveToFront(elem)
	return elem.Value.(*pair).value, true
}

func (c *LRU) Put(key string, value int) {
	if elem, ok := c.index[key]; ok {
		elem.Value.(*pair).value = value
		c.order.MoveToFront(elem)
		return
	}
	c.index[key] = c.order.PushFront(&pair{key: key, value: value})
	if c.order.Len() > c.capacity {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.index, oldest.Value.(*pair).key)
		c.evicted++
	}
}

func main() {
	cache := NewLRU(2)
	cache.Put("a", 1)
	cache.Put("b", 2)
	if v, ok := cache.Get("a"); ok {
		fmt.Println("a =", v)
	}
	cache.Put("c", 3)
	for _, key := range []string{"a", "b", "c"} {
		v, ok := cache.Get(key)
		fmt.Printf("%s: %d %v\n", key, v, ok)
	}
	fmt.Println("evicted:", cache.evicted)
}
