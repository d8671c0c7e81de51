"""`lintseq-x train` reads every form `lintseq-x run` writes: the same examples from JSONL,
compressed and sharded JSONL, and Parquet; a bad row is one message naming where it is."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from helpers import CIRCLES, cli, ok
from lintseq_x.trainers.data import DataError, read_examples


def _without_location(examples):
    return [dataclasses.replace(example, location="") for example in examples]


def test_every_output_form_gives_the_same_examples(tmp_path: Path) -> None:
    (tmp_path / "circles.py").write_text(CIRCLES, encoding="utf-8")
    run = ["run", "circles.py", "--lang", "python", "-s", "4", "-q"]
    ok(cli(tmp_path, *run, "-o", "out.jsonl"))
    ok(cli(tmp_path, *run, "-o", "out.parquet"))
    ok(cli(tmp_path, *run, "-o", "sharded.jsonl.gz", "--shard-size", "3"))
    plain = read_examples([tmp_path / "out.jsonl"])
    assert len(plain) == 4 and all(example.edits for example in plain)
    assert plain[0].location == f"{tmp_path / 'out.jsonl'}:1"
    assert _without_location(read_examples([tmp_path / "out.parquet"])) == _without_location(plain)
    manifest = next(tmp_path.glob("sharded*.shards.json"))
    assert _without_location(read_examples([manifest])) == _without_location(plain)


def test_a_bad_row_or_a_missing_file_is_one_message_naming_it(tmp_path: Path) -> None:
    (tmp_path / "circles.py").write_text(CIRCLES, encoding="utf-8")
    ok(cli(tmp_path, "run", "circles.py", "--lang", "python", "-q", "-o", "good.jsonl"))
    good = (tmp_path / "good.jsonl").read_text(encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text(good + "not json\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"bad\.jsonl:2: invalid JSON"):
        read_examples([tmp_path / "bad.jsonl"])
    with pytest.raises(DataError, match=r"missing\.jsonl: cannot read: no such file"):
        read_examples([tmp_path / "missing.jsonl"])
