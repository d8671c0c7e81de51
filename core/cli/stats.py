"""`lintseq-x stats`: how big, how granular and how diverse a dataset is."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.table import Table

from ..output_read import iter_output
from ..stats import dataset_stats, malformed
from .application import app, console, errors, fail


@app.command()
def stats(
    dataset: Annotated[Path, typer.Argument(help="Output of `lintseq-x run`: JSONL, .jsonl.gz, .jsonl.zst, Parquet, or OUT.shards.json.")],
    json_output: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    plot: Annotated[Optional[Path], typer.Option("--plot", help="Write histograms to this PNG (needs matplotlib).")] = None,
) -> None:
    """Records, programs, edits per path, lines per edit and distinct paths per program, per language."""
    if not dataset.is_file():
        fail(f"{dataset}: no such file")
    rows = []
    for row in iter_output(dataset, on_error=fail):
        problem = row.problem if row.value is None else malformed(row.value)
        if problem is not None:
            errors().print(f"[yellow]warning:[/] {row.location}: {problem} (not counted)", highlight=False)
            continue
        rows.append(row.value)
    if not rows:
        fail(f"{dataset}: no records")
    summary = dataset_stats(rows)
    if plot is not None:
        _plot(summary, plot)
    if json_output:
        console().print_json(json.dumps({group: _without_histograms(s) for group, s in summary.items()}))
        return
    table = Table(title=f"lintseq-x stats {dataset}", title_justify="left")
    for column in ("language", "records", "programs", "edits/path (mean · median · max)", "lines/edit (mean · median)", "distinct paths/program"):
        table.add_column(column, justify="right")
    for group, data in summary.items():
        e, l, d = data["edits_per_path"], data["lines_per_edit"], data["distinct_paths_per_program"]
        table.add_row(
            group,
            str(data["records"]),
            str(data["programs"]),
            f"{e['mean']:.1f} · {e['median']:g} · {e['max']:g}",
            f"{l['mean']:.2f} · {l['median']:g}",
            f"{d['mean']:.2f} ({data['distinct_path_share']:.0%} of paths distinct)",
        )
    console().print(table)
    if plot is not None:
        console().print(f"Histograms written to [bold]{plot}[/]")


def _without_histograms(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key != "histograms"}


def _plot(summary: dict[str, Any], path: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        fail("--plot needs matplotlib: pip install 'lintseq-x[plot]'")
    groups = [group for group in summary if group != "all"] or ["all"]
    titles = {
        "edits_per_path": "edits per path",
        "lines_per_edit": "lines per edit",
        "distinct_paths_per_program": "distinct paths per program",
    }
    figure, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    for axis, (key, title) in zip(axes, titles.items()):
        for group in groups:
            values = summary[group]["histograms"][key]
            bins = range(int(min(values, default=0)), int(max(values, default=0)) + 2)
            axis.hist(values, bins=list(bins), alpha=0.6, label=group)
        axis.set_title(title)
        axis.set_ylabel("count")
    axes[0].legend()
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
