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

pytest.importorskip("torch")
pytest.importorskip("transformers")

from lintseq_x.core.cli import app  # noqa: E402
from lintseq_x.trainers.data import read_examples  # noqa: E402
from lintseq_x.trainers.encode import IGNORE, tokenize  # noqa: E402
from lintseq_x.trainers.models import load_model, load_tokenizer  # noqa: E402
from lintseq_x.trainers.serialize import DIFF_SEPARATOR, PromptStyle  # noqa: E402
from lintseq_x.trainers.train import TrainOptions, train  # noqa: E402
from training_helpers import checkpoint, invoke, runner, shortest_python_paths, with_instructions  # noqa: E402
from training_helpers import scratch_model as new_scratch_model  # noqa: E402

SMALL = ["--max-length", "1536", "--batch-size", "4", "--logging-steps", "5"]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return tmp_path_factory.mktemp("training")


@pytest.fixture(scope="module")
def python_data(workdir) -> Path:
    """24 edit paths of the built-in Python corpus, made by `lintseq-x run`."""
    return shortest_python_paths(workdir, 24)


@pytest.fixture(scope="module")
def instructed_data(workdir, python_data) -> Path:
    return with_instructions(python_data, workdir / "instructed.jsonl")


@pytest.fixture(scope="module")
def pretrained(workdir, scratch_model) -> Path:
    """A checkpoint with weights (the scratch model's initialisation, saved)."""
    return checkpoint(scratch_model, workdir / "pretrained")


@pytest.fixture(scope="module")
def javascript_data(workdir) -> Path:
    full = workdir / "javascript.jsonl"
    invoke("run", "--lang", "javascript", "--checker", "fallback", "-s", "1", "-o", str(full))
    return full


@pytest.fixture(scope="module")
def scratch_model(workdir, python_data) -> Path:
    return new_scratch_model(workdir / "scratch", python_data)


@pytest.fixture(scope="module")
def trained(workdir, python_data, scratch_model) -> Path:
    output = workdir / "run-editseq"
    invoke("train", str(python_data), "--model", str(scratch_model), "-o", str(output), "--max-steps", "30", "--lr", "3e-3", "--save-steps", "15", *SMALL)
    return output


def test_the_separator_is_one_token_and_the_prompt_is_masked(python_data, scratch_model):
    tokenizer = load_tokenizer(scratch_model)
    assert len(tokenizer(DIFF_SEPARATOR, add_special_tokens=False).input_ids) == 1
    example = read_examples([python_data])[0]
    row = tokenize([example], tokenizer, PromptStyle(), None)[0]
    prompt_length = len(tokenizer(example.instruction).input_ids)
    assert row["labels"][:prompt_length] == [IGNORE] * prompt_length
    assert row["labels"][prompt_length:] == row["input_ids"][prompt_length:]
    assert row["input_ids"][-1] == tokenizer.eos_token_id
    text = tokenizer.decode(row["input_ids"][prompt_length:], skip_special_tokens=True)
    assert text == ("\n" + DIFF_SEPARATOR).join(["", *example.edits, "", ""])


def test_dry_run_prints_a_tokenised_example_with_labels(instructed_data, scratch_model, workdir):
    output = invoke("train", str(instructed_data), "--model", str(scratch_model), "-o", str(workdir / "dry"), "--dry-run", *SMALL)
    # the headline counts what is trained; the examples longer than --max-length are reported
    trained = int(output.split(" examples (", 1)[0])
    assert f"{trained} examples (python {trained}); format editseq" in output
    assert f"{24 - trained} of 24 examples are longer than --max-length 1536 tokens and are left out (never cut)" in " ".join(output.split())
    assert 0 < trained < 24
    assert "first example, as the model sees it" in output and DIFF_SEPARATOR in output
    label_rows = [line.split()[1] for line in output.splitlines() if line[:7].strip().isdigit() and len(line.split()) > 2]
    assert label_rows[0] == "·" and label_rows[-1] == "L"
    assert not (workdir / "dry").exists()


def test_the_training_text_is_the_reference_serialisation_byte_for_byte(instructed_data, scratch_model):
    tokenizer = load_tokenizer(scratch_model)
    example = read_examples([instructed_data])[0]
    edit_row = tokenize([example], tokenizer, PromptStyle(), None)[0]
    program_row = tokenize([example], tokenizer, PromptStyle(format="program"), None)[0]
    # LintSeq's released scripts: instruction + "\n<|diff|>" + e1 + ... + "\n<|diff|>" + "\n<|diff|>" + EOS
    expected = example.instruction + "".join("\n<|diff|>" + edit for edit in example.edits) + "\n<|diff|>" + "\n<|diff|>"
    assert tokenizer.decode(edit_row["input_ids"]) == expected + tokenizer.eos_token
    assert tokenizer.decode(program_row["input_ids"]) == example.instruction + "\n" + example.program + tokenizer.eos_token


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


def test_training_resumes_from_its_last_checkpoint_and_reads_its_tokens_back(trained, python_data, scratch_model):
    tokens = sorted((trained / "tokenized").glob("tokens-*.arrow"))
    assert len(tokens) == 1
    written = tokens[0].stat().st_mtime_ns
    output = invoke("train", str(python_data), "--model", str(scratch_model), "-o", str(trained), "--max-steps", "33", "--lr", "3e-3", "--resume", *SMALL)
    assert "trained 33 steps" in output
    # the same data and tokenizer: the token table is read back, not made again
    assert sorted((trained / "tokenized").glob("tokens-*.arrow")) == tokens and tokens[0].stat().st_mtime_ns == written


def test_generate_prints_resolved_programs(trained):
    output = invoke("generate", "Write a function that adds two numbers.", "--model", str(trained), "-n", "2", "--max-new-tokens", "40", "--seed", "1")
    assert "sample 0" in output and "sample 1" in output


def test_eval_with_a_model_runs_end_to_end(trained, workdir):
    results = workdir / "eval"
    invoke("eval", "--model", str(trained), "--limit", "2", "-n", "2", "-k", "1,2", "--max-new-tokens", "40", "-o", str(results))
    summary = json.loads((results / "summary.json").read_text())
    assert summary["samples"] == 4 and summary["problems"] == 2
    assert 0.0 <= summary["pass@1"] <= summary["pass@2"] <= 1.0
    rows = [json.loads(line) for line in (results / "samples.jsonl").read_text().splitlines()]
    assert [row["task_id"] for row in rows] == ["HumanEval/0", "HumanEval/0", "HumanEval/1", "HumanEval/1"]
    assert all(row["kind"] == "editseq" for row in rows)


def test_eval_greedy_wants_one_sample_and_a_sweep_reports_each_temperature_and_the_best(trained, workdir):
    result = runner.invoke(app, ["eval", "--model", str(trained), "--temperature", "0", "-n", "2", "-k", "1", "--limit", "1"])
    assert result.exit_code == 2 and "--temperature 0 is greedy" in result.output
    output = workdir / "sweep"
    invoke("eval", "--model", str(trained), "--temperatures", "0,1.0", "-n", "1", "-k", "1", "--limit", "2", "--max-new-tokens", "24", "-o", str(output))
    sweep = json.loads((output / "sweep.json").read_text())
    assert set(sweep["temperatures"]) == {"0", "1"} and set(sweep["best"]) == {"pass@1"}
    for temperature in ("0", "1"):
        summary = json.loads((output / f"temperature-{temperature}" / "summary.json").read_text())
        assert summary["temperature"] == float(temperature) and summary["n"] == 1 and summary["samples"] == 2
        assert summary["max_new_tokens"] == 24 and summary["resolution"] == "reference" and summary["model"] == str(trained)


def test_matching_the_program_arm(python_data, scratch_model, workdir):
    common = dict(data=[str(python_data)], model=str(scratch_model), output=str(workdir / "m"), epochs=2, batch_size=4, max_length=1536, dry_run=True, log=lambda line: None)
    baseline = train(TrainOptions(format="program", **common))
    by_steps = train(TrainOptions(format="editseq", match="program", match_by="steps", **common))
    by_tokens = train(TrainOptions(format="editseq", match="program", match_by="tokens", **common))
    assert by_steps["max_steps"] == 2 * math.ceil(baseline["examples"] / 4)
    # by tokens: the step count whose response tokens (the ones in the loss) come closest to the
    # baseline arm's
    edit_tokens_per_step = by_tokens["response_tokens"] / by_tokens["examples"] * 4
    baseline_tokens = baseline["response_tokens"] / baseline["examples"] * 4 * by_steps["max_steps"]
    assert abs(by_tokens["max_steps"] * edit_tokens_per_step - baseline_tokens) <= edit_tokens_per_step / 2


def test_mixed_languages_are_weighted_and_named(python_data, javascript_data, scratch_model, workdir):
    data = [str(python_data), str(javascript_data), "--model", str(scratch_model), "-o", str(workdir / "mix")]
    unmixed = invoke("train", *data, "--dry-run", *SMALL)
    fitting = int(unmixed.split(" examples (", 1)[0])
    assert fitting < 24 + len(javascript_data.read_text().splitlines())  # some are too long
    output = invoke("train", *data, "--mix", "python=0.75,javascript=0.25", "--dry-run", *SMALL)
    # the shares are shares of what is trained: of the examples that fit --max-length
    javascript, python = round(0.25 * fitting), round(0.75 * fitting)
    assert f"{fitting} examples (javascript {javascript}, python {python})" in output
    table = {tuple(line.split()[:2]): line.split()[2] for line in output.splitlines() if line.startswith("editseq ")}
    assert table[("editseq", "javascript")] == str(javascript) and table[("editseq", "python")] == str(python)
    assert "Language: " in output


def test_an_unknown_mix_language_is_a_clear_error(python_data, scratch_model, workdir):
    result = runner.invoke(app, ["train", str(python_data), "--model", str(scratch_model), "-o", str(workdir / "x"), "--mix", "go=1", "--dry-run"])
    assert result.exit_code == 2
    assert "--mix names go, but the data has only: python (24)" in result.output


def test_lora_merged_outputs_equal_the_adapter_outputs(python_data, pretrained, workdir):
    pytest.importorskip("peft")
    import torch
    from peft import PeftModel

    output = workdir / "lora"
    invoke("train", str(python_data), "--model", str(pretrained), "-o", str(output), "--max-steps", "3", "--lr", "1e-2", "--lora", "--lora-rank", "4", *SMALL)
    assert (output / "config.json").exists() and not (output / "adapter_config.json").exists()
    merged = load_model(output).eval()
    assert not any("lora" in name for name, _ in merged.named_parameters())
    base = load_model(pretrained)
    base.resize_token_embeddings(merged.get_input_embeddings().weight.shape[0])
    adapted = PeftModel.from_pretrained(base, output / "adapter").eval()
    ids = torch.tensor([load_tokenizer(output)("def add(a, b):\n    return a + b\n<|diff|>").input_ids])
    with torch.no_grad():
        merged_logits, adapter_logits = merged(ids).logits, adapted(ids).logits
    assert torch.allclose(merged_logits, adapter_logits, atol=1e-4)
    with adapted.disable_adapter(), torch.no_grad():
        assert not torch.allclose(adapted(ids).logits, merged_logits, atol=1e-3)  # the adapters did train


FSDP_CONFIG = """\
compute_environment: LOCAL_MACHINE
distributed_type: FSDP
num_processes: 2
num_machines: 1
machine_rank: 0
mixed_precision: 'no'
use_cpu: true
fsdp_config:
  fsdp_version: 2
  fsdp_auto_wrap_policy: TRANSFORMER_BASED_WRAP
  fsdp_transformer_layer_cls_to_wrap: LlamaDecoderLayer
  fsdp_state_dict_type: SHARDED_STATE_DICT
  fsdp_reshard_after_forward: true
"""


def _two_processes(command: list[str]) -> subprocess.CompletedProcess:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


@pytest.fixture(scope="module")
def data_parallel_run(python_data, scratch_model, workdir) -> tuple[Path, str]:
    output = workdir / "ddp"
    done = _two_processes([
        sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2", "--no-python",
        str(Path(sys.executable).with_name("lintseq-x")), "train", str(python_data), "--model", str(scratch_model),
        "-o", str(output), "--max-steps", "3", *SMALL,
    ])
    return output, done.stdout


def test_two_process_data_parallel_training(data_parallel_run):
    output, stdout = data_parallel_run
    summary = json.loads((output / "lintseq_x_train.json").read_text())["summary"]
    assert summary["world_size"] == 2 and summary["steps"] == 3
    assert stdout.count("trained 3 steps") == 1  # rank 0 alone reports


def test_fsdp_saves_the_whole_model_and_it_equals_data_parallel_training(data_parallel_run, python_data, scratch_model, workdir):
    """Under FSDP (sharded state dict, two CPU processes over gloo) every rank takes part in
    gathering the full weights for the final save; the saved model is the one DDP trains."""
    import torch

    config = workdir / "fsdp.yaml"
    config.write_text(FSDP_CONFIG, encoding="utf-8")
    output = workdir / "fsdp"
    _two_processes([
        sys.executable, "-m", "accelerate.commands.launch", "--config_file", str(config), "-m", "lintseq_x.trainers",
        "train", str(python_data), "--model", str(scratch_model), "-o", str(output), "--max-steps", "3", *SMALL,
    ])
    assert json.loads((output / "lintseq_x_train.json").read_text())["summary"]["world_size"] == 2
    sharded, replicated = load_model(output), load_model(data_parallel_run[0])
    weights = dict(replicated.named_parameters())
    for name, parameter in sharded.named_parameters():
        assert parameter.shape == weights[name].shape, name
        assert torch.allclose(parameter, weights[name], atol=1e-5), name
