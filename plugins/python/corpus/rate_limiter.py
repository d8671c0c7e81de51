"""Token-bucket rate limiting for both synchronous and asyncio code."""
from __future__ import annotations

import asyncio
import time
from typing import AsyncIterator, Optional, Protocol


class Clock(Protocol):
    """Anything that returns a monotonically increasing time in seconds."""

    def __call__(self) -> float: ...


class TokenBucket:
    """Allow bursts of up to ``capacity`` operations, refilled at ``rate``/s."""

    def __init__(
        self,
        rate: float,
        capacity: Optional[float] = None,
        *,
        clock: Clock = time.monotonic,
    ) -> None:
        self.rate = rate
        self.capacity = capacity if capacity is not None else rate
        self.tokens = self.capacity
        self._clock = clock
        self._updated = clock()
        self._lock = asyncio.Lock()

    def _refill(self) -> None:
        now = self._clock()
        elapsed, self._updated = now - self._updated, now
        self.tokens = min(self.capacity, self.tokens + elapsed * self.rate)

    def try_acquire(self, tokens: float = 1) -> bool:
        self._refill()
        if self.tokens >= tokens:
            self.tokens -= tokens
            return True
        return False

    def wait_time(self, tokens: float = 1) -> float:
        self._refill()
        return max(0.0, (tokens - self.tokens) / self.rate)

    async def acquire(self, tokens: float = 1) -> None:
        async with self._lock:
            while not self.try_acquire(tokens):
                await asyncio.sleep(self.wait_time(tokens))

    async def __aenter__(self) -> TokenBucket:
        await self.acquire()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        return None


async def call_api(bucket: TokenBucket, request_id: int, started: float) -> str:
    async with bucket:
        return f"request {request_id:>2} sent at t={time.monotonic() - started:.2f}s"


async def throttled(items: list[str], bucket: TokenBucket) -> AsyncIterator[str]:
    """Re-yield *items*, but no faster than the bucket allows."""
    for item in items:
        await bucket.acquire()
        yield item


async def main() -> None:
    bucket = TokenBucket(rate=20, capacity=5)
    started = time.monotonic()
    results = await asyncio.gather(*(call_api(bucket, i, started) for i in range(12)))
    for line in results:
        print(line)
    async for page in throttled(["page-1", "page-2", "page-3"], TokenBucket(rate=50, capacity=1)):
        print(f"{page} at t={time.monotonic() - started:.2f}s")


if __name__ == "__main__":
    asyncio.run(main())
