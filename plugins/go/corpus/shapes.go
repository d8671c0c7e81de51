package main

import (
	"fmt"
	"math"
	"sort"
)

// Shape is anything with an area and a perimeter.
type Shape interface {
	Area() float64
	Perimeter() float64
}

type Circle struct{ Radius float64 }

type Rect struct{ Width, Height float64 }

type Triangle struct{ A, B, C float64 }

func (c Circle) Area() float64      { return math.Pi * c.Radius * c.Radius }
func (c Circle) Perimeter() float64 { return 2 * math.Pi * c.Radius }

func (r Rect) Area() float64      { return r.Width * r.Height }
func (r Rect) Perimeter() float64 { return 2 * (r.Width + r.Height) }

func (t Triangle) Perimeter() float64 { return t.A + t.B + t.C }

func (t Triangle) Area() float64 {
	s := t.Perimeter() / 2
	return math.Sqrt(s * (s - t.A) * (s - t.B) * (s - t.C))
}

func describe(s Shape) string {
	switch v := s.(type) {
	case Circle:
		return fmt.Sprintf("circle r=%.1f", v.Radius)
	case Rect:
		return fmt.Sprintf("rect %.1fx%.1f", v.Width, v.Height)
	default:
		return fmt.Sprintf("%T", v)
	}
}

func main() {
	shapes := []Shape{
		Circle{Radius: 1.5},
		Rect{Width: 3, Height: 4},
		Triangle{A: 3, B: 4, C: 5},
	}
	sort.Slice(shapes, func(i, j int) bool {
		return shapes[i].Area() < shapes[j].Area()
	})
	var total float64
	for _, s := range shapes {
		total += s.Area()
		fmt.Printf("%-20s area=%6.2f perimeter=%6.2f\n", describe(s), s.Area(), s.Perimeter())
	}
	fmt.Printf("total area: %.2f\n", total)
}
