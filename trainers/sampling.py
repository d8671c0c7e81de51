"""Samples from a model for a benchmark's problems, as candidates to score."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .benchmarks import Problem
from .evaluate import Candidate, from_resolution


def sample_candidates(model: str, problems: dict[str, Problem], sampling: dict[str, Any], resolution: str) -> list[Candidate]:
    """`sampling["n"]` candidates per problem: edit sequences resolved as `resolution` says, or
    completions made into programs by the problem's own rule (stop tokens, entry point)."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from lintseq_x.core.cli.application import console

    from .generate import SamplingOptions, open_generator

    generator = open_generator(model, sampling.get("backend", "hf"), seed=sampling["seed"])
    task_ids = list(problems)
    options = SamplingOptions(
        n=sampling["n"],
        temperature=sampling["temperature"],
        top_p=sampling["top_p"],
        max_new_tokens=sampling["max_new_tokens"],
        batch_size=sampling["batch_size"],
        seed=sampling["seed"],
        use_generation_config=sampling["generation_config"],
    )
    columns = (TextColumn("sampling"), BarColumn(), TextColumn("{task.completed}/{task.total} samples, {task.fields[rate]}"), TimeRemainingColumn())
    with Progress(*columns, console=console(), transient=True) as progress:
        task = progress.add_task("sampling", total=len(task_ids) * options.n, rate="")

        def advance(done: int) -> None:
            elapsed = progress.tasks[0].elapsed or 0.0
            progress.update(task, completed=done, rate=f"{done / elapsed:.1f} samples/s" if elapsed else "")

        drawn = generator.sample([(problems[t].prompt, problems[t].language) for t in task_ids], options, progress=advance, resolution=resolution)
    candidates = []
    for task_id, samples in zip(task_ids, drawn):
        for number, sample in enumerate(samples):
            if generator.style.format == "editseq":
                candidate = from_resolution(task_id, number, "editseq", sample.resolution)
                candidates.append(replace(candidate, program=problems[task_id].program_from_edits(sample.program)))
            else:
                candidates.append(Candidate(task_id, number, problems[task_id].program_from_completion(sample.program), "program"))
    return candidates
