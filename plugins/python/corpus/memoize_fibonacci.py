"""Compare a naive and a cached Fibonacci implementation."""
from functools import lru_cache

CALLS = 0


def slow_fib(n):
    global CALLS
    CALLS += 1
    return n if n < 2 else slow_fib(n - 1) + slow_fib(n - 2)


@lru_cache(maxsize=None)
def fast_fib(n):
    return n if n < 2 else fast_fib(n - 1) + fast_fib(n - 2)


if __name__ == "__main__":
    print(slow_fib(20), "after", CALLS, "calls")
    print(fast_fib(20), fast_fib.cache_info())
