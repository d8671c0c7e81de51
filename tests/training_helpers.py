"""What the training tests share: the CLI in process, and the data and tiny models they train on,
all made here (built-in corpus output, a tokenizer trained on it, a model from a config)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from lintseq_x.core.cli import app

runner = CliRunner()


def invoke(*args: str) -> str:
    """`lintseq-x ARGS` in process on a wide screen; fails the test unless it exits 0."""
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"}, terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.output


def quiet(line: str) -> None:
    """A `TrainOptions.log` that prints nothing."""


def rows_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_rows(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def shortest_python_paths(folder: Path, count: int) -> Path:
    """One edit path per program of the built-in Python corpus (seed 3), the `count` shortest."""
    full = folder / "python-full.jsonl"
    if not full.exists():
        invoke("run", "--lang", "python", "-s", "1", "--seed", "3", "-o", str(full))
    lines = sorted(full.read_text(encoding="utf-8").splitlines(), key=len)[:count]
    path = folder / f"python-{count}.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def with_instructions(source: Path, destination: Path) -> Path:
    """The same rows with an instruction each, carried as `run` carries an input's prompt field."""
    rows = rows_of(source)
    for number, row in enumerate(rows):
        row["prompt_field"] = "instruction"
        row["source_instruction"] = f"Write program number {number}."
    return write_rows(destination, rows)


def scratch_model(directory: Path, data: Path) -> Path:
    """A 2-layer, 64-wide Llama config with a 600-token tokenizer trained on `data`."""
    invoke("new-model", str(directory), "--from", str(data), "--vocab-size", "600", "--layers", "2", "--width", "64", "--heads", "2", "--context", "1536")
    return directory


def checkpoint(config: Path, directory: Path, model: Any = None) -> Path:
    """A checkpoint with weights in `directory`: `model` (default: the config's random
    initialisation) and the config's tokenizer, saved as `train` saves them."""
    from lintseq_x.trainers.models import load_model, load_tokenizer

    (model if model is not None else load_model(config)).save_pretrained(directory)
    load_tokenizer(config).save_pretrained(directory)
    return directory
