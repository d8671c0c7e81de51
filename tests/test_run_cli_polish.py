"""`lintseq-x run` says what it does plainly (issue 18): counts with their plurals, a short progress
label, a summary that reads at 80 columns, progress per path, and help texts whose brackets survive
rich markup."""

from __future__ import annotations

import io
import os
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import typer
from rich.console import Console
from rich.markup import _parse
from rich.style import Style

from helpers import CIRCLES, LINTSEQ, record_for, write_jsonl
from lintseq_x.core.engines.local import run_local
from lintseq_x.core.pipeline import RunOptions
from lintseq_x.core.plugin_system.registry import registry


def run_cli(cwd: Path, *args: Any, columns: int = 250) -> subprocess.CompletedProcess[str]:
    """`lintseq-x ARGS` without a terminal, on a screen `columns` wide."""
    assert LINTSEQ is not None
    env = {name: value for name, value in os.environ.items() if name not in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")}
    env.update(COLUMNS=str(columns), NO_COLOR="1")
    return subprocess.run([LINTSEQ, *map(str, args)], cwd=cwd, capture_output=True, text=True, env=env, timeout=600)


def help_texts() -> list[tuple[str, str]]:
    """(where, text) for the help of every command, subcommand, option and argument."""
    from lintseq_x.core.cli import app

    found: list[tuple[str, str]] = []

    def visit(command: Any, where: str) -> None:
        for attribute in ("help", "short_help", "epilog"):
            found.append((f"{where} ({attribute})", getattr(command, attribute, None) or ""))
        for parameter in command.params:
            found.append((f"{where} {parameter.name}", getattr(parameter, "help", None) or ""))
        for name, sub in (getattr(command, "commands", None) or {}).items():
            visit(sub, f"{where} {name}")

    visit(typer.main.get_command(app), "lintseq-x")
    return found


def is_style(tag: str) -> bool:
    if tag.startswith(("/", "link")):
        return True
    try:
        Style.parse(tag)
    except Exception:  # noqa: BLE001 - not a style: rich drops it from the text all the same
        return False
    return True


def test_no_help_text_has_brackets_that_rich_markup_would_swallow() -> None:
    texts = help_texts()
    assert len(texts) > 100  # every command of the app was seen
    swallowed = [
        (where, tag.markup)
        for where, text in texts
        for _, _, tag in _parse(text)
        if tag is not None and not is_style(tag.name)
    ]
    assert swallowed == []


def test_run_help_names_the_ray_extra(tmp_path: Path) -> None:
    shown = run_cli(tmp_path, "run", "--help")
    assert shown.returncode == 0
    text = " ".join(re.sub("[│╭╮╰╯─]", " ", shown.stdout).split())  # the panel's lines, unwrapped
    assert "pip install 'lintseq-x[ray]'" in text


def test_counts_take_their_plurals(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "two.jsonl", [{"response": "x = 1\nprint(x)\n"}, {"response": "def f(:\n"}])
    result = run_cli(tmp_path, "run", "two.jsonl", "-l", "python", "-s", "1", "-j", "1", "--prompt-field", "", "-o", "out.jsonl")
    assert result.returncode == 0, result.stderr
    assert "Wrote 1 edit path to" in result.stdout
    assert "1 skipped record, with reasons, in" in result.stdout
    write_jsonl(tmp_path / "one.jsonl", [{"response": "x = 1\nprint(x)\n"}])
    result = run_cli(tmp_path, "run", "one.jsonl", "-l", "python", "-s", "3", "-j", "1", "--prompt-field", "", "-o", "three.jsonl")
    assert "Wrote 3 edit paths to" in result.stdout


def test_lang_auto_progress_label_is_short(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "circles.py").write_text(CIRCLES)
    result = run_cli(tmp_path, "run", "src", "-l", "auto", "-s", "2", "-j", "1", "-o", "out.jsonl", columns=80)
    assert result.returncode == 0, result.stderr
    names = sorted(registry().languages)
    assert len(names) > 2
    bar = next(line for line in result.stdout.splitlines() if "paths" in line and "records" in line)
    assert bar.startswith(f"{len(names)} languages ")
    assert ",".join(names[:2]) not in bar


def summary_lines(stdout: str) -> list[str]:
    lines = stdout.splitlines()
    start = next(number for number, line in enumerate(lines) if line.startswith("lintseq-x run"))
    return lines[start : start + 8]


def test_the_summary_reads_whole_at_80_columns(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "he.jsonl", [{"response": CIRCLES}] * 3)
    result = run_cli(tmp_path, "run", "he.jsonl", "-l", "python", "-s", "2", "-j", "1", "--prompt-field", "", "-o", "out.jsonl", columns=80)
    assert result.returncode == 0, result.stderr
    assert "…" not in result.stdout
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    header = next(line for line in summary_lines(result.stdout) if "language" in line)
    assert header.split() == ["language", "records", "paths", "skipped", "failed", "edits/path"]
    assert re.search(r"^\s*python\s+3\s+6\s+0\s+0\s", result.stdout, re.MULTILINE), result.stdout
    assert re.search(r"^  [\d.,]+ seconds, [\d.,]+ paths/s$", result.stdout, re.MULTILINE), result.stdout


def test_a_summary_of_long_names_and_big_counts_fits_80_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    from lintseq_x.core.cli import run as run_module

    screen = Console(file=io.StringIO(), width=80, no_color=True)
    monkeypatch.setattr(run_module, "console", lambda: screen)
    tallies = {
        name: run_module.Tally(records=1_234_567, skipped=12_345, failed=1_234, paths=6_000_000, edits=42_000_000)
        for name in ("javascript", "typescript", "python", "all")
    }
    run_module._print_summary(tallies, Counter(), Counter(), 12_345.67)
    shown = screen.file.getvalue()  # type: ignore[attr-defined]
    assert "…" not in shown, shown
    for name in ("javascript", "typescript", "python", "all"):
        assert re.search(rf"^\s*{name}\s+1,234,567\s+6,000,000\s+12,345\s+1,234\s+7\.0\s", shown, re.MULTILINE), shown


def test_workers_report_every_path_as_it_is_sampled() -> None:
    records = [record_for(CIRCLES, index) for index in range(6)]
    options = RunOptions(samples=7, seed=3)
    plain: list[Any] = []
    run_local(records, options, 2, plain.append, record_timeout=600)
    for jobs, timeout in ((1, None), (1, 600.0), (2, 600.0)):
        reports: list[tuple[int, int]] = []
        results: list[Any] = []
        run_local(
            records, options, jobs, results.append, record_timeout=timeout,
            on_paths=lambda index, paths: reports.append((index, paths)), progress_interval=0.0,
        )
        assert [result.rows for result in results] == [result.rows for result in plain]  # same bytes, same order
        for index in range(6):  # every path, in order, from whichever process sampled it
            assert [paths for reported, paths in reports if reported == index] == list(range(1, 8)), (jobs, timeout)


def test_path_counter_counts_paths_in_flight_and_forgets_late_reports() -> None:
    from lintseq_x.core.outcomes import PathCounter

    counter = PathCounter(written=10, expected=10 + 3 * 5)  # resumed after 10 paths; 3 records of -s 5 to go
    assert counter.sampled(2, 2) and counter.sampled(3, 4)
    assert counter.shown() == 16
    counter.delivered(2, 5, 5)
    assert counter.shown() == 19 and counter.expected == 25
    assert not counter.sampled(2, 3)  # its result is in: a report that ran late changes nothing
    counter.delivered(3, 0, 5)  # skipped: it gives no paths, and the run expects 5 fewer
    assert counter.shown() == 15 and counter.expected == 20
    counter.delivered(4, 5, 5)
    assert counter.shown() == counter.expected == 20
