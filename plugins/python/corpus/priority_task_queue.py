"""A typed priority queue and a tiny job scheduler built on top of it."""
from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass, field
from typing import Callable, Generic, Iterator, Optional, TypeVar

T = TypeVar("T")


@dataclass(order=True)
class _Entry(Generic[T]):
    priority: int
    sequence: int
    item: T = field(compare=False)


class PriorityQueue(Generic[T]):
    """Min-priority queue that is stable for equal priorities."""

    def __init__(self) -> None:
        self._heap: list[_Entry[T]] = []
        self._counter = itertools.count()

    def __len__(self) -> int:
        return len(self._heap)

    def __bool__(self) -> bool:
        return bool(self._heap)

    def push(self, item: T, priority: int = 0) -> None:
        heapq.heappush(self._heap, _Entry(priority, next(self._counter), item))

    def pop(self) -> T:
        if not self._heap:
            raise IndexError("pop from an empty priority queue")
        return heapq.heappop(self._heap).item

    def peek(self) -> Optional[T]:
        return self._heap[0].item if self._heap else None

    def drain(self) -> Iterator[T]:
        while self:
            yield self.pop()


@dataclass
class Job:
    name: str
    action: Callable[[], object]
    retries: int = 0


class Scheduler:
    def __init__(self, max_retries: int = 2) -> None:
        self.queue: PriorityQueue[Job] = PriorityQueue()
        self.max_retries = max_retries
        self.log: list[str] = []

    def submit(self, name: str, action: Callable[[], object], *, priority: int = 10) -> None:
        self.queue.push(Job(name, action), priority)

    def run(self) -> None:
        while self.queue:
            job = self.queue.pop()
            try:
                result = job.action()
            except Exception as exc:  # noqa: BLE001 - the scheduler logs everything
                if job.retries < self.max_retries:
                    job.retries += 1
                    self.queue.push(job, priority=100 + job.retries)  # push to the back
                    self.log.append(f"retry {job.name}: {exc}")
                else:
                    self.log.append(f"gave up on {job.name}")
            else:
                self.log.append(f"done {job.name} -> {result!r}")


def flaky(times: int) -> Callable[[], str]:
    state = {"left": times}

    def action() -> str:
        if state["left"] > 0:
            state["left"] -= 1
            raise RuntimeError("transient failure")
        return "ok"

    return action


if __name__ == "__main__":
    scheduler = Scheduler()
    scheduler.submit("backup", flaky(1), priority=5)
    scheduler.submit("report", lambda: sum(range(10)))
    scheduler.submit("urgent-email", lambda: "sent", priority=1)
    scheduler.submit("doomed", flaky(5))
    scheduler.run()
    print("\n".join(scheduler.log))
