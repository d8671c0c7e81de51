"""Geometric shapes: an abstract base class, concrete shapes and a protocol."""
from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Iterable, Protocol, runtime_checkable


@runtime_checkable
class HasArea(Protocol):
    def area(self) -> float: ...


class Shape(ABC):
    """Base class; subclasses must implement area and perimeter."""

    @abstractmethod
    def area(self) -> float:
        raise NotImplementedError

    @abstractmethod
    def perimeter(self) -> float:
        raise NotImplementedError

    def __lt__(self, other: Shape) -> bool:
        return self.area() < other.area()

    def __str__(self) -> str:
        return f"{type(self).__name__} with area {self.area():.2f}"


@dataclass
class Circle(Shape):
    radius: float

    def area(self) -> float:
        return math.pi * self.radius ** 2

    def perimeter(self) -> float:
        return 2 * math.pi * self.radius


@dataclass
class Rectangle(Shape):
    width: float
    height: float

    def area(self) -> float:
        return self.width * self.height

    def perimeter(self) -> float:
        return 2 * (self.width + self.height)


class Square(Rectangle):
    def __init__(self, side: float) -> None:
        super().__init__(side, side)

    @property
    def side(self) -> float:
        return self.width


@dataclass
class Triangle(Shape):
    a: float
    b: float
    c: float

    def __post_init__(self) -> None:
        x, y, z = sorted((self.a, self.b, self.c))
        if x + y <= z:
            raise ValueError(f"sides {self.a}, {self.b}, {self.c} violate the triangle inequality")

    def perimeter(self) -> float:
        return self.a + self.b + self.c

    def area(self) -> float:
        s = self.perimeter() / 2  # Heron's formula
        return math.sqrt(s * (s - self.a) * (s - self.b) * (s - self.c))


def describe(shape: Shape) -> str:
    match shape:
        case Circle(radius=r) if r == 0:
            return "a degenerate circle"
        case Circle(radius=r):
            return f"a circle of radius {r}"
        case Square():
            return f"a square with side {shape.side}"
        case Rectangle(width=w, height=h):
            return f"a {w} by {h} rectangle"
        case Triangle(a=a, b=b, c=c) if a == b == c:
            return f"an equilateral triangle with side {a}"
        case _:
            return f"some {type(shape).__name__.lower()}"


def total_area(items: Iterable[HasArea]) -> float:
    return sum(item.area() for item in items if isinstance(item, HasArea))


if __name__ == "__main__":
    shapes = [Circle(1.5), Rectangle(2, 5), Square(3), Triangle(3, 4, 5), Triangle(2, 2, 2)]
    for shape in sorted(shapes):
        print(f"{describe(shape):<38} {shape}")
    print(f"total area: {total_area(shapes):.3f}")
