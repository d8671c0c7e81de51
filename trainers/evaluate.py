"""`lintseq-x eval`: programs for a benchmark's problems (sampled from a model, or read from a
completions file) are run against the problems' tests in the sandbox, and pass@k is reported."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from .benchmarks import Problem
from .passk import mean_pass_at_k
from .resolve import Resolution, resolve
from .sandbox import Limits, network_isolated
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


def read_completions(path: str | Path, problems: dict[str, Problem], resolution: str = "reference") -> list[Candidate]:
    """Rows with `task_id` (or `source_task_id`, as `lintseq-x run` carries it; with problems
    of several languages that share names, also `language`) and one of: `edit_path` (a list of
    diffs), `completion` (a continuation of the prompt, cut at the problem's stop tokens, or a
    generated edit sequence if it holds the `<|diff|>` separator) or `program` (a whole
    program). Generated edit sequences resolve as `resolution` says."""
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
        task_id = _problem_key(row, problems, location)
        candidates.append(_candidate(row, problems[task_id], samples[task_id], location, resolution))
        samples[task_id] += 1
    if not candidates:
        raise EvalError(f"{path}: no completions")
    return candidates


def _problem_key(row: dict, problems: dict[str, Problem], location: str) -> str:
    """The problem a row is a sample of, or an `EvalError` saying what the row lacks."""
    task_id = row.get("task_id", row.get("source_task_id"))
    if task_id is None:
        # Rows of `lintseq-x run` over data without task ids (the built-in corpus, most
        # instruction data) land here: they are edit paths, but of no benchmark problem.
        raise EvalError(
            f"{location}: no 'task_id': each row names the problem it is a sample of in 'task_id' "
            f"(or 'source_task_id', which `lintseq-x run` carries from its input's task_id); this row has {_field_list(row)}"
        )
    if not isinstance(task_id, str):
        raise EvalError(f"{location}: task_id {task_id!r} is not a string naming a problem (such as {_example_task(problems)})")
    if task_id in problems:
        return task_id
    language = row.get("language")
    keyed = f"{language}/{task_id}"  # names shared by several languages' problem files
    if isinstance(language, str) and keyed in problems:
        return keyed
    raise EvalError(f"{location}: task_id {task_id!r} is not a problem of the benchmark ({len(problems)} problems, such as {_example_task(problems)})")


def _field_list(row: dict, shown: int = 8) -> str:
    names = list(row)
    if not names:
        return "no fields"
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return "fields " + ", ".join(names[:shown]) + more


def _example_task(problems: dict[str, Problem]) -> str:
    return repr(next(iter(problems))) if problems else "none: no problems were loaded"


def _candidate(row: dict, problem: Problem, sample: int, location: str, resolution: str) -> Candidate:
    if isinstance(row.get("edit_path"), list):
        # lintseq-x's own edit paths: every hunk applies, in either resolution
        return from_resolution(problem.task_id, sample, "edit_path", resolve(editseq_text(row["edit_path"]), mode="strict"))
    if isinstance(row.get("program"), str):
        return Candidate(problem.task_id, sample, row["program"], "program")
    if isinstance(row.get("completion"), str):
        completion = row["completion"]
        if DIFF_SEPARATOR in completion:
            resolved = resolve(completion, mode=resolution)
            return replace(from_resolution(problem.task_id, sample, "editseq", resolved), program=problem.program_from_edits(resolved.program))
        return Candidate(problem.task_id, sample, problem.program_from_completion(completion), "completion")
    raise EvalError(f"{location}: no 'edit_path' (a list of diffs), 'completion' or 'program' (text) to score; this row has {_field_list(row)}")


def score(
    candidates: Sequence[Candidate],
    problems: dict[str, Problem],
    ks: Sequence[int],
    limits: Limits = Limits(),
    jobs: int = 4,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[dict], dict]:
    """Compile and run every candidate against its problem's test suites, in the sandbox; return
    per-sample rows and the summary. A further suite (EvalPlus' plus tests) runs only after the
    base tests pass, and passing it means passing both, as EvalPlus counts it."""
    from .toolchains import judge

    def run(candidate: Candidate) -> dict:
        problem = problems[candidate.task_id]
        outcome = judge(problem, candidate.program, limits, "base")
        row = {
            **asdict(candidate),
            "language": problem.language,
            "passed": outcome.passed,
            "status": outcome.status,
            "phase": outcome.phase,
            "seconds": round(outcome.seconds, 3),
            "detail": outcome.detail[-500:],
        }
        for suite in problem.suites[1:]:
            extra = judge(problem, candidate.program, limits, suite) if outcome.passed else outcome
            row[f"passed_{suite}"] = extra.passed
            row[f"status_{suite}"] = extra.status
        if progress:
            progress(1)
        return row

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        rows = list(pool.map(run, candidates))
    return rows, summarise(rows, problems, ks)


def _pass_at(rows: Sequence[dict], ks: Sequence[int], key: str = "passed") -> tuple[dict, list[int]]:
    """pass@k over the problems of `rows` for every k no problem has fewer samples than, and the
    ks left out."""
    per_problem: dict[str, list[bool]] = {}
    for row in rows:
        per_problem.setdefault(row["task_id"], []).append(bool(row.get(key)))
    counts = [(len(results), sum(results)) for results in per_problem.values()]
    smallest = min(n for n, _ in counts)
    scores = {f"pass@{k}": round(mean_pass_at_k(counts, k), 6) for k in sorted(set(ks)) if k <= smallest}
    return scores, sorted(k for k in set(ks) if k > smallest)


def summarise(rows: Iterable[dict], problems: dict[str, Problem], ks: Sequence[int]) -> dict:
    rows = list(rows)
    per_problem: dict[str, int] = Counter(row["task_id"] for row in rows)
    smallest, largest = min(per_problem.values()), max(per_problem.values())
    pass_at, skipped_ks = _pass_at(rows, ks)
    statuses = Counter(row["status"] for row in rows)
    summary = {
        "problems": len(per_problem),
        "problems_in_benchmark": len(problems),
        "samples": len(rows),
        "samples_per_problem": smallest if smallest == largest else [smallest, largest],
        **pass_at,
        "k_left_out": skipped_ks,  # larger than the fewest samples of a problem
        "passed": sum(row["passed"] for row in rows),
        "statuses": dict(statuses),
        "compile_errors": statuses.get("compile_error", 0),
        "test_failures": statuses.get("failed", 0),
        "timeouts": statuses.get("timeout", 0),
        "samples_with_skipped_hunks": sum(1 for row in rows if row.get("hunks_skipped")),
        "skipped_hunks": sum(row.get("hunks_skipped", 0) for row in rows),
        "unclosed_edit_sequences": sum(1 for row in rows if not row.get("closed", True)),
        "sandbox_network_namespace": network_isolated(),
    }
    suites = sorted({key[len("passed_") :] for row in rows for key in row if key.startswith("passed_")})
    if suites:
        summary["suites"] = {suite: {**_pass_at(rows, ks, f"passed_{suite}")[0], "passed": sum(bool(row.get(f"passed_{suite}")) for row in rows)} for suite in suites}
    languages = sorted({row.get("language", "") for row in rows})
    summary["languages"] = {
        language: {
            "problems": len({row["task_id"] for row in chosen}),
            "samples": len(chosen),
            **_pass_at(chosen, ks)[0],
            "statuses": dict(Counter(row["status"] for row in chosen)),
            "seconds_per_sample": round(sum(row.get("seconds", 0.0) for row in chosen) / len(chosen), 3),
        }
        for language in languages
        for chosen in [[row for row in rows if row.get("language", "") == language]]
    }
    return summary


def write_results(output: str | Path, rows: list[dict], summary: dict, label: str) -> Path:
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    with open(output / SAMPLES_FILE, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    summary = {"label": label, **summary}
    (output / SUMMARY_FILE).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    plot_runs([(label, summary)], output / PLOT_FILE)
    return output


def read_summary(run: str | Path) -> dict:
    path = Path(run)
    path = path if path.is_file() else path / SUMMARY_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise EvalError(f"{path}: not an eval summary ({error})") from None


def plot_runs(runs: Sequence[tuple[str, dict]], path: str | Path) -> None:
    """Runs over several languages: pass@k per language, the runs side by side; otherwise
    pass@k against k, one line per run."""
    if any(len(summary.get("languages", {})) > 1 for _, summary in runs):
        plot_languages(runs, path)
    else:
        plot_pass_at_k(runs, path)


def plot_languages(runs: Sequence[tuple[str, dict]], path: str | Path) -> None:
    """One group of bars per language, a bar per run, at the smallest k every run reports."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    languages = sorted({language for _, summary in runs for language in summary.get("languages", {})})
    reported = [{int(key[5:]) for key in stats if key.startswith("pass@")} for _, summary in runs for stats in summary.get("languages", {}).values()]
    k = min(set.intersection(*reported)) if reported and set.intersection(*reported) else 1
    figure, axes = plt.subplots(figsize=(max(5.5, 1.2 * len(languages) * max(1, len(runs)) / 2), 4))
    width = 0.8 / max(1, len(runs))
    for number, (label, summary) in enumerate(runs):
        values = [summary.get("languages", {}).get(language, {}).get(f"pass@{k}", 0.0) for language in languages]
        axes.bar([index + number * width for index in range(len(languages))], values, width, label=label)
    axes.set_xticks([index + width * (len(runs) - 1) / 2 for index in range(len(languages))], languages)
    axes.set_ylabel(f"pass@{k}")
    axes.set_ylim(0, 1)
    axes.grid(True, axis="y", alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


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
