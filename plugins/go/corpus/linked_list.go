package main

import (
	"fmt"
	"strings"
)

type Node struct {
	Value int
	Next  *Node
}

type List struct {
	head *Node
	len  int
}

func (l *List) PushFront(v int) {
	l.head = &Node{Value: v, Next: l.head}
	l.len++
}

func (l *List) Reverse() {
	var prev *Node
	for cur := l.head; cur != nil; {
		next := cur.Next
		cur.Next = prev
		prev, cur = cur, next
	}
	l.head = prev
}

func (l *List) RemoveIf(pred func(int) bool) int {
	removed := 0
	for link := &l.head; *link != nil; {
		if pred((*link).Value) {
			*link = (*link).Next
			removed++
			l.len--
			continue
		}
		link = &(*link).Next
	}
	return removed
}

func (l *List) String() string {
	parts := make([]string, 0, l.len)
	for n := l.head; n != nil; n = n.Next {
		parts = append(parts, fmt.Sprint(n.Value))
	}
	return "[" + strings.Join(parts, " -> ") + "]"
}

func main() {
	var l List
	for i := 1; i <= 8; i++ {
		l.PushFront(i * i)
	}
	fmt.Println(l.String())
	l.Reverse()
	fmt.Println(l.String())
	n := l.RemoveIf(func(v int) bool { return v%2 == 0 })
	fmt.Println("removed", n, "->", l.String(), "len", l.len)
}
