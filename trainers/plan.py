"""What a run trains on, worked out before any weights move: which examples fit, the language
mix applied to those, the validation programs held out, and how many steps the run takes (or,
with `--match program`, the steps that make it comparable with the baseline arm)."""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from .data import mix
from .encode import length_for_share
from .options import TrainOptions


class _Row(NamedTuple):
    index: int
    language: str


@dataclass(frozen=True)
class Counts:
    """What one arm trains on per epoch, for one language or all of them."""

    examples: int = 0
    tokens: int = 0
    response_tokens: int = 0
    too_long: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(*(a + b for a, b in zip(self.astuple(), other.astuple())))

    def astuple(self) -> tuple[int, int, int, int]:
        return (self.examples, self.tokens, self.response_tokens, self.too_long)


@dataclass(frozen=True)
class Selection:
    """Rows of a token table an arm trains on (with repeats, after `--mix`) and validates on."""

    train: list[int]
    validation: list[int]
    counts: dict[str, Counts]  # per language, per epoch, of `train`
    too_long: int
    keep_95: int  # the --max-length that would keep 95% of the examples whole
    rows: int  # optimizer-facing rows per epoch: examples, or packed rows with --packing
    longest: int = 0  # the longest example's tokens: the --max-length that keeps every example

    @property
    def total(self) -> Counts:
        return sum(self.counts.values(), Counts())


def select(table: Any, options: TrainOptions, held_out: set[int]) -> Selection:
    """Fit, then hold out, then mix: `--mix` shares are shares of what is trained."""
    lengths, responses = table["length"], table["response_tokens"]
    languages, programs = table["language"], table["program"]
    fits = [index for index, length in enumerate(lengths) if length <= options.max_length]
    too_long: dict[str, int] = {}
    for index, length in enumerate(lengths):
        if length > options.max_length:
            too_long[languages[index]] = too_long.get(languages[index], 0) + 1
    train = [index for index in fits if programs[index] not in held_out]
    validation = [index for index in fits if programs[index] in held_out]
    if options.mix:
        from .data import parse_mix

        rows = [_Row(index, languages[index]) for index in train]
        described = f"what fits --max-length {options.max_length}" + (" outside the validation programs" if held_out else "")
        train = [row.index for row in mix(rows, parse_mix(options.mix), options.seed, described)]
    counts: dict[str, Counts] = {}
    for index in train:
        language = languages[index]
        counts[language] = counts.get(language, Counts()) + Counts(1, lengths[index], responses[index])
    for language, count in too_long.items():
        counts[language] = counts.get(language, Counts()) + Counts(too_long=count)
    rows = packed_rows([lengths[index] for index in train], options.max_length) if options.packing else len(train)
    return Selection(
        train, validation, dict(sorted(counts.items())), len(lengths) - len(fits), length_for_share(lengths, 0.95), rows, max(lengths, default=0)
    )


def packed_rows(lengths: Sequence[int], capacity: int) -> int:
    """Rows that best-fit-decreasing packing fills (TRL's "bfd" strategy packs the same way)."""
    rooms: list[int] = []  # the free room of every row, ascending
    for length in sorted(lengths, reverse=True):
        best = bisect.bisect_left(rooms, length)
        room = rooms.pop(best) if best < len(rooms) else capacity
        bisect.insort(rooms, room - length)
    return len(rooms)


def held_out_programs(programs: Sequence[int], share: float, seed: int) -> set[int]:
    """Whole programs for validation, so that no path of a validation program is trained on."""
    distinct = sorted(set(programs))
    if share <= 0 or len(distinct) < 2:
        return set()
    random.Random(seed).shuffle(distinct)
    return set(distinct[: max(1, round(share * len(distinct)))])


def steps_for(selection: Selection, options: TrainOptions, world_size: int) -> int:
    """Optimizer steps the Trainer takes for `epochs` passes over the selection's rows."""
    if options.max_steps > 0:
        return options.max_steps
    return math.ceil(options.epochs * steps_per_epoch(selection, options, world_size))


def steps_per_epoch(selection: Selection, options: TrainOptions, world_size: int) -> int:
    """Optimizer steps in one pass, as the Trainer counts them: an epoch whose micro-batches do not
    fill its last step ends with a shorter one rather than dropping them."""
    per_device_batches = math.ceil(selection.rows / (options.batch_size * world_size))
    return max(1, math.ceil(per_device_batches / options.gradient_accumulation))


def matched_steps(edit: Selection, baseline: Selection, baseline_epochs: float, options: TrainOptions, world_size: int) -> tuple[int, dict]:
    """Steps for the edit-sequence arm so that it takes as many optimizer steps, or trains on as
    many response tokens, as the baseline arm does with the same options. An arm trains an epoch's
    response tokens in an epoch's steps (the last of which may be short), so its tokens per step
    are those of an epoch over its steps, not a full step's batch times the mean."""
    from dataclasses import replace

    baseline_steps = steps_for(baseline, replace(options, epochs=baseline_epochs), world_size)
    baseline_response = round(baseline_steps * baseline.total.response_tokens / steps_per_epoch(baseline, options, world_size))
    if options.match_by == "tokens":
        edit_per_step = edit.total.response_tokens / steps_per_epoch(edit, options, world_size)
        steps = max(1, round(baseline_response / edit_per_step))
    else:
        steps = baseline_steps
    return steps, {"arm": "program", "by": options.match_by, "baseline_steps": baseline_steps, "baseline_response_tokens": baseline_response}
