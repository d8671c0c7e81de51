"""Shorthands for writing a language's structure rules as data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def closed_by(closers: Mapping[str, Iterable[str]]) -> dict[str, frozenset[str]]:
    """`StructureRules.required_children` for bracketed nodes: {closing token: node types} ->
    {node type: {closing token}}. A node that lost its closing bracket (its line went with
    another unit) must go as a whole."""
    return {kind: frozenset({closer}) for closer, kinds in closers.items() for kind in kinds}
