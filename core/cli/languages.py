"""`lintseq-x languages`: what is installed, and from where."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ..algorithm.checker import CheckerUnavailable
from ..plugin_system.checker_selection import default_name, fallback_name
from ..plugin_system.guard import checker_for
from ..plugin_system.registry import registry
from ..toolkit.toolchain import SetupNeeded, listing_only
from .application import app, console, errors


@app.command()
def languages(json_output: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False) -> None:
    """List installed language plugins: name, extensions, checker, and providing distribution.

    Installs nothing: a checker whose packages or helper are not installed yet is shown with the
    `lintseq-x setup LANG` command that installs them.
    """
    found = registry()
    entries = []
    for name in sorted(found.languages):
        entry = found.languages[name]
        setup_command = None
        try:
            with listing_only():  # a listing installs nothing: it says what `setup` would install
                checker = checker_for(entry.language)
            checker_name, checker_version, unavailable = checker.name, checker.version, None
        except CheckerUnavailable as error:
            checker_name, checker_version, unavailable = default_name(entry.language), "", str(error)
            if isinstance(error, SetupNeeded):
                setup_command = f"lintseq-x setup {name}"
        entries.append(
            {
                "name": name,
                "aliases": list(entry.language.aliases),
                "extensions": list(entry.language.extensions),
                "checker": checker_name,
                "checker_version": checker_version,
                "checker_unavailable": unavailable,
                "checker_setup": setup_command,
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
        if entry["checker_unavailable"] is None:
            checker = escape(f"{entry['checker']} ({entry['checker_version']})")
        elif entry["checker_setup"] is not None:
            checker = f"[yellow]{escape(entry['checker_unavailable'])}[/]"
        else:
            checker = f"[yellow]unavailable: {escape(entry['checker_unavailable'])}[/]"
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
