"""A small dense matrix type with the usual arithmetic operators.

>>> m = Matrix([[1, 2], [3, 4]])
>>> m @ Matrix.identity(2) == m
True
>>> (m + m)[1, 0]
6
>>> m.transpose().rows
[[1, 3], [2, 4]]
>>> Matrix([[2, 0], [0, 2]]).determinant()
4
"""
from __future__ import annotations

from numbers import Number
from typing import Iterator, Sequence


class Matrix:
    """Immutable-ish 2-D matrix stored as a list of rows."""

    __slots__ = ("_rows",)

    def __init__(self, rows: Sequence[Sequence[float]]) -> None:
        if not rows or any(len(row) != len(rows[0]) for row in rows):
            raise ValueError("matrix rows must be non-empty and equally long")
        self._rows = [list(row) for row in rows]

    @classmethod
    def zeros(cls, n_rows: int, n_cols: int) -> Matrix:
        return cls([[0] * n_cols for _ in range(n_rows)])

    @classmethod
    def identity(cls, n: int) -> Matrix:
        return cls([[1 if i == j else 0 for j in range(n)] for i in range(n)])

    @staticmethod
    def _dot(a: Sequence[float], b: Sequence[float]) -> float:
        return sum(x * y for x, y in zip(a, b))

    @property
    def rows(self) -> list[list[float]]:
        return [row[:] for row in self._rows]

    @property
    def shape(self) -> tuple[int, int]:
        return len(self._rows), len(self._rows[0])

    def __getitem__(self, index: tuple[int, int]) -> float:
        i, j = index
        return self._rows[i][j]

    def __iter__(self) -> Iterator[list[float]]:
        return iter(self.rows)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Matrix):
            return NotImplemented
        return self._rows == other._rows

    def __hash__(self) -> int:
        return hash(tuple(map(tuple, self._rows)))

    def __add__(self, other: Matrix) -> Matrix:
        if self.shape != other.shape:
            raise ValueError(f"shape mismatch: {self.shape} vs {other.shape}")
        return Matrix([
            [a + b for a, b in zip(r1, r2)]
            for r1, r2 in zip(self._rows, other._rows)
        ])

    def __mul__(self, scalar: float) -> Matrix:
        if not isinstance(scalar, Number):
            return NotImplemented
        return Matrix([[scalar * x for x in row] for row in self._rows])

    __rmul__ = __mul__

    def __neg__(self) -> Matrix:
        return self * -1

    def __sub__(self, other: Matrix) -> Matrix:
        return self + (-other)

    def __matmul__(self, other: Matrix) -> Matrix:
        if self.shape[1] != other.shape[0]:
            raise ValueError("inner dimensions do not match")
        columns = other.transpose()._rows
        return Matrix([[self._dot(row, col) for col in columns] for row in self._rows])

    def __repr__(self) -> str:
        body = ",\n        ".join(repr(row) for row in self._rows)
        return f"Matrix([{body}])"

    def transpose(self) -> Matrix:
        return Matrix([list(col) for col in zip(*self._rows)])

    def determinant(self) -> float:
        n, m = self.shape
        if n != m:
            raise ValueError("determinant needs a square matrix")
        if n == 1:
            return self._rows[0][0]
        # Laplace expansion along the first row. This is O(n!) and only
        # meant for the small matrices this class is used with; switch to
        # an LU decomposition for anything bigger than about 8x8.
        total = 0
        for j, pivot in enumerate(self._rows[0]):
            minor = Matrix([row[:j] + row[j + 1:] for row in self._rows[1:]])
            total += (-1) ** j * pivot * minor.determinant()
        return total


if __name__ == "__main__":
    a = Matrix([[1, 2, 3], [4, 5, 6]])
    b = Matrix([[7, 8], [9, 10], [11, 12]])
    print(a @ b)
    print(2 * Matrix.identity(3) - Matrix.zeros(3, 3))
