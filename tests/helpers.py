"""Helpers for tests: running the per-record work on a program."""

from __future__ import annotations

import json
from typing import Any

from lintseq_x.core.pipeline import RunOptions, process_record
from lintseq_x.core.records import InputRecord
from lintseq_x.core.sampler import SamplerSettings


def record_for(code: str, index: int = 0, **fields: Any) -> InputRecord:
    return InputRecord(
        index=index,
        source_file="test",
        language="python",
        fields={"response": code, **fields},
        code_field="response",
        prompt_field=None,
        extract=False,
        location="test",
    )


def edit_paths(code: str, samples: int = 3, seed: int = 1, **options: Any) -> list[dict[str, Any]]:
    """Output records for `code`; fails the test if the record was skipped or failed."""
    settings = SamplerSettings(**{k: options.pop(k) for k in ("weighting", "max_rounds") if k in options})
    result = process_record(record_for(code), RunOptions(samples, seed, settings, **options))
    assert result.failed is None, result.failed
    assert result.skipped is None, result.skipped
    return [json.loads(row) for row in result.rows]
