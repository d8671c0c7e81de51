"""Binary search helpers for sorted sequences."""


def binary_search(items, target, *, key=lambda x: x):
    """Return the index of *target* in sorted *items*, or -1.

    >>> binary_search([2, 3, 5, 7, 11, 13], 11)
    4
    >>> binary_search(["ant", "bee", "cat"], "dog")
    -1
    """
    lo, hi = 0, len(items) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        value = key(items[mid])
        if value == target:
            break
        elif value < target:
            lo = mid + 1
        else:
            hi = mid - 1
    else:
        return -1
    return mid


def first_true(lo, hi, predicate):
    """Smallest integer in [lo, hi) for which *predicate* holds, else *hi*.

    Assumes *predicate* is monotonic: once true, it stays true.

    >>> first_true(0, 100, lambda n: n * n >= 50)
    8
    """
    while lo < hi:
        mid = (lo + hi) // 2
        if predicate(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


def integer_sqrt(n):
    """
    >>> [integer_sqrt(n) for n in (0, 1, 15, 16, 10**12)]
    [0, 1, 3, 4, 1000000]
    """
    return first_true(0, n + 2, lambda r: r * r > n) - 1
