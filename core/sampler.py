"""LintSeq backward sampling: delete units until the program is empty, every state clean.

The sampler sees a `Structure`, a `Checker` and a random generator. It knows no language.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .checker import Checker, Diagnostic
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


@dataclass
class CheckMemo:
    """The checker's answers for one program's states, by a digest of the state's text.

    The samples of one program pass through many of the same states (a third of them on
    HumanEval), and a checker is a pure function of the text it judges (for a checker bound to
    its program by `begin`, of the text and that program, hence one memo per program). Digests,
    not texts, are kept, so the memo of a long program stays small.
    """

    answers: dict[bytes, Sequence[Diagnostic]] = field(default_factory=dict)
    calls: int = 0  # checker calls made, i.e. memo misses
    syntax_calls: int = 0  # of which `check_syntax` calls (see `inert_lines` in checker.py)

    def check(self, checker: Checker, text: str, syntax_only: bool = False) -> Sequence[Diagnostic]:
        """The checker's answer for `text`; with `syntax_only`, its `check_syntax` answer, which
        the caller knows to be the whole answer (a state of a clean one that lost no
        declaration), so it is remembered as the answer for the text."""
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        found = self.answers.get(key)
        if found is None:
            if syntax_only:
                found = self.answers[key] = tuple(checker.check_syntax(text))  # type: ignore[attr-defined]
                self.syntax_calls += 1
            else:
                found = self.answers[key] = tuple(checker.check(text))
            self.calls += 1
        return found


def _close(structure: Structure, seeds: Iterable[int], alive: set[int]) -> set[int]:
    """`seeds`, everything that depends on them, and owners whose requirements now fail."""
    doomed: set[int] = set()
    pending = [unit for unit in seeds if unit in alive]
    dependents, requirements_of = structure.dependents, structure.requirements_of_member
    while pending:
        unit = pending.pop()
        if unit in doomed:
            continue
        doomed.add(unit)
        pending.extend(dep for dep in dependents[unit] if dep in alive and dep not in doomed)
        # `alive` meets every requirement, so one fails only when the last of its living
        # members goes: look at the requirements of each member as it goes, not at all of them.
        for requirement in requirements_of[unit]:
            owner = requirement.owner
            if owner in alive and owner not in doomed and all(
                member not in alive or member in doomed for member in requirement.members
            ):
                pending.append(owner)
    return doomed


def inert_units(structure: Structure, lines: frozenset[int] | None) -> frozenset[int]:
    """The units all of whose lines are in `lines` (the program's lines that declare no name,
    from `inert_lines` in checker.py); none when the checker cannot tell."""
    if not lines:
        return frozenset()
    return frozenset(unit for unit, rows in enumerate(structure.unit_lines) if lines.issuperset(rows))


def delete_until_clean(
    structure: Structure,
    checker: Checker,
    alive: set[int],
    seeds: Iterable[int],
    tolerated: frozenset[str] = frozenset(),
    memo: CheckMemo | None = None,
    inert: frozenset[int] = frozenset(),
) -> int:
    """Delete `seeds` (with what depends on them) from `alive`, then whatever the checker flags,
    until the remaining program is clean. Mutates `alive`; returns the number of checker calls
    (states found in `memo` cost none).

    `alive` must be clean. `inert` are the units that declare no name (see `inert_units`):
    when only those go, the state is judged by the checker's syntax check alone."""
    memo = memo if memo is not None else CheckMemo()
    calls_before = memo.calls
    doomed = _close(structure, seeds, alive)
    syntax_only = bool(inert) and doomed <= inert
    alive -= doomed
    while alive:
        text, kept_lines = structure.text_of_units(alive)
        flagged = {
            structure.unit_of_line[kept_lines[min(max(d.line, 1), len(kept_lines)) - 1]]
            for d in memo.check(checker, text, syntax_only)
            if d.key not in tolerated
        }
        syntax_only = False  # lines it flagged go next: not a clean state less inert units
        if not flagged:
            break
        alive -= _close(structure, flagged, alive)
    return memo.calls - calls_before


def sample_edit_path(
    structure: Structure,
    checker: Checker,
    rng: random.Random,
    settings: SamplerSettings = SamplerSettings(),
    tolerated: frozenset[str] = frozenset(),
    memo: CheckMemo | None = None,
    inert: frozenset[int] = frozenset(),
) -> EditPath:
    """One edit path: the full program, then each clean state after a deletion round, then empty.

    Give the samples of one program the same `memo` to judge each distinct state once, and
    `inert_units` to judge states that lost no declaration by syntax alone."""
    memo = memo if memo is not None else CheckMemo()
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
        checks += delete_until_clean(structure, checker, alive, (chosen,), tolerated, memo, inert)
        states.append(frozenset(alive))
        rounds += 1
    if states[-1]:
        states.append(frozenset())
    return EditPath(tuple(states), checks)
