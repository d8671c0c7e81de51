"""Summaries of an edit-sequence dataset: size, edit granularity and path diversity."""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from collections.abc import Iterable
from typing import Any


def inserted_lines(diff: str) -> int:
    return sum(1 for line in diff.split("\n") if line.startswith("+"))


def _describe(values: list[float]) -> dict[str, float]:
    if not values:
        return {"mean": 0.0, "median": 0.0, "min": 0.0, "max": 0.0}
    return {
        "mean": round(statistics.fmean(values), 3),
        "median": float(statistics.median(values)),
        "min": float(min(values)),
        "max": float(max(values)),
    }


def malformed(row: dict[str, Any]) -> str | None:
    """Why a row cannot be counted, or None."""
    diffs = row.get("edit_path")
    if not isinstance(diffs, list) or not all(isinstance(diff, str) for diff in diffs):
        return "edit_path is not a list of diff strings"
    return None


def dataset_stats(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Per language and overall: records, programs, edits per path, lines per edit, how many
    distinct paths each program got (the diversity LintSeq's argument rests on), and how many
    programs got fewer distinct paths than samples."""
    edits: dict[str, list[float]] = defaultdict(list)
    lines: dict[str, list[float]] = defaultdict(list)
    paths: dict[str, dict[tuple[Any, Any], set[tuple[str, ...]]]] = defaultdict(lambda: defaultdict(set))
    samples: dict[str, dict[tuple[Any, Any], int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        language = str(row.get("language", "unknown"))
        diffs = row.get("edit_path") or []
        program = (str(row.get("source_file")), json.dumps(row.get("index")))
        for group in (language, "all"):
            edits[group].append(len(diffs))
            lines[group].extend(inserted_lines(diff) for diff in diffs)
            paths[group][program].add(tuple(diffs))
            samples[group][program] += 1
    summary: dict[str, Any] = {}
    for group in sorted(edits, key=lambda g: (g == "all", g)):
        distinct = [len(found) for found in paths[group].values()]
        per_program = list(samples[group].values())
        summary[group] = {
            "records": len(edits[group]),
            "programs": len(paths[group]),
            "edits_per_path": _describe(edits[group]),
            "lines_per_edit": _describe(lines[group]),
            "distinct_paths_per_program": _describe([float(d) for d in distinct]),
            "distinct_path_share": round(sum(distinct) / sum(per_program), 4) if per_program else 0.0,
            # With distinct sampling (the default), a program repeats a path only when it admits
            # fewer paths than it was sampled.
            "programs_with_repeated_paths": sum(
                len(found) < samples[group][program] for program, found in paths[group].items()
            ),
            "histograms": {
                "edits_per_path": edits[group],
                "lines_per_edit": lines[group],
                "distinct_paths_per_program": distinct,
            },
        }
    return summary
