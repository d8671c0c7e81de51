"""Input formats: compressed JSON Lines, Parquet and datasets saved with `save_to_disk`.

Every format must give the same records as plain JSON Lines (same indices, same fields, same
edit paths for the same seed), say where each record came from, and be read as a stream.
"""

from __future__ import annotations

import bz2
import datetime
import gzip
import json
import lzma
import sys
from pathlib import Path
from typing import Any

import datasets
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from helpers import cli, ok, read_jsonl
from invariants import states_of
from lintseq_x.core.input.formats import FormatUnavailable, count_rows, format_of, read_rows
from lintseq_x.core.input.records import InputSpec, count_inputs, read_inputs
from lintseq_x.plugins.python import PYTHON

PROGRAMS = [
    "def area(r):\n    return 3.14 * r * r\n\n\nprint(area(2))\n",
    "total = 0\nfor i in range(10):\n    total += i\nprint(total)\n",
    "import math\n\n\ndef hyp(a, b):\n    return math.sqrt(a * a + b * b)\n",
]
ROWS = [{"task_id": f"t/{i}", "instruction": f"Task {i}.", "response": code} for i, code in enumerate(PROGRAMS)]


def jsonl_bytes(rows: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(row) + "\n" for row in rows).encode("utf-8")


COMPRESSORS = {
    "data.jsonl.gz": gzip.compress,
    "data.jsonl.bz2": bz2.compress,
    "data.jsonl.xz": lzma.compress,
    "data.jsonl.zst": lambda data: zstandard.ZstdCompressor().compress(data),
}


def comparable(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Output rows without the fields that name the input file."""
    return [{key: value for key, value in row.items() if key != "source_file"} for row in rows]


@pytest.fixture(scope="module")
def plain_output(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("plain")
    (folder / "data.jsonl").write_bytes(jsonl_bytes(ROWS))
    ok(cli(folder, "run", "data.jsonl", "--lang", "python", "-s", 2, "-j", 1, "-o", "out.jsonl", "-q"))
    rows = read_jsonl(folder / "out.jsonl")
    assert [row["index"] for row in rows] == [0, 0, 1, 1, 2, 2]
    return rows


@pytest.mark.parametrize("name", sorted(COMPRESSORS))
def test_compressed_jsonl_gives_the_same_records(tmp_path: Path, name: str, plain_output: list[dict[str, Any]]) -> None:
    (tmp_path / name).write_bytes(COMPRESSORS[name](jsonl_bytes(ROWS)))
    assert format_of(tmp_path / name) == "jsonl"
    ok(cli(tmp_path, "run", name, "--lang", "python", "-s", 2, "-j", 1, "-o", "out.jsonl", "-q"))
    rows = read_jsonl(tmp_path / "out.jsonl")
    assert comparable(rows) == comparable(plain_output)
    assert {row["source_file"] for row in rows} == {name}


def test_parquet_gives_the_same_records_and_names_rows(tmp_path: Path, plain_output: list[dict[str, Any]]) -> None:
    pq.write_table(pa.Table.from_pylist(ROWS), tmp_path / "data.parquet", row_group_size=2)
    ok(cli(tmp_path, "run", "data.parquet", "--lang", "python", "-s", 2, "-j", 2, "-o", "out.jsonl", "-q"))
    assert comparable(read_jsonl(tmp_path / "out.jsonl")) == comparable(plain_output)

    # A row that cannot be used is skipped and named by its row number (from 0, as pandas counts).
    rows = [*ROWS, {"task_id": "t/3", "instruction": "No code.", "response": None}]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "more.parquet", row_group_size=2)
    ok(cli(tmp_path, "run", "more.parquet", "--lang", "python", "-j", 1, "-o", "more.jsonl", "-q"))
    (skipped,) = read_jsonl(tmp_path / "more.skipped.jsonl")
    assert skipped["index"] == 3 and skipped["location"] == "more.parquet:row 3"
    assert skipped["reason"] == "field 'response' is null"
    assert skipped["source_task_id"] == "t/3"


@pytest.mark.parametrize("shards", [1, 3])
def test_a_saved_dataset_gives_the_same_records(tmp_path: Path, shards: int, plain_output: list[dict[str, Any]]) -> None:
    datasets.Dataset.from_list(ROWS).save_to_disk(str(tmp_path / "saved"), num_shards=shards)
    assert format_of(tmp_path / "saved") == "saved-dataset"
    ok(cli(tmp_path, "run", "saved", "--lang", "python", "-s", 2, "-j", 1, "-o", "out.jsonl", "-q"))
    assert comparable(read_jsonl(tmp_path / "out.jsonl")) == comparable(plain_output)
    assert [row.location for row in read_rows(tmp_path / "saved")] == [f"{tmp_path / 'saved'}:row {n}" for n in range(3)]


def test_a_saved_dataset_dict_reads_every_split_in_order(tmp_path: Path) -> None:
    splits = datasets.DatasetDict(
        train=datasets.Dataset.from_list(ROWS[:2]), test=datasets.Dataset.from_list([{**ROWS[2], "response": 7}])
    )
    splits.save_to_disk(str(tmp_path / "dd"))
    ok(cli(tmp_path, "run", "dd", "--lang", "python", "-j", 1, "-o", "out.jsonl", "-q"))
    out = read_jsonl(tmp_path / "out.jsonl")
    assert [(row["index"], row["source_task_id"]) for row in out] == [(0, "t/0"), (1, "t/1")]
    (skipped,) = read_jsonl(tmp_path / "out.skipped.jsonl")
    # the location is the split's folder, which `datasets.load_from_disk` opens as it stands
    assert skipped["index"] == 2 and skipped["location"] == "dd/test:row 0"
    assert skipped["reason"] == "field 'response' is a number (int), not a string"
    assert datasets.load_from_disk(str(tmp_path / "dd" / "test"))[0]["task_id"] == "t/2"


def test_the_progress_count_matches_the_records_in_every_format(tmp_path: Path) -> None:
    rows = [{"instruction": f"i{n}", "response": f"x = {n}\n"} for n in range(700)]
    (tmp_path / "d.jsonl.gz").write_bytes(gzip.compress(jsonl_bytes(rows) + b"\n\n"))  # blank lines are not records
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "d.parquet", row_group_size=300)
    datasets.Dataset.from_list(rows).save_to_disk(str(tmp_path / "saved"), num_shards=2)
    for name in ("d.jsonl.gz", "d.parquet", "saved"):
        spec = InputSpec(tmp_path / name, [PYTHON])
        records = list(read_inputs(spec))
        assert count_inputs(spec) == count_rows(tmp_path / name) == len(records) == 700
        assert [record.index for record in records] == list(range(700))
        assert [record.fields for record in records] == rows


def test_parquet_is_read_one_batch_at_a_time(tmp_path: Path) -> None:
    """Reading a 20 MB Parquet file of one row group never holds more than a few MB of it."""
    row_text = "y" * 1000
    table = pa.Table.from_pylist([{"instruction": f"{n}{row_text}", "response": f"x = {n}\n"} for n in range(20_000)])
    pq.write_table(table, tmp_path / "big.parquet", row_group_size=20_000)
    del table
    before = pa.total_allocated_bytes()
    peak = rows = 0
    for row in read_rows(tmp_path / "big.parquet"):
        rows += 1
        if rows % 100 == 1:
            peak = max(peak, pa.total_allocated_bytes() - before)
    assert rows == 20_000
    assert peak < 10_000_000, f"{peak} bytes held while reading"


def test_a_saved_dataset_is_read_one_batch_at_a_time(tmp_path: Path) -> None:
    row_text = "y" * 1000
    rows = [{"instruction": f"{n}{row_text}", "response": f"x = {n}\n"} for n in range(20_000)]
    datasets.Dataset.from_list(rows).save_to_disk(str(tmp_path / "saved"), num_shards=1)
    before = pa.total_allocated_bytes()
    stream = read_rows(tmp_path / "saved")
    next(stream)
    held = pa.total_allocated_bytes() - before
    assert held < 4_000_000, f"{held} bytes held after one row"
    assert sum(1 for _ in stream) == 19_999


def test_table_values_that_are_not_json_are_carried_as_text(tmp_path: Path) -> None:
    table = pa.table(
        {
            "response": pa.array([PROGRAMS[0].encode(), b"\xff\xfe code", PROGRAMS[1].encode()], pa.binary()),
            "created": pa.array([datetime.datetime(2024, 5, 1, 12, 30)] * 3, pa.timestamp("s")),
            "blob": pa.array([b"\x00\xff", b"ok", b"ok"], pa.binary()),
        }
    )
    pq.write_table(table, tmp_path / "typed.parquet")
    ok(cli(tmp_path, "run", "typed.parquet", "--lang", "python", "-j", 1, "-o", "out.jsonl", "-q"))
    out = read_jsonl(tmp_path / "out.jsonl")
    assert [row["index"] for row in out] == [0, 2]
    assert out[0]["source_created"] == "2024-05-01T12:30:00"
    assert out[0]["source_blob"] == "base64:AP8="  # bytes that are not text, said so
    assert out[1]["source_blob"] == "ok"
    assert states_of(out[0]["edit_path"])[-1] == PROGRAMS[0]
    (skipped,) = read_jsonl(tmp_path / "out.skipped.jsonl")
    assert skipped["reason"] == "field 'response' holds bytes that are not UTF-8 text (carried as base64)"
    assert skipped["location"] == "typed.parquet:row 1"


def test_parquet_with_a_language_column(tmp_path: Path) -> None:
    rows = [
        {"lang": "python", "response": PROGRAMS[0]},
        {"lang": "javascript", "response": "const a = 1;\nconsole.log(a);\n"},
        {"lang": "cobol", "response": "x"},
        {"lang": None, "response": "x = 1\n"},
    ]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "mixed.parquet")
    args = ("run", "mixed.parquet", "--lang", "python,javascript", "--lang-field", "lang", "-j", 1, "-o", "out.jsonl", "-q")
    ok(cli(tmp_path, *args))
    assert [(row["index"], row["language"]) for row in read_jsonl(tmp_path / "out.jsonl")] == [(0, "python"), (1, "javascript")]
    cobol, null = read_jsonl(tmp_path / "out.skipped.jsonl")
    assert cobol["index"] == 2 and cobol["reason"] == "language 'cobol' is not among the selected languages (python, javascript)"
    assert null["index"] == 3 and null["reason"] == "field 'lang' is null"


def one_line_error(result: Any, *mentions: str) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    message = result.stderr.strip()
    assert "Traceback" not in result.stdout + message and len(message.splitlines()) == 1, message
    for mention in mentions:
        assert mention in message, message
    return message


@pytest.mark.parametrize(
    ("name", "content", "mention"),
    [
        ("cut.jsonl.gz", gzip.compress(jsonl_bytes(ROWS * 50))[:-200], "truncated"),
        ("cut.jsonl.zst", zstandard.ZstdCompressor().compress(jsonl_bytes(ROWS * 50))[:-50], "truncated"),
        ("bad.jsonl.zst", b"this is not zstd", "corrupt"),
        ("bad.jsonl.xz", b"not xz at all", "corrupt"),
        ("fake.parquet", b"this is not parquet", "cannot read"),
    ],
    ids=["truncated-gzip", "truncated-zstd", "corrupt-zstd", "corrupt-xz", "not-parquet"],
)
def test_an_unreadable_file_is_one_line_naming_it_and_leaves_no_output(tmp_path: Path, name: str, content: bytes, mention: str) -> None:
    (tmp_path / name).write_bytes(content)
    one_line_error(cli(tmp_path, "run", name, "--lang", "python", "-j", 1, "-o", "out.jsonl"), name, mention)
    assert sorted(path.name for path in tmp_path.iterdir()) == [name]


def test_a_saved_dataset_with_a_missing_shard_is_one_line(tmp_path: Path) -> None:
    datasets.Dataset.from_list(ROWS).save_to_disk(str(tmp_path / "saved"), num_shards=2)
    (tmp_path / "saved" / "data-00001-of-00002.arrow").unlink()
    one_line_error(cli(tmp_path, "run", "saved", "--lang", "python", "-o", "out.jsonl"), "data-00001-of-00002.arrow", "missing")


def test_a_missing_optional_package_is_named_with_its_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "d.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(jsonl_bytes(ROWS)))
    monkeypatch.setitem(sys.modules, "zstandard", None)  # import zstandard now raises ImportError
    with pytest.raises(FormatUnavailable, match=r"d\.jsonl\.zst: .*pip install 'lintseq-x\[zstd\]'"):
        list(read_rows(tmp_path / "d.jsonl.zst"))
    pq.write_table(pa.Table.from_pylist(ROWS), tmp_path / "d.parquet")
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(FormatUnavailable, match=r"pip install 'lintseq-x\[parquet\]'"):
        list(read_rows(tmp_path / "d.parquet"))

