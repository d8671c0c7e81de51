"""Vending machine controller driven by typed events.

Prices are in cents. The controller is a state machine whose transitions
are written as ``match`` statements over ``(state, event)`` pairs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

ACCEPTED_COINS = frozenset({5, 10, 20, 50, 100, 200})

PRODUCTS = {
    "A1": ("Cola", 150),
    "A2": ("Water", 100),
    "B1": ("Crisps", 120),
    "B2": ("Chocolate", 95),
}


class Mode(Enum):
    IDLE = "idle"
    HAS_CREDIT = "has credit"
    MAINTENANCE = "maintenance"


@dataclass(frozen=True)
class InsertCoin:
    cents: int


@dataclass(frozen=True)
class Select:
    code: str


@dataclass(frozen=True)
class Cancel:
    pass


@dataclass(frozen=True)
class Service:
    open: bool
    restock: dict[str, int] = field(default_factory=dict, hash=False)


Event = InsertCoin | Select | Cancel | Service


def make_change(amount: int) -> list[int]:
    """Greedy change-making with the accepted coin set.

    >>> make_change(85)
    [50, 20, 10, 5]
    """
    coins = []
    for coin in sorted(ACCEPTED_COINS, reverse=True):
        while amount >= coin:
            coins.append(coin)
            amount -= coin
    return coins


class VendingMachine:
    def __init__(self, stock: dict[str, int] | None = None) -> None:
        self.mode = Mode.IDLE
        self.credit = 0
        self.stock = dict.fromkeys(PRODUCTS, 3) if stock is None else dict(stock)
        self.coin_return: list[int] = []

    def handle(self, event: Event) -> str:
        match self.mode, event:
            case Mode.MAINTENANCE, Service(open=False, restock=restock):
                for code, qty in restock.items():
                    self.stock[code] = self.stock.get(code, 0) + qty
                self.mode = Mode.IDLE
                return f"restocked {sum(restock.values())} items"
            case Mode.MAINTENANCE, _:
                return "out of service"
            case Mode.IDLE, Service(open=True):
                self.mode = Mode.MAINTENANCE
                return "door open"
            case _, InsertCoin(cents=c) if c not in ACCEPTED_COINS:
                self.coin_return.append(c)
                return f"rejected coin {c}"
            case _, InsertCoin(cents=c):
                self.credit += c
                self.mode = Mode.HAS_CREDIT
                return f"credit {self.credit}"
            case Mode.HAS_CREDIT, Select(code=code) if code in PRODUCTS:
                return self._vend(code)
            case Mode.HAS_CREDIT, Cancel():
                return self._refund()
            case _, Select():
                return "insert coins first" if self.mode is Mode.IDLE else "unknown product"
            case _:
                return "ignored"

    def _vend(self, code: str) -> str:
        name, price = PRODUCTS[code]
        if self.stock.get(code, 0) == 0:
            return f"{name} sold out"
        if self.credit < price:
            return f"{name} costs {price}, credit is {self.credit}"
        self.stock[code] -= 1
        self.credit -= price
        change = self._refund() if self.credit else "no change"
        return f"vended {name}; {change}"

    def _refund(self) -> str:
        coins = make_change(self.credit)
        self.coin_return.extend(coins)
        self.credit = 0
        self.mode = Mode.IDLE
        return f"returned {coins}"


if __name__ == "__main__":
    machine = VendingMachine(stock={"A1": 1, "B2": 0})
    script: list[Event] = [
        Select("A1"), InsertCoin(100), InsertCoin(3), InsertCoin(100), Select("A1"),
        InsertCoin(200), Select("B2"), Select("A1"), Cancel(),
        Service(open=True), InsertCoin(50), Service(open=False, restock={"B2": 5}),
    ]
    for event in script:
        print(f"{event!r:<45} -> {machine.handle(event)}")
