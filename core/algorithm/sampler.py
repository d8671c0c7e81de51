"""LintSeq backward sampling: delete units until the program is empty, every state clean.

The sampler sees a `Structure`, a `Checker` and a random generator. It knows no language.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
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
    distinct_paths: the samples of one program are distinct paths whenever the program admits
        that many (see `DistinctPaths`); off, each sample is drawn independently, as the paper's
        implementation does, and two samples may repeat the same path.
    """

    weighting: str = "indent"
    max_rounds: int = 512
    distinct_paths: bool = True

    def __post_init__(self) -> None:
        if self.weighting not in WEIGHTINGS:
            raise ValueError(f"weighting must be one of {', '.join(WEIGHTINGS)}, not {self.weighting!r}")
        if self.max_rounds < 1:
            raise ValueError("max_rounds must be at least 1")

    def as_record(self) -> dict[str, object]:
        return {"weighting": self.weighting, "max_rounds": self.max_rounds, "distinct_paths": self.distinct_paths}


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
    syntax_calls: int = 0  # of which `check_syntax` calls (see `Checker.declaring_lines`)

    def check(self, checker: Checker, text: str, syntax_only: bool = False) -> Sequence[Diagnostic]:
        """The checker's answer for `text`; with `syntax_only`, its `check_syntax` answer, which
        the caller knows to be the whole answer (a state of a clean one that lost no
        declaration), so it is remembered as the answer for the text."""
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        found = self.answers.get(key)
        if found is None:
            if syntax_only:
                found = self.answers[key] = tuple(checker.check_syntax(text))
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


def _choices(structure: Structure, alive: Iterable[int], settings: SamplerSettings) -> tuple[list[int], list[int]]:
    """The units a deletion round may choose from `alive`, in order, with their weights."""
    weights = structure.depth_weights if settings.weighting == "indent" else structure.code_line_counts
    candidates = sorted(alive)
    candidate_weights = [weights[unit] for unit in candidates]
    if sum(candidate_weights) == 0:  # only comment units left: any of them
        candidate_weights = [1] * len(candidates)
    return candidates, candidate_weights


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
    alive = set(range(structure.unit_count))
    states = [frozenset(alive)]
    checks = 0
    rounds = 0
    while alive and rounds < settings.max_rounds:
        candidates, candidate_weights = _choices(structure, alive, settings)
        (chosen,) = rng.choices(candidates, weights=candidate_weights)
        checks += delete_until_clean(structure, checker, alive, (chosen,), tolerated, memo, inert)
        states.append(frozenset(alive))
        rounds += 1
    if states[-1]:
        states.append(frozenset())
    return EditPath(tuple(states), checks)


# A duplicate sample is drawn again with fresh random streams this many times before the exact
# search below decides whether the program admits another path (on HumanEval at -s 5, a retry
# that can succeed almost always does within a few: see docs/algorithm.md).
REDRAWS = 8
# The exact search judges at most this many new states per program (on HumanEval it needs at
# most 7, as most are in the memo): past it, the program is deemed too large to decide, and the
# duplicate stays.
SEARCH_CHECKS = 100
# ... walks at most this many deletion rounds (most of them answered by the memo).
SEARCH_ROUNDS = 5_000
# ... and is not tried on programs of more units (its recursion goes one level per round).
MAX_SEARCH_UNITS = 250


class _OverBudget(Exception):
    """The exact search ran out of its budget."""


@dataclass
class DistinctPaths:
    """Samples the paths of one program so that they are distinct whenever it admits that many.

    Each sample is first drawn as `sample_edit_path` draws it, from the sample's own random
    stream (attempt 0), so a program whose samples are distinct anyway keeps exactly the paths
    of independent sampling. A sample that repeats an earlier path is drawn again from fresh
    streams (attempts 1..REDRAWS): the accepted path is then a draw of the sampler conditioned on
    being new. When all of those repeat too, an exact search counts the program's paths (its
    states are few: the memo answers most of them) and, if one is left, walks to it, choosing
    each round's unit by the sampler's weights among those that still lead to an unseen path;
    if none is left, the program admits fewer paths than samples and the repeat is kept.
    `admits_fewer` says so; None while undecided (the search is skipped past its budget).
    """

    structure: Structure
    checker: Checker
    settings: SamplerSettings
    tolerated: frozenset[str]
    memo: CheckMemo
    inert: frozenset[int]
    seen: set[tuple[frozenset[int], ...]] = field(default_factory=set)
    admits_fewer: bool | None = None
    _successors: dict[frozenset[int], dict[int, frozenset[int]]] = field(default_factory=dict)
    _counts: dict[frozenset[int], tuple[int, bool]] = field(default_factory=dict)  # count, exact
    _search_calls: int = 0
    _search_rounds: int = 0

    def sample(self, rng_of: Callable[[int], random.Random]) -> EditPath:
        """The next sample; `rng_of(attempt)` is its random stream for each attempt."""
        checks = 0
        path = first = self._draw(rng_of(0))
        if self.settings.distinct_paths and path.states in self.seen and self.admits_fewer is not True:
            checks += path.checks
            for attempt in range(1, REDRAWS + 1):
                path = self._draw(rng_of(attempt))
                checks += path.checks
                if path.states not in self.seen:
                    break
            else:
                calls_before = self.memo.calls
                found = self._search(rng_of(REDRAWS + 1))
                checks += self.memo.calls - calls_before
                path = EditPath(found, 0) if found is not None else first
            path = EditPath(path.states, checks)
        self.seen.add(path.states)
        return path

    def _draw(self, rng: random.Random) -> EditPath:
        return sample_edit_path(
            self.structure, self.checker, rng, self.settings, self.tolerated, self.memo, self.inert
        )

    def _search(self, rng: random.Random) -> tuple[frozenset[int], ...] | None:
        """An unseen path, or None when there is none (`admits_fewer`) or the budget ran out."""
        # Every round deletes a unit, so max_rounds binds no path of a program with fewer units;
        # deeper recursion than that is not worth the search either.
        if self.structure.unit_count > min(self.settings.max_rounds, MAX_SEARCH_UNITS):
            return None
        full = frozenset(range(self.structure.unit_count))
        try:
            if self._count(full, len(self.seen) + 1) <= len(self.seen):
                self.admits_fewer = True
                return None
            return self._walk(full, rng)
        except _OverBudget:
            return None

    def _next_states(self, state: frozenset[int]) -> dict[int, frozenset[int]]:
        """The state each unit a round may choose from `state` leads to."""
        found = self._successors.get(state)
        if found is None:
            found = {}
            candidates, weights = _choices(self.structure, state, self.settings)
            for unit, weight in zip(candidates, weights):
                if weight == 0:
                    continue  # never chosen (`rng.choices` gives it no chance)
                self._search_rounds += 1
                alive = set(state)
                calls = delete_until_clean(
                    self.structure, self.checker, alive, (unit,), self.tolerated, self.memo, self.inert
                )
                self._search_calls += calls
                if self._search_calls > SEARCH_CHECKS or self._search_rounds > SEARCH_ROUNDS:
                    raise _OverBudget
                found[unit] = frozenset(alive)
            self._successors[state] = found
        return found

    def _count(self, state: frozenset[int], cap: int) -> int:
        """Paths from `state` to the empty program, counted up to `cap`."""
        if not state:
            return 1
        known = self._counts.get(state)
        if known is not None:
            count, exact = known
            if exact or count >= cap:
                return min(count, cap)
        total = 0
        for following in dict.fromkeys(self._next_states(state).values()):
            total += self._count(following, cap - total)
            if total >= cap:
                break
        self._counts[state] = (total, total < cap)
        return total

    def _walk(self, state: frozenset[int], rng: random.Random) -> tuple[frozenset[int], ...]:
        """A path from `state` (the full program) that no seen path is: each round chooses, by the
        sampler's weights, among the units that lead to a state with paths left unseen."""
        path = [state]
        while state:
            prefix = tuple(path)
            taken = Counter(seen[len(prefix)] for seen in self.seen if seen[: len(prefix)] == prefix)
            moves = self._next_states(state)
            units, weights = [], []
            for unit, weight in zip(*_choices(self.structure, state, self.settings)):
                following = moves.get(unit)
                if following is not None and self._count(following, taken[following] + 1) > taken[following]:
                    units.append(unit)
                    weights.append(weight)
            (chosen,) = rng.choices(units, weights=weights)
            state = moves[chosen]
            path.append(state)
        return tuple(path)
