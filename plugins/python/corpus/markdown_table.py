"""Render rows of data as a GitHub-flavoured Markdown table."""

ALIGN_MARKERS = {"left": ":--", "right": "--:", "center": ":-:"}


def _cell(value, precision):
    if isinstance(value, float):
        return f"{value:.{precision}f}"
    return "" if value is None else str(value).replace("|", "\\|")


def markdown_table(rows, headers=None, *, align=None, precision=2, **column_align):
    """Return *rows* (sequences or dicts) formatted as a Markdown table.

    ``align`` is the default alignment; per-column overrides can be given
    as keyword arguments named after the headers, e.g. ``price="right"``.
    """
    rows = list(rows)
    if headers is None:
        headers = list(rows[0].keys()) if rows and isinstance(rows[0], dict) else []
    cells = [
        [_cell(row.get(h) if isinstance(row, dict) else row[i], precision) for i, h in enumerate(headers)]
        for row in rows
    ]
    widths = [
        max([len(str(h)), 3, *(len(r[i]) for r in cells)])
        for i, h in enumerate(headers)
    ]
    markers = [ALIGN_MARKERS.get(column_align.get(str(h), align), "---") for h in headers]

    def line(values):
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths)) + " |"

    separator = "| " + " | ".join(m[0] + "-" * (w - 2) + m[-1] for m, w in zip(markers, widths)) + " |"
    return "\n".join([line(map(str, headers)), separator, *map(line, cells)])


if __name__ == "__main__":
    fruit = [
        {"name": "apple", "price": 0.5, "stock": 120},
        {"name": "kiwi | gold", "price": 0.75, "stock": None},
        {"name": "watermelon", "price": 3.2, "stock": 8},
    ]
    print(markdown_table(fruit, align="left", price="right", stock="center"))
    print()
    print(markdown_table([(1, "one"), (2, "two")], headers=["n", "word"]))
