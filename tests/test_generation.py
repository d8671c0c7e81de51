"""Sampling from a tiny model built from a config (no downloads): greedy decoding, the clear
error for greedy with several samples, a checkpoint's generation_config.json left out unless
asked for, prompts like the reference's eval, and batching across prompts and samples."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

from lintseq_x.trainers.generate import GREEDY_WITH_SAMPLES, Generator, SamplingOptions, generation_prompt  # noqa: E402
from lintseq_x.trainers.serialize import DIFF_SEPARATOR, PromptStyle  # noqa: E402
from training_helpers import checkpoint, scratch_model, shortest_python_paths  # noqa: E402

PROMPTS = [("Write a function that adds two numbers.", "python"), ("Print hello.", "python"), ("Sort a list of words by length, longest first.", "python")]
# What a checkpoint might ship, each of which would change our samples if applied.
INTRUSIVE = {"do_sample": True, "max_length": 5, "top_k": 1, "repetition_penalty": 10.0, "temperature": 0.01}


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> Path:
    """A 2-layer, 64-wide model with weights (its random initialisation, saved)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    work = tmp_path_factory.mktemp("generation")
    config = scratch_model(work / "scratch", shortest_python_paths(work, 12))
    directory = checkpoint(config, work / "model")
    (directory / "generation_config.json").unlink(missing_ok=True)
    return directory


@pytest.fixture(scope="module")
def generator(model_dir) -> Generator:
    return Generator(str(model_dir), device="cpu")


def responses(generator: Generator, options: SamplingOptions, prompts=PROMPTS) -> list[list[str]]:
    return [[sample.response for sample in drawn] for drawn in generator.sample(prompts, options)]


def test_greedy_decoding_gives_the_same_output_twice(generator):
    options = SamplingOptions(n=1, temperature=0, max_new_tokens=12, seed=1)
    first = responses(generator, options)
    assert [len(drawn) for drawn in first] == [1, 1, 1]
    assert first == responses(generator, SamplingOptions(n=1, temperature=0, max_new_tokens=12, seed=2))


@pytest.mark.parametrize("n", [2, 20])
def test_greedy_with_several_samples_is_a_clear_error(generator, n):
    with pytest.raises(ValueError) as error:
        generator.sample(PROMPTS, SamplingOptions(n=n, temperature=0))
    assert str(error.value) == GREEDY_WITH_SAMPLES == "--temperature 0 is greedy: every sample would be the same; use -n 1"


def test_a_checkpoints_generation_config_does_not_change_our_sampling(model_dir, generator, tmp_path):
    with_file = tmp_path / "with-generation-config"
    shutil.copytree(model_dir, with_file)
    (with_file / "generation_config.json").write_text(json.dumps(INTRUSIVE), encoding="utf-8")
    other = Generator(str(with_file), device="cpu")
    assert other.checkpoint_generation_config.top_k == 1  # the file was read
    for options in (SamplingOptions(n=3, temperature=1.0, max_new_tokens=16, seed=4), SamplingOptions(n=1, temperature=0, max_new_tokens=16)):
        ours = responses(generator, options)
        assert responses(other, options) == ours
        # max_length=5 would have cut every response (the prompts alone are longer) had it applied.
        assert any(len(generator.tokenizer(text)["input_ids"]) > 8 for drawn in ours for text in drawn)
    # Asked for, the file does apply (top_k=1 and the penalty change the samples).
    sampling = SamplingOptions(n=3, temperature=1.0, max_new_tokens=16, seed=4)
    assert responses(other, SamplingOptions(**{**sampling.__dict__, "use_generation_config": True})) != responses(generator, sampling)


def test_the_same_seed_gives_the_same_samples(generator):
    options = SamplingOptions(n=4, temperature=1.0, max_new_tokens=10, batch_size=5, seed=7)
    assert responses(generator, options) == responses(generator, options)


def test_batches_mix_prompts_and_keep_samples_in_order(generator, monkeypatch):
    """Every prompt gets n samples, its own, whatever the batch size; progress counts them."""
    calls: list[int] = []

    def echo(prompts, config):
        calls.append(len(prompts))
        return [f"@@ -0,0 +1 @@\n+{prompt.splitlines()[0]}\n\\ No newline at end of file" for prompt in prompts]

    monkeypatch.setattr(generator, "_generate", echo)
    for batch_size in (1, 3, 7, 16, 100):
        calls.clear()
        done: list[int] = []
        results = generator.sample(PROMPTS, SamplingOptions(n=5, batch_size=batch_size), progress=done.append)
        assert [len(drawn) for drawn in results] == [5, 5, 5]
        for (instruction, _), drawn in zip(PROMPTS, results):
            assert {sample.program for sample in drawn} == {instruction}
        assert calls == [min(batch_size, 15 - start) for start in range(0, 15, batch_size)]
        assert done[-1] == 15 and done == sorted(done)


def test_batched_and_one_at_a_time_give_as_many_samples_per_prompt(generator):
    for batch_size in (1, 4, 64):
        results = generator.sample(PROMPTS, SamplingOptions(n=3, temperature=1.0, max_new_tokens=6, batch_size=batch_size))
        assert [len(drawn) for drawn in results] == [3, 3, 3]


def test_edit_sequence_prompts_end_with_the_separator_as_the_reference_eval(generator, monkeypatch):
    style = PromptStyle()
    assert generation_prompt("Add.", "python", style) == "Add.\n" + DIFF_SEPARATOR
    assert generation_prompt("Add.", "python", PromptStyle(format="program")) == "Add.\n"
    seen: list[str] = []

    def reply(prompts, config):
        seen.extend(prompts)
        return [f"@@ -0,0 +1 @@\n+x = 1\n{DIFF_SEPARATOR}@@ -1,0 +2 @@\n+y = x\n{DIFF_SEPARATOR}\n{DIFF_SEPARATOR}"] * len(prompts)

    monkeypatch.setattr(generator, "_generate", reply)
    for mode in ("reference", "strict"):
        sample = generator.sample([("Add.", "python")], SamplingOptions(), resolution=mode)[0][0]
        # The response as trained: the prompt's separator, then the generated diffs.
        assert sample.response.startswith("\n" + DIFF_SEPARATOR + "@@ -0,0 +1 @@")
        assert sample.program == "x = 1\ny = x\n" and sample.resolution.closed and sample.resolution.edits == 2
    assert seen[0] == "Add.\n" + DIFF_SEPARATOR


@pytest.mark.parametrize(
    "options, message",
    [
        (SamplingOptions(n=0), "-n must be at least 1"),
        (SamplingOptions(temperature=-1), "--temperature must not be negative"),
        (SamplingOptions(batch_size=0), "--batch-size must be at least 1"),
    ],
)
def test_options_that_cannot_work_are_clear_errors(generator, options, message):
    with pytest.raises(ValueError, match=message):
        generator.sample(PROMPTS, options)
    with pytest.raises(ValueError, match="unknown resolution mode"):
        generator.sample(PROMPTS, SamplingOptions(), resolution="lenient")
