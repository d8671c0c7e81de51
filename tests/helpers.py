"""Helpers for tests: running the per-record work on a program."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import textwrap
from pathlib import Path
from typing import Any

from lintseq_x.core.pipeline import RunOptions, process_record
from lintseq_x.core.input.records import InputRecord
from lintseq_x.core.algorithm.sampler import SamplerSettings, _close

LINTSEQ = shutil.which("lintseq-x")

CIRCLES = '''import math


def area(radius):
    """Area of a circle."""
    return math.pi * radius ** 2


def describe(shapes):
    total = 0
    for name, radius in shapes:
        value = area(radius)
        total += value
        print(name, round(value, 2))
    return total


if __name__ == "__main__":
    describe([("small", 1), ("big", 3)])
'''



def record_for(code: str, index: int = 0, extract: bool = False, **fields: Any) -> InputRecord:
    return InputRecord(
        index=index,
        source_file="test",
        language="python",
        fields={"response": code, **fields},
        code_field="response",
        prompt_field=None,
        extract=extract,
        location="test",
    )


def edit_paths(
    code: str, samples: int = 3, seed: int = 1, fields: dict[str, Any] | None = None, **options: Any
) -> list[dict[str, Any]]:
    """Output records for `code`; fails the test if the record was skipped or failed."""
    settings = SamplerSettings(**{k: options.pop(k) for k in ("weighting", "max_rounds") if k in options})
    result = process_record(record_for(code, **(fields or {})), RunOptions(samples, seed, settings, **options))
    assert result.failed is None, result.failed
    assert result.skipped is None, result.skipped
    return [json.loads(row) for row in result.rows]


def cli(cwd: Path, *args: Any) -> subprocess.CompletedProcess[str]:
    """Run `lintseq-x ARGS` in `cwd`, without a terminal, with a wide virtual screen."""
    assert LINTSEQ is not None, "the lintseq-x console script is not installed"
    env = dict(os.environ)
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        env.pop(name, None)
    env["COLUMNS"] = "250"
    env["NO_COLOR"] = "1"
    return subprocess.run(
        [LINTSEQ, *map(str, args)], cwd=cwd, capture_output=True, text=True, env=env, timeout=600
    )


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert "Traceback" not in result.stdout + result.stderr
    return result


def line_of(source: str, needle: str) -> int:
    """The 1-based line of the first occurrence of `needle` in `source`."""
    return source[:source.index(needle)].count("\n") + 1


def nothing_written(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    """A run whose every record was skipped or failed: it says so in one line and exits 1."""
    assert result.returncode == 1, f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert "Traceback" not in result.stdout + result.stderr
    assert "error: no edit paths from " in result.stderr
    return result


def write_jsonl(path: Path, rows: list[Any]) -> Path:
    """Each row is a dict (dumped as JSON) or a str (written as the raw line)."""
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write((row if isinstance(row, str) else json.dumps(row)) + "\n")
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def structure_of(language: Any, source: str) -> Any:
    """The structure of a program written indented in a test (dedented, first newline dropped)."""
    return language.structure_of(textwrap.dedent(source).lstrip("\n"))


def bound(checker: Any, program: str) -> Any:
    """`checker` bound to `program` (`begin`, as the pipeline binds it), which it finds clean."""
    checker.begin(program)
    assert checker.check(program) == ()
    return checker


def diagnostics_of(checker: Any, source: str) -> list[tuple[int, str, bool]]:
    """(line, code, fatal) of what `checker` finds in a program written indented in a test."""
    return [(d.line, d.code, d.fatal) for d in checker.check(textwrap.dedent(source).lstrip("\n"))]


def unit_of(structure: Any, needle: str) -> int:
    """The unit of the one line that contains `needle`."""
    rows = [row for row, line in enumerate(structure.lines) if needle in line]
    assert len(rows) == 1, f"{needle!r} found on lines {rows}"
    return structure.unit_of_line[rows[0]]


def remaining_after(structure: Any, needle: str) -> str:
    """The program left when the unit holding `needle` is deleted with all that depends on it."""
    everything = set(range(structure.unit_count))
    doomed = _close(structure, (unit_of(structure, needle),), everything)
    return structure.text_of_units(everything - doomed)[0]


def units_of_pairs(structure: Any, pairs: Any) -> dict[int, set[int]]:
    """(declaring line, using line) pairs as declaring unit -> the other units that use it."""
    found: dict[int, set[int]] = {}
    for declaring, using in pairs:
        unit, other = structure.unit_of_line[declaring], structure.unit_of_line[using]
        if unit != other:
            found.setdefault(unit, set()).add(other)
    return found


def assert_checker_deletes_predicted(structure: Any, checker: Any, predicted: dict[int, set[int]], label: str) -> int:
    """Delete each unit of `predicted` without the units predicted to go with it, let the
    checker's rounds run (`delete_until_clean`), and assert they deleted those units too.
    Returns how many predicted units were confirmed."""
    from lintseq_x.core.algorithm.sampler import delete_until_clean

    confirmed = 0
    for unit, others in predicted.items():
        alive = set(range(structure.unit_count))
        delete_until_clean(structure, checker, alive, (unit,))
        assert not others & alive, f"{label}: {structure.lines[structure.unit_lines[unit][0]].strip()!r}"
        confirmed += len(others)
    return confirmed


def children_of(pid: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc: Linux)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    """Whether process `pid` is running (from /proc: Linux). A zombie has ended; only its exit
    status waits to be collected."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
