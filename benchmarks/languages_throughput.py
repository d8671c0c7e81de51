"""Checker speed and paths/s per language, on each language's built-in corpus.

For every installed language and each of its checkers (the default front end and the pip-only
fallback), one edit path per corpus program is sampled in this process, and every checker call
is timed. Reported: programs, paths, checker calls, milliseconds per call (mean and median),
paths per second, and the share of sampling time spent in the checker.

    python benchmarks/languages_throughput.py [--lang go,rust] [--samples 1] [--seed 1] [--json OUT]

Absolute times depend on the machine and its load; compare rows measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from lintseq_x.core.algorithm.checker import CheckerUnavailable
from lintseq_x.core.plugin_system.checker_selection import DEFAULT, FALLBACK, choose_checker
from lintseq_x.core.algorithm.language import Language
from lintseq_x.core.pipeline import RunOptions, process_record
from lintseq_x.core.plugin_system.guard import checker_for
from lintseq_x.core.plugin_system.registry import registry
from lintseq_x.core.input.records import InputRecord


def checkers_to_measure(languages: str | None) -> Iterator[tuple[Language, str]]:
    """(language, checker choice) for each named language (default: every installed one) and each
    of its checkers, the default front end and the fallback; what cannot be measured is said on
    stderr and left out."""
    found = registry()
    for name in languages.split(",") if languages else sorted(found.languages):
        language = found.get(name)
        if language.corpus is None:
            print(f"{name}: no built-in corpus to measure on", file=sys.stderr)
            continue
        for wanted in (DEFAULT, FALLBACK):
            try:
                choice, notice = choose_checker(language, wanted)
            except CheckerUnavailable as error:
                print(f"{name} {wanted}: unavailable ({error})", file=sys.stderr)
                continue
            if wanted == DEFAULT and choice != DEFAULT:
                print(f"{name} default: unavailable ({notice})", file=sys.stderr)
                continue
            yield language, choice


def corpus_records(language) -> list[InputRecord]:
    files = sorted(path for path in Path(language.corpus).iterdir() if path.suffix in language.extensions)
    return [
        InputRecord(index=i, source_file=path.name, language=language.name, fields={"code": path.read_text(encoding="utf-8")},
                    code_field="code", prompt_field=None, extract=False, location=str(path))
        for i, path in enumerate(files)
    ]


def measure(language, choice: str, samples: int, seed: int) -> dict:
    checker = checker_for(language, choice)
    durations: list[float] = []
    original = checker.check

    def timed(source):
        started = time.perf_counter()
        try:
            return original(source)
        finally:
            durations.append(time.perf_counter() - started)

    checker.check = timed  # the pipeline asks checker_for again and gets this same object
    records = corpus_records(language)
    options = RunOptions(samples=samples, seed=seed, checkers=((language.name, choice),))
    paths = skipped = 0
    started = time.perf_counter()
    for record in records:
        result = process_record(record, options)
        paths += len(result.rows)
        skipped += result.skipped is not None or result.failed is not None
    seconds = time.perf_counter() - started
    checker.check = original
    return {
        "language": language.name,
        "checker": checker.name,
        "choice": choice,
        "programs": len(records),
        "skipped_or_failed": skipped,
        "paths": paths,
        "checker_calls": len(durations),
        "ms_per_check_mean": round(1000 * statistics.fmean(durations), 3) if durations else None,
        "ms_per_check_median": round(1000 * statistics.median(durations), 3) if durations else None,
        "paths_per_second": round(paths / seconds, 2) if seconds else None,
        "checker_share": round(sum(durations) / seconds, 3) if seconds else None,
        "seconds": round(seconds, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", help="comma-separated languages (default: every installed one)")
    parser.add_argument("--samples", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", help="also write the rows as JSON here")
    arguments = parser.parse_args()
    rows = []
    for language, choice in checkers_to_measure(arguments.lang):
        row = measure(language, choice, arguments.samples, arguments.seed)
        rows.append(row)
        print(
            f"{row['language']:<11} {row['checker']:<34} {row['programs']:>3} programs {row['paths']:>4} paths "
            f"{row['checker_calls']:>6} checks  {row['ms_per_check_mean']:>8} ms/check (median {row['ms_per_check_median']})  "
            f"{row['paths_per_second']:>7} paths/s  checker {100 * row['checker_share']:.0f}% of the time",
            flush=True,
        )
    if arguments.json:
        Path(arguments.json).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
