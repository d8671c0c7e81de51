"""`lintseq-x eval`: programs for a benchmark's problems (sampled from a model, or read from a
completions file) are run against the problems' tests in the sandbox, and pass@k is reported."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from .benchmarks import Problem
from .passk import mean_pass_at_k
from .resolve import Resolution, resolve
from .sandbox import Limits, network_isolated, run_program
from .serialize import DIFF_SEPARATOR, editseq_text

SAMPLES_FILE, SUMMARY_FILE, PLOT_FILE = "samples.jsonl", "summary.json", "pass_at_k.png"


class EvalError(ValueError):
    """Completions that cannot be scored; the message names the file and line."""


@dataclass(frozen=True)
class Candidate:
    task_id: str
    sample: int
    program: str
    kind: str  # edit_path, editseq (a generated response), completion or program
    edits: int = 0
    hunks_skipped: int = 0
    closed: bool = True


def from_resolution(task_id: str, sample: int, kind: str, resolution: Resolution) -> Candidate:
    return Candidate(task_id, sample, resolution.program, kind, resolution.edits, resolution.hunks_skipped, resolution.closed)


def read_completions(path: str | Path, problems: dict[str, Problem]) -> list[Candidate]:
    """Rows with `task_id` (or `source_task_id`, as `lintseq-x run` carries it) and one of:
    `edit_path` (a list of diffs), `completion` (HumanEval's continuation of the prompt, or a
    generated edit sequence if it holds the `<|diff|>` separator) or `program` (a whole program)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise EvalError(f"{path}: cannot read: {error.strerror or error}") from None
    candidates: list[Candidate] = []
    samples: Counter[str] = Counter()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        location = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise EvalError(f"{location}: invalid JSON: {error.msg}") from None
        if not isinstance(row, dict):
            raise EvalError(f"{location}: expected a JSON object")
        task_id = row.get("task_id", row.get("source_task_id"))
        if task_id not in problems:
            raise EvalError(f"{location}: task_id {task_id!r} is not a problem of the benchmark")
        candidates.append(_candidate(row, problems[task_id], samples[task_id], location))
        samples[task_id] += 1
    if not candidates:
        raise EvalError(f"{path}: no completions")
    return candidates


def _candidate(row: dict, problem: Problem, sample: int, location: str) -> Candidate:
    if isinstance(row.get("edit_path"), list):
        return from_resolution(problem.task_id, sample, "edit_path", resolve(editseq_text(row["edit_path"])))
    if isinstance(row.get("program"), str):
        return Candidate(problem.task_id, sample, row["program"], "program")
    if isinstance(row.get("completion"), str):
        completion = row["completion"]
        if DIFF_SEPARATOR in completion:
            return from_resolution(problem.task_id, sample, "editseq", resolve(completion))
        return Candidate(problem.task_id, sample, problem.program_from_completion(completion), "completion")
    raise EvalError(f"{location}: no 'edit_path', 'completion' or 'program' field")


def score(
    candidates: Sequence[Candidate],
    problems: dict[str, Problem],
    ks: Sequence[int],
    limits: Limits = Limits(),
    jobs: int = 4,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[dict], dict]:
    """Run every candidate against its problem's tests; return per-sample rows and the summary."""

    def judge(candidate: Candidate) -> dict:
        outcome = run_program(problems[candidate.task_id].test_program(candidate.program), limits)
        if progress:
            progress(1)
        return {**asdict(candidate), "passed": outcome.passed, "status": outcome.status, "detail": outcome.detail[-500:]}

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        rows = list(pool.map(judge, candidates))
    return rows, summarise(rows, problems, ks)


def summarise(rows: Iterable[dict], problems: dict[str, Problem], ks: Sequence[int]) -> dict:
    rows = list(rows)
    per_problem: dict[str, list[bool]] = {}
    for row in rows:
        per_problem.setdefault(row["task_id"], []).append(row["passed"])
    counts = [(len(results), sum(results)) for results in per_problem.values()]
    smallest = min(n for n, _ in counts)
    pass_at = {f"pass@{k}": round(mean_pass_at_k(counts, k), 6) for k in sorted(set(ks)) if k <= smallest}
    skipped_ks = sorted(k for k in set(ks) if k > smallest)
    return {
        "problems": len(per_problem),
        "problems_in_benchmark": len(problems),
        "samples": len(rows),
        "samples_per_problem": smallest if all(n == smallest for n, _ in counts) else [smallest, max(n for n, _ in counts)],
        **pass_at,
        "k_left_out": skipped_ks,  # larger than the fewest samples of a problem
        "passed": sum(row["passed"] for row in rows),
        "statuses": dict(Counter(row["status"] for row in rows)),
        "samples_with_skipped_hunks": sum(1 for row in rows if row.get("hunks_skipped")),
        "skipped_hunks": sum(row.get("hunks_skipped", 0) for row in rows),
        "unclosed_edit_sequences": sum(1 for row in rows if not row.get("closed", True)),
        "sandbox_network_namespace": network_isolated(),
    }


def write_results(output: str | Path, rows: list[dict], summary: dict, label: str) -> Path:
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    with open(output / SAMPLES_FILE, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    summary = {"label": label, **summary}
    (output / SUMMARY_FILE).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    plot_pass_at_k([(label, summary)], output / PLOT_FILE)
    return output


def read_summary(run: str | Path) -> dict:
    path = Path(run)
    path = path if path.is_file() else path / SUMMARY_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise EvalError(f"{path}: not an eval summary ({error})") from None


def plot_pass_at_k(runs: Sequence[tuple[str, dict]], path: str | Path) -> None:
    """pass@k against k, one line per run."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(5.5, 4))
    for label, summary in runs:
        points = sorted((int(key[5:]), value) for key, value in summary.items() if key.startswith("pass@"))
        if points:
            axes.plot([k for k, _ in points], [v for _, v in points], marker="o", label=label)
    axes.set_xscale("log")
    axes.set_xlabel("k")
    axes.set_ylabel("pass@k")
    axes.set_ylim(0, 1)
    axes.grid(True, alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
