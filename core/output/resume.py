"""What an interrupted run and its `--resume` must share for the resumed output to equal an
uninterrupted run's: the same input (unchanged), the options that shape the rows, the output's
form, and the version of lintseq-x. `OutputWriter` stores this fingerprint in its journal and
refuses to resume when anything in it differs, naming what.

Options that do not change the rows (`-j`, `--record-timeout`, `-q`) may differ.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shlex
import sys
from typing import Any

from .. import __version__
from .layout import OutputLayout
from ..pipeline import RunOptions
from ..input.records import InputSpec

# RunOptions fields, as the options users type.
OPTION_NAMES = {
    "samples": "--samples",
    "seed": "--seed",
    "tolerate_original_errors": "--tolerate-original-errors",
    "checkers": "--checker",
}


def run_fingerprint(spec: InputSpec, options: RunOptions, layout: OutputLayout) -> dict[str, Any]:
    """Everything that must not change between an interrupted run and its resumption (JSON-ready)."""
    fingerprint: dict[str, Any] = {
        "input": str(spec.path.resolve()),
        "input contents": input_signature(spec),
        "--lang": sorted(language.name for language in spec.languages),
        "--code-field": spec.code_field,
        "--prompt-field": spec.prompt_field,
        "--extract": spec.extract,
        "--lang-field": spec.language_field,
        "output format": layout.format,
        "--shard-size": layout.shard_size,
        "lintseq-x version": __version__,
    }
    for name, value in _json_ready(dataclasses.asdict(options)).items():
        if name == "sampler":
            fingerprint.update({f"--{key.replace('_', '-')}": setting for key, setting in value.items()})
        else:
            fingerprint[OPTION_NAMES.get(name, "--" + name.replace("_", "-"))] = value
    return fingerprint


def input_signature(spec: InputSpec) -> str:
    """Size and modification time of the input file, or of every file a folder's walk reads."""
    path = spec.path
    if path.is_file():
        stat = path.stat()
        return f"{stat.st_size} bytes, modified {stat.st_mtime_ns}"
    files = [source.path for source in spec.walk.files] if spec.walk is not None else sorted(path.rglob("*"))
    digest = hashlib.sha256()
    count = 0
    for file in files:
        if file.is_file():
            stat = file.stat()
            # A file name may hold bytes that are not UTF-8 (read as surrogate escapes).
            digest.update(os.fsencode(f"{file.relative_to(path).as_posix()}\t{stat.st_size}\t{stat.st_mtime_ns}\n"))
            count += 1
    return f"{count} files (sha256 of their names, sizes and times: {digest.hexdigest()[:16]})"


def resume_command(argv: list[str] | None = None) -> str:
    """The command line that resumes this run: the one typed, with `--resume`."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if "--resume" not in arguments:
        arguments.append("--resume")
    return shlex.join(["lintseq-x", *arguments])


def _json_ready(value: Any) -> Any:
    """Tuples as lists, anything JSON cannot hold as its repr: what the journal will read back."""
    return json.loads(json.dumps(value, default=repr))
