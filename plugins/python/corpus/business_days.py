"""Date helpers for working with business days and reporting periods."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Iterable, Iterator, Optional

WEEKEND = frozenset({5, 6})  # Saturday, Sunday

# Fixed-date public holidays as (month, day); moveable feasts are omitted.
FIXED_HOLIDAYS = [
    (1, 1),    # New Year's Day
    (5, 1),    # Labour Day
    (12, 25),  # Christmas Day
    (12, 26),  # Boxing Day
]


def holidays_for(year: int, extra: Iterable[date] = ()) -> set[date]:
    return {date(year, month, day) for month, day in FIXED_HOLIDAYS} | set(extra)


def is_business_day(day: date, *, holidays: Optional[set[date]] = None) -> bool:
    """Return True for weekdays that are not holidays.

    >>> is_business_day(date(2024, 12, 25))
    False
    >>> is_business_day(date(2024, 12, 27))
    True
    """
    if holidays is None:
        holidays = holidays_for(day.year)
    return day.weekday() not in WEEKEND and day not in holidays


def business_days(start: date, end: date, **kwargs: object) -> Iterator[date]:
    """Yield business days in the half-open range [start, end)."""
    day = start
    while day < end:
        if is_business_day(day, **kwargs):
            yield day
        day += timedelta(days=1)


def add_business_days(start: date, count: int, *, holidays: Optional[set[date]] = None) -> date:
    """Move *count* business days forward (or backward if negative).

    >>> add_business_days(date(2024, 12, 23), 3)
    datetime.date(2024, 12, 30)
    """
    step = timedelta(days=1 if count >= 0 else -1)
    remaining = abs(count)
    day = start
    while remaining:
        day += step
        if is_business_day(day, holidays=holidays):
            remaining -= 1
    return day


def month_ranges(year: int) -> Iterator[tuple[date, date]]:
    for month in range(1, 13):
        first = date(year, month, 1)
        following = date(year + month // 12, month % 12 + 1, 1)
        yield first, following - timedelta(days=1)


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


if __name__ == "__main__":
    year = 2024
    for first, last in month_ranges(year):
        count = sum(1 for _ in business_days(first, last + timedelta(days=1)))
        print(f"{first:%b} ({quarter_of(first)}): {count:2d} business days")
    print("invoice due:", add_business_days(date(year, 12, 20), 10))
