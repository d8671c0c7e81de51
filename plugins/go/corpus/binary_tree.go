package main

import (
	"fmt"
	"strings"
)

// Ordered is what the tree can sort by.
type Ordered interface {
	~int | ~int64 | ~float64 | ~string
}

type Tree[K Ordered, V any] struct {
	root *node[K, V]
	size int
}

type node[K Ordered, V any] struct {
	key         K
	value       V
	left, right *node[K, V]
}

func (t *Tree[K, V]) Insert(key K, value V) {
	link := &t.root
	for *link != nil {
		switch n := *link; {
		case key < n.key:
			link = &n.left
		case key > n.key:
			link = &n.right
		default:
			n.value = value
			return
		}
	}
	*link = &node[K, V]{key: key, value: value}
	t.size++
}

func (t *Tree[K, V]) Walk(visit func(K, V) bool) {
	var walk func(n *node[K, V]) bool
	walk = func(n *node[K, V]) bool {
		if n == nil {
			return true
		}
		return walk(n.left) && visit(n.key, n.value) && walk(n.right)
	}
	walk(t.root)
}

func (t *Tree[K, V]) Height() int {
	var height func(n *node[K, V]) int
	height = func(n *node[K, V]) int {
		if n == nil {
			return 0
		}
		return 1 + max(height(n.left), height(n.right))
	}
	return height(t.root)
}

func max(a, b int) int {
	if a > b {
		return a
	}
	return b
}

func main() {
	var t Tree[string, int]
	for i, word := range strings.Fields("the quick brown fox jumps over the lazy dog") {
		t.Insert(word, i)
	}
	t.Walk(func(k string, v int) bool {
		fmt.Printf("%s=%d ", k, v)
		return k != "over"
	})
	fmt.Println()
	fmt.Println("size", t.size, "height", t.Height())
}
