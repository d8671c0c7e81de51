"""Seconds per path on big Python programs: this tree against an earlier commit, in the same run.

Programs of about 1k, 2k, 5k and 10k lines of real code, from the interpreter's standard library
(functools.py; enum.py; functools+shutil+argparse; _pydecimal+typing, joined with blank lines).
Each is sampled once (`-s 1`, seed 1, `process_record` as a worker runs it, size caps off) by
this tree and by `--baseline` (a git commit, checked out in a temporary worktree), alternating,
each in a fresh interpreter; the median of `--repeats` counts, CPU seconds next to wall seconds
(the machine is shared). The outputs of both must be byte for byte the same.

    python benchmarks/big_programs.py [--sizes 1000,2000,5000,10000] [--repeats 1]
                                      [--baseline a85a465] [--json benchmarks/results/big_programs.json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
STDLIB = Path(sysconfig.get_paths()["stdlib"])
PROGRAMS = {
    1000: ["functools.py"],
    2000: ["enum.py"],
    5000: ["functools.py", "shutil.py", "argparse.py"],
    10000: ["_pydecimal.py", "typing.py"],
}

# One path through one program, in a fresh interpreter: seconds, CPU seconds, output digest.
ONE_RUN = """
import hashlib, json, sys, time
from lintseq_x.core.pipeline import RunOptions, process_record
from lintseq_x.core.input.records import InputRecord
program = open(sys.argv[1], encoding="utf-8").read()
record = InputRecord(0, "big", "python", {"code": program}, "code", None, False, "big")
wall, cpu = time.perf_counter(), time.process_time()
result = process_record(record, RunOptions(samples=1, seed=1, max_program_lines=0, max_program_bytes=0))
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
assert result.rows, result.skipped or result.failed
digest = hashlib.sha256(b"".join(row if isinstance(row, bytes) else row.encode() for row in result.rows)).hexdigest()
print(json.dumps({"seconds": wall, "cpu_seconds": cpu, "checks": result.checks, "digest": digest}))
"""


def program(size: int) -> str:
    return "\n\n".join((STDLIB / name).read_text(encoding="utf-8") for name in PROGRAMS[size])


def baseline_tree(commit: str, folder: Path) -> Path:
    """`commit` checked out, importable as `lintseq_x` (its core/ and plugins/ linked in)."""
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(folder / "tree"), commit], check=True, capture_output=True)
    package = folder / "path" / "lintseq_x"
    package.mkdir(parents=True)
    for name in ("core", "plugins", "trainers"):
        (package / name).symlink_to(folder / "tree" / name)
    return folder / "path"


def run_once(program_file: Path, path: Path | None) -> dict[str, float | str]:
    env = dict(os.environ)
    if path is not None:  # ahead of the editable install's finder
        env["PYTHONPATH"] = str(path)
    done = subprocess.run([sys.executable, "-c", ONE_RUN, str(program_file)], env=env, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,2000,5000,10000")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--baseline", default="a85a465", help="the commit to compare with (before the incremental checker)")
    parser.add_argument("--json", type=Path, default=HERE / "results" / "big_programs.json")
    options = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        path = baseline_tree(options.baseline, folder)
        try:
            for size in map(int, options.sizes.split(",")):
                text = program(size)
                program_file = folder / f"program-{size}.py"
                program_file.write_text(text, encoding="utf-8")
                runs: dict[str, list[dict[str, float | str]]] = {"now": [], "baseline": []}
                for _ in range(options.repeats):
                    runs["baseline"].append(run_once(program_file, path))
                    runs["now"].append(run_once(program_file, None))
                digests = {run["digest"] for side in runs.values() for run in side}
                row = {"lines": text.count("\n") + 1, "files": PROGRAMS[size], "same_output": len(digests) == 1}
                for side, found in runs.items():
                    row[f"{side}_seconds"] = round(statistics.median(float(run["seconds"]) for run in found), 2)
                    row[f"{side}_cpu_seconds"] = round(statistics.median(float(run["cpu_seconds"]) for run in found), 2)
                    row[f"{side}_checks"] = found[0]["checks"]
                row["speedup_cpu"] = round(row["baseline_cpu_seconds"] / row["now_cpu_seconds"], 2)
                rows.append(row)
                print(
                    f"{row['lines']:>6} lines: baseline {row['baseline_seconds']:>7.2f} s ({row['baseline_cpu_seconds']:.2f} CPU s), "
                    f"now {row['now_seconds']:>7.2f} s ({row['now_cpu_seconds']:.2f} CPU s), x{row['speedup_cpu']} CPU, "
                    f"same output: {row['same_output']}",
                    flush=True,
                )
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(folder / "tree")], capture_output=True)
    result = {"baseline": options.baseline, "python": sys.version.split()[0], "load_average": os.getloadavg(), "rows": rows}
    options.json.parent.mkdir(parents=True, exist_ok=True)
    options.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if not all(row["same_output"] for row in rows):
        sys.exit("outputs differ from the baseline's")


if __name__ == "__main__":
    main()
