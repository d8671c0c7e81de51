"""Training throughput on the CPU: this tree against an earlier commit, in the same run.

The built-in Python corpus at `-s 5` (260 edit paths), a small Llama-style model built from a
config with a tokenizer trained on the data (`lintseq-x new-model`), `--max-steps` optimizer
steps of `--batch-size` sequences, without and with `--packing`, each run in a fresh
interpreter, alternating between the two trees. Reported per run: real (non-padding) tokens per
second of `trainer.train()`, the share of the batches' tokens that are padding, and the steps.

Before the TRL rewrite, `--packing` concatenated examples and cut them into blocks (examples
attended to each other and were cut); after it, whole examples are packed into rows whose
position ids restart per example. Without packing, batches were randomly drawn and padded;
now they are grouped by length.

    python benchmarks/train_throughput.py [--baseline ffd0f63] [--steps 12] [--batch-size 8]
                                          [--json benchmarks/results/train_throughput.json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from big_programs import baseline_tree

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# One training run in a fresh interpreter; the old trainer's collator is wrapped to count padding.
ONE_RUN = """
import json, sys
from lintseq_x.trainers import train as module
from lintseq_x.trainers.train import TrainOptions, train
data, model, output, packing, steps, batch, length = sys.argv[1:8]
counted = {"real": 0, "total": 0}
if hasattr(module, "_Collator"):
    collate = module._Collator.__call__
    def counting(self, features):
        out = collate(self, features)
        counted["total"] += out["input_ids"].numel()
        counted["real"] += int(out["attention_mask"].sum())
        return out
    module._Collator.__call__ = counting
summary = train(TrainOptions(
    data=[data], model=model, output=output, packing=packing == "1", max_steps=int(steps), batch_size=int(batch),
    max_length=int(length), learning_rate=1e-3, logging_steps=10**6, save_steps=10**6, seed=1, log=lambda line: None,
))
padding = summary.get("padding_fraction")
if padding is None:
    padding = 1 - counted["real"] / counted["total"]
print(json.dumps({"tokens_per_second": summary["tokens_seen"] / summary["seconds"], "padding_fraction": padding,
                  "steps": summary["steps"], "tokens": summary["tokens_seen"], "seconds": summary["seconds"]}))
"""


def lintseq(*args: str) -> None:
    subprocess.run([str(Path(sys.executable).with_name("lintseq-x")), *args], check=True, capture_output=True)


def run_once(work: Path, packing: bool, options: argparse.Namespace, path: Path | None, name: str) -> dict:
    env = {**os.environ, "OMP_NUM_THREADS": str(os.cpu_count() or 1), "HF_HUB_OFFLINE": "1"}
    if path is not None:  # ahead of the editable install's finder
        env["PYTHONPATH"] = str(path)
    arguments = [str(work / "py.jsonl"), str(work / "model"), str(work / name), "1" if packing else "0", str(options.steps), str(options.batch_size), str(options.max_length)]
    done = subprocess.run([sys.executable, "-c", ONE_RUN, *arguments], env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", default="ffd0f63", help="the commit to compare with (before the TRL rewrite)")
    parser.add_argument("--steps", type=int, default=12)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--max-length", type=int, default=2048)
    parser.add_argument("--json", type=Path, default=HERE / "results" / "train_throughput.json")
    options = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        lintseq("run", "--lang", "python", "-s", "5", "--seed", "1", "-q", "-o", str(work / "py.jsonl"))
        lintseq("new-model", str(work / "model"), "--from", str(work / "py.jsonl"), "--vocab-size", "4096", "--layers", "4", "--width", "256", "--heads", "4", "--context", str(options.max_length))
        path = baseline_tree(options.baseline, work)
        try:
            for packing in (False, True):
                row: dict = {"packing": packing}
                for side, tree in (("baseline", path), ("now", None)):
                    result = run_once(work, packing, options, tree, f"{side}-{int(packing)}")
                    row[side] = {key: round(value, 4) if isinstance(value, float) else value for key, value in result.items()}
                row["tokens_per_second_ratio"] = round(row["now"]["tokens_per_second"] / row["baseline"]["tokens_per_second"], 2)
                rows.append(row)
                print(
                    f"packing {packing!s:<5}: baseline {row['baseline']['tokens_per_second']:>8,.0f} tokens/s, "
                    f"{100 * row['baseline']['padding_fraction']:.1f}% padding; now {row['now']['tokens_per_second']:>8,.0f} tokens/s, "
                    f"{100 * row['now']['padding_fraction']:.1f}% padding; x{row['tokens_per_second_ratio']}",
                    flush=True,
                )
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(work / "tree")], capture_output=True)
    result = {
        "baseline": options.baseline,
        "steps": options.steps,
        "batch_size": options.batch_size,
        "max_length": options.max_length,
        "model": "Llama, 4 layers, width 256, vocabulary 4096",
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "rows": rows,
    }
    options.json.parent.mkdir(parents=True, exist_ok=True)
    options.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
