package main

import (
	"errors"
	"fmt"
)

// ErrEmpty is returned when popping from an empty stack.
var ErrEmpty = errors.New("stack is empty")

// Stack is a last-in, first-out collection.
type Stack[T any] struct {
	items []T
}

func (s *Stack[T]) Push(item T) {
	s.items = append(s.items, item)
}

func (s *Stack[T]) Pop() (T, error) {
	var zero T
	if len(s.items) == 0 {
		return zero, ErrEmpty
	}
	last := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return last, nil
}

func (s *Stack[T]) Len() int { return len(s.items) }

// Map applies f to every element of xs.
func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func main() {
	var s Stack[string]
	for _, word := range []string{"alpha", "beta", "gamma"} {
		s.Push(word)
	}
	lengths := Map([]string{"a", "bb", "ccc"}, func(w string) int { return len(w) })
	fmt.Println("lengths:", lengths)
	for s.Len() > 0 {
		top, err := s.Pop()
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(top)
	}
	if _, err := s.Pop(); errors.Is(err, ErrEmpty) {
		fmt.Println("done:", err)
	}
}
