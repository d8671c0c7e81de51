"""Discrete-event simulation of customers queueing for bank tellers.

Customers arrive following a Poisson process and are served by the first
free teller. The simulation reports waiting times for a few staffing levels.
"""
from __future__ import annotations

import heapq
import random
import statistics
from dataclasses import dataclass, field
from typing import Iterator, TypedDict

OPENING_MINUTES = 8 * 60
ARRIVALS_PER_HOUR = 50
MEAN_SERVICE_MINUTES = 4.5


@dataclass(order=True)
class Customer:
    arrival: float
    service_time: float = field(compare=False)
    started: float | None = field(default=None, compare=False)

    @property
    def wait(self) -> float:
        if self.started is None:
            raise ValueError("customer has not been served yet")
        return self.started - self.arrival


def arrivals(rng: random.Random, *, per_hour: float = ARRIVALS_PER_HOUR) -> Iterator[Customer]:
    """Yield customers until closing time."""
    clock = 0.0
    while True:
        clock += rng.expovariate(per_hour / 60)
        if clock >= OPENING_MINUTES:
            return
        yield Customer(clock, rng.expovariate(1 / MEAN_SERVICE_MINUTES))


def simulate(tellers: int, *, seed: int = 0) -> list[Customer]:
    rng = random.Random(seed)
    free_at = [0.0] * tellers  # heap of times at which each teller frees up
    served = []
    for customer in arrivals(rng):
        earliest = heapq.heappop(free_at)
        customer.started = max(earliest, customer.arrival)
        heapq.heappush(free_at, customer.started + customer.service_time)
        served.append(customer)
        # Customers still queueing at closing time are served anyway; the
        # bank only stops admitting new arrivals.
    return served


class Summary(TypedDict):
    customers: int
    mean_wait: float
    p90_wait: float
    max_wait: float
    no_wait_share: float


def summary(customers: list[Customer]) -> Summary:
    waits = [c.wait for c in customers]
    return {
        "customers": len(customers),
        "mean_wait": statistics.fmean(waits),
        "p90_wait": statistics.quantiles(waits, n=10)[-1],
        "max_wait": max(waits),
        "no_wait_share": sum(w == 0 for w in waits) / len(waits),
    }


if __name__ == "__main__":
    print(f"{'tellers':>7} {'served':>6} {'mean':>6} {'p90':>6} {'max':>6} {'no wait':>8}")
    for tellers in range(3, 7):
        stats = summary(simulate(tellers, seed=2024))
        print(
            f"{tellers:>7} {stats['customers']:>6} {stats['mean_wait']:>6.1f} "
            f"{stats['p90_wait']:>6.1f} {stats['max_wait']:>6.1f} "
            f"{stats['no_wait_share']:>8.0%}"
        )
