"""`lintseq-x languages`: what is installed, and from where."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ..checker import CheckerUnavailable
from ..checker_selection import default_name, fallback_name
from ..pipeline import checker_for
from ..plugins import registry
from .application import app, console, errors


@app.command()
def languages(json_output: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False) -> None:
    """List installed language plugins: name, extensions, checker, and providing distribution."""
    found = registry()
    entries = []
    for name in sorted(found.languages):
        entry = found.languages[name]
        try:
            checker = checker_for(entry.language)
            checker_name, checker_version, unavailable = checker.name, checker.version, None
        except CheckerUnavailable as error:
            checker_name, checker_version, unavailable = default_name(entry.language), "", str(error)
        entries.append(
            {
                "name": name,
                "aliases": list(entry.language.aliases),
                "extensions": list(entry.language.extensions),
                "checker": checker_name,
                "checker_version": checker_version,
                "checker_unavailable": unavailable,
                "fallback_checker": fallback_name(entry.language),
                "other_checkers": [
                    {
                        "name": extra.name,
                        "description": extra.description,
                        "plugin": extra.plugin,
                        "distribution": extra.distribution,
                        "version": extra.version,
                    }
                    for extra in found.checkers.get(name, {}).values()
                ],
                "plugin": entry.plugin,
                "distribution": entry.distribution,
                "version": entry.version,
            }
        )
    problems = [str(problem) for problem in found.problems]
    if json_output:
        console().print_json(json.dumps({"languages": entries, "problems": problems}))
        return
    table = Table(title="installed languages", title_justify="left")
    for column in ("language", "aliases", "extensions", "checker", "fallback", "other checkers", "provided by"):
        table.add_column(column)
    for entry in entries:
        checker = (
            f"{entry['checker']} ({entry['checker_version']})"
            if entry["checker_unavailable"] is None
            else f"[yellow]unavailable: {entry['checker_unavailable']}[/]"
        )
        table.add_row(
            entry["name"],
            ", ".join(entry["aliases"]),
            " ".join(entry["extensions"]),
            checker,
            entry["fallback_checker"] or "-",
            "\n".join(
                escape(f"{extra['name']} ({extra['plugin']}: {extra['distribution']} {extra['version']})".replace(" )", ")")
                + (f": {extra['description']}" if extra["description"] else ""))  # plugin text: no markup
                for extra in entry["other_checkers"]
            )
            or "-",
            f"{entry['distribution']} {entry['version']}".strip(),
        )
    console().print(table)
    for problem in problems:
        errors().print(f"[bold red]broken plugin:[/] {problem}", highlight=False, soft_wrap=True)
