package main

import "fmt"

var maze = []string{
	"S.#.....",
	".##.###.",
	"....#...",
	"#.#...#G",
}

type point struct{ row, col int }

func find(grid []string, mark byte) (point, bool) {
	for r, line := range grid {
		for c := 0; c < len(line); c++ {
			if line[c] == mark {
				return point{r, c}, true
			}
		}
	}
	return point{}, false
}

func shortestPath(grid []string) (int, bool) {
	start, ok := find(grid, 'S')
	if !ok {
		return 0, false
	}
	goal, _ := find(grid, 'G')
	dist := map[point]int{start: 0}
	queue := []point{start}
	moves := [...]point{{-1, 0}, {1, 0}, {0, -1}, {0, 1}}
search:
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, m := range moves {
			next := point{cur.row + m.row, cur.col + m.col}
			if next.row < 0 || next.row >= len(grid) || next.col < 0 || next.col >= len(grid[next.row]) {
				continue
			}
			if grid[next.row][next.col] == '#' {
				continue
			}
			if _, seen := dist[next]; seen {
				continue
			}
			dist[next] = dist[cur] + 1
			if next == goal {
				break search
			}
			queue = append(queue, next)
		}
	}
	d, ok := dist[goal]
	return d, ok
}

func main() {
	if steps, ok := shortestPath(maze); ok {
		fmt.Println("shortest path:", steps, "steps")
	} else {
		fmt.Println("no path")
	}
}
