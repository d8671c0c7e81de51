"""`lintseq-x stats`: how big, how granular and how diverse a dataset is."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich import box
from rich.table import Table

from ..output.read import iter_output
from ..output.stats import dataset_stats, malformed
from .application import app, console, errors, fail


@app.command()
def stats(
    dataset: Annotated[Path, typer.Argument(help="Output of `lintseq-x run`: JSONL, .jsonl.gz, .jsonl.zst, Parquet, or OUT.shards.json.")],
    json_output: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    plot: Annotated[Optional[Path], typer.Option("--plot", help="Write histograms to this PNG (needs matplotlib).")] = None,
) -> None:
    """Records, programs, edits per path, lines per edit, distinct paths per program and the programs
    that repeat a path (fewer distinct paths than samples), per language."""
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
    # One-word headers, explained below the table, and narrow gaps: it reads whole at 80 columns.
    table = Table(
        title=f"lintseq-x stats {dataset}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        collapse_padding=True,
        caption=(
            "edits/path: mean·median·max; lines/edit: mean·median; distinct: distinct paths per program, "
            "mean (share of paths); repeating: programs with fewer distinct paths than samples"
        ),
        caption_justify="left",
    )
    table.add_column("language", no_wrap=True)
    for column in ("records", "programs", "edits/path", "lines/edit", "distinct", "repeating"):
        table.add_column(column, justify="right", no_wrap=True)
    for group, data in summary.items():
        e, l, d = data["edits_per_path"], data["lines_per_edit"], data["distinct_paths_per_program"]
        table.add_row(
            group,
            f"{data['records']:,}",
            f"{data['programs']:,}",
            f"{e['mean']:.1f}·{e['median']:g}·{e['max']:g}",
            f"{l['mean']:.2f}·{l['median']:g}",
            f"{d['mean']:.2f} ({data['distinct_path_share']:.0%})",
            f"{data['programs_with_repeated_paths']:,}",
        )
    console().print(table)
    if plot is not None:
        console().print(f"Histograms written to [bold]{plot}[/]")


def _without_histograms(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key != "histograms"}


# At most this many bars per panel: a wider range groups whole numbers, several to a bar.
MAX_BARS = 60


def integer_bins(values: Sequence[float]) -> list[float]:
    """Bin edges for whole-number counts: each bar centred on the numbers it holds (one number per
    bar, or an equal whole number of them past MAX_BARS), so that no bar spans a fraction."""
    low, high = int(min(values, default=0)), int(max(values, default=0))
    width = max(1, math.ceil((high - low + 1) / MAX_BARS))
    return [low - 0.5 + width * step for step in range(math.ceil((high - low + 1) / width) + 1)]


def histogram_figure(summary: dict[str, Any]) -> Any:
    """The three histograms (edits per path, lines per edit, distinct paths per program) as a
    matplotlib figure, one colour per language. Every value counted is a whole number: the bins
    and the ticks are whole numbers too."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    groups = [group for group in summary if group != "all"] or ["all"]
    titles = {
        "edits_per_path": "edits per path",
        "lines_per_edit": "lines per edit",
        "distinct_paths_per_program": "distinct paths per program",
    }
    figure, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    for axis, (key, title) in zip(axes, titles.items()):
        bins = integer_bins([value for group in groups for value in summary[group]["histograms"][key]])
        for group in groups:
            axis.hist(summary[group]["histograms"][key], bins=bins, alpha=0.6, label=group)
        axis.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
        axis.yaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
        axis.set_title(title)
        axis.set_ylabel("count")
    axes[0].legend()
    figure.tight_layout()
    return figure


def _plot(summary: dict[str, Any], path: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        fail("--plot needs matplotlib: pip install 'lintseq-x[plot]'")
    figure = histogram_figure(summary)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
