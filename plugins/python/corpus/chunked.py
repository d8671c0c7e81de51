"""Split any iterable into fixed-size chunks."""
from itertools import islice


def chunked(iterable, size):
    """Yield lists of at most *size* items.

    >>> list(chunked(range(7), 3))
    [[0, 1, 2], [3, 4, 5], [6]]
    """
    if size < 1:
        raise ValueError("size must be at least 1")
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch
