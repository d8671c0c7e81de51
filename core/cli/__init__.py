"""The `lintseq-x` command line: one typer app, one small module per command."""

from __future__ import annotations

import sys

from .app import app
from . import languages, plugin_check, run, setup, show, stats, verify  # noqa: F401,E402 - registering commands
from lintseq_x.trainers import cli as _trainer_commands  # noqa: F401,E402 - train, generate, eval

__all__ = ["app", "main"]


def main() -> None:
    app(prog_name="lintseq-x")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
