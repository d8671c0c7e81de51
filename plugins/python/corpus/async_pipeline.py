"""An asyncio producer/consumer pipeline for processing sensor readings.

Readings flow through three stages connected by bounded queues::

    produce -> parse (x2 workers) -> aggregate
"""
import asyncio
import json
import random
from dataclasses import dataclass

SENTINEL = None
SENSORS = ("kitchen", "garage", "attic")


@dataclass
class Reading:
    sensor: str
    celsius: float


async def raw_messages(count, *, seed=1):
    """Async generator standing in for a message broker subscription."""
    rng = random.Random(seed)
    for i in range(count):
        await asyncio.sleep(0)  # pretend to wait for the network
        if i % 7 == 6:
            yield "{not valid json"
        else:
            yield json.dumps({"sensor": rng.choice(SENSORS), "c": round(rng.uniform(5, 30), 1)})


async def produce(queue, count):
    async for message in raw_messages(count):
        await queue.put(message)


async def parse_worker(name, inbox, outbox, errors):
    while (message := await inbox.get()) is not SENTINEL:
        try:
            data = json.loads(message)
            await outbox.put(Reading(data["sensor"], float(data["c"])))
        except (json.JSONDecodeError, KeyError) as exc:
            errors.append(f"{name}: {type(exc).__name__}")
        finally:
            inbox.task_done()
    inbox.task_done()


async def aggregate(queue):
    stats = {}
    while (reading := await queue.get()) is not SENTINEL:
        low, high, n = stats.get(reading.sensor, (reading.celsius, reading.celsius, 0))
        stats[reading.sensor] = (min(low, reading.celsius), max(high, reading.celsius), n + 1)
    return stats


async def run_pipeline(count=40, workers=2):
    raw_q = asyncio.Queue(maxsize=5)
    parsed_q = asyncio.Queue(maxsize=5)
    errors = []

    aggregator = asyncio.create_task(aggregate(parsed_q))
    parsers = [
        asyncio.create_task(parse_worker(f"parser-{i}", raw_q, parsed_q, errors))
        for i in range(workers)
    ]
    await produce(raw_q, count)
    for _ in parsers:
        await raw_q.put(SENTINEL)
    await asyncio.gather(*parsers)
    await parsed_q.put(SENTINEL)
    return await aggregator, errors


def main():
    stats, errors = asyncio.run(run_pipeline())
    for sensor, (low, high, n) in sorted(stats.items()):
        print(f"{sensor:<8} n={n:<3} min={low:5.1f} max={high:5.1f}")
    print(f"{len(errors)} malformed messages")


if __name__ == "__main__":
    main()
