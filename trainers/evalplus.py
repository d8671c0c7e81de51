"""HumanEval+ and MBPP+ (EvalPlus) from their release files, given by path: the
`HumanEvalPlus-<version>.jsonl[.gz]` and `MbppPlus-<version>.jsonl[.gz]` files that `evalplus`
caches. Nothing is downloaded.

A release row holds `task_id`, `prompt`, `entry_point`, `canonical_solution`, `base_input` and
`plus_input` (lists of argument lists), `atol` and `contract` (HumanEval+ rows also keep
HumanEval's `test`; MBPP+ rows may keep an `assertion`). EvalPlus tests by differential testing:
the canonical solution's outputs on the inputs are the expected outputs; an output matches when
it is equal, or, with a tolerance (`atol`, or 1e-6 when the expected output is a float or a list
of floats), close in the sense of numpy's `allclose` with rtol 1e-7; a few problems have their
own oracle (HumanEval/32's root, MBPP's set-valued answers, ...). Each input runs under a time
limit of max(4 s, 4 × the canonical solution's time) (EvalPlus's defaults).

Each problem's tests are a self-contained Python script that follows the program: it holds the
canonical solution (run in a namespace of its own, never seen by the program), the inputs as
JSON, and the comparison, and it raises on the first input whose output does not match. The
"base" suite runs the base inputs; the "plus" suite runs the base inputs and then the plus
inputs, so that passing it is EvalPlus's "plus" verdict (base and plus both pass).

MBPP+ prompts are LintSeq's (upiterbarg/lintseq, src/eval/mbpp/run_eval.py, prompt_version 1,
the one its instruction-tuned models are evaluated with): MBPP's task text with every "function"
replaced by "function `<signature>`", followed by a newline.
"""

from __future__ import annotations

import gzip
import json
import keyword
import re
import warnings
from pathlib import Path
from typing import Any

from .benchmarks import BenchmarkError, Problem

# EvalPlus's defaults (evalplus/config.py): an input may take max(4 s, 4 × the reference's time).
MIN_TIME_LIMIT = 4.0
TIME_LIMIT_FACTOR = 4.0

_REQUIRED = ("task_id", "prompt", "entry_point", "canonical_solution", "base_input", "plus_input", "atol")

# MBPP+ inputs are stored as JSON, which has no tuples, sets or complex numbers; EvalPlus turns
# them back into the types the problems take before running anything (evalplus/data/mbpp.py).
# Task number -> how its argument lists are converted (interpreted by the test script).
_MBPP_CONVERSIONS: dict[int, str] = {
    **dict.fromkeys((2, 116, 132, 143, 222, 261, 273, 394, 399, 421, 424, 429, 470, 560, 579, 596, 616, 630,
                     726, 740, 744, 809), "args_to_tuples"),
    **dict.fromkeys((63, 64, 70, 94, 120, 237, 272, 299, 400, 409, 417, 438, 473, 614, 780), "args_items_to_tuples"),
    **dict.fromkeys((75, 413, 444, 753), "first_items_to_tuples_then_second"),
    **dict.fromkeys((106, 750), "first_then_second_tuple"),
    115: "items_to_sets",
    124: "float_and_complex",
    **dict.fromkeys((250, 405, 446, 617, 720, 763, 808), "first_tuple_rest"),
    **dict.fromkeys((259, 401, 445), "args_to_tuples_of_tuples"),
    252: "complex",
    278: "first_items_tuples_then_tuple",
    307: "first_tuple_then_two",
    722: "dict_values_to_tuples",
    **dict.fromkeys((580, 615, 791), "all_lists_to_tuples"),
}

# Problems EvalPlus checks with an oracle of its own instead of plain equality
# (evalplus/eval/__init__.py and _special_oracle.py), by entry point.
_MBPP_SET_EQUAL = frozenset(
    ("similar_elements", "find_char_long", "common_in_nested_lists", "extract_singly", "larg_nnum",
     "intersection_array", "find_dissimilar", "Diff")
)
_MBPP_NOT_NONE = frozenset(("check_str", "text_match_three", "text_starta_endb"))
_MBPP_ORACLES = {"are_equivalent": "always", "sum_div": "or_zero", "surface_Area": "surface_area",
                 "digit_distance_nums": "digit_distance"}


class EvalPlusError(BenchmarkError):
    """An EvalPlus release file that cannot be read or holds a malformed row."""


def load_evalplus(path: str | Path, *, min_time_limit: float = MIN_TIME_LIMIT,
                  time_limit_factor: float = TIME_LIMIT_FACTOR) -> dict[str, Problem]:
    """The problems of a HumanEval+ or MBPP+ release file (`.jsonl` or `.jsonl.gz`), by task id.
    Which benchmark it is comes from the rows' task ids (`HumanEval/<n>` or `Mbpp/<n>`); the
    problems' benchmark is "humaneval+" or "mbpp+"."""
    path = Path(path)
    problems: dict[str, Problem] = {}
    kind = ""
    for line_number, row in _rows(path):
        where = f"{path}:{line_number}"
        _check_row(row, where)
        task_id = row["task_id"]
        row_kind = _kind(task_id, where)
        if kind and row_kind != kind:
            raise EvalPlusError(f"{where}: {task_id!r} is a {row_kind} problem in a {kind} file")
        kind = row_kind
        if task_id in problems:
            raise EvalPlusError(f"{where}: task {task_id!r} appears twice")
        problems[task_id] = _problem(row, kind, where, str(path), min_time_limit, time_limit_factor)
    if not problems:
        raise EvalPlusError(f"{path}: no problems in the file")
    return problems


def _rows(path: Path):
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise EvalPlusError(f"cannot read the EvalPlus file {path}: {error.strerror or error}") from None
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as error:
            raise EvalPlusError(f"{path}: not a readable gzip file ({error})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise EvalPlusError(f"{path}:{line}: not UTF-8 text") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise EvalPlusError(f"{path}:{number}: not a JSON object ({error.msg} at column {error.colno})") from None
        if not isinstance(row, dict):
            raise EvalPlusError(f"{path}:{number}: a row must be a JSON object, not {type(row).__name__}")
        yield number, row


def _check_row(row: dict, where: str) -> None:
    missing = [key for key in _REQUIRED if key not in row]
    if missing:
        name = f" ({row['task_id']})" if isinstance(row.get("task_id"), str) else ""
        raise EvalPlusError(f"{where}{name}: missing field{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
                            " (is this an EvalPlus HumanEvalPlus/MbppPlus release file?)")
    for key in ("task_id", "prompt", "entry_point", "canonical_solution"):
        if not isinstance(row[key], str):
            raise EvalPlusError(f"{where}: {key} must be a string, not {type(row[key]).__name__}")
    task_id = row["task_id"]
    if not row["entry_point"].isidentifier() or keyword.iskeyword(row["entry_point"]):
        raise EvalPlusError(f"{where} ({task_id}): entry_point {row['entry_point']!r} is not a Python name")
    for key in ("base_input", "plus_input"):
        inputs = row[key]
        if not isinstance(inputs, list) or not all(isinstance(args, list) for args in inputs):
            raise EvalPlusError(f"{where} ({task_id}): {key} must be a list of argument lists")
    if not row["base_input"]:
        raise EvalPlusError(f"{where} ({task_id}): base_input is empty")
    atol = row["atol"]
    if isinstance(atol, bool) or not isinstance(atol, (int, float)) or not atol >= 0:
        raise EvalPlusError(f"{where} ({task_id}): atol must be a number >= 0, not {atol!r}")


def _kind(task_id: str, where: str) -> str:
    if re.fullmatch(r"HumanEval/\d+", task_id):
        return "humaneval+"
    if re.fullmatch(r"Mbpp/\d+", task_id):
        return "mbpp+"
    raise EvalPlusError(f"{where}: task_id {task_id!r} is neither HumanEval/<n> (HumanEval+) nor Mbpp/<n> (MBPP+)")


def _problem(row: dict, kind: str, where: str, source: str, min_time_limit: float, factor: float) -> Problem:
    task_id, entry_point = row["task_id"], row["entry_point"]
    reference = row["prompt"] + row["canonical_solution"]  # what EvalPlus runs for the expected outputs
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # old solutions' invalid escapes and the like
            compile(reference, f"{task_id} (canonical solution)", "exec")
    except SyntaxError as error:
        raise EvalPlusError(f"{where} ({task_id}): the prompt and canonical solution do not compile: {error}") from None
    spec = {
        "task_id": task_id,
        "entry_point": entry_point,
        "reference": reference,
        "atol": row["atol"],
        "min_time_limit": min_time_limit,
        "time_limit_factor": factor,
        "convert": "",
        "oracle": "",
    }
    if kind == "mbpp+":
        number = int(task_id.split("/")[1])
        spec["convert"] = _MBPP_CONVERSIONS.get(number, "")
        if entry_point in _MBPP_SET_EQUAL:
            spec["oracle"] = "set_equal"
        elif entry_point in _MBPP_NOT_NONE:
            spec["oracle"] = "not_none"
        else:
            spec["oracle"] = _MBPP_ORACLES.get(entry_point, "")
        prompt = lintseq_mbpp_prompt(mbpp_task_text(row["prompt"]), row["canonical_solution"], entry_point)
    else:
        if entry_point == "find_zero":
            spec["oracle"] = "poly_root"
        prompt = row["prompt"]
    base = _test_script({**spec, "suite": "base", "inputs": row["base_input"]})
    plus = _test_script({**spec, "suite": "plus", "inputs": row["base_input"] + row["plus_input"]})
    return Problem(task_id, prompt, "python", base, entry_point=entry_point, benchmark=kind, source=source,
                   extra_tests={"plus": plus})


def mbpp_task_text(prompt: str) -> str:
    """MBPP's task text from an MBPP+ release prompt, which EvalPlus writes as a docstring of the
    text followed by MBPP's first test: '\"\"\"\\n<text>\\n<assert ...>\\n\"\"\"\\n'."""
    body = prompt.strip()
    if body.startswith('"""') and body.endswith('"""') and len(body) >= 6:
        body = body[3:-3]
    lines = body.strip("\n").split("\n")
    asserts = [i for i, line in enumerate(lines) if line.lstrip().startswith("assert")]
    if asserts and asserts[-1] > 0:
        lines = lines[: asserts[-1]]
    return "\n".join(lines).strip()


def lintseq_mbpp_prompt(text: str, code: str, entry_point: str) -> str:
    """LintSeq's MBPP prompt (prompt_version 1): every "function" in the task text becomes
    "function `<signature>`", where the signature is the solution's `def` line without `def` and
    the colon (e.g. "similar_elements(test_tup1, test_tup2)"); then a newline."""
    return text.replace("function", f"function `{function_signature(code, entry_point)}`") + "\n"


def function_signature(code: str, entry_point: str) -> str:
    """The header of `def <entry_point>(...)` in `code`, from the name to (not including) the
    colon that ends it. LintSeq takes the first line of the solution that contains "def"; this
    takes the entry point's own definition, which is the same line unless a helper function (or a
    word such as `defaultdict`) comes first. A header spread over lines is joined into one."""
    match = re.search(rf"^[ \t]*def[ \t]+({re.escape(entry_point)}[ \t]*\()", code, re.MULTILINE)
    if match is None:
        lines = [line for line in code.lstrip().split("\n") if "def" in line]
        if not lines:
            return entry_point
        header = lines[0].strip()
        return header[len("def"):].strip().rstrip(":").rstrip() if header.startswith("def") else header
    depth, end = 0, len(code)
    for position in range(match.start(1), len(code)):
        char = code[position]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == ":" and depth == 0:
            end = position
            break
    header = code[match.start(1): end].rstrip()
    if "\n" in header:
        header = " ".join(part.strip() for part in header.split("\n") if part.strip())
    return header


def _test_script(spec: dict[str, Any]) -> str:
    data = json.dumps(spec, allow_nan=True, ensure_ascii=True)
    return (
        f"\n# EvalPlus {spec['suite']} tests for {spec['task_id']} ({len(spec['inputs'])} inputs), "
        "written by lintseq-x\n"
        f"{_HARNESS}\n__lintseq_evalplus_check(globals(), {data!r})\n"
    )


# The test script's code: it follows the program, finds the program's entry point among its
# globals, runs the canonical solution (in a namespace of its own) and the program on every input
# and raises AssertionError on the first mismatch. It imports under private names so that the
# program's own globals neither hide nor are hidden by them.
_HARNESS = r'''
def __lintseq_evalplus_check(program_globals, spec_json):
    import copy as _copy
    import json as _json
    import math as _math
    import signal as _signal
    import sys as _sys
    import time as _time

    if hasattr(_sys, "set_int_max_str_digits"):
        _sys.set_int_max_str_digits(0)
    spec = _json.loads(spec_json)
    suite, task_id, entry = spec["suite"], spec["task_id"], spec["entry_point"]
    candidate = program_globals.get(entry)
    if not callable(candidate):
        raise AssertionError(f"{task_id}: the program defines no function {entry!r}")
    reference_globals = {"__name__": "__lintseq_evalplus_reference__"}
    exec(compile(spec["reference"], f"<{task_id} canonical solution>", "exec"), reference_globals)
    reference = reference_globals[entry]

    def tuples(value):
        return tuple(tuples(item) for item in value) if isinstance(value, list) else value

    def convert(args):
        kind = spec["convert"]
        if kind == "args_to_tuples":
            return [tuple(arg) for arg in args]
        if kind == "args_items_to_tuples":
            return [[tuple(item) for item in arg] for arg in args]
        if kind == "first_items_to_tuples_then_second":
            return [[tuple(item) for item in args[0]], args[1]]
        if kind == "first_then_second_tuple":
            return [args[0], tuple(args[1])]
        if kind == "items_to_sets":
            return [[set(item) if isinstance(item, list) and item else {} for item in args[0]]]
        if kind == "float_and_complex":
            return [float(args[0]), complex(args[1])]
        if kind == "first_tuple_rest":
            return [tuple(args[0]), args[1]]
        if kind == "args_to_tuples_of_tuples":
            return [tuple(tuple(item) for item in arg) for arg in args]
        if kind == "complex":
            return [complex(args[0])]
        if kind == "first_items_tuples_then_tuple":
            return [tuple(tuple(item) if isinstance(item, list) else item for item in args[0])]
        if kind == "first_tuple_then_two":
            return [tuple(args[0]), args[1], args[2]]
        if kind == "dict_values_to_tuples":
            return [{key: tuple(value) for key, value in args[0].items()}, *args[1:]]
        if kind == "all_lists_to_tuples":
            return list(tuples(args))
        return args

    def floats(value):
        if isinstance(value, float):
            return True
        return isinstance(value, (list, tuple)) and len(value) > 0 and all(isinstance(v, float) for v in value)

    def close(out, exp, atol):  # numpy's allclose(out, exp, rtol=1e-07, atol=atol), element by element
        if isinstance(out, (list, tuple)) or isinstance(exp, (list, tuple)):
            if not (isinstance(out, (list, tuple)) and isinstance(exp, (list, tuple))) or len(out) != len(exp):
                return False
            return all(close(o, e, atol) for o, e in zip(out, exp))
        if isinstance(out, (int, float, complex)) and isinstance(exp, (int, float, complex)):
            if isinstance(out, complex) or isinstance(exp, complex):
                return abs(out - exp) <= atol + 1e-07 * abs(exp)
            if _math.isnan(out) or _math.isnan(exp):
                return False
            if _math.isinf(out) or _math.isinf(exp):
                return out == exp
            return abs(out - exp) <= atol + 1e-07 * abs(exp)
        try:
            return bool(out == exp)
        except Exception:
            return False

    def surface_area(base_edge, height):
        return round(base_edge * base_edge + 2 * base_edge * _math.sqrt((base_edge / 2) ** 2 + height ** 2))

    def digit_distance(a, b):
        a, b = str(a), str(b)
        width = max(len(a), len(b))
        return sum(abs(int(x) - int(y)) for x, y in zip(a.zfill(width), b.zfill(width)))

    def matches(out, exp, args):
        atol, oracle = spec["atol"], spec["oracle"]
        if oracle == "poly_root":  # HumanEval/32: any root of the polynomial will do
            xs = args[0]
            return abs(sum(c * _math.pow(out, i) for i, c in enumerate(xs))) <= atol
        try:
            exact = bool(out == exp)
        except Exception:
            exact = False
        if oracle == "always":
            exact = True
        elif oracle == "or_zero":
            exact = exact or out == 0
        elif oracle == "surface_area":
            exact = exact or abs(out - surface_area(*args)) <= atol
        elif oracle == "digit_distance":
            exact = exact or out == digit_distance(*args)
        elif oracle == "set_equal":
            exact = set(out) == set(exp)
        elif oracle == "not_none":
            exact = out == exp if isinstance(out, bool) else exp == (out is not None)
        if atol == 0 and floats(exp):
            atol = 1e-6
        if not exact and atol != 0:
            if type(out) is not type(exp):
                return False
            if isinstance(exp, (list, tuple)) and len(out) != len(exp):
                return False
            return close(out, exp, atol)
        return exact

    class Quiet:  # what the functions print goes nowhere
        def write(self, text):
            return len(text)

        def flush(self):
            pass

    class TimeLimit(BaseException):
        pass

    def alarm(signum, frame):
        raise TimeLimit()

    def shown(value, limit=300):
        text = repr(value)
        return text if len(text) <= limit else text[:limit] + "..."

    inputs = [convert(args) for args in spec["inputs"]]
    previous_handler = _signal.signal(_signal.SIGALRM, alarm)
    stdout = _sys.stdout
    try:
        for index, args in enumerate(inputs):
            where = f"{task_id} {suite} input #{index} {shown(args)}"
            _sys.stdout = Quiet()
            try:
                started = _time.perf_counter()
                expected = reference(*_copy.deepcopy(args))
                seconds = _time.perf_counter() - started
            finally:
                _sys.stdout = stdout
            if spec["oracle"] == "not_none":
                expected = expected is not None
            limit = max(spec["min_time_limit"], spec["time_limit_factor"] * seconds)
            _sys.stdout = Quiet()
            try:
                _signal.setitimer(_signal.ITIMER_REAL, limit)
                out = candidate(*_copy.deepcopy(args))
            except TimeLimit:
                raise AssertionError(f"{where}: no answer within {limit:.2f} s") from None
            finally:
                _signal.setitimer(_signal.ITIMER_REAL, 0)
                _sys.stdout = stdout
            try:
                same = matches(out, expected, args)
            except Exception:
                same = False
            if not same:
                raise AssertionError(f"{where}: expected {shown(expected)}, got {shown(out)}")
    finally:
        _signal.signal(_signal.SIGALRM, previous_handler)
        _sys.stdout = stdout
'''
