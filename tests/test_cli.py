"""Black-box tests of the `lintseq-x` command line, run as a user runs it.

Every command goes through the installed console script in a subprocess, with a fresh
temporary directory as the working directory. Expected values come from the inputs the tests
write and from an independent reading of the output (a small insertion-diff applier, CPython's
`compile()` and pyflakes), never from the code under test.
"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from helpers import CIRCLES, cli, ok, read_jsonl, write_jsonl
from invariants import apply_insertions, independent_problems, inserted_line_count, states_of
from lintseq_x.plugins.python import PYTHON
CORPUS = Path(PYTHON.corpus)

# ---------------------------------------------------------------------------------------------
# Programs used as inputs
# ---------------------------------------------------------------------------------------------

GOOD = CIRCLES

FENCED_CODE = "def add(a, b):\n    result = a + b\n    return result\n\n\nprint(add(1, 2))\n"
FENCED_RESPONSE = (
    "Sure! Here is the function you asked for:\n\n```python\n"
    + FENCED_CODE
    + "```\n\nIt adds two numbers, and `print` shows the result."
)

# Only top-level simple statements: replacing any line by another simple statement keeps the
# program syntactically valid.
FLAT = "a = 1\nb = 2\nc = a + b\nd = c * 2\nprint(a, b)\nprint(c, d)\n"

SYNTAX_ERROR = "def f(:\n    return 1\n"
UNDEFINED_NAME = "def f():\n    return undefined_thing + 1\n\n\nprint(f())\n"


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def assert_one_line_error(result: subprocess.CompletedProcess[str], *mentions: str) -> None:
    assert result.returncode != 0
    combined = result.stdout + result.stderr
    assert "Traceback" not in combined
    message = result.stderr.strip()
    assert message, f"nothing on stderr; stdout was:\n{result.stdout}"
    assert len(message.splitlines()) == 1, f"expected one line on stderr, got:\n{message}"
    assert message.startswith("error:"), message
    for mention in mentions:
        assert mention in message, f"{mention!r} not in {message!r}"


def standard_rows() -> list[dict[str, Any]]:
    return [
        {"instruction": "Write the area of circles.", "response": GOOD, "task_id": "task/0", "license": "MIT"},
        {"instruction": "Write add.", "response": FENCED_RESPONSE, "task_id": "task/1", "license": "Apache-2.0"},
    ]


@pytest.fixture(scope="module")
def standard_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`run DATA.jsonl --lang python -s 3 --seed 1 -j 2 -o out.jsonl` on two good records."""
    folder = tmp_path_factory.mktemp("standard")
    write_jsonl(folder / "data.jsonl", standard_rows())
    ok(cli(folder, "run", "data.jsonl", "--lang", "python", "-s", 3, "--seed", 1, "-j", 2, "-o", "out.jsonl"))
    return folder / "out.jsonl"


# ---------------------------------------------------------------------------------------------
# 1. the built-in corpus
# ---------------------------------------------------------------------------------------------


def test_run_without_input_processes_the_builtin_corpus(tmp_path: Path) -> None:
    programs = sorted(p for p in CORPUS.rglob("*.py"))
    assert len(programs) >= 5, "the corpus should ship several programs"
    result = ok(cli(tmp_path, "run", "--lang", "python"))

    output = tmp_path / "lintseq-out" / "python.jsonl"
    assert output.is_file()
    rows = read_jsonl(output)
    assert len(rows) == len(programs), "one record per corpus program (default: one sample)"
    assert not (tmp_path / "lintseq-out" / "python.skipped.jsonl").exists()
    expected = {p.relative_to(CORPUS).as_posix(): p.read_text(encoding="utf-8") for p in programs}
    assert sorted(row["source_file"] for row in rows) == sorted(expected)
    for row in rows:
        assert row["language"] == "python"
        assert row["sample"] == 0
        assert row["source_code"] == expected[row["source_file"]]
        assert states_of(row["edit_path"])[-1] == expected[row["source_file"]]

    n = len(programs)
    assert re.search(r"language\s+records\s+paths\s+skipped\s+failed", result.stdout), result.stdout
    assert re.search(rf"^\s*python\s+{n}\s+{n}\s+0\s+0\s", result.stdout, re.MULTILINE), result.stdout
    assert f"lintseq-x show {Path('lintseq-out') / 'python.jsonl'} 0" in result.stdout


# ---------------------------------------------------------------------------------------------
# 2. a JSONL input
# ---------------------------------------------------------------------------------------------


def test_run_jsonl_writes_samples_with_carried_fields_and_metadata(standard_output: Path) -> None:
    rows = read_jsonl(standard_output)
    inputs = standard_rows()
    assert len(rows) == 3 * len(inputs)
    assert [(row["index"], row["sample"]) for row in rows] == [(i, s) for i in range(len(inputs)) for s in range(3)]
    for row in rows:
        source = inputs[row["index"]]
        for field, value in source.items():
            assert row[f"source_{field}"] == value, field
        assert row["seed"] == 1
        assert row["language"] == "python"
        assert isinstance(row["edit_path"], list) and row["edit_path"]
        assert all(isinstance(diff, str) for diff in row["edit_path"])
        checker = row["checker"]
        assert isinstance(checker["name"], str) and checker["name"]
        assert isinstance(checker["version"], str) and checker["version"]
        assert isinstance(checker["settings"], dict)
    assert not standard_output.with_name("out.skipped.jsonl").exists()
    assert not standard_output.with_name("out.failed.jsonl").exists()


def test_run_jsonl_rebuilds_programs_and_extracts_fenced_code(standard_output: Path) -> None:
    rows = read_jsonl(standard_output)
    for row in rows:
        final = states_of(row["edit_path"])[-1]
        if row["index"] == 0:
            assert final == GOOD
        else:
            # prose and the fence are gone: the code only, stripped as the reference does
            assert final == FENCED_CODE.strip()
            assert "Sure!" not in "".join(row["edit_path"])
            assert "```" not in "".join(row["edit_path"])


def test_run_jsonl_every_state_is_clean_for_cpython_and_pyflakes(standard_output: Path) -> None:
    for number, row in enumerate(read_jsonl(standard_output)):
        states = states_of(row["edit_path"])
        for step, state in enumerate(states[1:], start=1):
            assert state.strip(), f"record {number}: edit {step} leaves an empty program"
            assert independent_problems(state) == [], f"record {number}, state {step}:\n{state}"
        # every edit adds something
        assert all(len(a) < len(b) for a, b in zip(states, states[1:]))


def test_run_with_other_field_names(tmp_path: Path) -> None:
    write_jsonl(
        tmp_path / "qa.jsonl",
        [
            {"question": "Flat arithmetic, please.", "solution": FLAT, "id": 7},
            {"question": "And a circle.", "solution": GOOD, "id": 8},
        ],
    )
    ok(
        cli(
            tmp_path, "run", "--lang", "python", "qa.jsonl", "--prompt-field", "question", "--code-field", "solution",
            "-s", 2, "-j", 1, "-o", "qa-out.jsonl", "-q",
        )
    )
    rows = read_jsonl(tmp_path / "qa-out.jsonl")
    assert len(rows) == 4
    assert not (tmp_path / "qa-out.skipped.jsonl").exists()
    for row in rows:
        assert row["code_field"] == "solution"
        assert row["prompt_field"] == "question"
        assert row["source_id"] == [7, 8][row["index"]]
        assert row["source_question"] == ["Flat arithmetic, please.", "And a circle."][row["index"]]
        assert states_of(row["edit_path"])[-1] == [FLAT, GOOD][row["index"]]
    ok(cli(tmp_path, "verify", "qa-out.jsonl", "-q"))
    shown = ok(cli(tmp_path, "show", "qa-out.jsonl", 2))
    assert "And a circle." in shown.stdout  # the prompt, taken from the named field


def test_run_records_crlf_newline_style_and_rebuilds_with_lf(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "crlf.jsonl", [{"instruction": "x", "response": FLAT.replace("\n", "\r\n")}])
    ok(cli(tmp_path, "run", "--lang", "python", "crlf.jsonl", "-s", 2, "-j", 1, "-o", "crlf-out.jsonl", "-q"))
    rows = read_jsonl(tmp_path / "crlf-out.jsonl")
    assert len(rows) == 2
    for row in rows:
        assert row["newline"] == "crlf"
        assert row["source_response"] == FLAT.replace("\n", "\r\n")
        assert states_of(row["edit_path"])[-1] == FLAT
    ok(cli(tmp_path, "verify", "crlf-out.jsonl", "-q"))


# ---------------------------------------------------------------------------------------------
# 3. determinism
# ---------------------------------------------------------------------------------------------


def _corpus_rows(count: int) -> list[dict[str, Any]]:
    # the smallest programs, in name order, to keep the test quick
    smallest = sorted(CORPUS.glob("*.py"), key=lambda p: (p.stat().st_size, p.name))[:count]
    programs = sorted(smallest)
    return [{"instruction": f"Write {p.stem}.", "response": p.read_text(encoding="utf-8")} for p in programs]


def test_same_seed_same_bytes_whatever_the_number_of_workers(tmp_path: Path) -> None:
    # Nine programs, so that several chunks are in flight with more than one worker, and one
    # bad line, so that the skipped file is compared too.
    rows: list[Any] = _corpus_rows(9)
    rows.insert(4, '{"instruction": "broken", "response": ')
    write_jsonl(tmp_path / "data.jsonl", rows)
    outputs = {}
    for jobs in (1, 2, 3):
        ok(cli(tmp_path, "run", "--lang", "python", "data.jsonl", "-s", 2, "--seed", 5, "-j", jobs, "-o", f"j{jobs}.jsonl", "-q"))
        outputs[jobs] = (
            (tmp_path / f"j{jobs}.jsonl").read_bytes(),
            (tmp_path / f"j{jobs}.skipped.jsonl").read_bytes(),
        )
    assert len(read_jsonl(tmp_path / "j1.jsonl")) == 9 * 2
    assert outputs[1] == outputs[2] == outputs[3]


def test_a_quiet_run_starts_without_rich(tmp_path: Path) -> None:
    # rich costs ~40 ms of every start; a quiet run shows nothing, so it must not pay for it.
    write_jsonl(tmp_path / "data.jsonl", _corpus_rows(2))
    script = (
        "import sys\n"
        "from lintseq_x.core.cli import main\n"
        "sys.argv = ['lintseq-x', 'run', '--lang', 'python', 'data.jsonl', '-q', '-o', 'out.jsonl']\n"
        "try:\n    main()\nexcept SystemExit as end:\n    assert not end.code, end.code\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'rich'))\n"
    )
    result = ok(subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=600))
    assert result.stdout.strip() == "[]"
    assert len(read_jsonl(tmp_path / "out.jsonl")) == 2


@pytest.mark.parametrize("thread_left_running", [False, True])
def test_the_console_script_skips_teardown_but_not_exit_handlers(tmp_path: Path, thread_left_running: bool) -> None:
    # Tearing the interpreter down costs a fifth of a short run, so the console script ends
    # the process once the command is done: exit handlers run and the output is complete, but
    # module teardown (here, the `__del__` of a global) does not happen. A thread still running
    # must be waited for, so then the interpreter exits the ordinary way.
    write_jsonl(tmp_path / "data.jsonl", _corpus_rows(2))
    script = (
        "import atexit, sys, threading, time\n"
        "class Torn:\n    def __del__(self):\n        print('torn down', file=sys.stderr)\n"
        "torn = Torn()\n"
        "atexit.register(lambda: open('exit-handler-ran', 'w').close())\n"
        f"if {thread_left_running}:\n    threading.Thread(target=time.sleep, args=(1,)).start()\n"
        "from lintseq_x.core.cli import console_script\n"
        "sys.argv = ['lintseq-x', 'run', '--lang', 'python', 'data.jsonl', '-o', 'out.jsonl', '-j', '1']\n"
        "console_script()\n"
    )
    result = ok(subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=600))
    assert "2 records" in result.stderr + result.stdout  # the summary was flushed before the end
    assert len(read_jsonl(tmp_path / "out.jsonl")) == 2
    assert (tmp_path / "exit-handler-ran").exists()
    assert ("torn down" in result.stderr) == thread_left_running

    failing = script.replace("'data.jsonl'", "'missing.jsonl'")
    result = subprocess.run([sys.executable, "-c", failing], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert result.returncode == 2, result.stderr
    assert "missing.jsonl: no such file or directory" in result.stderr


def test_different_seeds_give_different_paths(tmp_path: Path) -> None:
    program = (CORPUS / "game_of_life.py").read_text(encoding="utf-8")
    write_jsonl(tmp_path / "data.jsonl", [{"instruction": "life", "response": program}])
    paths = {}
    for seed in (1, 2):
        ok(cli(tmp_path, "run", "--lang", "python", "data.jsonl", "-s", 3, "--seed", seed, "-j", 1, "-o", f"s{seed}.jsonl", "-q"))
        rows = read_jsonl(tmp_path / f"s{seed}.jsonl")
        assert [row["seed"] for row in rows] == [seed] * 3
        for row in rows:
            assert states_of(row["edit_path"])[-1] == program
        paths[seed] = [tuple(row["edit_path"]) for row in rows]
    assert paths[1] != paths[2]
    assert set(paths[1]) != set(paths[2])


# ---------------------------------------------------------------------------------------------
# 4. nothing is lost
# ---------------------------------------------------------------------------------------------


def _mixed_rows() -> list[Any]:
    return [
        {"instruction": "good", "response": GOOD},  # 0
        '{"instruction": "invalid json", "response": ',  # 1
        {"instruction": "no code field"},  # 2
        {"instruction": "number", "response": 42},  # 3
        {"instruction": "empty", "response": "  \n\t\n"},  # 4
        {"instruction": "syntax error", "response": SYNTAX_ERROR},  # 5
        {"instruction": "undefined name", "response": UNDEFINED_NAME},  # 6
        {"instruction": "fenced", "response": FENCED_RESPONSE},  # 7
    ]


def test_bad_records_are_skipped_with_reasons_and_counts_reconcile(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "mixed.jsonl", _mixed_rows())
    result = ok(cli(tmp_path, "run", "--lang", "python", "mixed.jsonl", "-s", 2, "-j", 2, "-o", "out.jsonl"))
    out = read_jsonl(tmp_path / "out.jsonl")
    skipped = read_jsonl(tmp_path / "out.skipped.jsonl")
    assert not (tmp_path / "out.failed.jsonl").exists()

    input_lines = len((tmp_path / "mixed.jsonl").read_text(encoding="utf-8").splitlines())
    assert len(out) % 2 == 0
    assert len(out) // 2 + len(skipped) == input_lines == 8
    assert sorted({row["index"] for row in out}) == [0, 7]
    by_index = {row["index"]: row for row in skipped}
    assert sorted(by_index) == [1, 2, 3, 4, 5, 6]
    for row in skipped:
        assert isinstance(row["reason"], str) and row["reason"].strip()
    assert "json" in by_index[1]["reason"].lower()
    assert "response" in by_index[2]["reason"]
    assert "response" in by_index[3]["reason"] and "int" in by_index[3]["reason"]
    assert "code" in by_index[4]["reason"].lower()
    assert "parse" in by_index[5]["reason"] or "syntax" in by_index[5]["reason"].lower()
    assert "undefined_thing" in by_index[6]["reason"]
    # the skipped rows carry the input fields, so nothing of the input is lost
    assert by_index[6]["source_response"] == UNDEFINED_NAME
    assert by_index[3]["source_response"] == 42
    assert "skipped" in result.stdout and "out.skipped.jsonl" in result.stdout


def test_tolerate_original_errors_keeps_the_undefined_name_program(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "mixed.jsonl", _mixed_rows())
    ok(cli(tmp_path, "run", "--lang", "python", "mixed.jsonl", "-s", 2, "-j", 1, "-o", "tol.jsonl", "--tolerate-original-errors", "-q"))
    out = read_jsonl(tmp_path / "tol.jsonl")
    skipped = read_jsonl(tmp_path / "tol.skipped.jsonl")
    assert sorted({row["index"] for row in out}) == [0, 6, 7]
    assert sorted(row["index"] for row in skipped) == [1, 2, 3, 4, 5]  # a syntax error is never tolerated
    assert len(out) // 2 + len(skipped) == 8
    kept = [row for row in out if row["index"] == 6]
    assert len(kept) == 2
    for row in kept:
        assert states_of(row["edit_path"])[-1] == UNDEFINED_NAME
        assert "undefined name 'undefined_thing'" in row["tolerated_errors"].split("\n")[0]
    ok(cli(tmp_path, "verify", "tol.jsonl"))


# ---------------------------------------------------------------------------------------------
# 5. source files and directories
# ---------------------------------------------------------------------------------------------


def test_run_single_python_file(tmp_path: Path) -> None:
    (tmp_path / "circle.py").write_text(GOOD, encoding="utf-8")
    ok(cli(tmp_path, "run", "--lang", "python", "circle.py", "-s", 2, "-j", 1, "-q"))
    rows = read_jsonl(tmp_path / "lintseq-out" / "circle.jsonl")
    assert len(rows) == 2
    for row in rows:
        assert row["source_file"] == "circle.py"
        assert row["source_code"] == GOOD
        assert row["code_field"] == "code"
        assert states_of(row["edit_path"])[-1] == GOOD


def test_run_directory_of_python_files(tmp_path: Path) -> None:
    root = tmp_path / "project"
    files = {
        "main.py": GOOD,
        "pkg/flat.py": FLAT,
        "pkg/deeper/adder.py": FENCED_CODE,
        "pkg/deeper/broken.py": SYNTAX_ERROR,
    }
    for relative, code in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(code, encoding="utf-8")
    (root / "README.md").write_text("# not python\n", encoding="utf-8")
    (root / "pkg" / "data.txt").write_text("x = (\n", encoding="utf-8")

    ok(cli(tmp_path, "run", "--lang", "python", "project", "-s", 2, "-j", 2, "-o", "tree.jsonl", "-q"))
    rows = read_jsonl(tmp_path / "tree.jsonl")
    skipped = read_jsonl(tmp_path / "tree.skipped.jsonl")
    assert len(rows) == 3 * 2
    assert {row["source_file"] for row in rows} == {"main.py", "pkg/flat.py", "pkg/deeper/adder.py"}
    assert [row["source_file"] for row in skipped] == ["pkg/deeper/broken.py"]
    assert len(rows) // 2 + len(skipped) == len(files)
    for row in rows:
        assert row["source_code"] == files[row["source_file"]]
        assert states_of(row["edit_path"])[-1] == files[row["source_file"]]
    # one index per program, shared by its samples
    index_of = {row["source_file"]: row["index"] for row in rows}
    assert len(set(index_of.values()) | {skipped[0]["index"]}) == len(files)
    ok(cli(tmp_path, "verify", "tree.jsonl", "-q"))


def test_run_python_file_with_utf8_bom(tmp_path: Path) -> None:
    """A UTF-8 BOM is legal at the start of a Python source file: CPython runs such files."""
    (tmp_path / "bom.py").write_bytes(b"\xef\xbb\xbf" + FLAT.encode())
    assert subprocess.run(["python", "bom.py"], cwd=tmp_path, capture_output=True).returncode == 0
    ok(cli(tmp_path, "run", "--lang", "python", "bom.py", "-s", 1, "-j", 1, "-o", "bom.jsonl", "-q"))
    skipped = tmp_path / "bom.skipped.jsonl"
    assert not skipped.exists(), skipped.read_text(encoding="utf-8")
    rows = read_jsonl(tmp_path / "bom.jsonl")
    assert len(rows) == 1
    assert states_of(rows[0]["edit_path"])[-1].lstrip("\ufeff") == FLAT
    ok(cli(tmp_path, "verify", "bom.jsonl", "-q"))


# ---------------------------------------------------------------------------------------------
# 6. verify
# ---------------------------------------------------------------------------------------------


@pytest.fixture()
def flat_output(tmp_path: Path) -> Path:
    """Output for two programs, two samples each; record 1 is (index 0, sample 1)."""
    write_jsonl(
        tmp_path / "flat.jsonl",
        [{"instruction": "flat", "response": FLAT}, {"instruction": "circle", "response": GOOD}],
    )
    ok(cli(tmp_path, "run", "--lang", "python", "flat.jsonl", "-s", 2, "-j", 1, "-o", "out.jsonl", "-q"))
    return tmp_path / "out.jsonl"


def _tampered(output: Path, number: int, change: Any) -> Path:
    rows = read_jsonl(output)
    change(rows[number])
    target = output.with_name("tampered.jsonl")
    write_jsonl(target, rows)
    return target


def test_verify_passes_on_good_output(standard_output: Path, flat_output: Path) -> None:
    for output in (standard_output, flat_output):
        result = ok(cli(output.parent, "verify", output.name))
        assert "violation" not in result.stderr
        assert "all invariants hold" in result.stdout


def test_verify_reports_an_undefined_name_in_a_state(flat_output: Path) -> None:
    rows = read_jsonl(flat_output)
    record = rows[1]
    assert (record["index"], record["sample"]) == (0, 1)
    edits = record["edit_path"]
    k = len(edits) // 2 + 1  # 1-based edit number to tamper with
    diff = edits[k - 1].split("\n")
    first_plus = next(i for i, row in enumerate(diff) if row.startswith("+"))
    diff[first_plus] = "+print(undefined_zzz)"
    tampered_diff = "\n".join(diff)
    # the tampered state is syntactically fine and has exactly the new error
    state = "".join(apply_insertions(list(states_of(edits[: k - 1])[-1].splitlines(keepends=True)), tampered_diff))
    assert any("undefined_zzz" in problem for problem in independent_problems(state))

    target = _tampered(flat_output, 1, lambda row: row["edit_path"].__setitem__(k - 1, tampered_diff))
    result = cli(target.parent, "verify", target.name)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "record 1 " in result.stderr
    assert f"state {k}" in result.stderr
    assert f"edit {k}/{len(edits)}" in result.stderr
    assert "undefined_zzz" in result.stderr
    assert "record 0 " not in result.stderr and "record 2 " not in result.stderr


def test_verify_reports_a_diff_that_deletes(flat_output: Path) -> None:
    rows = read_jsonl(flat_output)
    edits = rows[1]["edit_path"]
    assert len(edits) >= 2
    k = 2
    first_line = states_of(edits[: k - 1])[-1].split("\n")[0]
    deleting = f"@@ -1,1 +0,0 @@\n-{first_line}"  # a well-formed diff that deletes line 1
    target = _tampered(flat_output, 1, lambda row: row["edit_path"].__setitem__(k - 1, deleting))
    result = cli(target.parent, "verify", target.name)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "record 1 " in result.stderr
    assert f"edit {k}/{len(edits)}" in result.stderr
    assert "delete" in result.stderr


def test_verify_reports_a_plus_line_turned_into_a_minus_line(flat_output: Path) -> None:
    rows = read_jsonl(flat_output)
    edits = rows[1]["edit_path"]
    k = len(edits)
    flipped = edits[k - 1].replace("\n+", "\n-", 1)
    assert flipped != edits[k - 1]
    target = _tampered(flat_output, 1, lambda row: row["edit_path"].__setitem__(k - 1, flipped))
    result = cli(target.parent, "verify", target.name)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "record 1 " in result.stderr
    assert f"edit {k}/{len(edits)}" in result.stderr


def test_verify_reports_a_dropped_diff(flat_output: Path) -> None:
    rows = read_jsonl(flat_output)
    number = 3  # index 1 (GOOD), sample 1
    assert (rows[number]["index"], rows[number]["sample"]) == (1, 1)
    target = _tampered(flat_output, number, lambda row: row["edit_path"].pop())
    result = cli(target.parent, "verify", target.name)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert f"record {number} " in result.stderr
    assert "rebuild" in result.stderr
    assert "record 0 " not in result.stderr and "record 1 " not in result.stderr


# ---------------------------------------------------------------------------------------------
# 7. show
# ---------------------------------------------------------------------------------------------


def test_show_prints_the_edits_and_the_final_program(standard_output: Path) -> None:
    rows = read_jsonl(standard_output)
    record = rows[1]
    result = ok(cli(standard_output.parent, "show", standard_output.name, 1))
    out = result.stdout
    edits = record["edit_path"]
    for number in range(1, len(edits) + 1):
        assert f"edit {number}/{len(edits)}" in out
    assert "final program" in out
    assert out.index(f"edit {len(edits)}/{len(edits)}") < out.index("final program")
    final_part = out[out.index("final program") :]
    for line in GOOD.splitlines():
        if line.strip():
            assert line.strip() in final_part, line
    assert "Write the area of circles." in out  # the prompt


def test_show_out_of_range_record_is_a_one_line_error(standard_output: Path) -> None:
    count = len(read_jsonl(standard_output))
    result = cli(standard_output.parent, "show", standard_output.name, count)
    assert_one_line_error(result, str(count))


# ---------------------------------------------------------------------------------------------
# 8. languages
# ---------------------------------------------------------------------------------------------


def test_languages_lists_python(tmp_path: Path) -> None:
    result = ok(cli(tmp_path, "languages"))
    line = next(row for row in result.stdout.splitlines() if "python" in row and ".py" in row)
    assert "lintseq-x" in line


def test_languages_json(tmp_path: Path) -> None:
    result = ok(cli(tmp_path, "languages", "--json"))
    data = json.loads(result.stdout)
    entries = {entry["name"]: entry for entry in data["languages"]}
    python = entries["python"]
    assert ".py" in python["extensions"]
    assert python["distribution"] == "lintseq-x"
    assert isinstance(python["checker"], str) and python["checker"]
    assert data["problems"] == []


# ---------------------------------------------------------------------------------------------
# 9. stats
# ---------------------------------------------------------------------------------------------


def _describe(values: list[float]) -> dict[str, float]:
    return {"mean": statistics.fmean(values), "median": statistics.median(values), "min": min(values), "max": max(values)}


def test_stats_json_matches_an_independent_count(standard_output: Path) -> None:
    rows = read_jsonl(standard_output)
    result = ok(cli(standard_output.parent, "stats", standard_output.name, "--json"))
    data = json.loads(result.stdout)
    assert set(data) == {"python", "all"}

    edits = [len(row["edit_path"]) for row in rows]
    lines = [inserted_line_count(diff) for row in rows for diff in row["edit_path"]]
    distinct: dict[Any, set[tuple[str, ...]]] = defaultdict(set)
    for row in rows:
        distinct[(row["source_file"], row["index"])].add(tuple(row["edit_path"]))
    per_program = [len(found) for found in distinct.values()]
    # every program's lines are inserted exactly once per path
    assert sum(lines) == 3 * (GOOD.count("\n") + FENCED_CODE.strip().count("\n") + 1)

    for group in ("python", "all"):
        stats = data[group]
        assert stats["records"] == len(rows) == 6
        assert stats["programs"] == 2
        for key, values in (
            ("edits_per_path", edits),
            ("lines_per_edit", lines),
            ("distinct_paths_per_program", per_program),
        ):
            expected = _describe([float(v) for v in values])
            for measure, value in expected.items():
                assert stats[key][measure] == pytest.approx(value, abs=1e-3), (group, key, measure)
        assert stats["distinct_path_share"] == pytest.approx(sum(per_program) / len(rows), abs=1e-4)


def test_stats_plot_writes_a_png(standard_output: Path) -> None:
    target = standard_output.parent / "plots" / "stats.png"
    ok(cli(standard_output.parent, "stats", standard_output.name, "--plot", "plots/stats.png"))
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert target.stat().st_size > 1000


# ---------------------------------------------------------------------------------------------
# 10. user errors
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["run", "--lang", "python", "missing.jsonl"], ["missing.jsonl"]),
        (["run", "missing_folder", "--lang", "python"], ["missing_folder"]),
        (["run", "--lang", "cobol-nonexistent"], ["cobol-nonexistent"]),
        (["verify", "missing.jsonl"], ["missing.jsonl"]),
        (["show", "missing.jsonl", "0"], ["missing.jsonl"]),
        (["stats", "missing.jsonl", "--json"], ["missing.jsonl"]),
    ],
    ids=["run-missing-file", "run-missing-folder", "run-unknown-language", "verify-missing", "show-missing", "stats-missing"],
)
def test_user_errors_are_one_line_without_traceback(tmp_path: Path, args: list[str], mentions: list[str]) -> None:
    assert_one_line_error(cli(tmp_path, *args), *mentions)
    assert not (tmp_path / "lintseq-out").exists()


def test_unknown_language_with_existing_input_is_one_line(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "data.jsonl", [{"instruction": "x", "response": FLAT}])
    assert_one_line_error(cli(tmp_path, "run", "data.jsonl", "--lang", "klingon"), "klingon")
    assert not (tmp_path / "lintseq-out").exists()


def test_output_path_that_is_a_directory_fails_cleanly(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "data.jsonl", [{"instruction": "x", "response": FLAT}])
    (tmp_path / "taken").mkdir()
    before = sorted(p.name for p in tmp_path.iterdir())
    result = cli(tmp_path, "run", "--lang", "python", "data.jsonl", "-j", 1, "-o", "taken")
    assert_one_line_error(result)
    # a failed run leaves nothing behind: no half-renamed output, no empty side files
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_verify_warns_once_when_records_come_from_another_checker_version(flat_output: Path) -> None:
    rows = read_jsonl(flat_output)
    for row in rows:
        row["checker"]["version"] = "pyflakes 0.1; CPython 3.0"
    target = write_jsonl(flat_output.with_name("older.jsonl"), rows)
    result = ok(cli(target.parent, "verify", target.name))
    assert result.stderr.count("warning:") == 1
    assert "pyflakes 0.1; CPython 3.0" in result.stderr


def test_run_auto_over_a_repository_reads_what_git_would_keep(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    for name, text in {
        ".gitignore": "generated_out/\n",
        "pkg/core.py": FLAT,
        "pkg/circle.py": GOOD,
        "generated_out/copy.py": FLAT,
        "node_modules/dep/index.py": FLAT,
        "README.md": "# not code",
    }.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    result = ok(cli(tmp_path, "run", "repo", "--lang", "auto", "-s", 1, "-j", 1, "-o", "out.jsonl"))
    rows = read_jsonl(tmp_path / "out.jsonl")
    assert sorted((row["source_file"], row["language"]) for row in rows) == [
        ("pkg/circle.py", "python"),
        ("pkg/core.py", "python"),
    ]
    assert "not read: 1 gitignored, 1 vendored folder" in result.stdout


def test_run_with_a_language_field(tmp_path: Path) -> None:
    write_jsonl(
        tmp_path / "mixed.jsonl",
        [{"lang": "python", "response": FLAT}, {"lang": "py", "response": GOOD}, {"lang": "cobol", "response": FLAT}],
    )
    ok(cli(tmp_path, "run", "mixed.jsonl", "--lang", "auto", "--lang-field", "lang", "-j", 1, "-o", "out.jsonl", "-q"))
    assert [row["language"] for row in read_jsonl(tmp_path / "out.jsonl")] == ["python", "python"]
    (skipped,) = read_jsonl(tmp_path / "out.skipped.jsonl")
    assert skipped["index"] == 2 and "'cobol' is not among the selected languages" in skipped["reason"]
    result = cli(tmp_path, "run", "mixed.jsonl", "--lang", "python,cobol", "-o", "x.jsonl")
    assert result.returncode == 2 and "unknown language 'cobol'" in result.stderr


def test_verify_strict_runs_the_real_tool_on_every_state(flat_output: Path) -> None:
    result = ok(cli(flat_output.parent, "verify", flat_output.name, "--strict"))
    assert "python -m py_compile: 4 records used" in result.stdout

    def break_a_state(row: dict[str, Any]) -> None:
        # The first edit inserts into an empty file, so it is a single hunk: grow it by a line.
        first = re.sub(r"^@@ -0,0 \+1,(\d+) @@", lambda m: f"@@ -0,0 +1,{int(m[1]) + 1} @@", row["edit_path"][0])
        row["edit_path"][0] = first + "\n+return 1"

    target = _tampered(flat_output, 0, break_a_state)
    result = cli(target.parent, "verify", target.name, "--strict")
    assert result.returncode == 1
    assert "py_compile" in result.stderr and "'return' outside function" in result.stderr
