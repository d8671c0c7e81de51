"""Merge overlapping closed intervals."""


def merge_intervals(intervals):
    """Return the union of *intervals* as sorted, disjoint intervals.

    >>> merge_intervals([(1, 3), (8, 10), (2, 6), (15, 18), (17, 20)])
    [(1, 6), (8, 10), (15, 20)]
    >>> merge_intervals([])
    []
    """
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def total_covered(intervals):
    """Total length covered by the union of *intervals*.

    >>> total_covered([(0, 5), (3, 8), (10, 11)])
    9
    """
    return sum(end - start for start, end in merge_intervals(intervals))
