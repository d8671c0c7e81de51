"""The per-program size cap: an oversized program is skipped with its reason, never sampled."""

from __future__ import annotations

import json

from helpers import CIRCLES, cli, ok, read_jsonl, record_for, write_jsonl
from lintseq_x.core.pipeline import (
    DEFAULT_MAX_PROGRAM_BYTES,
    DEFAULT_MAX_PROGRAM_LINES,
    RunOptions,
    oversize,
    process_record,
)

CIRCLES_LINES = CIRCLES.count("\n")


def _long_program(functions: int) -> str:
    """A valid program of many small, distinct functions (7 lines each)."""
    return "".join(f"def f{n}(x):\n    y = x + {n}\n    return y\n\n\n" for n in range(functions)) + "print(f0(1))\n"


def test_defaults_are_five_thousand_lines_and_a_megabyte():
    assert (DEFAULT_MAX_PROGRAM_LINES, DEFAULT_MAX_PROGRAM_BYTES) == (5_000, 1_000_000)
    assert RunOptions().max_program_lines == 5_000 and RunOptions().max_program_bytes == 1_000_000


def test_a_program_over_the_line_limit_is_skipped_with_its_size_and_the_option():
    result = process_record(record_for(CIRCLES), RunOptions(samples=2, max_program_lines=CIRCLES_LINES - 1))
    assert result.rows == [] and result.failed is None
    row = json.loads(result.skipped)
    assert row["outcome"] == "skipped"
    assert row["reason"] == (
        f"program too large: {CIRCLES_LINES} lines, over the limit of {CIRCLES_LINES - 1} (--max-program-lines)"
    )
    assert row["source_response"] == CIRCLES  # nothing of the input is lost


def test_a_program_at_the_line_limit_is_sampled():
    result = process_record(record_for(CIRCLES), RunOptions(samples=2, max_program_lines=CIRCLES_LINES))
    assert result.skipped is None and len(result.rows) == 2


def test_a_last_line_without_newline_counts():
    program = CIRCLES.rstrip("\n")
    assert oversize(program, RunOptions(max_program_lines=CIRCLES_LINES)) is None
    assert oversize(program + "\nx = 1", RunOptions(max_program_lines=CIRCLES_LINES)) is not None


def test_the_byte_limit_counts_utf8_bytes_not_characters():
    program = 'GREETING = "' + "é" * 600 + '"\nprint(GREETING)\n'  # 600 characters, 1,200 bytes
    size = len(program.encode("utf-8"))
    assert oversize(program, RunOptions(max_program_bytes=size)) is None
    reason = oversize(program, RunOptions(max_program_bytes=size - 1))
    assert reason == f"program too large: {size:,} bytes, over the limit of {size - 1:,} (--max-program-bytes)"
    result = process_record(record_for(program), RunOptions(max_program_bytes=1_000))
    assert result.rows == [] and json.loads(result.skipped)["reason"] == (
        f"program too large: {size:,} bytes, over the limit of 1,000 (--max-program-bytes)"
    )


def test_zero_means_no_limit():
    program = _long_program(1_500)  # 7,501 lines
    assert oversize(program, RunOptions(max_program_lines=0, max_program_bytes=0)) is None
    assert "7,501 lines" in oversize(program, RunOptions(max_program_lines=7_500))


def test_the_cap_applies_to_the_extracted_program_not_the_whole_field():
    prose = "Some explanation.\n" * 40
    response = f"{prose}```python\n{CIRCLES}```\n"
    fenced = record_for(response, extract=True)
    assert response.count("\n") > CIRCLES_LINES + 40
    # the field is over the limit, its program is not: extracted (without judging the field whole)
    result = process_record(fenced, RunOptions(max_program_lines=CIRCLES_LINES))
    assert result.skipped is None and json.loads(result.rows[0])["code_extraction"] == "markdown-fences"
    # the reason gives the extracted program's size
    result = process_record(fenced, RunOptions(max_program_lines=CIRCLES_LINES - 1))
    assert f"program too large: {CIRCLES_LINES} lines" in json.loads(result.skipped)["reason"]


def test_cli_options_skip_oversized_programs_and_count_them(tmp_path):
    rows = [{"instruction": "small", "response": "x = 1\nprint(x)\n"}, {"instruction": "big", "response": CIRCLES}]
    write_jsonl(tmp_path / "in.jsonl", rows)
    result = ok(cli(tmp_path, "run", "--lang", "python", "in.jsonl", "-j", 1, "-o", "out.jsonl", "--max-program-lines", 5))
    assert [row["index"] for row in read_jsonl(tmp_path / "out.jsonl")] == [0]
    (skipped,) = read_jsonl(tmp_path / "out.skipped.jsonl")
    assert skipped["index"] == 1 and "(--max-program-lines)" in skipped["reason"]
    assert "program too large" in result.stdout
    result = ok(cli(tmp_path, "run", "--lang", "python", "in.jsonl", "-j", 1, "-o", "b.jsonl", "--max-program-bytes", 20))
    (skipped,) = read_jsonl(tmp_path / "b.skipped.jsonl")
    assert skipped["index"] == 1 and "(--max-program-bytes)" in skipped["reason"]
