"""`lintseq-x verify`: replay every record from its diffs and check the invariants."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress
from rich.table import Table

from ..plugin_system.registry import registry
from ..output.read import iter_output
from ..output.verify import verify_rows
from .application import app, console, errors, fail


@app.command()
def verify(
    dataset: Annotated[Path, typer.Argument(help="Output of `lintseq-x run`: JSONL, .jsonl.gz, .jsonl.zst, Parquet, or OUT.shards.json.")],
    max_reported: Annotated[int, typer.Option("--max-reported", help="Violations printed at most.")] = 20,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only violations and the exit code.")] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Also run each language's real command-line tool on every state (slow).")
    ] = False,
) -> None:
    """Check every record: insertion-only diffs, every state clean, exact rebuild of the program.

    Exits 1 when any record violates an invariant, naming the record and the state.
    """
    if not dataset.is_file():
        fail(f"{dataset}: no such file")
    records = states = bad = reported = 0
    mismatches: set[str] = set()
    tool_verdicts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    tool_reasons: dict[str, str] = {}
    with Progress(console=console(), disable=quiet, transient=True) as progress:
        task = progress.add_task("verifying", total=None)
        for report in verify_rows(iter_output(dataset, on_error=fail), registry(), strict):
            records += 1
            states += report.states
            for tool, verdict in report.tools.items():
                tool_verdicts[tool][verdict.split(":")[0]] += 1
                if verdict != "used":
                    tool_reasons.setdefault(tool, verdict)
            if report.checker_mismatch and report.checker_mismatch not in mismatches:
                mismatches.add(report.checker_mismatch)
                errors().print(f"[yellow]warning:[/] {report.checker_mismatch}", highlight=False, soft_wrap=True)
            if report.violations:
                bad += 1
                for violation in report.violations:
                    if reported < max_reported:
                        errors().print(
                            f"[bold red]violation:[/] {dataset} record {report.number} "
                            f"(index {report.index}, sample {report.sample}): {violation}",
                            highlight=False,
                            soft_wrap=True,
                        )
                    reported += 1
            progress.update(task, advance=1)
    if reported > max_reported:
        errors().print(f"… and {reported - max_reported} more violations")
    if not quiet:
        table = Table(title=f"lintseq-x verify {dataset}", title_justify="left")
        for column in ("records", "states checked", "records with violations", "violations"):
            table.add_column(column, justify="right")
        table.add_row(str(records), str(states), str(bad), str(reported))
        console().print(table)
    if strict and not quiet:
        if not tool_verdicts:
            console().print("--strict: the records' languages name no command-line tools")
        for tool, verdicts in sorted(tool_verdicts.items()):
            said = ", ".join(f"{count} records {verdict}" for verdict, count in verdicts.most_common())
            console().print(f"--strict: {tool}: {said}" + (f" ({tool_reasons[tool]})" if tool_reasons.get(tool) else ""))
    if records == 0:
        fail(f"{dataset}: no records")
    if bad:
        raise typer.Exit(1)
    if not quiet:
        console().print("[bold green]all invariants hold[/]")
