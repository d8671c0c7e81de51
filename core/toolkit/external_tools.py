"""A language's real command-line tool (`node --check`, `gcc -fsyntax-only`, `javac`), used as an
independent judge by `lintseq-x verify --strict` and by tests.

It runs once per state in a fresh process, which is far too slow for the sampler (that is what
the language's checker is for) and fine for auditing a dataset.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class ExternalTool:
    """A command that accepts or rejects one source file.

    name: how reports name it ("gcc -fsyntax-only").
    argv: the command; "{file}" stands for the state's file, "{dir}" for its folder.
    file_name: the name the state's file gets (a Java file must be named after its class:
        subclass and override `name_for` for that).
    env: extra environment variables.
    timeout: seconds one run may take.
    """

    name: str
    argv: tuple[str, ...]
    file_name: str = "state"
    env: Mapping[str, str] = field(default_factory=dict)
    timeout: float = 60.0

    def available(self) -> str | None:
        """None when the tool can run here, else what is missing."""
        executable = self.argv[0]
        return None if shutil.which(executable) else f"{executable} is not installed"

    def name_for(self, source: str) -> str:
        return self.file_name

    def for_checker(self, settings: Mapping[str, Any]) -> ExternalTool:
        """This tool as it judges the states of a record made by a checker with `settings` (the
        record's `checker.settings`): a compiler set to the language standard the record was
        judged by, say. Itself by default."""
        return self

    def check(self, source: str) -> str | None:
        """None when the tool accepts `source`, else the end of what it said."""
        with tempfile.TemporaryDirectory(prefix="lintseq-x-tool-") as folder:
            path = Path(folder, self.name_for(source))
            path.write_text(source, encoding="utf-8")
            argv = [part.replace("{file}", str(path)).replace("{dir}", folder) for part in self.argv]
            try:
                done = subprocess.run(
                    argv,
                    cwd=folder,
                    capture_output=True,
                    text=True,
                    timeout=self.timeout,
                    env={**os.environ, **self.env},
                )
            except subprocess.TimeoutExpired:
                return f"{self.name}: no answer within {self.timeout:g} s"
            except OSError as error:
                return f"{self.name}: cannot run: {error}"
        if done.returncode == 0:
            return None
        said = [line for line in (done.stderr or done.stdout).replace(folder + "/", "").splitlines() if line.strip()]
        # Compilers end with a summary ("aborting due to 1 previous error"): the errors come first.
        errors = [line.strip() for line in said if "error" in line.lower() and "aborting" not in line.lower()]
        return f"{self.name}: " + " | ".join((errors or said)[:3] if errors else said[-4:])
