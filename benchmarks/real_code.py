"""Real code nobody here wrote: how many files a checker processes, and how many of the states it
emits the language's own tool accepts (docs/languages.md, "Figures on real code").

Sources come from installed Debian packages (`dpkg -L`, e.g. `apt-get install libboost1.81-doc
cimg-examples` for C++): the files of 10–400 lines with the language's extensions, shuffled with
`--seed`, the first `--files` of them copied (decompressed) into benchmarks/.cache/real-code/.
Each is sampled once (`-s 1`). A state counts for the real tool only where the tool accepts the
whole file (as `lintseq-x verify --strict` does); the tool is the language's `verify --strict`
tool (`g++ -fsyntax-only -std=c++17` for C++), one process per state, so this is slow.

    python benchmarks/real_code.py cpp libboost1.81-doc cimg-examples --files 40 --checker fallback --tolerate
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lintseq_x.core.algorithm.diffs import apply_diffs
from lintseq_x.core.plugin_system.registry import registry

CACHE = Path(__file__).resolve().parent / ".cache" / "real-code"


def package_files(packages: list[str], extensions: tuple[str, ...]) -> list[Path]:
    found = []
    for package in packages:
        listed = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True, check=True).stdout.split()
        for name in listed:
            path = Path(name)
            if path.is_file() and Path(name.removesuffix(".gz")).suffix in extensions:
                found.append(path)
    return sorted(found)


def read(path: Path) -> str:
    data = gzip.open(path).read() if path.suffix == ".gz" else path.read_bytes()
    return data.decode("utf-8", "replace")


def collect(language: str, packages: list[str], count: int, seed: int) -> Path:
    extensions = registry().get(language).extensions
    candidates = [path for path in package_files(packages, extensions) if 10 <= read(path).count("\n") <= 400]
    random.Random(seed).shuffle(candidates)
    folder = CACHE / f"{language}-{seed}-{count}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for number, path in enumerate(candidates[:count]):
        (folder / f"{number:04d}-{path.name.removesuffix('.gz')}").write_text(read(path), encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("language")
    parser.add_argument("packages", nargs="+", help="Debian packages whose files are the sources")
    parser.add_argument("--files", type=int, default=150)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--checker", default="default")
    parser.add_argument("--tolerate", action="store_true", help="--tolerate-original-errors")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()

    language = registry().get(args.language)
    if not language.tools:
        sys.exit(f"{language.name} has no real tool to judge states with")
    tool = language.tools[0]
    missing = tool.available()
    if missing:
        sys.exit(f"{tool.name}: {missing}")
    folder = collect(language.name, args.packages, args.files, args.seed)
    output = folder.with_suffix(".jsonl")
    command = [
        str(Path(sys.executable).with_name("lintseq-x")), "run", str(folder), "--lang", language.name, "-s", "1",
        "-j", str(args.jobs), "--checker", args.checker, "-q", "-o", str(output), "--allow-failed",
        *(["--tolerate-original-errors"] if args.tolerate else []),
    ]
    started = time.perf_counter()
    subprocess.run(command, check=True)
    seconds = time.perf_counter() - started
    rows = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    with ThreadPoolExecutor(args.jobs) as pool:
        whole = list(pool.map(tool.check, (apply_diffs(row["edit_path"])[-1] for row in rows)))
        judged = [row for row, problem in zip(rows, whole) if problem is None]
        states = [state for row in judged for state in apply_diffs(row["edit_path"])[1:]]
        rejected = [problem for problem in pool.map(tool.check, states) if problem is not None]
    summary = {
        "language": language.name, "checker": args.checker, "packages": args.packages, "files": args.files,
        "processed": len(rows), "files_the_tool_accepts_whole": len(judged), "states": len(states),
        "accepted_by_the_tool": len(states) - len(rejected),
        "edits_per_file": round(sum(len(row["edit_path"]) for row in rows) / max(len(rows), 1), 1),
        "seconds": round(seconds, 1), "rejections": rejected[:10],
    }
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
