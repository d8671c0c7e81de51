"""MultiPL-E problems: the loader (MultiPL-E's JSONL rows and saved `datasets` splits, errors that
name the file and line) and the toolchains that judge a program in every built-in language.

tests/data/multipl_e/ holds two problems per language written in MultiPL-E's row format and its
test style for that language (MultiPL-E has no C; lintseq-x does, so C is there in the same
shape). Each language's tests skip, with the reason, where its toolchain is missing. The seconds
each judged program took (compile and tests, in the sandbox) are reported at the end.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from lintseq_x.trainers import sandbox
from lintseq_x.trainers.multipl_e import MultiPLEError, load_multipl_e
from lintseq_x.trainers.toolchains import TOOLCHAINS, judge, missing_toolchain

DATA = Path(__file__).parent / "data" / "multipl_e"
FILES = {
    "python": "humaneval-py.jsonl",
    "javascript": "humaneval-js.jsonl",
    "typescript": "humaneval-ts.jsonl",
    "go": "humaneval-go.jsonl",
    "java": "humaneval-java.jsonl",
    "cpp": "humaneval-cpp.jsonl",
    "c": "humaneval-c.jsonl",
    "rust": "humaneval-rs.jsonl",
}
LANGUAGES = list(FILES)
LIMITS = sandbox.Limits(seconds=20.0)
LOOP_LIMITS = sandbox.Limits(seconds=3.0)

# Completions as a model writes them: what follows the prompt, often running on past the point
# where MultiPL-E cuts it (the first stop token), as the `add` ones here do.
CORRECT = {
    "python": {
        "HumanEval_53_add": "    return x + y\n\ndef junk(:\n",
        "HumanEval_8_sum_product": "    s, p = 0, 1\n    for n in numbers:\n        s += n\n        p *= n\n    return s, p\n",
    },
    "javascript": {
        "HumanEval_53_add": "  return x + y;\n}\n\nfunction junk( {\n",
        "HumanEval_8_sum_product": "  let s = 0, p = 1;\n  for (const n of numbers) { s += n; p *= n; }\n  return [s, p];\n}\n",
    },
    "typescript": {
        "HumanEval_53_add": "  return x + y;\n}\n\nfunction junk( {\n",
        "HumanEval_8_sum_product": "  let s = 0, p = 1;\n  for (const n of numbers) { s += n; p *= n; }\n  return [s, p];\n}\n",
    },
    "go": {
        "HumanEval_53_add": "    return x + y\n}\n\nfunc junk( {\n",
        "HumanEval_8_sum_product": (
            "    s, p := 0, 1\n    for _, n := range numbers {\n        s += n\n        p *= n\n    }\n"
            "    return []interface{}{s, p}\n}\n"
        ),
    },
    "java": {
        "HumanEval_53_add": "        return x + y;\n    }\n    public static void junk( {\n",
        "HumanEval_8_sum_product": (
            "        long s = 0, p = 1;\n        for (long n : numbers) { s += n; p *= n; }\n"
            "        return Pair.with(s, p);\n    }\n"
        ),
    },
    "cpp": {
        "HumanEval_53_add": "    return x + y;\n}\n\nint junk( {\n",
        "HumanEval_8_sum_product": (
            "    long s = 0, p = 1;\n    for (long n : numbers) { s += n; p *= n; }\n"
            "    return std::make_tuple(s, p);\n}\n"
        ),
    },
    "c": {
        "HumanEval_53_add": "    return x + y;\n}\n\nint junk( {\n",
        "HumanEval_23_strlen": "    return (long)strlen(string);\n}\n",
    },
    "rust": {
        "HumanEval_53_add": "    x + y\n}\n\nfn junk( {\n",
        "HumanEval_8_sum_product": "    (numbers.iter().sum(), numbers.iter().product())\n}\n",
    },
}
# `add` answered wrongly: it compiles and runs, and its tests fail.
WRONG = {
    "python": "    return x - y\n",
    "javascript": "  return x - y;\n}\n",
    "typescript": "  return x - y;\n}\n",
    "go": "    return x - y\n}\n",
    "java": "        return x - y;\n    }\n",  # fails only because the JVM runs with -ea
    "cpp": "    return x - y;\n}\n",
    "c": "    return x - y;\n}\n",
    "rust": "    x - y\n}\n",
}
# `add` that does not compile (TypeScript: a type error only; tsc still writes the JavaScript).
COMPILE_ERROR = {
    "typescript": '  return "sum: " + (x + y);\n}\n',
    "go": '    return "s"\n}\n',
    "java": '        return x + "s";\n    }\n',
    "cpp": "    return x + ;\n}\n",
    "c": "    return x + ;\n}\n",
    "rust": '    x + "s"\n}\n',
}
# `add` that never returns.
LOOP = {
    "python": "    while True:\n        pass\n",
    "javascript": "  while (true) {}\n}\n",
    "typescript": "  while (true) {}\n}\n",
    "go": "    for {\n    }\n}\n",
    "java": "        while (true) {}\n    }\n",
    "cpp": "    for (;;) {}\n}\n",
    "c": "    for (;;) {}\n}\n",
    "rust": "    loop {}\n}\n",
}

TIMINGS: dict[str, list[float]] = defaultdict(list)


# --- a stand-in for the sandbox's run_steps, only while the real one has not landed ------------

@dataclass(frozen=True)
class _Step:
    argv: tuple[str, ...]
    phase: str
    env: tuple[tuple[str, str], ...] = ()
    seconds: float | None = None


@dataclass(frozen=True)
class _Outcome:
    passed: bool
    status: str
    detail: str
    phase: str = ""
    seconds: float = 0.0


def _run_steps(files, steps, limits):
    """Each step in a fresh temporary directory with the files, a short PATH and HOME there; no
    isolation (the real sandbox's job), a time limit per step and the address-space limit."""
    import resource

    workdir = tempfile.mkdtemp(prefix="lintseq-x-multipl-e-")
    started = time.monotonic()
    try:
        for name, text in files.items():
            Path(workdir, name).write_text(text, encoding="utf-8")
        for step in steps:
            env = {"PATH": "/usr/bin:/bin", "HOME": workdir, "TMPDIR": workdir, "LANG": "C.UTF-8", **dict(step.env)}
            seconds = step.seconds or limits.seconds

            def limit_memory():
                memory = limits.memory_mb * 2**20
                resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

            process = subprocess.Popen(step.argv, cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                       start_new_session=True, preexec_fn=limit_memory)
            try:
                output, _ = process.communicate(timeout=seconds)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
                return _Outcome(False, "timeout", f"stopped after {seconds:g} s", step.phase, time.monotonic() - started)
            if process.returncode != 0:
                status = "compile_error" if step.phase == "compile" else "failed"
                detail = output.decode("utf-8", "replace")[-2000:]
                return _Outcome(False, status, detail, step.phase, time.monotonic() - started)
        return _Outcome(True, "passed", "", "run", time.monotonic() - started)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(autouse=True)
def _sandbox_steps(monkeypatch):
    if not hasattr(sandbox, "run_steps"):
        monkeypatch.setattr(sandbox, "Step", _Step, raising=False)
        monkeypatch.setattr(sandbox, "run_steps", _run_steps, raising=False)


@pytest.fixture(scope="module", autouse=True)
def _report_timings(request):
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None or not TIMINGS:
        return
    which = "the sandbox's run_steps" if hasattr(sandbox, "run_steps") else "the test's stand-in run_steps"
    lines = ["", f"MultiPL-E programs compiled and tested to the end ({which}): seconds per program"]
    for language in LANGUAGES:
        seconds = TIMINGS.get(language)
        if seconds:
            lines.append(
                f"  {language:<11} {len(seconds):>2} programs  mean {sum(seconds) / len(seconds):5.2f} s  max {max(seconds):5.2f} s"
            )
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if capture is None:
        for line in lines:
            reporter.write_line(line)
        return
    with capture.global_and_fixture_disabled():  # past pytest's capture, to the terminal
        for line in lines:
            reporter.write_line(line)


# --- helpers -----------------------------------------------------------------------------------

def problems(language: str):
    return load_multipl_e([DATA / FILES[language]])


def judged(language: str, task_id: str, completion: str, limits=LIMITS):
    problem = problems(language)[task_id]
    started = time.monotonic()
    outcome = judge(problem, problem.program_from_completion(completion), limits)
    if outcome.status in ("passed", "failed"):  # compiled and tested to the end
        TIMINGS[language].append(time.monotonic() - started)
    return outcome


def needs(language: str) -> None:
    reason = missing_toolchain(language)
    if reason is not None:
        pytest.skip(reason)


# --- the loader --------------------------------------------------------------------------------

def test_every_language_file_loads_with_lintseq_x_names():
    loaded = load_multipl_e([DATA / name for name in FILES.values()])
    assert {problem.language for problem in loaded.values()} == set(LANGUAGES)
    assert len(loaded) == 2 * len(LANGUAGES)
    go = loaded["go/HumanEval_53_add"]
    assert go.benchmark == "multipl-e" and go.stop_tokens == ("\nfunc", "struct", "\n// ")
    assert go.source == str(DATA / FILES["go"])
    assert set(CORRECT) == set(LANGUAGES) == set(TOOLCHAINS)


def test_one_language_keeps_multipl_e_names():
    loaded = problems("rust")
    assert list(loaded) == ["HumanEval_53_add", "HumanEval_8_sum_product"]
    assert all(problem.task_id == name for name, problem in loaded.items())


def test_language_codes_map_to_lintseq_x_names():
    codes = {json.loads(line)["language"] for name in FILES.values() for line in (DATA / name).read_text().splitlines()}
    assert codes == {"py", "js", "ts", "go_test.go", "java", "cpp", "c", "rs"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_completions_are_cut_at_the_first_stop_token(language):
    problem = problems(language)["HumanEval_53_add"]
    program = problem.program_from_completion(CORRECT[language]["HumanEval_53_add"])
    assert "junk" not in program
    assert program.startswith(problem.prompt)


def test_a_saved_datasets_split_loads(tmp_path):
    datasets = pytest.importorskip("datasets")
    rows = [json.loads(line) for line in (DATA / FILES["java"]).read_text().splitlines()]
    datasets.Dataset.from_list(rows).save_to_disk(str(tmp_path / "split"))
    datasets.DatasetDict({"test": datasets.Dataset.from_list(rows)}).save_to_disk(str(tmp_path / "dict"))
    for folder in ("split", "dict"):
        loaded = load_multipl_e([tmp_path / folder])
        assert list(loaded) == ["HumanEval_53_add", "HumanEval_8_sum_product"]
        assert loaded["HumanEval_53_add"].source == str(tmp_path / folder)
        assert replace(loaded["HumanEval_53_add"], source="") == replace(problems("java")["HumanEval_53_add"], source="")


def _write(tmp_path, *lines) -> Path:
    path = tmp_path / "humaneval-bad.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


GOOD_ROW = json.dumps({"name": "HumanEval_53_add", "language": "py", "prompt": "def add(x, y):\n", "tests": "assert add(1, 2) == 3\n",
                       "stop_tokens": ["\ndef"]})


@pytest.mark.parametrize("bad, message", [
    ("{not json", ":2: not a JSON object"),
    ("[1, 2]", ":2: a MultiPL-E row is a JSON object, not list"),
    (json.dumps({"name": "x", "language": "py", "prompt": "p"}), ":2: missing tests, stop_tokens"),
    (json.dumps({"name": "x", "language": "lua", "prompt": "p", "tests": "t", "stop_tokens": []}), ":2: language 'lua' is not one"),
    (json.dumps({"name": "x", "language": "py", "prompt": 3, "tests": "t", "stop_tokens": []}), ":2: prompt is int, not a string"),
    (json.dumps({"name": "x", "language": "py", "prompt": "p", "tests": "t", "stop_tokens": "\n}"}), ":2: stop_tokens must be a list"),
    (json.dumps({"name": "x", "language": "py", "prompt": "p", "tests": "t", "stop_tokens": [""]}), ":2: stop_tokens must be a list"),
    (GOOD_ROW, ":2: python problem 'HumanEval_53_add' is already given at "),
])
def test_bad_rows_are_named_by_file_and_line(tmp_path, bad, message):
    path = _write(tmp_path, GOOD_ROW, bad)
    with pytest.raises(MultiPLEError) as error:
        load_multipl_e([path])
    assert f"{path}{message}" in str(error.value)


def test_files_that_cannot_be_problems_are_refused(tmp_path):
    with pytest.raises(MultiPLEError, match="cannot read"):
        load_multipl_e([tmp_path / "absent.jsonl"])
    with pytest.raises(MultiPLEError, match="no MultiPL-E problems"):
        load_multipl_e([_write(tmp_path, "")])
    with pytest.raises(MultiPLEError, match="not one saved by datasets"):
        load_multipl_e([tmp_path])
    with pytest.raises(MultiPLEError, match="no MultiPL-E files"):
        load_multipl_e([])


def test_unknown_language_has_no_toolchain():
    assert "no toolchain" in missing_toolchain("lua")


# --- judging, per language ---------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_correct_solutions_pass(language):
    needs(language)
    for task_id, completion in CORRECT[language].items():
        outcome = judged(language, task_id, completion)
        assert outcome.status == "passed", f"{language} {task_id}: {outcome.detail}"
        assert outcome.passed


@pytest.mark.parametrize("language", LANGUAGES)
def test_wrong_solutions_fail(language):
    needs(language)
    outcome = judged(language, "HumanEval_53_add", WRONG[language])
    assert (outcome.passed, outcome.status) == (False, "failed"), outcome.detail


@pytest.mark.parametrize("language", sorted(COMPILE_ERROR))
def test_programs_that_do_not_compile_are_compile_errors(language):
    needs(language)
    outcome = judged(language, "HumanEval_53_add", COMPILE_ERROR[language])
    assert (outcome.passed, outcome.status) == (False, "compile_error"), outcome.detail


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_endless_loop_is_a_timeout(language):
    needs(language)
    outcome = judged(language, "HumanEval_53_add", LOOP[language], LOOP_LIMITS)
    assert (outcome.passed, outcome.status) == (False, "timeout"), outcome.detail


def test_a_missing_javatuples_jar_says_what_to_install(monkeypatch):
    from lintseq_x.trainers import toolchains

    monkeypatch.setattr(toolchains, "JAVATUPLES_PLACES", ())
    monkeypatch.delenv(toolchains.JAVATUPLES_ENV, raising=False)
    if shutil.which("javac") and shutil.which("java"):
        assert "apt-get install libjavatuples-java" in missing_toolchain("java")
