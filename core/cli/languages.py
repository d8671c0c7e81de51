"""`lintseq-x languages`: what is installed, and from where."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from ..pipeline import checker_for
from ..plugins import registry
from .app import app, console, errors


@app.command()
def languages(json_output: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False) -> None:
    """List installed language plugins: name, extensions, checker, and providing distribution."""
    found = registry()
    entries = []
    for name in sorted(found.languages):
        entry = found.languages[name]
        checker = checker_for(entry.language)
        entries.append(
            {
                "name": name,
                "aliases": list(entry.language.aliases),
                "extensions": list(entry.language.extensions),
                "checker": checker.name,
                "checker_version": checker.version,
                "plugin": entry.plugin,
                "distribution": entry.distribution,
                "version": entry.version,
            }
        )
    problems = [str(problem) for problem in found.problems]
    if json_output:
        console.print_json(json.dumps({"languages": entries, "problems": problems}))
        return
    table = Table(title="installed languages", title_justify="left")
    for column in ("language", "aliases", "extensions", "checker", "provided by"):
        table.add_column(column)
    for entry in entries:
        table.add_row(
            entry["name"],
            ", ".join(entry["aliases"]),
            " ".join(entry["extensions"]),
            f"{entry['checker']} ({entry['checker_version']})",
            f"{entry['distribution']} {entry['version']}".strip(),
        )
    console.print(table)
    for problem in problems:
        errors.print(f"[bold red]broken plugin:[/] {problem}", highlight=False, soft_wrap=True)
