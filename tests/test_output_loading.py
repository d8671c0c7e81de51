"""The output of `lintseq-x run` loads, unchanged, with pandas and with Hugging Face datasets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from helpers import CIRCLES, cli, ok

PROGRAM = CIRCLES
FLAT = "a = 1\nb = 2\nc = a + b\nprint(a, b, c)\n"
FENCED = "Here you go:\n\n```python\ndef add(a, b):\n    return a + b\n\n\nprint(add(1, 2))\n```\nDone."


def _run(cwd: Path, *args: Any) -> None:
    ok(cli(cwd, *args))


def _from_jsonl(folder: Path) -> Path:
    rows = [
        {"instruction": "circles", "response": PROGRAM, "task_id": "t/0", "license": "MIT"},
        {"instruction": "flat", "response": FLAT, "task_id": "t/1", "license": "MIT"},
        {"instruction": "add", "response": FENCED, "task_id": "t/2", "license": "BSD-3-Clause"},
    ]
    with (folder / "data.jsonl").open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row) + "\n")
    _run(folder, "run", "--lang", "python", "data.jsonl", "-s", 2, "-j", 1, "-o", "out.jsonl", "-q")
    return folder / "out.jsonl"


def _from_directory(folder: Path) -> Path:
    root = folder / "src"
    (root / "pkg" / "sub").mkdir(parents=True)
    (root / "main.py").write_text(PROGRAM, encoding="utf-8")
    (root / "pkg" / "flat.py").write_text(FLAT, encoding="utf-8")
    (root / "pkg" / "sub" / "add.py").write_text("def add(a, b):\n    return a + b\n", encoding="utf-8")
    _run(folder, "run", "--lang", "python", "src", "-s", 2, "-j", 1, "-o", "out.jsonl", "-q")
    return folder / "out.jsonl"


@pytest.fixture(params=["jsonl-input", "directory-input"])
def output(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, list[dict[str, Any]]]:
    path = _from_jsonl(tmp_path) if request.param == "jsonl-input" else _from_directory(tmp_path)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) == 3 * 2
    return path, rows


def _plain(value: Any) -> Any:
    """numpy / pandas values as plain Python, for comparing with what json.loads gives."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def test_output_loads_with_pandas(output: tuple[Path, list[dict[str, Any]]]) -> None:
    import pandas as pd

    path, rows = output
    frame = pd.read_json(path, lines=True)
    assert len(frame) == len(rows)
    assert list(frame.columns) == list(rows[0])
    for position, row in enumerate(rows):
        loaded = frame.iloc[position]
        edit_path = _plain(loaded["edit_path"])
        assert isinstance(edit_path, list) and all(isinstance(diff, str) for diff in edit_path)
        assert edit_path == row["edit_path"]
        for column in ("index", "sample", "seed"):
            assert int(loaded[column]) == row[column]
        for column in ("source_file", "language", "code_field", "newline", "lintseq_x_version"):
            assert loaded[column] == row[column]
        code_column = f"source_{row['code_field']}"
        assert loaded[code_column] == row[code_column]
        assert _plain(loaded["checker"]) == row["checker"]


def test_output_loads_with_datasets(output: tuple[Path, list[dict[str, Any]]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    import datasets

    path, rows = output
    dataset = datasets.load_dataset("json", data_files=str(path), split="train", cache_dir=str(tmp_path / "hf-cache"))
    assert dataset.num_rows == len(rows)
    assert dataset.column_names == list(rows[0])
    feature = dataset.features["edit_path"]
    inner = getattr(feature, "feature", None)
    if inner is None and isinstance(feature, list):  # older datasets: a list of one feature
        inner = feature[0]
    assert getattr(inner, "dtype", None) == "string", feature
    for position, row in enumerate(rows):
        loaded = dataset[position]
        assert loaded["edit_path"] == row["edit_path"]
        assert all(isinstance(diff, str) for diff in loaded["edit_path"])
        # every field survives unchanged
        assert loaded == row


def test_output_with_tolerated_errors_late_in_the_file_loads_with_datasets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`datasets` reads JSON Lines in chunks (10 MiB by default) and fixes the column types
    from the first chunk. In a big output made with --tolerate-original-errors, the first chunk
    can hold only clean programs and a later one a program with tolerated errors, so that field
    must not change type between them (an empty list is a list of nulls to Arrow). A small
    `chunksize` reproduces, on a small file, what a >10 MiB output does with the default one."""
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    import datasets

    undefined = "def f():\n    return undefined_thing + 1\n\n\nprint(f())\n"
    with (tmp_path / "data.jsonl").open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({"instruction": "flat", "response": FLAT}) + "\n")
        handle.write(json.dumps({"instruction": "circles", "response": PROGRAM}) + "\n")
        handle.write(json.dumps({"instruction": "tolerated", "response": undefined}) + "\n")
    _run(tmp_path, "run", "--lang", "python", "data.jsonl", "-s", 1, "-j", 1, "-o", "out.jsonl", "-q", "--tolerate-original-errors")
    path = tmp_path / "out.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 3 and rows[2]["tolerated_errors"], "the last program keeps its original error"

    dataset = datasets.load_dataset(
        "json", data_files=str(path), split="train", cache_dir=str(tmp_path / "hf-cache"), chunksize=256
    )
    assert dataset.num_rows == 3
    for position, row in enumerate(rows):
        assert dataset[position]["edit_path"] == row["edit_path"]
        assert dataset[position]["tolerated_errors"] == row["tolerated_errors"]
