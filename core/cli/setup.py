"""`lintseq-x setup`: install what a language's checker needs, once, before a run."""

from __future__ import annotations

from typing import Annotated

import typer

from ..plugin_system.registry import UnknownLanguage, registry
from .application import app, console, fail


@app.command()
def setup(language: Annotated[str, typer.Argument(help="Language name (see `lintseq-x languages`).")]) -> None:
    """Install what LANGUAGE's checker needs (npm packages into a user cache, for instance)."""
    try:
        found = registry().get(language)
    except UnknownLanguage as error:
        fail(str(error))
    if found.setup is None:
        console().print(f"{found.name}: nothing to set up")
        return
    try:
        found.setup()
    except Exception as error:  # noqa: BLE001 - a failed install is the user's to see, in one line
        fail(f"setting up {found.name} failed: {error}")
    console().print(f"{found.name}: ready")
