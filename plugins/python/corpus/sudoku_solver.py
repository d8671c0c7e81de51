"""Backtracking Sudoku solver with constraint propagation of candidates."""

PUZZLE = """
53..7....
6..195...
.98....6.
8...6...3
4..8.3..1
7...2...6
.6....28.
...419..5
....8..79
"""

DIGITS = set("123456789")


def parse(text):
    rows = [line.strip() for line in text.strip().splitlines()]
    if len(rows) != 9 or any(len(row) != 9 for row in rows):
        raise ValueError("a puzzle must have 9 rows of 9 cells")
    return [list(row) for row in rows]


def peers(r, c):
    """Coordinates sharing a row, column or box with (r, c)."""
    box_r, box_c = 3 * (r // 3), 3 * (c // 3)
    cells = {(r, i) for i in range(9)} | {(i, c) for i in range(9)}
    cells |= {(box_r + i, box_c + j) for i in range(3) for j in range(3)}
    cells.discard((r, c))
    return cells


# Precompute the 20 peers of every cell once: ``candidates`` is called
# thousands of times during the search.
PEERS = {(r, c): peers(r, c) for r in range(9) for c in range(9)}


def candidates(grid, r, c):
    return DIGITS - {grid[pr][pc] for pr, pc in PEERS[r, c]}


def solve(grid):
    """Solve *grid* in place; return True when a solution was found."""
    empty = [(r, c) for r in range(9) for c in range(9) if grid[r][c] == "."]
    if not empty:
        return True
    # Pick the most constrained cell first: it prunes the search the most.
    r, c = min(empty, key=lambda cell: len(candidates(grid, *cell)))
    for digit in sorted(candidates(grid, r, c)):
        grid[r][c] = digit
        if solve(grid):
            return True
    else:
        grid[r][c] = "."  # every candidate failed: undo and backtrack
    return False


def is_valid_solution(grid):
    for r in range(9):
        for c in range(9):
            if grid[r][c] in {grid[pr][pc] for pr, pc in PEERS[r, c]}:
                return False
    return all(cell in DIGITS for row in grid for cell in row)


def render(grid):
    lines = []
    for r, row in enumerate(grid):
        if r and r % 3 == 0:
            lines.append("------+-------+------")
        chunks = [" ".join(row[i:i + 3]) for i in range(0, 9, 3)]
        lines.append(" | ".join(chunks))
    return "\n".join(lines)


if __name__ == "__main__":
    board = parse(PUZZLE)
    if solve(board):
        print(render(board))
        print("valid:", is_valid_solution(board))
    else:
        print("no solution")
