"""`lintseq-x eval` end to end on problem files: MultiPL-E files of several languages in one
mixed report, EvalPlus files with base and plus tests apart, a summary that records what
decides the number, and `eval-plot` drawing runs side by side per language."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lintseq_x.core.cli import app
from lintseq_x.trainers.toolchains import missing_toolchain
from test_multipl_e import CORRECT

runner = CliRunner()
DATA = Path(__file__).parent / "data"
LANGUAGES = {"python": "py", "javascript": "js", "c": "c"}  # fast to compile and run


def _eval(*args: str) -> str:
    result = runner.invoke(app, ["eval", *args], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def problem_files() -> list[Path]:
    missing = [reason for reason in map(missing_toolchain, LANGUAGES) if reason]
    if missing:
        pytest.skip("; ".join(missing))
    return [DATA / "multipl_e" / f"humaneval-{code}.jsonl" for code in LANGUAGES.values()]


def _completions(tmp_path: Path, wrong: str) -> Path:
    """Every problem's correct completion, except the `wrong` language's `add`: one that does
    not compile (C) or fails its tests."""
    rows = []
    for language, solutions in CORRECT.items():
        if language not in LANGUAGES:
            continue
        for name, completion in solutions.items():
            if language == wrong and name == "HumanEval_53_add":
                completion = "    return x - ;\n}\n" if language == "c" else completion.replace("+", "-", 1)
            rows.append({"task_id": name, "language": language, "completion": completion})
    return _write(tmp_path / f"completions-{wrong}.jsonl", rows)


def test_a_mixed_language_report_scores_every_language_in_its_toolchain(problem_files, tmp_path):
    completions = _completions(tmp_path, wrong="c")
    arguments = ["--benchmark", "multipl-e", "-k", "1", "-o", str(tmp_path / "mixed")]
    for path in problem_files:
        arguments += ["--problems", str(path)]
    output = _eval("--completions", str(completions), *arguments)
    summary = json.loads((tmp_path / "mixed" / "summary.json").read_text())
    assert set(summary["languages"]) == set(LANGUAGES)
    assert summary["languages"]["python"]["pass@1"] == 1.0 and summary["languages"]["javascript"]["pass@1"] == 1.0
    # the C add completion does not compile; C's other problem passes
    assert summary["languages"]["c"]["pass@1"] == 0.5
    assert summary["compile_errors"] == 1 and summary["languages"]["c"]["statuses"] == {"compile_error": 1, "passed": 1}
    assert summary["problems"] == 6 and summary["samples"] == 6
    # what decides the number is recorded
    files = {entry["path"]: entry["sha256"] for entry in summary["problem_files"]}
    assert files == {str(path): hashlib.sha256(path.read_bytes()).hexdigest() for path in problem_files}
    assert summary["resolution"] == "reference" and summary["stop_tokens"]["c"] == ["\n}"]
    assert summary["sandbox"]
    assert "c: 2 problems" in output and "1 compile errors" in output
    rows = [json.loads(line) for line in (tmp_path / "mixed" / "samples.jsonl").read_text().splitlines()]
    assert {row["language"] for row in rows} == set(LANGUAGES)
    assert next(row for row in rows if row["status"] == "compile_error")["phase"] == "compile"


def test_eval_plot_draws_languages_side_by_side(problem_files, tmp_path):
    runs = []
    for wrong in ("c", "python"):
        arguments = ["--completions", str(_completions(tmp_path, wrong)), "--benchmark", "multipl-e", "-k", "1", "-o", str(tmp_path / wrong)]
        for path in problem_files:
            arguments += ["--problems", str(path)]
        _eval(*arguments)
        runs.append(str(tmp_path / wrong))
    plot = tmp_path / "languages.png"
    result = runner.invoke(app, ["eval-plot", *runs, "-o", str(plot)])
    assert result.exit_code == 0, result.output
    assert plot.stat().st_size > 1000 and plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    python = [json.loads((Path(run) / "summary.json").read_text())["languages"]["python"]["pass@1"] for run in runs]
    assert python == [1.0, 0.5]


def test_evalplus_reports_base_and_plus_tests_apart(tmp_path):
    problems = DATA / "evalplus" / "HumanEvalPlus-mini.jsonl"
    canonical = {json.loads(line)["task_id"]: json.loads(line)["canonical_solution"] for line in problems.read_text().splitlines()}
    rows = [{"task_id": task_id, "completion": body} for task_id, body in canonical.items()]
    # 1 is not prime: the base inputs do not ask, the plus inputs do
    rows.append({"task_id": "HumanEval/31", "completion": "    return all(n % k for k in range(2, n))\n"})
    completions = _write(tmp_path / "plus.jsonl", rows)
    output = _eval("--completions", str(completions), "--benchmark", "humaneval+", "--problems", str(problems), "-k", "1", "-o", str(tmp_path / "plus"))
    summary = json.loads((tmp_path / "plus" / "summary.json").read_text())
    assert summary["passed"] == 4  # every sample passes the base tests
    assert summary["suites"]["plus"]["passed"] == 3  # the naive is_prime fails the plus tests
    assert summary["pass@1"] == 1.0 and summary["suites"]["plus"]["pass@1"] == pytest.approx((1 + 0.5 + 1) / 3)
    assert "plus tests: pass@1 0.8333" in output


def test_problem_files_are_needed_and_never_downloaded(tmp_path):
    completions = _write(tmp_path / "c.jsonl", [{"task_id": "x", "completion": ""}])
    result = runner.invoke(app, ["eval", "--completions", str(completions), "--benchmark", "multipl-e"])
    assert result.exit_code == 2
    assert "needs --problems FILE (lintseq-x never downloads benchmark data)" in result.output
    result = runner.invoke(app, ["eval", "--completions", str(completions), "--benchmark", "mbpp"])
    assert result.exit_code == 2 and "unknown benchmark 'mbpp'" in result.output
