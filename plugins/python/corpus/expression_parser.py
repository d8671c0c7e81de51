"""Tokenizer, recursive-descent parser and evaluator for arithmetic.

Grammar::

    expr   := term (('+' | '-') term)*
    term   := factor (('*' | '/' | '%') factor)*
    factor := ('-' factor) | power
    power  := atom ('^' factor)?
    atom   := NUMBER | NAME | '(' expr ')'

>>> evaluate("2 + 4 * 5")
22
>>> evaluate("(1 + 2) ^ 2 - x", {"x": 1})
8
>>> evaluate("7 / 2 + -3")
0.5
"""
from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from typing import Union

TOKEN_RE = re.compile(r"\s*(?:(\d+\.?\d*)|([A-Za-z_]\w*)|(.))")

OPERATORS = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "%": operator.mod,
    "^": operator.pow,
}


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Var:
    name: str


@dataclass(frozen=True)
class BinOp:
    op: str
    left: "Node"
    right: "Node"


@dataclass(frozen=True)
class Neg:
    operand: "Node"


Node = Union[Num, Var, BinOp, Neg]


def tokenize(text: str) -> list[str]:
    """Split *text* into tokens.

    >>> tokenize("3*(x+12)")
    ['3', '*', '(', 'x', '+', '12', ')']
    """
    matches = TOKEN_RE.findall(text)
    return [tok for groups in matches if (tok := "".join(groups).strip())]


class Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def advance(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise SyntaxError(f"expected {expected or 'a token'}, got {token!r}")
        self.pos += 1
        return token

    def parse(self) -> Node:
        node = self.expr()
        if (extra := self.peek()) is not None:
            raise SyntaxError(f"unexpected trailing token {extra!r}")
        return node

    def expr(self) -> Node:
        node = self.term()
        while self.peek() in ("+", "-"):
            node = BinOp(self.advance(), node, self.term())
        return node

    def term(self) -> Node:
        node = self.factor()
        while self.peek() in ("*", "/", "%"):
            node = BinOp(self.advance(), node, self.factor())
        return node

    def factor(self) -> Node:
        if self.peek() == "-":
            self.advance()
            return Neg(self.factor())
        base = self.atom()
        if self.peek() == "^":
            self.advance()
            return BinOp("^", base, self.factor())  # right associative
        return base

    def atom(self) -> Node:
        token = self.advance()
        if token == "(":
            node = self.expr()
            self.advance(")")
            return node
        if token[0].isdigit():
            return Num(float(token) if "." in token else int(token))
        if token[0].isalpha() or token[0] == "_":
            return Var(token)
        raise SyntaxError(f"unexpected token {token!r}")


def eval_node(node: Node, env: dict[str, float]) -> float:
    match node:
        case Num(value):
            return value
        case Var(name) if name in env:
            return env[name]
        case Var(name):
            raise NameError(f"unbound variable {name!r}")
        case Neg(operand):
            return -eval_node(operand, env)
        case BinOp("/", _, right) if eval_node(right, env) == 0:
            raise ZeroDivisionError("division by zero in expression")
        case BinOp(op, left, right):
            return OPERATORS[op](eval_node(left, env), eval_node(right, env))
        case _:
            raise ValueError(f"cannot evaluate {node!r}")


def evaluate(text: str, env: dict[str, float] | None = None) -> float:
    return eval_node(Parser(text).parse(), env or {})
