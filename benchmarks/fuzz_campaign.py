"""A fuzz campaign: mutated corpus programs through the local engine, every output verified.

For each language and checker (its default front end where the toolchain is installed, and the
pip-only fallback), cases are made from the language's built-in corpus by the mutations of
tests/fuzzing.py and run through `run_local` with a per-record time budget, the way
`lintseq-x run` runs records: a crash or a hang costs only its record. Each result is judged in
this process: exactly one outcome, a reason for every skipped or failed record, no failure but
the time budget, and `verify` clean on every output row.

    python benchmarks/fuzz_campaign.py [--minutes 24] [--lang go,rust] [--checkers default,fallback]
        [--cases N] [--jobs 1] [--record-timeout 60] [--seed 1] [--json benchmarks/results/fuzz_campaign.json]

The time is shared equally by the (language, checker) pairs; with --cases, each pair runs that
many cases and the time limit is ignored. Cases run in batches of 25 that share a seed and
whether original errors are tolerated (one batch in three). Every violation is written with
its case (program, mutations, seed, index, tolerance), which `tests/fuzzing.run_case` replays
in process; records stopped by the time budget are listed too (the property allows them,
but each is worth a look).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fuzzing import Case, judge, make_case  # noqa: E402

from lintseq_x.core.algorithm.checker import CheckerUnavailable  # noqa: E402
from lintseq_x.core.plugin_system.checker_selection import build_checker  # noqa: E402
from lintseq_x.core.engines.local import run_local  # noqa: E402
from lintseq_x.core.pipeline import RecordResult, RunOptions  # noqa: E402
from lintseq_x.core.plugin_system.registry import registry  # noqa: E402
from lintseq_x.core.algorithm.sampler import SamplerSettings  # noqa: E402

LANGUAGES = ("python", "javascript", "typescript", "go", "rust", "java", "c", "cpp")
BATCH = 25
KEPT_EXAMPLES = 20  # per pair and kind: enough to see a pattern, few enough to read


class PairRun:
    """The cases of one (language, checker) pair and what became of them."""

    def __init__(self, language: str, checker: str) -> None:
        self.language, self.checker = language, checker
        self.outcomes: Counter[str] = Counter()
        self.mutations: Counter[str] = Counter()
        self.violations: list[dict[str, Any]] = []
        self.timeouts: list[dict[str, Any]] = []
        self.pending: dict[int, Case] = {}
        self.next_index = 0

    def collect(self, result: RecordResult) -> None:
        case = self.pending.pop(result.index)
        report = judge(result, allow_time_budget=True)
        self.outcomes[report.outcome] += 1
        if report.problems:
            self.outcomes["violations"] += 1
            if len(self.violations) < KEPT_EXAMPLES:
                self.violations.append({"problems": report.problems[:5], "reason": report.reason, "case": case.describe()})
        elif report.outcome == "failed":
            self.outcomes["time budget exceeded"] += 1
            if len(self.timeouts) < KEPT_EXAMPLES:
                self.timeouts.append({"reason": report.reason, "case": case.describe()})

    def summary(self, seconds: float) -> dict[str, Any]:
        return {
            "language": self.language,
            "checker": self.checker,
            "cases": sum(self.outcomes[kind] for kind in ("output", "skipped", "failed", "none")),
            "seconds": round(seconds, 1),
            "outcomes": dict(self.outcomes),
            "mutations": dict(sorted(self.mutations.items())),
            "violations": self.violations,
            "time_budget_exceeded": self.timeouts,
        }


def run_pair(run: PairRun, args: argparse.Namespace, deadline: float | None, rng: random.Random) -> None:
    language = registry().get(run.language)
    batch = 0
    while (args.cases is None or run.next_index < args.cases) and (deadline is None or time.monotonic() < deadline):
        seed, tolerate = rng.randrange(2**32), batch % 3 == 2
        options = RunOptions(samples=1, seed=seed, sampler=SamplerSettings(), tolerate_original_errors=tolerate,
                             checkers=((run.language, run.checker),))

        def cases() -> Iterator:
            for _ in range(BATCH):
                if (args.cases is not None and run.next_index >= args.cases) or (deadline is not None and time.monotonic() >= deadline):
                    return
                case = make_case(language, run.checker, rng)
                case.seed, case.tolerate, case.index = seed, tolerate, run.next_index
                run.pending[case.index] = case
                run.mutations.update(case.mutations)
                run.next_index += 1
                yield case.record()

        run_local(cases(), options, args.jobs, run.collect, chunk_size=1, record_timeout=args.record_timeout)
        batch += 1


def available_pairs(languages: list[str], checkers: list[str]) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The pairs whose checker can be built here, and why the others cannot."""
    usable, missing = [], {}
    for name in languages:
        language = registry().get(name)
        for choice in checkers:
            try:
                build_checker(language, choice)
                usable.append((language.name, choice))
            except CheckerUnavailable as why:
                missing[f"{language.name}/{choice}"] = str(why)
    return usable, missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=24.0, help="total time, shared by the pairs")
    parser.add_argument("--cases", type=int, default=None, help="cases per pair instead of a time limit")
    parser.add_argument("--lang", default=",".join(LANGUAGES))
    parser.add_argument("--checkers", default="default,fallback")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--record-timeout", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, default=Path(__file__).parent / "results" / "fuzz_campaign.json")
    args = parser.parse_args(argv)

    usable, missing = available_pairs([n for n in args.lang.split(",") if n], [c for c in args.checkers.split(",") if c])
    for pair, why in missing.items():
        print(f"not run: {pair}: {why}", file=sys.stderr)
    share = args.minutes * 60 / max(len(usable), 1)
    results = []
    started = time.monotonic()
    for number, (language, checker) in enumerate(usable):
        rng = random.Random(f"{args.seed}/{language}/{checker}")
        run = PairRun(language, checker)
        pair_started = time.monotonic()
        run_pair(run, args, None if args.cases is not None else pair_started + share, rng)
        summary = run.summary(time.monotonic() - pair_started)
        results.append(summary)
        print(f"{language:11} {checker:9} {summary['cases']:6} cases  {summary['outcomes']}", flush=True)
        _write(args, results, missing, time.monotonic() - started)  # a partial file survives an interrupted run
    total_violations = sum(r["outcomes"].get("violations", 0) for r in results)
    print(f"{sum(r['cases'] for r in results)} cases, {total_violations} violations -> {args.json}")
    return 1 if total_violations else 0


def _write(args: argparse.Namespace, results: list[dict[str, Any]], missing: dict[str, str], seconds: float) -> None:
    args.json.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "settings": {"minutes": args.minutes, "cases": args.cases, "jobs": args.jobs, "record_timeout": args.record_timeout,
                     "seed": args.seed, "batch": BATCH},
        "seconds": round(seconds, 1),
        "cases": sum(r["cases"] for r in results),
        "violations": sum(r["outcomes"].get("violations", 0) for r in results),
        "not_run": missing,
        "pairs": results,
    }
    args.json.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
