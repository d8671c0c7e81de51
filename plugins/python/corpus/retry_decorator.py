"""Decorators for retrying flaky operations and logging calls."""
import functools
import random
import time

DEFAULT_EXCEPTIONS = (ConnectionError, TimeoutError)


def retry(times=3, *, delay=0.0, backoff=2.0, exceptions=DEFAULT_EXCEPTIONS):
    """Retry the decorated function up to *times* attempts.

    The wait between attempts starts at *delay* seconds and is multiplied
    by *backoff* after each failure.
    """
    if times < 1:
        raise ValueError("times must be at least 1")

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            wait = delay
            for attempt in range(1, times + 1):
                try:
                    return func(*args, **kwargs)
                except exceptions as exc:
                    if attempt == times:
                        raise
                    print(f"{func.__name__}: attempt {attempt} failed ({exc!r})")
                    time.sleep(wait)
                    wait *= backoff
        return wrapper

    return decorator


def count_calls(func):
    """Record how many times *func* was called in ``func.calls``."""
    calls = 0

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        nonlocal calls
        calls += 1
        wrapper.calls = calls
        return func(*args, **kwargs)

    wrapper.calls = 0
    return wrapper


rng = random.Random(3)


@count_calls
@retry(5, delay=0.01)
def unreliable_fetch(resource):
    if rng.random() < 0.6:
        raise ConnectionError(f"connection to {resource} reset")
    return f"<contents of {resource}>"


if __name__ == "__main__":
    print(unreliable_fetch("inventory.json"))
    print("outer calls:", unreliable_fetch.calls)
