"""`lintseq-x show`: one record as its sequence of edits, then the program they write."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.syntax import Syntax

from ..algorithm.diffs import DiffError, apply_diffs
from ..plugin_system.registry import UnknownLanguage, registry
from ..input.records import carried_name
from ..output.read import iter_output
from .application import app, console, fail


def header(dataset: Path, record: int, row: dict[str, Any]) -> str:
    """What the shown record is, every number named: its row in DATASET, the input record it was
    made from (and that record's file), which of that record's samples it is, and its language."""
    made_from = f"input record {row.get('index')}"
    if row.get("source_file"):
        made_from += f" ({row.get('source_file')})"
    parts = [f"{dataset.name} record {record}", f"made from {made_from}"]
    if row.get("sample") is not None:
        parts.append(f"sample {row.get('sample')} of that input record")
    parts.append(str(row.get("language", "")))
    return " · ".join(part for part in parts if part)


@app.command()
def show(
    dataset: Annotated[Path, typer.Argument(help="Output of `lintseq-x run`: JSONL, .jsonl.gz, .jsonl.zst, Parquet, or OUT.shards.json.")],
    record: Annotated[int, typer.Argument(help="Record number: 0 is the file's first record.")] = 0,
) -> None:
    """Render record RECORD of DATASET: each edit, syntax-highlighted, and the final program."""
    if not dataset.is_file():
        fail(f"{dataset}: no such file")
    row = None
    for number, line in enumerate(iter_output(dataset, on_error=fail)):
        if number == record:
            if line.value is None:
                fail(f"{line.location}: {line.problem}")
            row = line.value
            break
    if row is None:
        fail(f"{dataset} has no record {record} (records are numbered from 0)")
    diffs = row.get("edit_path")
    if not isinstance(diffs, list):
        fail(f"{dataset} record {record}: no edit_path list")
    language_name = str(row.get("language", ""))
    try:
        lexer = registry().get(language_name).lexer or language_name
    except UnknownLanguage:
        lexer = "text"

    console().rule(f"[bold]{escape(header(dataset, record, row))}")
    prompt_field = row.get("prompt_field")
    prompt = row.get(carried_name(prompt_field)) if isinstance(prompt_field, str) else None
    if isinstance(prompt, str):
        console().print(Panel(prompt.strip(), title="prompt", title_align="left"))
    for number, diff in enumerate(diffs, start=1):
        added = sum(1 for line in diff.split("\n") if line.startswith("+"))
        console().print(
            Panel(Syntax(diff, "diff", theme="ansi_dark", word_wrap=True), title=f"edit {number}/{len(diffs)} · +{added} lines", title_align="left")
        )
    try:
        program = apply_diffs(diffs)[-1]
    except DiffError as error:
        fail(f"{dataset} record {record}: the edits do not apply: {error}")
    console().print(Panel(Syntax(program, lexer, line_numbers=True, theme="ansi_dark", word_wrap=True), title="final program", title_align="left"))
