"""Run asynchronous service health checks concurrently with timeouts.

Each check is a coroutine function registered with ``@health_check``; the
"services" here are simulated so the example runs offline.
"""
import asyncio
import time
from contextlib import asynccontextmanager

CHECKS = {}
DEFAULT_TIMEOUT = 0.2


def health_check(name=None, *, timeout=DEFAULT_TIMEOUT, critical=True):
    def decorator(func):
        CHECKS[name or func.__name__] = (func, timeout, critical)
        return func
    return decorator


@asynccontextmanager
async def connection(service, delay):
    """Pretend to open (and later close) a connection to *service*."""
    await asyncio.sleep(delay)
    try:
        yield {"service": service, "opened": time.monotonic()}
    finally:
        await asyncio.sleep(0)  # graceful close


@health_check("database")
async def check_database():
    async with connection("postgres", 0.01) as conn:
        return f"{conn['service']} ok"


@health_check("cache", critical=False)
async def check_cache():
    async with connection("redis", 0.01):
        raise ConnectionRefusedError("redis refused the connection")


@health_check("search", timeout=0.05)
async def check_search():
    async with connection("search", 1.0):  # far too slow
        return "search ok"


async def run_check(name, func, timeout):
    started = time.perf_counter()
    try:
        detail = await asyncio.wait_for(func(), timeout)
        status = "pass"
    except asyncio.TimeoutError:
        status, detail = "fail", f"timed out after {timeout}s"
    except OSError as exc:
        status, detail = "fail", f"{type(exc).__name__}: {exc}"
    elapsed = (time.perf_counter() - started) * 1000
    return name, status, detail, elapsed


async def run_all():
    results = await asyncio.gather(
        *(run_check(name, func, timeout) for name, (func, timeout, _) in CHECKS.items())
    )
    healthy = all(
        status == "pass" or not CHECKS[name][2] for name, status, *_ in results
    )
    return healthy, results


if __name__ == "__main__":
    healthy, results = asyncio.run(run_all())
    for name, status, detail, elapsed in results:
        print(f"{name:<9}{status:<5}{elapsed:7.1f} ms  {detail}")
    print("overall:", "HEALTHY" if healthy else "UNHEALTHY")
