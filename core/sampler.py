"""LintSeq backward sampling: delete units until the program is empty, every state clean.

The sampler sees a `Structure`, a `Checker` and a random generator. It knows no language.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from .checker import Checker
from .structure import Structure

WEIGHTINGS = ("indent", "uniform")


@dataclass(frozen=True)
class SamplerSettings:
    """How lines are chosen. The defaults are the reference implementation's.

    weighting: "indent" weighs a line by its nesting depth (top level 1), as the paper's
        implementation does; "uniform" gives every code line the same weight.
    max_rounds: after this many deletion rounds the rest of the program is left for the
        first edit to write at once.
    """

    weighting: str = "indent"
    max_rounds: int = 512

    def __post_init__(self) -> None:
        if self.weighting not in WEIGHTINGS:
            raise ValueError(f"weighting must be one of {', '.join(WEIGHTINGS)}, not {self.weighting!r}")
        if self.max_rounds < 1:
            raise ValueError("max_rounds must be at least 1")

    def as_record(self) -> dict[str, object]:
        return {"weighting": self.weighting, "max_rounds": self.max_rounds}


@dataclass(frozen=True)
class EditPath:
    """States from the full program down to the empty one, as sets of kept units.

    `checks` counts checker calls spent finding it.
    """

    states: tuple[frozenset[int], ...]
    checks: int


def _close(structure: Structure, seeds: Iterable[int], alive: set[int]) -> set[int]:
    """`seeds`, everything that depends on them, and owners whose requirements now fail."""
    doomed: set[int] = set()
    pending = [unit for unit in seeds if unit in alive]
    while True:
        while pending:
            unit = pending.pop()
            if unit in doomed:
                continue
            doomed.add(unit)
            pending.extend(dep for dep in structure.dependents[unit] if dep in alive and dep not in doomed)
        surviving = alive - doomed
        for requirement in structure.requirements:
            if requirement.owner in surviving and requirement.members.isdisjoint(surviving):
                pending.append(requirement.owner)
        if not pending:
            return doomed


def delete_until_clean(
    structure: Structure,
    checker: Checker,
    alive: set[int],
    seeds: Iterable[int],
    tolerated: frozenset[str] = frozenset(),
) -> int:
    """Delete `seeds` (with what depends on them) from `alive`, then whatever the checker flags,
    until the remaining program is clean. Mutates `alive`; returns the number of checks."""
    checks = 0
    alive -= _close(structure, seeds, alive)
    while alive:
        text, kept_lines = structure.text_of_units(alive)
        checks += 1
        flagged = {
            structure.unit_of_line[kept_lines[min(max(d.line, 1), len(kept_lines)) - 1]]
            for d in checker.check(text)
            if d.key not in tolerated
        }
        if not flagged:
            break
        alive -= _close(structure, flagged, alive)
    return checks


def sample_edit_path(
    structure: Structure,
    checker: Checker,
    rng: random.Random,
    settings: SamplerSettings = SamplerSettings(),
    tolerated: frozenset[str] = frozenset(),
) -> EditPath:
    """One edit path: the full program, then each clean state after a deletion round, then empty."""
    weights = structure.depth_weights if settings.weighting == "indent" else structure.code_line_counts
    alive = set(range(structure.unit_count))
    states = [frozenset(alive)]
    checks = 0
    rounds = 0
    while alive and rounds < settings.max_rounds:
        candidates = sorted(alive)
        candidate_weights = [weights[unit] for unit in candidates]
        if sum(candidate_weights) == 0:  # only comment units left: any of them
            candidate_weights = [1] * len(candidates)
        (chosen,) = rng.choices(candidates, weights=candidate_weights)
        checks += delete_until_clean(structure, checker, alive, (chosen,), tolerated)
        states.append(frozenset(alive))
        rounds += 1
    if states[-1]:
        states.append(frozenset())
    return EditPath(tuple(states), checks)
