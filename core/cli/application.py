"""The typer app and the conventions every command shares: one red line per user error."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(
    name="lintseq-x",
    help="Refactor programs into sequences of lint-clean insertion edits (LintSeq), for training code models.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)



def version_text() -> str:
    """lintseq-x's version, then each language's grammar and the plugin that provides it: the
    versions every output record carries, without loading a checker."""
    import platform

    from .. import __version__
    from ..plugin_system.registry import registry

    found = registry()
    lines = [f"lintseq-x {__version__} (Python {platform.python_version()})"]
    for name in sorted(found.languages):
        entry = found.languages[name]
        versions = entry.language.parser_versions
        grammar = versions.get("grammar", "no grammar package named")
        plugin = f"{entry.distribution} {entry.version}".strip()
        lines.append(f"  {name}: {grammar}, tree-sitter {versions['tree_sitter']} (plugin: {plugin})")
    return "\n".join(lines)


def _print_version(wanted: bool) -> None:
    if wanted:
        print(version_text())
        raise typer.Exit()


@app.callback()
def _commands(
    version: bool = typer.Option(
        False, "--version", is_eager=True, callback=_print_version,
        help="Print the version of lintseq-x and of each language's grammar and plugin, then exit.",
    ),
) -> None:
    """Refactor programs into sequences of lint-clean insertion edits (LintSeq), for training code models."""
    # A callback keeps the app a group of commands when `main` registered only the one it runs.


# Made on first use: a quiet run that prints nothing starts without importing rich (~40 ms).
@cache
def console() -> Console:
    """Standard output, for results and summaries."""
    from rich.console import Console

    return Console()


@cache
def errors() -> Console:
    """Standard error, for notes, warnings and errors."""
    from rich.console import Console

    return Console(stderr=True)


def fail(message: str, code: int = 2) -> NoReturn:
    """A user's mistake: one red line naming the file, record and reason; never a traceback."""
    from rich.markup import escape

    # Messages quote plugin and user text (`lintseq-x[pylint]`), never markup.
    errors().print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)
