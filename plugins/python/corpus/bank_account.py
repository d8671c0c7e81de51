"""Bank accounts with overdraft rules, interest and a transaction log."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Iterator

CENT = Decimal("0.01")


class AccountError(Exception):
    """Base class for account problems."""


class InsufficientFunds(AccountError):
    def __init__(self, account: Account, amount: Decimal) -> None:
        super().__init__(
            f"{account.owner}: cannot withdraw {amount}, "
            f"available {account.available}"
        )
        self.amount = amount


@dataclass(frozen=True)
class Transaction:
    kind: str
    amount: Decimal
    on: date


class Account:
    """A plain account that may never go below zero."""

    kind = "basic"

    def __init__(self, owner: str, balance: Decimal | str = "0") -> None:
        self.owner = owner
        self._balance = Decimal(balance).quantize(CENT)
        self.transactions: list[Transaction] = []

    @property
    def balance(self) -> Decimal:
        return self._balance

    @property
    def available(self) -> Decimal:
        return self._balance

    @staticmethod
    def _money(amount: Decimal | str | int) -> Decimal:
        value = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_EVEN)
        if value <= 0:
            raise ValueError("amount must be positive")
        return value

    def _record(self, kind: str, amount: Decimal, on: date | None) -> None:
        self.transactions.append(Transaction(kind, amount, on or date.today()))

    def deposit(self, amount: Decimal | str | int, *, on: date | None = None) -> Decimal:
        amount = self._money(amount)
        self._balance += amount
        self._record("deposit", amount, on)
        return self._balance

    def withdraw(self, amount: Decimal | str | int, *, on: date | None = None) -> Decimal:
        amount = self._money(amount)
        if amount > self.available:
            raise InsufficientFunds(self, amount)
        self._balance -= amount
        self._record("withdrawal", amount, on)
        return self._balance

    @contextmanager
    def transaction(self) -> Iterator[Account]:
        """Roll the balance and log back if the ``with`` block fails."""
        saved_balance, saved_log = self._balance, len(self.transactions)
        try:
            yield self
        except Exception:
            self._balance = saved_balance
            del self.transactions[saved_log:]
            raise

    def transfer_to(self, other: Account, amount: Decimal | str | int) -> None:
        try:
            self.withdraw(amount)
        except InsufficientFunds as exc:
            raise AccountError(f"transfer to {other.owner} failed") from exc
        else:
            other.deposit(amount)

    def __repr__(self) -> str:
        return f"<{self.kind} account {self.owner}: {self._balance}>"


class CheckingAccount(Account):
    kind = "checking"

    def __init__(self, owner: str, balance: Decimal | str = "0", overdraft: str = "100") -> None:
        super().__init__(owner, balance)
        self.overdraft = Decimal(overdraft)

    @property
    def available(self) -> Decimal:
        return self._balance + self.overdraft


class SavingsAccount(Account):
    kind = "savings"

    def __init__(self, owner: str, balance: Decimal | str = "0", rate: str = "0.02") -> None:
        super().__init__(owner, balance)
        self.rate = Decimal(rate)

    @classmethod
    def with_bonus(cls, owner: str, opening: str) -> SavingsAccount:
        """Open a savings account with a 1% welcome bonus."""
        account = cls(owner, opening)
        account.deposit(Decimal(opening) / 100)
        return account

    def add_interest(self, months: int = 1) -> Decimal:
        interest = (self._balance * self.rate * months / 12).quantize(CENT)
        if interest > 0:
            self.deposit(interest)
        return interest


if __name__ == "__main__":
    alice = CheckingAccount("alice", "50.00")
    bob = SavingsAccount.with_bonus("bob", "1000")
    alice.withdraw("120")
    print(alice, "available:", alice.available)
    try:
        alice.transfer_to(bob, "40")
    except AccountError as err:
        print(f"error: {err} (cause: {err.__cause__})")
    print(bob, "interest:", bob.add_interest(months=6))
    try:
        with alice.transaction(), bob.transaction():
            bob.withdraw("500")
            alice.deposit("500")
            bob.withdraw("10000")  # fails: both accounts are rolled back
    except InsufficientFunds as err:
        print("rolled back:", err)
    print(alice, bob)
