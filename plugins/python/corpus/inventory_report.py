"""Build a plain-text stock report from CSV inventory data.

Reads rows of ``sku,name,category,quantity,unit_price`` and reports the
value held per category together with the items that need reordering.
"""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Iterator

SAMPLE_CSV = """\
sku,name,category,quantity,unit_price
A-100,Hex bolt M6,fasteners,1200,0.08
A-101,Hex nut M6,fasteners,90,0.03
B-200,Cable tie 200mm,electrical,40,0.05
B-201,Heat shrink kit,electrical,12,7.50
C-300,Safety glasses,ppe,35,4.25
C-301,Nitrile gloves (box),ppe,8,11.90
"""

REORDER_THRESHOLDS = {
    "fasteners": 100,
    "electrical": 25,
    "ppe": 10,
}


@dataclass
class Item:
    sku: str
    name: str
    category: str
    quantity: int
    unit_price: float

    @property
    def value(self) -> float:
        return self.quantity * self.unit_price

    def needs_reorder(self, thresholds: dict[str, int] = REORDER_THRESHOLDS) -> bool:
        return self.quantity < thresholds.get(self.category, 0)


@dataclass
class Report:
    items: list[Item] = field(default_factory=list)

    def by_category(self) -> dict[str, list[Item]]:
        groups: dict[str, list[Item]] = defaultdict(list)
        for item in self.items:
            groups[item.category].append(item)
        return dict(groups)

    @property
    def total_value(self) -> float:
        return sum(item.value for item in self.items)

    def render(self) -> str:
        lines = [f"{'category':<12}{'items':>6}{'value':>12}"]
        for category, items in sorted(self.by_category().items()):
            value = sum(i.value for i in items)
            lines.append(f"{category:<12}{len(items):>6}{value:>12.2f}")
        low = [i for i in self.items if i.needs_reorder()]
        reorder = "\n".join(f"  - {i.sku} {i.name} ({i.quantity} left)" for i in low)
        return f"""\
{chr(10).join(lines)}
{'-' * 30}
Total stock value: {self.total_value:,.2f}
Items to reorder ({len(low)}):
{reorder or '  none'}"""


def parse_items(rows: Iterable[dict[str, str]]) -> Iterator[Item]:
    for line_no, row in enumerate(rows, start=2):
        try:
            yield Item(
                sku=row["sku"],
                name=row["name"],
                category=row["category"].strip().lower(),
                quantity=int(row["quantity"]),
                unit_price=float(row["unit_price"]),
            )
        except (KeyError, ValueError) as exc:
            raise ValueError(f"bad inventory row on line {line_no}") from exc


def load_report(text: str) -> Report:
    reader = csv.DictReader(io.StringIO(text))
    return Report(list(parse_items(reader)))


if __name__ == "__main__":
    print(load_report(SAMPLE_CSV).render())
