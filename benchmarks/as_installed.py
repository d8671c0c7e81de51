"""How the benchmarks start lintseq-x commands: as `pip install` leaves the package."""

from __future__ import annotations

import os


def installed_env() -> dict[str, str]:
    """This environment without PYTHONDONTWRITEBYTECODE. pip compiles an installed package's
    bytecode; an editable install under that variable instead recompiles every lintseq-x module
    at every start (about 0.1 s of CPU a command here), which no installed copy pays. The
    reference tool's venv was installed by pip and has its bytecode either way."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
