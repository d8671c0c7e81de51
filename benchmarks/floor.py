"""Total time against the floor: how close sampling gets to checking each emitted state once.

Every state lintseq-x emits must have been judged clean at least once, so no run can take less
than the time to run the checker once on each of them: that is the floor. For each installed
language and each of its checkers (the default front end, and the pip-only fallback), this
script samples the language's built-in corpus in this process (`process_record`, as a worker
runs it) and times it (total); then it rebuilds every emitted state from the output's diffs and
times a fresh checker of the same kind, warmed on an empty program, judging each state once
(floor). Reported per language and checker: total / floor.

Two floors, both reported:
- distinct: each distinct state of a program once (the samples of one program share states;
  checking one of them twice is never needed). The strict floor; `ratio` uses it.
- all: each emitted state of each path once, the same state of two paths twice, priced with the
  time measured for that state. The floor as the issue states it.
The empty program every path starts from is not counted (nothing to check). A checker with
`begin(program)` is shown each program once, as the pipeline does, and that is part of the floor.

    python benchmarks/floor.py [--lang python,go] [--checker default|fallback] [--samples 5]
                               [--seed 1] [--repeats 3] [--json benchmarks/results/floor.json]

Times are CPU seconds of this process and of its checker's helper processes (`--wall` for the
wall clock): on a shared machine, wall time mostly measures the other work. Each program's run
and its floor are timed one right after the other, and per program the fastest of `--repeats`
counts. Compare rows measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from languages_throughput import checkers_to_measure, corpus_records

from lintseq_x.core.algorithm.checker import Checker
from lintseq_x.core.plugin_system.checker_selection import build_checker
from lintseq_x.core.algorithm.diffs import apply_diffs
from lintseq_x.core.toolkit.helper_process import HelperProcess
from lintseq_x.core.algorithm.language import Language
from lintseq_x.core.pipeline import RunOptions, process_record
from lintseq_x.core.plugin_system import guard
from lintseq_x.core.plugin_system.guard import checker_for
from lintseq_x.core.plugin_system.registry import registry

RESULTS = Path(__file__).resolve().parent / "results" / "floor.json"
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds() -> float:
    """CPU seconds of this process and of its live descendants (a checker's helper process),
    from /proc: on a shared machine, CPU time is what the work costs; wall time is mostly the
    other work. Descendants are counted at the kernel's tick (10 ms), which averages out over
    the many calls of a run."""
    total = time.process_time()
    pending = [os.getpid()]
    while pending:
        pid = pending.pop()
        for task in Path(f"/proc/{pid}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in children:
                pending.append(int(child))
                try:
                    fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                total += (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime
    return total


clock = cpu_seconds if Path("/proc/self/task").exists() else time.perf_counter


def fresh_checker(language: Language, choice: str) -> Checker:
    """A new checker of this kind, warmed up (helper started, parser loaded) on an empty program."""
    checker = build_checker(language, choice, registry().extra_checkers(language.name))
    checker.begin("")
    checker.check("")
    return checker


def close(checker: Any) -> None:
    """Stop a checker's helper processes, if it has any, instead of leaving them to the exit."""
    inner = getattr(checker, "inner", checker)
    for value in vars(inner).values() if hasattr(inner, "__dict__") else ():
        if isinstance(value, HelperProcess):
            value.close()


class TimedChecker:
    """The pipeline's checker for this language and choice, replaced by a fresh warm one whose
    calls are timed: (wall seconds, clean) per call."""

    def __init__(self, language: Language, choice: str) -> None:
        close(guard._checkers.pop((language.name, choice), None))  # the pipeline builds a new one
        self.checker = checker_for(language, choice)
        self.checker.begin("")
        self.checker.check("")
        self.judge = self.checker.check
        self.calls: list[tuple[float, bool]] = []
        self.checker.check = self.timed_check  # the pipeline asks checker_for again: this object

    def timed_check(self, source: str) -> Any:
        # The wall clock, which costs nothing to read: these times only split a run's time.
        started = time.perf_counter()
        found = self.judge(source)
        self.calls.append((time.perf_counter() - started, not found))
        return found

    def close(self) -> None:
        self.checker.check = self.judge
        close(self.checker)


def emitted_states(result: Any) -> tuple[str, Counter[str]] | None:
    """The program and how often each non-empty state is emitted over its paths."""
    if not result.rows:
        return None
    counts: Counter[str] = Counter()
    for row in map(json.loads, result.rows):
        counts.update(state for state in apply_diffs(row["edit_path"])[1:] if state)
    program = apply_diffs(json.loads(result.rows[0])["edit_path"])[-1]
    return program, counts


def timed_floor(checker: Checker, program: str, counts: Counter[str]) -> tuple[float, float]:
    """Seconds to judge each distinct state once, and each emitted state once (each state priced
    at its share of the wall time, so that the clock is read twice in all)."""
    walls = []
    started = clock()
    checker.begin(program)
    for state in counts:
        wall = time.perf_counter()
        checker.check(state)
        walls.append(time.perf_counter() - wall)
    distinct = clock() - started
    weighted = sum(wall * count for wall, count in zip(walls, counts.values()))
    return distinct, distinct * (weighted / sum(walls) if sum(walls) else 1.0)


def measure(language: Language, choice: str, samples: int, seed: int, repeats: int, limit: int | None) -> dict[str, Any]:
    """Per program, its run and its floor are measured one after the other, so that both see the
    same load; per program, the fastest of the repeats counts."""
    records = corpus_records(language)[:limit]
    options = RunOptions(samples=samples, seed=seed, checkers=((language.name, choice),))
    inf = float("inf")
    run_s, floor_s, floor_all_s = [inf] * len(records), [inf] * len(records), [inf] * len(records)
    run_wall = [0.0] * len(records)
    calls_of: list[list[tuple[float, bool]]] = [[] for _ in records]
    states: list[tuple[str, Counter[str]] | None] = [None] * len(records)
    results: list[Any] = [None] * len(records)
    for repeat in range(repeats):
        timed = TimedChecker(language, choice)  # fresh each repeat: no answers remembered
        floor_checker = fresh_checker(language, choice)
        for index, record in enumerate(records):
            before = len(timed.calls)
            started, wall = clock(), time.perf_counter()
            result = process_record(record, options)
            seconds, wall = clock() - started, time.perf_counter() - wall
            if seconds < run_s[index]:
                run_s[index], run_wall[index], calls_of[index] = seconds, wall, timed.calls[before:]
            if repeat == 0:
                results[index], states[index] = result, emitted_states(result)
            if states[index] is not None:
                distinct, every = timed_floor(floor_checker, *states[index])
                floor_s[index] = min(floor_s[index], distinct)
                floor_all_s[index] = min(floor_all_s[index], every)
        timed.close()
        close(floor_checker)
    sampled = [index for index, found in enumerate(states) if found is not None]
    total = sum(run_s)
    floor_distinct = sum(floor_s[index] for index in sampled)
    floor_all = sum(floor_all_s[index] for index in sampled)
    calls = [call for record_calls in calls_of for call in record_calls]
    distinct_states = sum(len(states[index][1]) for index in sampled)
    # The run's split, from wall times of the same runs: the checker's share, of it unclean states.
    calls_wall = sum(seconds for seconds, _ in calls)
    unclean = [seconds for seconds, clean in calls if not clean]
    checker_s = total * min(1.0, calls_wall / sum(run_wall)) if sum(run_wall) else 0.0
    unclean_s = checker_s * (sum(unclean) / calls_wall) if calls_wall else 0.0
    return {
        "language": language.name,
        "checker": checker_for(language, choice).name,
        "choice": choice,
        "programs": len(records),
        "sampled_programs": len(sampled),
        "paths": sum(len(result.rows) for result in results),
        "emitted_states": sum(sum(states[index][1].values()) for index in sampled),
        "distinct_states": distinct_states,
        # the sampler's (memo misses), one on each original program, and extraction checks
        "checker_calls": len(calls),
        "calls_per_distinct_state": round(len(calls) / distinct_states, 3) if distinct_states else None,
        "unclean_calls": len(unclean),
        "total_s": round(total, 4),
        "checker_s": round(checker_s, 4),
        "unclean_checker_s": round(unclean_s, 4),
        "outside_checker_s": round(total - checker_s, 4),
        "floor_distinct_s": round(floor_distinct, 4),
        "floor_all_s": round(floor_all, 4),
        "ratio": round(total / floor_distinct, 3) if floor_distinct else None,
        "ratio_all": round(total / floor_all, 3) if floor_all else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", help="comma-separated languages (default: every installed one)")
    parser.add_argument("--samples", type=int, default=5, help="edit paths per program (default 5)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3, help="alternating measurements; the fastest counts")
    parser.add_argument("--limit", type=int, help="the first N programs of each corpus")
    parser.add_argument("--json", type=Path, default=RESULTS, help=f"results file (default {RESULTS})")
    parser.add_argument("--wall", action="store_true", help="time by the wall clock, not CPU seconds")
    parser.add_argument("--checker", choices=("default", "fallback"), help="only this checker of each language")
    arguments = parser.parse_args()
    global clock
    if arguments.wall:
        clock = time.perf_counter
    rows = []
    for language, choice in checkers_to_measure(arguments.lang):
        if arguments.checker and choice != arguments.checker:
            continue
        row = measure(language, choice, arguments.samples, arguments.seed, arguments.repeats, arguments.limit)
        rows.append(row)
        print(
            f"{row['language']:<11} {row['checker']:<24} {row['paths']:>4} paths {row['distinct_states']:>5} states "
            f"{row['calls_per_distinct_state']:>6} calls/state  total {row['total_s']:>8.3f} s "
            f"(checker {row['checker_s']:.3f}, of it unclean states {row['unclean_checker_s']:.3f})  "
            f"floor {row['floor_distinct_s']:>8.3f} s (all {row['floor_all_s']:.3f})  "
            f"total/floor {row['ratio']:>6} (all {row['ratio_all']})",
            flush=True,
        )
    report = {
        "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpu_count": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "config": {"samples": arguments.samples, "seed": arguments.seed, "repeats": arguments.repeats, "limit": arguments.limit,
                   "clock": "wall" if clock is time.perf_counter else "cpu (this process and its helper processes)"},
        "load_average_1min": round(os.getloadavg()[0], 2),
        "rows": rows,
    }
    arguments.json.parent.mkdir(parents=True, exist_ok=True)
    arguments.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {arguments.json}")


if __name__ == "__main__":
    main()
