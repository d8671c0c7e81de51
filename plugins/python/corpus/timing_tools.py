"""Context managers for timing code and temporarily changing state."""
import os
import time
from contextlib import ExitStack, contextmanager, redirect_stdout, suppress
from io import StringIO


@contextmanager
def timed(label="block", *, sink=print):
    """Measure wall-clock time spent inside the ``with`` block."""
    start = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - start
        sink(f"{label}: {elapsed * 1000:.2f} ms")


@contextmanager
def env_vars(**overrides):
    """Temporarily set environment variables, restoring them afterwards."""
    saved = {name: os.environ.get(name) for name in overrides}
    os.environ.update({k: str(v) for k, v in overrides.items()})
    try:
        yield os.environ
    finally:
        for name, old in saved.items():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old


class Stopwatch:
    """Class-based alternative that accumulates time over several uses."""

    def __init__(self):
        self.total = 0.0
        self.laps = 0

    def __enter__(self):
        self._start = time.perf_counter()
        return self

    def __exit__(self, exc_type, exc, tb):
        self.total += time.perf_counter() - self._start
        self.laps += 1
        return False  # never swallow exceptions


if __name__ == "__main__":
    watch = Stopwatch()
    for n in (10_000, 100_000):
        with watch, timed(f"sum of {n} squares"):
            sum(i * i for i in range(n))
    print(f"{watch.laps} laps, {watch.total:.4f} s total")

    captured = StringIO()
    with env_vars(APP_MODE="test"), redirect_stdout(captured):
        print("mode is", os.environ["APP_MODE"])
    print("captured:", captured.getvalue().strip(), "| after:", os.environ.get("APP_MODE"))

    with ExitStack() as stack:
        stack.enter_context(suppress(ZeroDivisionError))
        stack.callback(print, "cleanup ran")
        1 / 0
