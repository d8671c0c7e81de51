"""Bad input, as users have it: every record ends as output rows, a skipped row or a failed row,
with a one-line reason that names it; nothing crashes and nothing is lost.

Each case states its exact outcome. Output rows are replayed with the independent applier of
tests/invariants.py and checked with `lintseq-x verify`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from helpers import cli, nothing_written, ok, read_jsonl
from invariants import assert_invariants, independent_problems, states_of
from lintseq_x.core.pipeline import RunOptions, process_record
from lintseq_x.core.input.records import InputRecord
from lintseq_x.core.plugin_system.registry import registry

GOOD = "def add(a, b):\n    return a + b\n\n\nprint(add(1, 2))\n"
TABS = "def add(a, b):\n\tif a:\n\t\treturn a + b\n\treturn b\n\n\nprint(add(1, 2))\n"
MIXED_INDENT = "def add(a, b):\n        if a:\n\t    return a + b\n        return b\n"
COMMENTS_ONLY = "# Nothing to run here.\n# Only notes.\n"
LONG_LINE = "TEXT = '" + "a" * 100_000 + "'\nprint(len(TEXT))\n"
DEEP_PARENS = "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n"
DEEP_UNARY = "x = " + "-" * 5000 + "1\nprint(x)\n"

# (raw JSONL line, outcome, what the reason or the output row must show)
CASES: list[tuple[str, str, Any]] = [
    (json.dumps({"response": GOOD}), "output", {"newline": "lf"}),
    ('{"response": "x = 1', "skipped", "invalid JSON: Unterminated string starting at: line 1 column 14 (char 13)"),
    ("[1, 2]", "skipped", "expected a JSON object, got list"),
    (json.dumps({"instruction": "no code"}), "skipped", "no 'response' field (fields: instruction)"),
    (json.dumps({"response": None}), "skipped", "field 'response' is null"),
    (json.dumps({"response": 42}), "skipped", "field 'response' is a number (int), not a string"),
    (json.dumps({"response": {"code": GOOD}}), "skipped", "field 'response' is an object, not a string"),
    (json.dumps({"response": True}), "skipped", "field 'response' is a boolean, not a string"),
    (json.dumps({"instruction": None, "response": GOOD}), "output", {"source_instruction": None}),
    ('{"response": "x = \xff"}', "skipped", "not UTF-8 text: byte 0xff at column 19 cannot be decoded"),
    (json.dumps({"response": "x = 1\0\nprint(x)\n"}), "skipped", "the program is not valid python: line 1: source code string cannot contain null bytes"),
    ('{"response": "x = 1\0"}', "skipped", "invalid JSON: Invalid control character at: line 1 column 20 (char 19)"),
    (json.dumps({"response": "\ufeff" + GOOD}), "output", {"byte_order_mark": True}),
    (json.dumps({"response": GOOD.replace("\n", "\r\n")}), "output", {"newline": "crlf"}),
    (json.dumps({"response": GOOD.replace("\n", "\r")}), "output", {"newline": "cr"}),
    (json.dumps({"response": "x = 1\r\ny = 2\nprint(x, y)\r"}), "output", {"newline": "mixed"}),
    (json.dumps({"response": TABS}), "output", {}),
    (json.dumps({"response": MIXED_INDENT}), "skipped", "the program is not valid python: line 3: inconsistent use of tabs and spaces in indentation"),
    (json.dumps({"response": ""}), "skipped", "no code: the code field is empty or whitespace"),
    (json.dumps({"response": " \n\t\n"}), "skipped", "no code: the code field is empty or whitespace"),
    (json.dumps({"response": COMMENTS_ONLY}), "output", {}),
    (json.dumps({"response": "def f(:\n    return 1\n"}), "skipped", "the program is not valid python: line 1: invalid syntax"),
    (json.dumps({"response": DEEP_PARENS}), "skipped", "the program is not valid python: line 1: too many nested parentheses"),
    (json.dumps({"response": DEEP_UNARY}), "skipped", "the program is not valid python: line 1: too deeply nested for the checker"),
    (json.dumps({"response": LONG_LINE}), "output", {}),
]

# The program an output row must rebuild, per case (the code field with newlines made `\n`,
# without the byte-order mark).
def expected_program(code: str) -> str:
    return code.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All cases in one file with CRLF line ends, a byte-order mark and blank lines, run on 2 workers."""
    folder = tmp_path_factory.mktemp("bad")
    lines = [line.encode("utf-8", "surrogateescape") if "\xff" not in line else line.encode("latin-1") for line, _, _ in CASES]
    # a blank line is not a record, but it counts in the line numbers of `location`
    body = b"\r\n".join(lines[:3]) + b"\r\n\r\n" + b"\r\n".join(lines[3:]) + b"\r\n"
    (folder / "bad.jsonl").write_bytes(b"\xef\xbb\xbf" + body)
    result = cli(folder, "run", "bad.jsonl", "--lang", "python", "-s", 2, "-j", 2, "-o", "out.jsonl")
    ok(result)
    return folder


def test_every_case_has_its_exact_outcome(bad_run: Path) -> None:
    out = read_jsonl(bad_run / "out.jsonl")
    skipped = {row["index"]: row for row in read_jsonl(bad_run / "out.skipped.jsonl")}
    assert not (bad_run / "out.failed.jsonl").exists()
    by_index: dict[int, list[dict[str, Any]]] = {}
    for row in out:
        by_index.setdefault(row["index"], []).append(row)
    for index, (line, outcome, expected) in enumerate(CASES):
        line_number = index + 1 + (index >= 3)  # the blank line after the third record
        if outcome == "skipped":
            assert index not in by_index, f"case {index} has output"
            row = skipped[index]
            assert row["reason"] == expected, f"case {index}"
            assert row["location"] == f"bad.jsonl:{line_number}"
            assert row["outcome"] == "skipped"
        else:
            assert index not in skipped, f"case {index} was skipped: {skipped.get(index, {}).get('reason')}"
            rows = by_index[index]
            assert [row["sample"] for row in rows] == [0, 1]
            code = json.loads(line)["response"]
            for row in rows:
                for key, value in expected.items():
                    assert row[key] == value, f"case {index}: {key}"
                assert_invariants(row["edit_path"], expected_program(code))
                assert all(not independent_problems(state) for state in states_of(row["edit_path"]))


def test_counts_reconcile_and_nothing_is_lost(bad_run: Path) -> None:
    out = read_jsonl(bad_run / "out.jsonl")
    skipped = read_jsonl(bad_run / "out.skipped.jsonl")
    outputs = {row["index"] for row in out}
    assert len(out) == 2 * len(outputs)
    assert sorted(outputs | {row["index"] for row in skipped}) == list(range(len(CASES)))
    assert len(outputs) + len(skipped) == len(CASES)
    # a line that is not JSON keeps its text, so the record can still be repaired by hand
    (invalid,) = [row for row in skipped if row["index"] == 1]
    assert invalid["source_raw_line"] == '{"response": "x = 1'
    (latin,) = [row for row in skipped if row["index"] == 9]
    assert latin["source_raw_line"] == '{"response": "x = \ufffd"}'


def test_the_output_of_bad_input_verifies(bad_run: Path) -> None:
    ok(cli(bad_run, "verify", "out.jsonl", "-q"))


def test_jsonl_with_lone_cr_line_ends_is_read_line_by_line(tmp_path: Path) -> None:
    rows = [{"response": GOOD}, {"response": "print(undefined_name)\n"}]
    (tmp_path / "old_mac.jsonl").write_bytes(b"\r".join(json.dumps(row).encode() for row in rows) + b"\r")
    ok(cli(tmp_path, "run", "old_mac.jsonl", "--lang", "python", "-j", 1, "-o", "out.jsonl", "-q"))
    assert [row["index"] for row in read_jsonl(tmp_path / "out.jsonl")] == [0]
    (skipped,) = read_jsonl(tmp_path / "out.skipped.jsonl")
    assert skipped["location"] == "old_mac.jsonl:2" and "undefined name 'undefined_name'" in skipped["reason"]


def test_an_empty_jsonl_file_writes_an_empty_output_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_bytes(b"")
    result = ok(cli(tmp_path, "run", "empty.jsonl", "--lang", "python", "-j", 1, "-o", "out.jsonl", "-q"))
    assert result.stderr.strip() == "warning: empty.jsonl: no records to process"
    assert (tmp_path / "out.jsonl").read_bytes() == b""
    assert not (tmp_path / "out.skipped.jsonl").exists()


@pytest.mark.parametrize(
    ("content", "outcome"),
    [
        (b"", "no code: the code field is empty or whitespace"),
        (COMMENTS_ONLY.encode(), None),
        (b"def f(:\n    return 1\n", "the program is not valid python: line 1: invalid syntax"),
        (b"x = 1\nprint(x)\n\0\0\0", "the program is not valid python: line 1: source code string cannot contain null bytes"),
        (b"name = '\xe9t\xe9'\nprint(name)\n", "not UTF-8 text: prog.py: byte 0xe9 at offset 8 cannot be decoded (invalid continuation byte)"),
        (b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode(), None),
    ],
    ids=["empty", "comments-only", "syntax-error", "nul-bytes", "latin-1", "bom-crlf"],
)
def test_a_single_source_file(tmp_path: Path, content: bytes, outcome: str | None) -> None:
    (tmp_path / "prog.py").write_bytes(content)
    result = cli(tmp_path, "run", "prog.py", "--lang", "python", "-j", 1, "-o", "out.jsonl", "-q")
    ok(result) if outcome is None else nothing_written(result)
    if outcome is None:
        (row,) = read_jsonl(tmp_path / "out.jsonl")
        assert_invariants(row["edit_path"], expected_program(content.decode("utf-8")))
        assert not (tmp_path / "out.skipped.jsonl").exists()
    else:
        assert (tmp_path / "out.jsonl").read_bytes() == b""
        (skipped,) = read_jsonl(tmp_path / "out.skipped.jsonl")
        assert skipped["reason"] == outcome and skipped["location"] == "prog.py"


def test_a_10_mb_file_is_skipped_by_the_size_limit_with_the_reason(tmp_path: Path) -> None:
    line = "value_{0} = {0}\n"
    text = "".join(line.format(n) for n in range(700_000))
    assert len(text) > 10_000_000
    (tmp_path / "huge.py").write_text(text, encoding="utf-8")
    nothing_written(cli(tmp_path, "run", "huge.py", "--lang", "python", "-j", 1, "-o", "out.jsonl", "-q"))
    (skipped,) = read_jsonl(tmp_path / "out.skipped.jsonl")
    assert skipped["reason"].startswith("program too large: 700,000 lines, over the limit of 5,000")
    assert skipped["location"] == "huge.py"


def test_a_100000_character_line_is_processed_from_jsonl(bad_run: Path) -> None:
    index = next(i for i, case in enumerate(CASES) if case[0] == json.dumps({"response": LONG_LINE}))
    rows = [row for row in read_jsonl(bad_run / "out.jsonl") if row["index"] == index]
    assert len(rows) == 2 and all(states_of(row["edit_path"])[-1] == LONG_LINE for row in rows)


def test_5000_levels_of_nesting_in_a_tree_sitter_language_do_not_crash() -> None:
    """The structure walk is iterative, so 5,000 nested blocks build a structure; the fallback
    checker refuses such depth, which no compiler parses, with the reason (Python's own parser
    refuses it too: see the deep cases above)."""
    program = "let x = 0;\n" + "{\n" * 5000 + "x += 1;\n" + "}" * 5000 + "\nconsole.log(x);\n"
    structure = registry().get("javascript").structure_of(program)
    assert len(structure.lines) == 5004 and structure.lines[-1] == "console.log(x);\n"
    record = InputRecord(0, "deep.js", "javascript", {"code": program}, "code", None, False, "deep.js")
    result = process_record(record, RunOptions(checkers=(("javascript", "fallback"),), max_program_lines=0))
    assert result.failed is None and not result.rows
    assert result.reason == (
        "the program is not valid javascript: line 1: nested more than 1000 syntax levels deep, "
        "beyond what the language's compilers parse"
    )


# ---------------------------------------------------------------------------------------------
# directories
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def messy_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository with every kind of file a walk meets, and `run` over it."""
    folder = tmp_path_factory.mktemp("messy")
    root = folder / "repo"
    (root / "pkg").mkdir(parents=True)
    files: dict[str, bytes] = {
        "good.py": GOOD.encode(),
        "pkg/tabs.py": TABS.encode(),
        "pkg/crlf.py": GOOD.replace("\n", "\r\n").encode(),
        "pkg/cr.py": GOOD.replace("\n", "\r").encode(),
        "pkg/comments.py": COMMENTS_ONLY.encode(),
        "pkg/empty.py": b"",
        "pkg/broken.py": b"def f(:\n",
        "pkg/mixed.py": MIXED_INDENT.encode(),
        "pkg/latin1.py": b"name = '\xe9t\xe9'\n",
        "pkg/image.py": b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
        "pkg/long_line.py": LONG_LINE.encode(),
        "pkg/locked.py": GOOD.encode(),
    }
    for relative, content in files.items():
        (root / relative).write_bytes(content)
    (root / "pkg" / "locked.py").chmod(0)
    os.symlink(".", root / "pkg" / "loop")  # a folder that contains itself
    os.symlink("self.py", root / "pkg" / "self.py")  # a file link that leads to itself
    os.symlink("gone.py", root / "pkg" / "dangling.py")
    os.symlink("../good.py", root / "pkg" / "alias.py")
    os.mkfifo(root / "pkg" / "pipe.py")
    ok(cli(folder, "run", "repo", "--lang", "python", "-j", 2, "-o", "out.jsonl", "-q"))
    return folder


def test_a_messy_tree_accounts_for_every_file(messy_tree: Path) -> None:
    out = {row["source_file"] for row in read_jsonl(messy_tree / "out.jsonl")}
    skipped = {row["source_file"]: row["reason"] for row in read_jsonl(messy_tree / "out.skipped.jsonl")}
    excluded = {row["source_file"]: row["reason"] for row in read_jsonl(messy_tree / "out.excluded.jsonl")}
    readable_locked = os.access(messy_tree / "repo" / "pkg" / "locked.py", os.R_OK)  # root reads anything
    expected_out = {"good.py", "pkg/alias.py", "pkg/tabs.py", "pkg/crlf.py", "pkg/cr.py", "pkg/comments.py"}
    assert out == expected_out | ({"pkg/locked.py"} if readable_locked else set())
    assert skipped == {
        "pkg/empty.py": "no code: the code field is empty or whitespace",
        "pkg/broken.py": "the program is not valid python: line 1: invalid syntax",
        "pkg/mixed.py": "the program is not valid python: line 3: inconsistent use of tabs and spaces in indentation",
        "pkg/latin1.py": "not UTF-8 text: pkg/latin1.py: byte 0xe9 at offset 8 cannot be decoded (invalid continuation byte)",
    }
    assert excluded == {
        "pkg/loop/": "symlinked folder",
        "pkg/self.py": "unreadable (Too many levels of symbolic links)",
        "pkg/dangling.py": "unreadable (No such file or directory)",
        "pkg/pipe.py": "not a regular file",
        "pkg/image.py": "binary",
        # one enormous line in a file: the walk's minified-file heuristic (docs/format.md)
        "pkg/long_line.py": "minified",
        **({} if readable_locked else {"pkg/locked.py": "unreadable (Permission denied)"}),
    }


def test_a_messy_tree_output_rebuilds_each_file(messy_tree: Path) -> None:
    for row in read_jsonl(messy_tree / "out.jsonl"):
        raw = (messy_tree / "repo" / row["source_file"]).read_bytes().decode("utf-8")
        assert states_of(row["edit_path"])[-1] == expected_program(raw)
        newline = {"pkg/crlf.py": "crlf", "pkg/cr.py": "cr"}.get(row["source_file"], "lf")
        assert row["newline"] == newline
    ok(cli(messy_tree, "verify", "out.jsonl", "-q"))


def test_a_pipe_given_as_the_input_is_one_line(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.py")
    result = cli(tmp_path, "run", "pipe.py", "--lang", "python", "-o", "out.jsonl")
    assert result.returncode == 2 and "Traceback" not in result.stdout + result.stderr
    assert result.stderr.strip() == "error: pipe.py: not a regular file (a pipe, socket or device cannot be an input)"


def test_a_binary_file_given_as_the_input_is_skipped_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "blob.py").write_bytes(bytes(range(256)))
    nothing_written(cli(tmp_path, "run", "blob.py", "--lang", "python", "-j", 1, "-o", "out.jsonl", "-q"))
    (skipped,) = read_jsonl(tmp_path / "out.skipped.jsonl")
    assert skipped["reason"] == "not UTF-8 text: blob.py: byte 0x80 at offset 128 cannot be decoded (invalid start byte)"

