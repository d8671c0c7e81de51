"""Inputs that once broke a run or bent its output (found in review); each must now be handled."""

from __future__ import annotations

import json
import os
from pathlib import Path

from lintseq_x.core.algorithm.checker import Diagnostic
from lintseq_x.core.input.discovery import exclusion_reason
from lintseq_x.core.pipeline import RunOptions, process_record
from lintseq_x.plugins.python.checker import PythonChecker

from helpers import cli, edit_paths, ok, read_jsonl, record_for, write_jsonl
from invariants import assert_invariants, states_of


def test_lone_surrogates_neither_crash_nor_vanish(tmp_path: Path) -> None:
    (tmp_path / "data.jsonl").write_text(
        '{"instruction": "ok", "response": "y = 1\\n"}\n'
        '{"instruction": "broken \\ud83d prompt", "response": "y = 1\\n"}\n'
        '{"instruction": "broken code", "response": "s = \\"\\ud83d\\"\\n"}\n'
    )
    ok(cli(tmp_path, "run", "data.jsonl", "--lang", "python", "-j", 2, "-o", "out.jsonl", "-q"))
    rows = read_jsonl(tmp_path / "out.jsonl")
    assert [row["index"] for row in rows] == [0, 1]
    assert rows[1]["source_instruction"] == "broken \ud83d prompt"
    (skipped,) = read_jsonl(tmp_path / "out.skipped.jsonl")
    assert skipped["index"] == 2 and "lone surrogate" in skipped["reason"]


def test_a_valid_program_with_a_fence_inside_a_string_is_kept_whole():
    program = 'DOC = """\nExample:\n```python\nprint(\'hi\')\n```\n"""\nprint(DOC)\n'
    result = process_record(record_for(program, extract=True), RunOptions(samples=3))
    rows = [json.loads(row) for row in result.rows]
    assert rows and all(row["code_extraction"] == "none" for row in rows)
    for row in rows:
        assert_invariants(row["edit_path"], program)


def test_prose_around_a_fence_is_still_stripped():
    response = "Here it is:\n```python\nx = 1\nprint(x)\n```\nEnjoy."
    (row,) = [json.loads(r) for r in process_record(record_for(response, extract=True), RunOptions()).rows]
    assert row["code_extraction"] == "markdown-fences"
    assert_invariants(row["edit_path"], "x = 1\nprint(x)")


def test_the_checker_never_raises_on_deep_expressions():
    program = "x = " + " + ".join(["1"] * 3000) + "\n"
    found = PythonChecker().check(program)
    assert len(found) == 1 and found[0].fatal
    result = process_record(record_for(program), RunOptions())
    assert result.failed is None and "too deeply nested" in result.reason


def test_warnings_filters_do_not_change_judgement(monkeypatch):
    monkeypatch.setenv("PYTHONWARNINGS", "error")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert PythonChecker().check('import re\nPAT = re.compile("\\d+")\nprint(PAT)\n') == ()


def test_an_input_field_named_file_does_not_hide_the_source_file():
    (row,) = edit_paths("x = 1\nprint(x)\n", samples=1, fields={"file": "orig/path.py"})
    assert row["source_file"] == "test" and row["source_field_file"] == "orig/path.py"


def test_tolerance_keys_ignore_line_numbers_in_messages():
    a = Diagnostic(3, "UndefinedLocal", "local variable 'x' defined in enclosing scope on line 2 referenced before assignment")
    b = Diagnostic(2, "UndefinedLocal", "local variable 'x' defined in enclosing scope on line 1 referenced before assignment")
    assert a.key == b.key
    # The original error moves up a line whenever a line above it goes; it stays tolerated.
    program = "y = 0\nx = 1\ndef f():\n    print(x)\n    x = 2\nf()\n"
    rows = edit_paths(program, samples=8, tolerate_original_errors=True)
    assert len(rows) == 8 and all(states_of(row["edit_path"])[-1] == program for row in rows)


def test_verify_and_stats_report_malformed_rows_without_tracebacks(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "data.jsonl", [{"response": "x = 1\nprint(x)\n"}])
    ok(cli(tmp_path, "run", "data.jsonl", "--lang", "python", "-j", 1, "-o", "out.jsonl", "-q"))
    (row,) = read_jsonl(tmp_path / "out.jsonl")
    bad = [dict(row, checker={}), dict(row, edit_path=5), dict(row, index=[1]), dict(row, edit_path=[1, 2])]
    write_jsonl(tmp_path / "bad.jsonl", [row, *bad])
    verified = cli(tmp_path, "verify", "bad.jsonl")
    assert verified.returncode == 1 and "Traceback" not in verified.stdout + verified.stderr
    stats = ok(cli(tmp_path, "stats", "bad.jsonl", "--json"))
    assert stats.stderr.count("warning:") == 2
    assert json.loads(stats.stdout)["all"]["records"] == 3


def test_heuristics_do_not_drop_ordinary_files_and_name_what_they_drop(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    docs = source / "settings.py"
    docs.write_text('"""Settings.\n\nDo not edit these defaults without updating the docs.\n"""\nTIMEOUT = 3\n')
    assert exclusion_reason(docs) is None
    data = source / "table.py"
    data.write_text("TABLE = [" + ", ".join(str(i) for i in range(5000)) + "]\nprint(len(TABLE))\n")
    assert exclusion_reason(data) == "minified"  # one enormous line: not a program to learn from
    (source / "gen_pb2.py").write_text("# Generated by the protocol buffer compiler.  DO NOT EDIT!\nx = 1\n")
    ok(cli(tmp_path, "run", "src", "--lang", "python", "-j", 1, "-o", os.path.join("out", "o.jsonl"), "-q"))
    listed = {row["source_file"]: row["reason"] for row in read_jsonl(tmp_path / "out" / "o.excluded.jsonl")}
    assert listed == {"gen_pb2.py": "generated", "table.py": "minified"}
