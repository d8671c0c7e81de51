"""Edit paths inside a Hugging Face `datasets` pipeline, without the CLI.

    dataset.map(add_edit_paths, batched=True, with_indices=True,
                remove_columns=dataset.column_names, fn_kwargs={"language": "python", "samples": 5})

Each input row becomes the rows `lintseq-x run` would write for it: one per sample, or one
skipped or failed row with its reason (`outcome`, `reason`), so nothing is dropped silently and
the counts reconcile. The row index (`with_indices=True`) seeds each row's random stream exactly
as the CLI's record index does, so the edit paths do not depend on batch size or `num_proc`, and
a dataset written as JSON Lines and given to `lintseq-x run` gets the same ones.

The function returns a `pyarrow.Table` whose lintseq-x columns have fixed types, so a batch that
holds only skipped rows (empty edit paths, no sample number) types its columns like any other.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .plugin_system.checker_selection import choose_checker
from .pipeline import RunOptions, process_record
from .input.records import carried_name
from .plugin_system.registry import registry
from .input.records import InputRecord
from .algorithm.sampler import SamplerSettings

if TYPE_CHECKING:
    import pyarrow

# Columns of an output record other than the carried `source_<field>` ones, in the order the CLI
# writes them; dict-valued fields are stored as JSON text (their keys differ between checkers).
_HEAD = ("edit_path", "index", "source_file")
_TAIL = (
    "sample",
    "seed",
    "language",
    "code_field",
    "prompt_field",
    "code_extraction",
    "newline",
    "byte_order_mark",
    "encoding",
    "checker",
    "parser",
    "sampler",
    "tolerated_errors",
    "lintseq_x_version",
    "outcome",
    "reason",
)
_JSON_TEXT = frozenset({"checker", "parser", "sampler"})

_checker_choices: dict[tuple[str, str | None], tuple[tuple[str, str], ...]] = {}


def add_edit_paths(
    batch: dict[str, list[Any]],
    indices: Sequence[int] | None = None,
    *,
    language: str = "python",
    code_column: str = "response",
    prompt_column: str | None = "instruction",
    samples: int = 1,
    seed: int = 1,
    extract: bool = True,
    tolerate_original_errors: bool = False,
    weighting: str = "indent",
    max_rounds: int = 512,
    distinct_paths: bool = True,
    checker: str | None = None,
    source_name: str | None = None,
) -> pyarrow.Table:
    """Edit paths for a batch of rows, for `datasets.Dataset.map(..., batched=True, with_indices=True)`.

    batch: column name -> values (what `map` passes); indices: each row's index in the dataset.
    language, samples, seed, extract, tolerate_original_errors, weighting, max_rounds,
    distinct_paths, checker: as `lintseq-x run`'s options (distinct_paths=False:
    --independent-paths). source_name: what to write in `source_file` (e.g. the
    dataset's name).

    Returns the output records as a table: for each input row, `samples` rows with an
    `edit_path` and `outcome` "ok", or one row with outcome "skipped" or "failed", an empty
    `edit_path` and the `reason`. Every input column is carried as `source_<column>`. The row
    count changes, so pass `remove_columns=dataset.column_names` to `map`.
    """
    import pyarrow

    if indices is None:
        raise ValueError(
            "add_edit_paths seeds each row from its index: call dataset.map(add_edit_paths, batched=True, "
            "with_indices=True, ...)"
        )
    if code_column not in batch:
        raise ValueError(f"no column {code_column!r} in the dataset (columns: {', '.join(batch) or 'none'}); set code_column=")
    options = RunOptions(
        samples,
        seed,
        SamplerSettings(weighting, max_rounds, distinct_paths),
        tolerate_original_errors,
        _checkers_for(language, checker),
    )
    name = registry().get(language).name
    columns = list(batch)
    rows: list[dict[str, Any]] = []
    for position, index in enumerate(indices):
        fields = {column: batch[column][position] for column in columns}
        problem = _code_problem(code_column, fields[code_column])
        record = InputRecord(
            index=int(index),
            source_file=source_name or "",
            language=name,
            fields=fields,
            code_field=code_column,
            prompt_field=prompt_column if prompt_column in batch else None,
            extract=extract,
            location=f"row {index}",
            problem=problem,
        )
        result = process_record(record, options)
        for text in result.rows or [result.skipped or result.failed or ""]:
            row = json.loads(text)
            row.setdefault("outcome", "ok")
            rows.append(row)
    return _table(pyarrow, rows, [carried_name(column) for column in columns])


def _code_problem(code_column: str, code: Any) -> str | None:
    """Why a row's code cannot be used (worded as `lintseq-x run` words it for a JSONL row)."""
    if code is None:
        return f"field {code_column!r} is null"
    if not isinstance(code, str):
        return f"field {code_column!r} is {type(code).__name__}, not a string"
    return None


def _checkers_for(language: str, requested: str | None) -> tuple[tuple[str, str], ...]:
    """The checker choice for `language`, made once per process (as `run` makes it once per run)."""
    key = (language, requested)
    if key not in _checker_choices:
        found = registry()
        described = found.get(language)
        choice, notice = choose_checker(described, requested, found.extra_checkers(described.name))
        if notice:
            warnings.warn(notice, stacklevel=3)
        _checker_choices[key] = ((described.name, choice),)
    return _checker_choices[key]


def _table(pyarrow: Any, rows: list[dict[str, Any]], carried: list[str]) -> pyarrow.Table:
    string, integer = pyarrow.string(), pyarrow.int64()
    types = {
        "edit_path": pyarrow.list_(string),
        "index": integer,
        "sample": integer,
        "seed": integer,
        "byte_order_mark": pyarrow.bool_(),
    }
    arrays: dict[str, Any] = {}
    for column in (*_HEAD, *carried, *_TAIL):
        values = [row.get(column) for row in rows]
        if column == "edit_path":
            values = [value or [] for value in values]
        elif column in _JSON_TEXT:
            values = [None if value is None else json.dumps(value, sort_keys=True) for value in values]
        # Carried columns keep whatever type pyarrow infers for the user's values.
        kind = types.get(column, string) if column not in carried else None
        arrays[column] = pyarrow.array(values, type=kind)
    return pyarrow.table(arrays)
