"""EvalPlus (HumanEval+, MBPP+) problems from release files: small files in the release format
(tests/data/evalplus), run through the sandbox: canonical solutions pass both suites, wrong ones
fail, a solution that passes the base inputs but not the plus inputs is told apart, MBPP prompts
follow LintSeq's convention, bad rows are reported with their file and line."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from lintseq_x.trainers.benchmarks import BenchmarkError
from lintseq_x.trainers.evalplus import (
    EvalPlusError,
    function_signature,
    lintseq_mbpp_prompt,
    load_evalplus,
    mbpp_task_text,
)
from lintseq_x.trainers.sandbox import Limits, run_program

DATA = Path(__file__).parent / "data" / "evalplus"
HUMANEVAL_PLUS = DATA / "HumanEvalPlus-mini.jsonl"
MBPP_PLUS = DATA / "MbppPlus-mini.jsonl.gz"
LIMITS = Limits(seconds=30)


def verdicts(problem, program: str) -> dict[str, bool]:
    return {suite: run_program(problem.test_program(program, suite), LIMITS).passed for suite in problem.suites}


def release_rows(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture(scope="module")
def humaneval_plus():
    return load_evalplus(HUMANEVAL_PLUS)


@pytest.fixture(scope="module")
def mbpp_plus():
    return load_evalplus(str(MBPP_PLUS))


def test_humaneval_plus_problems(humaneval_plus):
    assert list(humaneval_plus) == ["HumanEval/2", "HumanEval/31", "HumanEval/32"]
    problem = humaneval_plus["HumanEval/31"]
    assert problem.benchmark == "humaneval+" and problem.language == "python"
    assert problem.entry_point == "is_prime" and problem.suites == ("base", "plus")
    assert problem.prompt.startswith("\n\ndef is_prime(n):")
    assert problem.source == str(HUMANEVAL_PLUS)
    # the test program is the program followed by the script, nothing else (no HumanEval check())
    assert problem.test_program("X", "plus") == "X\n" + problem.extra_tests["plus"]


def test_canonical_solutions_pass_both_suites(humaneval_plus, mbpp_plus):
    for path, problems in ((HUMANEVAL_PLUS, humaneval_plus), (MBPP_PLUS, mbpp_plus)):
        for row in release_rows(path):
            problem = problems[row["task_id"]]
            completion = row["canonical_solution"]
            program = problem.program_from_completion(completion) if path == HUMANEVAL_PLUS else completion
            assert verdicts(problem, program) == {"base": True, "plus": True}, row["task_id"]


def test_humaneval_completion_continues_the_prompt_or_stands_alone(humaneval_plus):
    problem = humaneval_plus["HumanEval/31"]
    body = "    return n > 1 and all(n % k for k in range(2, int(n ** 0.5) + 1))\n"
    assert verdicts(problem, problem.program_from_completion(body)) == {"base": True, "plus": True}
    whole = "def is_prime(n):\n" + body
    assert problem.program_from_completion(whole) == whole
    assert verdicts(problem, whole) == {"base": True, "plus": True}


def test_wrong_solutions_fail(humaneval_plus, mbpp_plus):
    problem = humaneval_plus["HumanEval/2"]
    assert verdicts(problem, problem.program_from_completion("    return number % 2.0\n")) == {"base": False, "plus": False}
    problem = humaneval_plus["HumanEval/32"]
    assert verdicts(problem, problem.program_from_completion("    return 0.5\n")) == {"base": False, "plus": False}
    problem = mbpp_plus["Mbpp/2"]
    assert verdicts(problem, "def similar_elements(a, b):\n    return tuple(set(a) | set(b))\n") == {"base": False, "plus": False}
    # a program without the entry point, one that raises, one that loops
    assert verdicts(problem, "def other(a, b):\n    return ()\n") == {"base": False, "plus": False}
    assert verdicts(problem, "def similar_elements(a, b):\n    raise ValueError\n") == {"base": False, "plus": False}


def test_base_pass_plus_fail_is_told_apart(humaneval_plus, mbpp_plus):
    # 1 is not prime: the base inputs do not ask, the plus inputs do
    problem = humaneval_plus["HumanEval/31"]
    naive = problem.program_from_completion("    return all(n % k for k in range(2, n))\n")
    assert verdicts(problem, naive) == {"base": True, "plus": False}
    # negative numbers only come with the plus inputs
    problem = mbpp_plus["Mbpp/479"]
    assert verdicts(problem, "def first_Digit(n):\n    return int(str(n)[0])\n") == {"base": True, "plus": False}


def test_plus_suite_also_runs_the_base_inputs(humaneval_plus):
    # EvalPlus's plus verdict needs base and plus both: a program right only on the plus inputs fails
    problem = humaneval_plus["HumanEval/31"]
    plus_only = "def is_prime(n):\n    return n in (2, 7919)\n"
    assert verdicts(problem, plus_only) == {"base": False, "plus": False}


def test_floats_are_compared_with_atol(humaneval_plus, mbpp_plus):
    problem = humaneval_plus["HumanEval/2"]  # atol 1e-6
    nearly = problem.program_from_completion("    return number - int(number) + 5e-8\n")
    assert verdicts(problem, nearly) == {"base": True, "plus": True}
    off = problem.program_from_completion("    return number - int(number) + 1e-4\n")
    assert verdicts(problem, off) == {"base": False, "plus": False}
    problem = mbpp_plus["Mbpp/82"]  # atol 1e-4
    rough_pi = "def volume_sphere(r):\n    return 4 / 3 * 3.14159265358 * r ** 3\n"
    assert verdicts(problem, rough_pi) == {"base": True, "plus": True}
    rougher_pi = "def volume_sphere(r):\n    return 4 / 3 * 3.1416 * r ** 3\n"
    assert verdicts(problem, rougher_pi) == {"base": False, "plus": False}
    as_int = "import math\ndef volume_sphere(r):\n    return round(4 / 3 * math.pi * r ** 3)\n"
    assert verdicts(problem, as_int) == {"base": False, "plus": False}  # an int where a float is expected


def test_special_oracles(humaneval_plus, mbpp_plus):
    # HumanEval/32: any root will do, not only the canonical solution's
    problem = humaneval_plus["HumanEval/32"]
    newton = problem.program_from_completion(
        "    x = 10.0\n"
        "    for _ in range(200):\n"
        "        d = sum(i * c * x ** (i - 1) for i, c in enumerate(xs) if i)\n"
        "        x -= poly(xs, x) / d\n"
        "    return x\n"
    )
    assert verdicts(problem, newton) == {"base": True, "plus": True}
    # Mbpp/2: the shared elements in any order
    problem = mbpp_plus["Mbpp/2"]
    reordered = "def similar_elements(a, b):\n    return tuple(sorted(set(a) & set(b), reverse=True))\n"
    assert verdicts(problem, reordered) == {"base": True, "plus": True}


def test_mbpp_inputs_get_their_types_back(mbpp_plus):
    # Mbpp/2 takes tuples, which JSON stores as lists
    problem = mbpp_plus["Mbpp/2"]
    strict = (
        "def similar_elements(a, b):\n"
        "    assert type(a) is tuple and type(b) is tuple\n"
        "    return tuple(set(a + b) - (set(a) ^ set(b)))\n"
    )
    assert verdicts(problem, strict) == {"base": True, "plus": True}


def test_inputs_are_copied_and_output_is_silenced(mbpp_plus):
    problem = mbpp_plus["Mbpp/479"]
    noisy = "def first_Digit(n):\n    for _ in range(100000):\n        print('x' * 100)\n    return int(str(abs(n))[0])\n"
    assert verdicts(problem, noisy) == {"base": True, "plus": True}


def test_slow_solution_times_out(humaneval_plus):
    problem = humaneval_plus["HumanEval/31"]
    slow = problem.program_from_completion("    import time\n    time.sleep(60)\n")
    outcome = run_program(problem.test_program(slow, "base"), LIMITS)
    assert not outcome.passed and "no answer within" in outcome.detail


def test_mbpp_prompt_is_lintseqs(mbpp_plus):
    assert mbpp_plus["Mbpp/2"].prompt == (
        "Write a function `similar_elements(test_tup1, test_tup2)` to find the shared elements from the given two lists.\n"
    )
    assert mbpp_plus["Mbpp/82"].prompt == "Write a function `volume_sphere(r)` to find the volume of a sphere.\n"
    # the entry point's own def line, not the first line mentioning "def" (an import of defaultdict)
    assert mbpp_plus["Mbpp/479"].prompt == (
        "Write a python function `first_Digit(n)` to find the first digit of a given number.\n"
    )
    problem = mbpp_plus["Mbpp/479"]
    assert problem.benchmark == "mbpp+" and problem.entry_point == "first_Digit"
    # a completion is the whole program (it defines the entry point)
    completion = "def first_Digit(n):\n    return int(str(abs(n))[0])\n"
    assert problem.program_from_completion(completion) == completion


def test_mbpp_prompt_pieces():
    prompt = '"""\nWrite a function to add two numbers. A function, really.\nassert add(1, 2) == 3\n"""\n'
    assert mbpp_task_text(prompt) == "Write a function to add two numbers. A function, really."
    assert lintseq_mbpp_prompt(mbpp_task_text(prompt), "def add(a, b):\n    return a + b\n", "add") == (
        "Write a function `add(a, b)` to add two numbers. A function `add(a, b)`, really.\n"
    )
    assert function_signature("def add(a: int,\n        b: int) -> int:  # sum\n    return a + b\n", "add") == (
        "add(a: int, b: int) -> int"
    )
    assert function_signature("def helper(x):\n    return x\ndef f(d={'a': 1}):\n    pass\n", "f") == "f(d={'a': 1})"


def write_rows(path: Path, rows: list) -> Path:
    path.write_text("".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows))
    return path


def test_bad_rows_name_file_and_line(tmp_path):
    good = release_rows(HUMANEVAL_PLUS)[0]
    cases = [
        (["{not json"], r"bad\.jsonl:1: not a JSON object"),
        ([good, "[1, 2]"], r"bad\.jsonl:2: a row must be a JSON object"),
        ([good, "", {k: v for k, v in good.items() if k != "plus_input"}], r"bad\.jsonl:3 \(HumanEval/2\): missing field plus_input"),
        ([{**good, "task_id": "Foo/1"}], r"bad\.jsonl:1: task_id 'Foo/1' is neither"),
        ([good, good], r"bad\.jsonl:2: task 'HumanEval/2' appears twice"),
        ([good, {**good, "task_id": "Mbpp/3"}], r"bad\.jsonl:2: 'Mbpp/3' is a mbpp\+ problem in a humaneval\+ file"),
        ([{**good, "base_input": [3.5]}], r"bad\.jsonl:1 \(HumanEval/2\): base_input must be a list of argument lists"),
        ([{**good, "atol": "small"}], r"bad\.jsonl:1 \(HumanEval/2\): atol must be a number"),
        ([{**good, "canonical_solution": "    return (\n"}], r"bad\.jsonl:1 \(HumanEval/2\): the prompt and canonical solution do not compile"),
        ([{**good, "entry_point": "not a name"}], r"bad\.jsonl:1 \(HumanEval/2\): entry_point 'not a name' is not a Python name"),
        ([], r"bad\.jsonl: no problems"),
    ]
    for rows, message in cases:
        with pytest.raises(EvalPlusError, match=message):
            load_evalplus(write_rows(tmp_path / "bad.jsonl", rows))
    with pytest.raises(BenchmarkError, match="cannot read the EvalPlus file"):
        load_evalplus(tmp_path / "missing.jsonl")


def test_gzip_and_plain_files_read_the_same(tmp_path):
    plain = tmp_path / "MbppPlus-v0.2.0.jsonl"
    plain.write_bytes(gzip.decompress(MBPP_PLUS.read_bytes()))
    assert load_evalplus(plain).keys() == load_evalplus(MBPP_PLUS).keys()
    assert load_evalplus(plain)["Mbpp/2"].tests == load_evalplus(MBPP_PLUS)["Mbpp/2"].tests


def test_the_program_cannot_disturb_the_reference(mbpp_plus):
    # the canonical solution runs in its own namespace: the program's globals do not reach it
    problem = mbpp_plus["Mbpp/82"]
    program = "def volume_sphere(r):\n    return 4 / 3 * 3.141592653589793 * r ** 3\nmath = None\n"
    assert verdicts(problem, program) == {"base": True, "plus": True}
