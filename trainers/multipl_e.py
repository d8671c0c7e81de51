"""MultiPL-E problems (HumanEval and MBPP translated to other languages) read from files the
user has: MultiPL-E's prompt files (JSONL, one problem a line, as in nuprl/MultiPL-E's
`prompts/` and the `nuprl/MultiPL-E` dataset) or a `datasets` split saved with `save_to_disk`.
Nothing is downloaded.

A row has `name`, `language` (MultiPL-E's code: py, js, ts, go_test.go, java, cpp, rs, ...),
`prompt`, `tests` and `stop_tokens`; `doctests`, `original` and `prompt_terminology` are
read past. The program is the prompt followed by the completion cut at the first stop token;
the test file is the program followed by the tests (`Problem.test_program`).

Task ids are MultiPL-E's names (HumanEval_0_has_close_elements). MultiPL-E gives a problem the
same name in every language, so where the files hold more than one language every task id is
prefixed by its language (`go/HumanEval_0_has_close_elements`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from .benchmarks import BenchmarkError, Problem

BENCHMARK = "multipl-e"

# MultiPL-E's language codes (its file extensions) → lintseq-x's language names. The names
# themselves are accepted too.
LANGUAGES = {
    "py": "python",
    "python": "python",
    "js": "javascript",
    "javascript": "javascript",
    "ts": "typescript",
    "typescript": "typescript",
    "go_test.go": "go",
    "go": "go",
    "java": "java",
    "cpp": "cpp",
    "c": "c",
    "rs": "rust",
    "rust": "rust",
}

REQUIRED = ("name", "language", "prompt", "tests", "stop_tokens")


class MultiPLEError(BenchmarkError):
    """A MultiPL-E file or row that cannot be read; the message names the file and line."""


def load_multipl_e(paths: Sequence[str | Path]) -> dict[str, Problem]:
    """Every problem in `paths` (JSONL files, or folders saved by `datasets`' save_to_disk), by
    task id, in file order."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    if not paths:
        raise MultiPLEError("no MultiPL-E files given")
    read: list[tuple[Problem, str]] = []  # each problem and where it was read
    seen: dict[tuple[str, str], str] = {}
    for path in map(Path, paths):
        for where, row in _rows(path):
            problem = _problem(row, where, str(path))
            key = (problem.language, problem.task_id)
            if key in seen:
                raise MultiPLEError(f"{where}: {problem.language} problem {problem.task_id!r} is already given at {seen[key]}")
            seen[key] = where
            read.append((problem, where))
    languages = {problem.language for problem, _ in read}
    if len(languages) > 1:
        read = [(_qualified(problem), where) for problem, where in read]
    return {problem.task_id: problem for problem, _ in read}


def _qualified(problem: Problem) -> Problem:
    from dataclasses import replace

    return replace(problem, task_id=f"{problem.language}/{problem.task_id}")


def _rows(path: Path) -> Iterator[tuple[str, object]]:
    if path.is_dir():
        yield from _saved_rows(path)
        return
    try:
        handle = open(path, encoding="utf-8")
    except OSError as error:
        raise MultiPLEError(f"{path}: cannot read MultiPL-E problems: {error.strerror or error}") from None
    with handle:
        try:
            lines = list(handle)
        except UnicodeDecodeError as error:
            raise MultiPLEError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    count = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise MultiPLEError(f"{where}: not a JSON object ({error.msg}, column {error.colno})") from None
        count += 1
        yield where, row
    if count == 0:
        raise MultiPLEError(f"{path}: no MultiPL-E problems in the file")


def _saved_rows(folder: Path) -> Iterator[tuple[str, object]]:
    """The rows of a `datasets` Dataset (or a DatasetDict's one split, or its `test` split)
    saved with save_to_disk."""
    if not ((folder / "state.json").is_file() or (folder / "dataset_dict.json").is_file()):
        raise MultiPLEError(f"{folder}: a folder, but not one saved by datasets' save_to_disk (no state.json or dataset_dict.json)")
    try:
        from datasets import DatasetDict, load_from_disk
    except ImportError:
        raise MultiPLEError(f"{folder}: reading a saved dataset needs the `datasets` package (pip install datasets)") from None
    try:
        data = load_from_disk(str(folder))
    except Exception as error:  # datasets raises several kinds for a damaged folder
        raise MultiPLEError(f"{folder}: cannot load the saved dataset: {error}") from None
    split = ""
    if isinstance(data, DatasetDict):
        names = list(data)
        if len(names) == 1:
            split = names[0]
        elif "test" in names:
            split = "test"
        else:
            raise MultiPLEError(f"{folder}: a dataset with splits {', '.join(names)}; give the folder of one split")
        data = data[split]
    label = f"{folder}[{split}]" if split else str(folder)
    if len(data) == 0:
        raise MultiPLEError(f"{label}: no MultiPL-E problems in the dataset")
    for index, row in enumerate(data):
        yield f"{label} row {index}", row


def _problem(row: object, where: str, source: str) -> Problem:
    if not isinstance(row, dict):
        raise MultiPLEError(f"{where}: a MultiPL-E row is a JSON object, not {type(row).__name__}")
    absent = [key for key in REQUIRED if key not in row]
    if absent:
        raise MultiPLEError(f"{where}: missing {', '.join(absent)} (a MultiPL-E row has {', '.join(REQUIRED)})")
    for key in ("name", "language", "prompt", "tests"):
        if not isinstance(row[key], str):
            raise MultiPLEError(f"{where}: {key} is {type(row[key]).__name__}, not a string")
    if not row["name"].strip():
        raise MultiPLEError(f"{where}: empty name")
    stop_tokens = row["stop_tokens"]
    if not isinstance(stop_tokens, list) or not all(isinstance(token, str) and token for token in stop_tokens):
        raise MultiPLEError(f"{where}: stop_tokens must be a list of non-empty strings, not {stop_tokens!r}")
    language = LANGUAGES.get(row["language"])
    if language is None:
        raise MultiPLEError(
            f"{where}: language {row['language']!r} is not one lintseq-x evaluates "
            f"(MultiPL-E codes read: {', '.join(sorted(set(LANGUAGES) - set(LANGUAGES.values())))})"
        )
    return Problem(
        task_id=row["name"],
        prompt=row["prompt"],
        language=language,
        tests=row["tests"],
        stop_tokens=tuple(stop_tokens),
        benchmark=BENCHMARK,
        source=source,
    )
