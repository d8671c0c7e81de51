"""The `lintseq-x` command line: one typer app, one small module per command.

A command's module is imported when that command runs (every module when `app` itself is
asked for, or for `--help`): `lintseq-x run` does not pay for what `show`, `verify` or the
trainer import.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

__all__ = ["app", "main"]

_TRAINER = "lintseq_x.trainers.cli"
# command name -> the module that registers it
_COMMANDS = {
    "run": "lintseq_x.core.cli.run",
    "verify": "lintseq_x.core.cli.verify",
    "show": "lintseq_x.core.cli.show",
    "stats": "lintseq_x.core.cli.stats",
    "languages": "lintseq_x.core.cli.languages",
    "setup": "lintseq_x.core.cli.setup",
    "plugin-check": "lintseq_x.core.cli.plugin_check",
    "train": _TRAINER,
    "generate": _TRAINER,
    "eval": _TRAINER,
    "eval-plot": _TRAINER,
    "new-model": _TRAINER,
}


def _register(modules: set[str]) -> Any:
    for module in sorted(modules):
        importlib.import_module(module)
    from .application import app

    return app


def __getattr__(name: str) -> Any:
    if name == "app":  # every command registered (for tests and library use)
        app = globals()["app"] = _register(set(_COMMANDS.values()))
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    # No option comes before the command: the first word that is not an option names it.
    command = next((argument for argument in sys.argv[1:] if not argument.startswith("-")), None)
    module = _COMMANDS.get(command or "")
    app = _register({module} if module else set(_COMMANDS.values()))
    app(prog_name="lintseq-x")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
