"""Conway's Game of Life on an unbounded grid stored as a set of live cells."""
from collections import Counter

GLIDER = """
.#.
..#
###
"""

BLINKER = "###"

NEIGHBOUR_OFFSETS = [
    (dx, dy)
    for dx in (-1, 0, 1)
    for dy in (-1, 0, 1)
    if (dx, dy) != (0, 0)
]


def parse(pattern, *, alive="#"):
    rows = pattern.strip("\n").splitlines()
    return {(x, y) for y, row in enumerate(rows) for x, ch in enumerate(row) if ch == alive}


def step(cells):
    """Advance one generation using the B3/S23 rule."""
    # Count live neighbours for every cell adjacent to a live cell. Cells
    # with no live neighbours never appear in the counter, which keeps the
    # grid unbounded yet cheap to update.
    counts = Counter(
        (x + dx, y + dy) for x, y in cells for dx, dy in NEIGHBOUR_OFFSETS
    )
    return {
        cell
        for cell, n in counts.items()
        if n == 3 or (n == 2 and cell in cells)
    }


def bounding_box(cells):
    xs = [x for x, _ in cells]
    ys = [y for _, y in cells]
    return min(xs), min(ys), max(xs), max(ys)


def render(cells, *, alive="#", dead="."):
    if not cells:
        return "(empty)"
    x0, y0, x1, y1 = bounding_box(cells)
    return "\n".join(
        "".join(alive if (x, y) in cells else dead for x in range(x0, x1 + 1))
        for y in range(y0, y1 + 1)
    )


def find_period(cells, max_generations=100):
    """Return the period if the pattern repeats exactly, else ``None``."""
    seen = {frozenset(cells): 0}
    generation = 0
    while generation < max_generations:
        cells = step(cells)
        generation += 1
        key = frozenset(cells)
        if key in seen:
            break
        seen[key] = generation
    else:
        return None  # no repetition within the limit
    return generation - seen[key]


if __name__ == "__main__":
    cells = parse(GLIDER)
    for generation in range(4):
        print(f"generation {generation}:\n{render(cells)}\n")
        cells = step(cells)
    print("blinker period:", find_period(parse(BLINKER)))
    print("glider period:", find_period(parse(GLIDER), max_generations=20))
