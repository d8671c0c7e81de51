"""The `lintseq-x` command line: one typer app, one small module per command.

A command's module is imported when that command runs (every module when `app` itself is
asked for, or for `--help`): `lintseq-x run` does not pay for what `show`, `verify` or the
trainer import.
"""

from __future__ import annotations

import atexit
import importlib
import os
import sys
import threading
from typing import Any

__all__ = ["app", "console_script", "main"]

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
    if module:
        modules = {module}
    elif command is None and "--version" in sys.argv[1:]:
        modules = set()  # the version needs no command: none is imported
    else:
        modules = set(_COMMANDS.values())
    app = _register(modules)
    app(prog_name="lintseq-x")


def console_script() -> None:
    """`lintseq-x`: `main`, then the process ends as soon as the command is done.

    Tearing the interpreter down (every module, the plugins' parsers and queries) takes 40-60 ms
    on its own, a fifth of a short run, and frees nothing the operating system would not. The
    exit handlers still run and the standard streams are flushed first. A command that leaves
    a thread running, or ends with a message rather than a status, exits the ordinary way.
    """
    try:
        main()
        status: object = 0
    except SystemExit as end:
        status = end.code
    if status is None:
        status = 0
    if not isinstance(status, int) or threading.active_count() > 1:
        raise SystemExit(status)
    atexit._run_exitfuncs()  # what the interpreter would run next: weakref finalizers included
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        # A closed pipe (`| head`) or stream: the interpreter's own exit reports it as it always has.
        raise SystemExit(status) from None
    os._exit(status)


if __name__ == "__main__":  # pragma: no cover
    console_script()
