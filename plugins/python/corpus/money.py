"""Currency-aware money values using :class:`decimal.Decimal`.

>>> Money("19.99", "EUR") + Money("0.01", "EUR")
Money('20.00', 'EUR')
>>> Money("10", "USD").allocate(3)
[Money('3.34', 'USD'), Money('3.33', 'USD'), Money('3.33', 'USD')]
>>> str(Money("1234.5", "GBP"))
'£1,234.50'
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import total_ordering

SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}
MINOR_UNITS = {"JPY": 0}  # everything else has two decimal places


class CurrencyMismatch(TypeError):
    pass


@total_ordering
@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str = "EUR"

    def __post_init__(self) -> None:
        places = Decimal(1).scaleb(-MINOR_UNITS.get(self.currency, 2))
        quantized = Decimal(self.amount).quantize(places, rounding=ROUND_HALF_UP)
        object.__setattr__(self, "amount", quantized)

    def _check(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"expected Money, got {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatch(f"{self.currency} vs {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, factor: int | Decimal) -> Money:
        return Money(self.amount * Decimal(factor), self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        self._check(other)
        return self.amount < other.amount

    def __bool__(self) -> bool:
        return bool(self.amount)

    def __repr__(self) -> str:
        return f"Money('{self.amount}', '{self.currency}')"

    def __str__(self) -> str:
        symbol = SYMBOLS.get(self.currency, self.currency + " ")
        return f"{symbol}{self.amount:,}"

    def allocate(self, parts: int) -> list[Money]:
        """Split into *parts* shares that add up exactly to the original."""
        unit = Decimal(1).scaleb(-MINOR_UNITS.get(self.currency, 2))
        base = (self.amount / parts).quantize(unit, rounding="ROUND_DOWN")
        remainder = int((self.amount - base * parts) / unit)
        return [
            Money(base + (unit if i < remainder else 0), self.currency)
            for i in range(parts)
        ]


def total(values: list[Money], currency: str = "EUR") -> Money:
    return sum(values, start=Money(0, currency))


if __name__ == "__main__":
    basket = [Money("3.99"), Money("12.50"), 2 * Money("0.85")]
    print("total:", total(basket), "max:", max(basket))
    print("yen:", Money("1234.56", "JPY"))
    try:
        Money(1, "USD") + Money(1, "EUR")
    except CurrencyMismatch as err:
        print("cannot add:", err)
