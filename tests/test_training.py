"""Training, generation and evaluation with a tiny model built from a config and a tokenizer
trained here (no downloads): the loss falls, checkpoints reload and resume, and the commands run
end to end, on one process and on two (torchrun, gloo)."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("torch")
pytest.importorskip("transformers")

from lintseq_x.core.cli import app  # noqa: E402
from lintseq_x.trainers.data import read_examples  # noqa: E402
from lintseq_x.trainers.encode import IGNORE, encode  # noqa: E402
from lintseq_x.trainers.models import load_model, load_tokenizer  # noqa: E402
from lintseq_x.trainers.serialize import DIFF_SEPARATOR, PromptStyle  # noqa: E402
from lintseq_x.trainers.train import TrainOptions, train  # noqa: E402

runner = CliRunner()
SMALL = ["--max-length", "512", "--batch-size", "4", "--logging-steps", "5"]


def _invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return tmp_path_factory.mktemp("training")


@pytest.fixture(scope="module")
def python_data(workdir) -> Path:
    """24 edit paths of the built-in Python corpus, made by `lintseq-x run`."""
    full = workdir / "python-full.jsonl"
    _invoke("run", "--lang", "python", "-s", "1", "--seed", "3", "-o", str(full))
    rows = full.read_text(encoding="utf-8").splitlines()
    short = sorted(rows, key=len)[:24]
    path = workdir / "python.jsonl"
    path.write_text("\n".join(short) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def javascript_data(workdir) -> Path:
    full = workdir / "javascript.jsonl"
    _invoke("run", "--lang", "javascript", "--checker", "fallback", "-s", "1", "-o", str(full))
    return full


@pytest.fixture(scope="module")
def scratch_model(workdir, python_data) -> Path:
    directory = workdir / "scratch"
    _invoke("new-model", str(directory), "--from", str(python_data), "--vocab-size", "600", "--layers", "2", "--width", "64", "--heads", "2", "--context", "512")
    return directory


@pytest.fixture(scope="module")
def trained(workdir, python_data, scratch_model) -> Path:
    output = workdir / "run-editseq"
    _invoke("train", str(python_data), "--model", str(scratch_model), "-o", str(output), "--max-steps", "30", "--lr", "3e-3", "--save-steps", "15", *SMALL)
    return output


def test_the_separator_is_one_token_and_the_prompt_is_masked(python_data, scratch_model):
    tokenizer = load_tokenizer(scratch_model)
    assert len(tokenizer(DIFF_SEPARATOR, add_special_tokens=False).input_ids) == 1
    example = read_examples([python_data])[0]
    encoded = encode(example, tokenizer, PromptStyle())
    prompt_length = len(tokenizer(example.instruction + ("" if example.instruction.endswith("\n") else "\n")).input_ids)
    assert encoded.labels[:prompt_length] == [IGNORE] * prompt_length
    assert encoded.labels[prompt_length:] == encoded.input_ids[prompt_length:]
    assert encoded.input_ids[-1] == tokenizer.eos_token_id
    text = tokenizer.decode(encoded.input_ids[prompt_length:], skip_special_tokens=True)
    assert text == ("\n" + DIFF_SEPARATOR).join(["", *example.edits, "", ""])


def test_dry_run_prints_a_tokenised_example_with_labels(python_data, scratch_model, workdir):
    output = _invoke("train", str(python_data), "--model", str(scratch_model), "-o", str(workdir / "dry"), "--dry-run", *SMALL)
    assert "24 examples (python 24); format editseq" in output
    assert "first example, as the model sees it" in output and DIFF_SEPARATOR in output
    label_rows = [line.split()[1] for line in output.splitlines() if line[:7].strip().isdigit() and len(line.split()) > 2]
    assert label_rows[0] == "·" and label_rows[-1] == "L"
    assert not (workdir / "dry").exists()


def test_training_lowers_the_loss_and_the_model_reloads(trained):
    config = json.loads((trained / "lintseq_x_train.json").read_text())
    summary = config["summary"]
    assert summary["steps"] == 30
    assert summary["final_loss"] < summary["first_loss"] - 1.0, summary
    assert config["prompt_style"] == {"format": "editseq", "name_language": False, "separator": DIFF_SEPARATOR}
    assert sorted(path.name for path in trained.glob("checkpoint-*")) == ["checkpoint-15", "checkpoint-30"]
    model = load_model(trained)
    tokenizer = load_tokenizer(trained)
    assert model.get_input_embeddings().weight.shape[0] == len(tokenizer)


def test_training_resumes_from_its_last_checkpoint(trained, python_data, scratch_model):
    output = _invoke("train", str(python_data), "--model", str(scratch_model), "-o", str(trained), "--max-steps", "33", "--lr", "3e-3", "--resume", *SMALL)
    assert "trained 33 steps" in output


def test_generate_prints_resolved_programs(trained):
    output = _invoke("generate", "Write a function that adds two numbers.", "--model", str(trained), "-n", "2", "--max-new-tokens", "40", "--seed", "1")
    assert "sample 0" in output and "sample 1" in output


def test_eval_with_a_model_runs_end_to_end(trained, workdir):
    results = workdir / "eval"
    _invoke("eval", "--model", str(trained), "--limit", "2", "-n", "2", "-k", "1,2", "--max-new-tokens", "40", "-o", str(results))
    summary = json.loads((results / "summary.json").read_text())
    assert summary["samples"] == 4 and summary["problems"] == 2
    assert 0.0 <= summary["pass@1"] <= summary["pass@2"] <= 1.0
    rows = [json.loads(line) for line in (results / "samples.jsonl").read_text().splitlines()]
    assert [row["task_id"] for row in rows] == ["HumanEval/0", "HumanEval/0", "HumanEval/1", "HumanEval/1"]
    assert all(row["kind"] == "editseq" for row in rows)


def test_matching_the_program_arm(python_data, scratch_model, workdir):
    common = dict(data=[str(python_data)], model=str(scratch_model), output=str(workdir / "m"), epochs=2, batch_size=4, max_length=512, dry_run=True, log=lambda line: None)
    baseline = train(TrainOptions(format="program", **common))
    by_steps = train(TrainOptions(format="editseq", match="program", match_by="steps", **common))
    by_tokens = train(TrainOptions(format="editseq", match="program", match_by="tokens", **common))
    assert by_steps["max_steps"] == 2 * math.ceil(baseline["examples"] / 4)
    # by tokens: the step count whose tokens come closest to what the baseline arm sees
    edit_tokens_per_step = by_tokens["tokens"] / by_tokens["examples"] * 4
    baseline_tokens = baseline["tokens"] / baseline["examples"] * 4 * by_steps["max_steps"]
    assert abs(by_tokens["max_steps"] * edit_tokens_per_step - baseline_tokens) <= edit_tokens_per_step / 2


def test_mixed_languages_are_weighted_and_named(python_data, javascript_data, scratch_model, workdir):
    output = _invoke(
        "train", str(python_data), str(javascript_data), "--model", str(scratch_model), "-o", str(workdir / "mix"),
        "--mix", "python=0.75,javascript=0.25", "--dry-run", *SMALL,
    )
    total = 24 + len(javascript_data.read_text().splitlines())
    assert f"{total} examples (javascript {round(0.25 * total)}, python {round(0.75 * total)})" in output
    assert "Language: " in output


def test_an_unknown_mix_language_is_a_clear_error(python_data, scratch_model, workdir):
    result = runner.invoke(app, ["train", str(python_data), "--model", str(scratch_model), "-o", str(workdir / "x"), "--mix", "go=1", "--dry-run"])
    assert result.exit_code == 2
    assert "--mix names go, but the data has only: python (24)" in result.output


def test_lora_adapters_are_merged_into_the_saved_model(python_data, scratch_model, workdir):
    pytest.importorskip("peft")
    output = workdir / "lora"
    _invoke("train", str(python_data), "--model", str(scratch_model), "-o", str(output), "--max-steps", "3", "--lora", "--lora-rank", "4", *SMALL)
    assert (output / "config.json").exists() and not (output / "adapter_config.json").exists()
    model = load_model(output)
    assert not any("lora" in name for name, _ in model.named_parameters())


def test_two_process_data_parallel_training(python_data, scratch_model, workdir):
    output = workdir / "ddp"
    command = [
        sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2", "--no-python",
        str(Path(sys.executable).with_name("lintseq-x")), "train", str(python_data), "--model", str(scratch_model),
        "-o", str(output), "--max-steps", "3", *SMALL,
    ]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads((output / "lintseq_x_train.json").read_text())["summary"]
    assert summary["world_size"] == 2 and summary["steps"] == 3
    assert done.stdout.count("trained 3 steps") == 1  # rank 0 alone reports
