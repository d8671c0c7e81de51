"""`lintseq-x plugin-check`: run the conformance kit on one installed language."""

from __future__ import annotations

import json
from typing import Annotated, Optional

import typer
from rich.table import Table

from ..plugin_system.conformance import CHECKS, ConformanceError, check_language
from .application import app, console, errors, fail


@app.command("plugin-check")
def plugin_check(
    name: Annotated[str, typer.Argument(help="The language to check (see `lintseq-x languages`).")],
    samples: Annotated[int, typer.Option("--samples", "-s", min=1, help="Edit paths sampled per program.")] = 2,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 1,
    checker: Annotated[
        Optional[str],
        typer.Option("--checker", help="auto (default: the real checker, or the fallback where it is missing), default, fallback, or a checker name."),
    ] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="Workers of the second run, compared byte for byte with a sequential one.")
    ] = 2,
    json_output: Annotated[bool, typer.Option("--json", help="Machine-readable report.")] = False,
    max_reported: Annotated[int, typer.Option("--max-reported", help="Failures printed at most.")] = 30,
) -> None:
    """Check that a language plugin keeps lintseq-x's invariants on its sample programs and on
    generated edge cases (CRLF, byte-order mark, fences, syntax errors, ...).

    Exits 1 when any check fails, naming the check, program, sample, state and message.
    """
    try:
        report = check_language(name, samples=samples, seed=seed, checker=checker, jobs=jobs)
    except ConformanceError as error:
        fail(str(error))
    if json_output:
        console().print_json(json.dumps(report.as_dict()))
        raise typer.Exit(0 if report.ok else 1)

    for failure in report.failures[:max_reported]:
        errors().print(f"[bold red]fail:[/] {failure}", highlight=False, soft_wrap=True)
    if len(report.failures) > max_reported:
        errors().print(f"… and {len(report.failures) - max_reported} more failures")
    checker_said = f"{report.checker.get('name')} ({report.checker.get('version')})"
    table = Table(title=f"lintseq-x plugin-check {report.language} · checker {checker_said}", title_justify="left")
    for column, justify in (("check", "left"), ("passed", "right"), ("failed", "right")):
        table.add_column(column, justify=justify)
    for check in CHECKS:
        failed = report.failed(check)
        table.add_row(check, str(report.passed[check]), f"[bold red]{failed}[/]" if failed else "0")
    console().print(table)
    console().print(
        f"{report.programs} sample programs, {report.edge_cases} edge cases, {report.records} records, "
        f"{report.paths} edit paths, {report.skipped} skipped, {report.states} states verified"
    )
    for note in report.notes:
        console().print(f"[yellow]note:[/] {note}", highlight=False, soft_wrap=True)
    if not report.ok:
        errors().print(f"[bold red]error:[/] {report.language} fails {len(report.failures)} conformance check(s)")
        raise typer.Exit(1)
    console().print(f"[bold green]{report.language} conforms[/]")
