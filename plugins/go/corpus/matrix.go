package main

import (
	"fmt"
	"strings"
)

type Matrix [][]float64

func New(rows, cols int) Matrix {
	m := make(Matrix, rows)
	for i := range m {
		m[i] = make([]float64, cols)
	}
	return m
}

func Identity(n int) Matrix {
	m := New(n, n)
	for i := 0; i < n; i++ {
		m[i][i] = 1
	}
	return m
}

func (m Matrix) Mul(other Matrix) (Matrix, error) {
	if len(m) == 0 || len(m[0]) != len(other) {
		return nil, fmt.Errorf("shape mismatch: %dx%d * %dx?", len(m), len(m[0]), len(other))
	}
	out := New(len(m), len(other[0]))
	for i := range m {
		for j := range other[0] {
			var sum float64
			for k := range other {
				sum += m[i][k] * other[k][j]
			}
			out[i][j] = sum
		}
	}
	return out, nil
}

func (m Matrix) Transpose() Matrix {
	out := New(len(m[0]), len(m))
	for i, row := range m {
		for j, v := range row {
			out[j][i] = v
		}
	}
	return out
}

func (m Matrix) String() string {
	var b strings.Builder
	for _, row := range m {
		for j, v := range row {
			if j > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%6.2f", v)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func main() {
	a := Matrix{{1, 2, 3}, {4, 5, 6}}
	product, err := a.Mul(a.Transpose())
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Print(product)
	same, _ := product.Mul(Identity(2))
	fmt.Print(same)
	if _, err := a.Mul(a); err != nil {
		fmt.Println("error:", err)
	}
}
