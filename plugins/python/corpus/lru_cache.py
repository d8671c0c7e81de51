"""A small least-recently-used cache and a memoizing decorator built on it.

The cache keeps insertion order in an ``OrderedDict`` and moves entries to
the end whenever they are read, so the first entry is always the stalest.
"""

from collections import OrderedDict
from functools import wraps

__all__ = ["LRUCache", "memoize"]

# Sentinel distinguishing "not cached" from a cached ``None``. Comparing
# against it is cheaper than catching KeyError on every lookup.
_MISSING = object()


class LRUCache:
    """Mapping with a fixed capacity that evicts the least recently used key.

    >>> cache = LRUCache(capacity=2)
    >>> cache["a"] = 1
    >>> cache["b"] = 2
    >>> cache["a"]
    1
    >>> cache["c"] = 3  # evicts "b", the stalest entry
    >>> sorted(cache)
    ['a', 'c']
    >>> cache.hits, cache.misses
    (1, 0)
    """

    def __init__(self, capacity=128):
        if capacity <= 0:
            raise ValueError("capacity must be positive")
        self.capacity = capacity
        self._data = OrderedDict()
        self.hits = 0
        self.misses = 0

    def __len__(self):
        return len(self._data)

    def __iter__(self):
        return iter(self._data)

    def __contains__(self, key):
        return key in self._data

    def __getitem__(self, key):
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __setitem__(self, key, value):
        if key in self._data:
            self._data.move_to_end(key)
        self._data[key] = value
        # Drop the oldest entries until we fit again.
        while len(self._data) > self.capacity:
            self._data.popitem(last=False)

    def __repr__(self):
        return f"{type(self).__name__}(capacity={self.capacity}, size={len(self)})"

    def get(self, key, default=None):
        """Return the cached value for *key*, updating its recency."""
        try:
            value = self._data[key]
        except KeyError:
            self.misses += 1
            return default
        self._data.move_to_end(key)
        self.hits += 1
        return value

    def clear(self):
        self._data.clear()
        self.hits = self.misses = 0


def memoize(capacity=128):
    """Decorator factory caching results of a function of hashable args.

    >>> @memoize(capacity=4)
    ... def square(n):
    ...     return n * n
    >>> square(11)
    121
    >>> square(11)
    121
    >>> square.cache.hits
    1
    """

    def decorator(func):
        cache = LRUCache(capacity)

        @wraps(func)
        def wrapper(*args, **kwargs):
            key = (args, tuple(sorted(kwargs.items())))
            result = cache.get(key, _MISSING)
            if result is _MISSING:
                result = func(*args, **kwargs)
                cache[key] = result
            return result

        wrapper.cache = cache
        return wrapper

    return decorator


if __name__ == "__main__":
    @memoize(capacity=64)
    def fib(n):
        return n if n < 2 else fib(n - 1) + fib(n - 2)

    print(fib(80))
    print(fib.cache)
