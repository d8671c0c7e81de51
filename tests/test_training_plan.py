"""What `lintseq-x train` plans and reports, checked against counts made here from the data:
programs (not shard rows) in the baseline arm, `--mix` shares of what fits, the too-long report
and its 95% length, token matching by response tokens, the paper recipe, the CLI derived from
`TrainOptions`, the tokenizer refusal, whole-program validation and the logged losses. A tiny
model is built from a config and a tokenizer trained here (no downloads)."""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import fields
from pathlib import Path

import pytest
import typer

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("trl")

from lintseq_x.core.cli import app  # noqa: E402
from lintseq_x.trainers.data import read_examples  # noqa: E402
from lintseq_x.trainers.models import load_tokenizer  # noqa: E402
from lintseq_x.trainers.serialize import DIFF_SEPARATOR, PromptStyle, prompt_text, response_text  # noqa: E402
from lintseq_x.trainers.train import TrainOptions, train  # noqa: E402
from training_helpers import invoke, quiet, rows_of, runner, scratch_model, shortest_python_paths, write_rows  # noqa: E402

WIDE = {"COLUMNS": "200"}


def _table(output: str, arm: str) -> dict[str, tuple[int, ...]]:
    """The plan's table rows of one arm: language → (examples, tokens, response tokens, too long)."""
    table = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) == 6 and parts[0] == arm and parts[2].replace(",", "").isdigit():
            table[parts[1]] = tuple(int(part.replace(",", "")) for part in parts[2:])
    return table


_TOO_LONG = re.compile(
    r"(\d+) of (\d+) examples are longer than --max-length (\d+) tokens and are left out \(never cut\); "
    r"--max-length (\d+) would keep 95% of them whole"
)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return tmp_path_factory.mktemp("training-plan")


@pytest.fixture(scope="module")
def python_data(workdir) -> Path:
    """The 24 shortest edit paths of the built-in Python corpus, to keep runs short."""
    return shortest_python_paths(workdir, 24)


@pytest.fixture(scope="module")
def javascript_data(workdir) -> Path:
    path = workdir / "javascript.jsonl"
    invoke("run", "--lang", "javascript", "--checker", "fallback", "-s", "1", "-o", str(path))
    return path


@pytest.fixture(scope="module")
def shards(workdir) -> Path:
    """Five paths per program, written 7 rows a shard: a program's paths land in several shards."""
    directory = workdir / "shards"
    directory.mkdir()
    invoke("run", "--lang", "python", "-s", "5", "--shard-size", "7", "-o", str(directory / "out.jsonl"))
    return directory


@pytest.fixture(scope="module")
def five_paths(workdir, shards) -> Path:
    """All five paths of the 8 shortest programs, in one file."""
    rows = [row for shard in sorted(shards.glob("out-*.jsonl")) for row in rows_of(shard)]
    shortest = sorted({row["source_file"]: len(row["source_code"]) for row in rows}.items(), key=lambda item: item[1])[:8]
    kept = {name for name, _ in shortest}
    return write_rows(workdir / "five-paths.jsonl", [row for row in rows if row["source_file"] in kept])


@pytest.fixture(scope="module")
def model(workdir, python_data) -> Path:
    return scratch_model(workdir / "scratch", python_data)


def _dry(data: list[Path], model: Path, workdir: Path, **options) -> dict:
    return train(TrainOptions(data=[str(path) for path in data], model=str(model), output=str(workdir / "dry"), dry_run=True, log=quiet, **options))


# 1 ------------------------------------------------------------------------------------------


def test_the_baseline_arm_counts_programs_not_shard_rows(shards, model, workdir):
    where: dict[str, set[str]] = {}  # program (its source file) → the shards its paths are in
    for shard in sorted(shards.glob("out-*.jsonl")):
        for row in rows_of(shard):
            where.setdefault(row["source_file"], set()).add(shard.name)
    programs = set(where)
    assert sum(1 for files in where.values() if len(files) > 1) > len(programs) / 2  # most programs span shards
    manifest = _dry([shards / "out.shards.json"], model, workdir, format="program", max_length=100_000)
    files = _dry(sorted(shards.glob("out-*.jsonl")), model, workdir, format="program", max_length=100_000)
    assert manifest["examples"] == len(programs)
    assert files["examples"] == len(programs)


# 2 ------------------------------------------------------------------------------------------


def test_mix_reports_and_trains_shares_of_what_fits(python_data, javascript_data, model, workdir):
    read = {"python": len(rows_of(python_data)), "javascript": len(rows_of(javascript_data))}
    # A --max-length that leaves out some examples of each language, keeps unequal numbers of them
    # (so that the mix resamples both) and an even total (so that half is a whole number).
    for length in (1250, 1300, 1200, 1350, 1150, 1400, 1100):
        # What fits, per language, with the prompt the mixed run uses (the language named).
        fits = {
            language: _dry([path], model, workdir, name_language=True, max_length=length)["examples"]
            for language, path in (("python", python_data), ("javascript", javascript_data))
        }
        if all(0 < fits[name] < read[name] for name in read) and fits["python"] != fits["javascript"] and sum(fits.values()) % 2 == 0:
            break
    else:
        pytest.fail(f"no --max-length tried suits the test: {fits} of {read} fit --max-length {length}")
    share = sum(fits.values()) // 2

    output_dir = workdir / "mixed"
    output = invoke(
        "train", str(python_data), str(javascript_data), "--model", str(model), "-o", str(output_dir),
        "--mix", "python=0.5,javascript=0.5", "--max-length", str(length), "--max-steps", "2", "--batch-size", "4", "--logging-steps", "1",
    )
    assert f"{2 * share} examples (javascript {share}, python {share}); format editseq" in output
    table = _table(output, "editseq")
    assert table["python"][0] == table["javascript"][0] == share, output
    assert table["python"][3] == read["python"] - fits["python"] and table["javascript"][3] == read["javascript"] - fits["javascript"]
    summary = json.loads((output_dir / "lintseq_x_train.json").read_text(encoding="utf-8"))["summary"]
    assert {name: count["examples"] for name, count in summary["languages"].items()} == {"javascript": share, "python": share}
    assert summary["steps"] == 2


# 3 ------------------------------------------------------------------------------------------


def test_max_length_reports_what_it_leaves_out_and_the_95_percent_length(python_data, model, workdir):
    total = len(rows_of(python_data))
    output = invoke("train", str(python_data), "--model", str(model), "-o", str(workdir / "x"), "--dry-run", "--max-length", "1000")
    found = _TOO_LONG.search(" ".join(output.split()))
    assert found, output
    too_long, of, length, keep_95 = map(int, found.groups())
    assert (of, length) == (total, 1000)
    kept = _dry([python_data], model, workdir, max_length=1000)["examples"]
    assert 0 < too_long == total - kept

    # The reported length keeps at least 95% of the examples whole; one token less keeps fewer.
    at = _dry([python_data], model, workdir, max_length=keep_95)["examples"]
    below = _dry([python_data], model, workdir, max_length=keep_95 - 1)["examples"]
    assert at >= 0.95 * total > below


# 4 ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def instructed_data(workdir, python_data) -> Path:
    """The rows with a long instruction each, as instruction/response datasets give them: many
    prompt tokens, which the loss does not see."""
    rows = rows_of(python_data)
    for number, row in enumerate(rows):
        row["prompt_field"] = "instruction"
        row["source_instruction"] = f"Write program number {number}. " + "Read the input, check every argument, and return the result without printing. " * 4
    return write_rows(workdir / "instructed.jsonl", rows)


def test_matching_by_tokens_counts_response_tokens(instructed_data, model, workdir):
    examples = read_examples([instructed_data])
    tokenizer = load_tokenizer(model)
    if DIFF_SEPARATOR not in tokenizer.get_vocab():
        tokenizer.add_tokens([DIFF_SEPARATOR])

    def counts(format: str) -> tuple[list[int], list[int]]:
        """(prompt tokens, response tokens with the end-of-sequence token) of every example."""
        style = PromptStyle(format=format)
        prompts = [len(tokenizer(prompt_text(e.instruction, e.language, style)).input_ids) for e in examples]
        responses = [len(tokenizer(response_text(e.edits, e.program, style), add_special_tokens=False).input_ids) + 1 for e in examples]
        return prompts, responses

    (edit_prompt, edit_response), (program_prompt, program_response) = counts("editseq"), counts("program")
    assert len({e.record for e in examples}) == len(examples)  # one path per program: both arms see every example
    assert min(edit_prompt) > 50

    common = dict(epochs=10, batch_size=4, max_length=100_000)
    baseline = _dry([instructed_data], model, workdir, format="program", **common)
    matched = _dry([instructed_data], model, workdir, format="editseq", match="program", match_by="tokens", **common)
    baseline_steps = 10 * math.ceil(len(examples) / 4)

    mean = lambda values: sum(values) / len(values)  # noqa: E731
    edit_per_step, baseline_per_step = 4 * mean(edit_response), 4 * mean(program_response)
    assert abs(matched["max_steps"] * edit_per_step - baseline_steps * baseline_per_step) <= edit_per_step / 2
    # Counting the prompts too would give another step count on this data.
    with_prompts = round(baseline_steps * mean([p + r for p, r in zip(program_prompt, program_response)]) / mean([p + r for p, r in zip(edit_prompt, edit_response)]))
    assert with_prompts != matched["max_steps"]
    assert baseline["max_steps"] == baseline_steps
    assert matched["response_tokens"] == sum(edit_response)
    assert matched["tokens"] == sum(edit_prompt) + sum(edit_response)
    assert baseline["response_tokens"] == sum(program_response)


def test_matching_by_tokens_counts_what_short_last_steps_train(five_paths, model, workdir):
    """When a step's batch does not divide an epoch, the epoch's last step is short; the response
    tokens each arm trains are its epochs' tokens, not steps × a full step's worth."""
    examples = read_examples([five_paths])
    tokenizer = load_tokenizer(model)
    if DIFF_SEPARATOR not in tokenizer.get_vocab():
        tokenizer.add_tokens([DIFF_SEPARATOR])
    programs = {}
    for example in examples:
        programs.setdefault(example.record, example)
    edit_response = sum(len(tokenizer(response_text(e.edits, e.program, PromptStyle()), add_special_tokens=False).input_ids) + 1 for e in examples)
    program_style = PromptStyle(format="program")
    program_response = sum(len(tokenizer(response_text(e.edits, e.program, program_style), add_special_tokens=False).input_ids) + 1 for e in programs.values())
    assert (len(examples), len(programs)) == (40, 8)

    batch, epochs = 16, 10
    common = dict(epochs=epochs, batch_size=batch, max_length=100_000)
    matched = _dry([five_paths], model, workdir, format="editseq", match="program", match_by="tokens", **common)
    assert matched["response_tokens"] == edit_response
    # The baseline: 8 programs, one short step per epoch; the edit arm: 40 paths, 3 steps an epoch (16, 16, 8).
    baseline_trained = epochs * program_response
    edit_steps_per_epoch = math.ceil(len(examples) / batch)
    edit_per_step = edit_response / edit_steps_per_epoch
    assert abs(matched["max_steps"] * edit_per_step - baseline_trained) <= edit_per_step / 2, (matched["max_steps"], baseline_trained / edit_per_step)


# 5 ------------------------------------------------------------------------------------------


def test_recipe_paper_fills_unset_options_and_explicit_ones_win(five_paths, python_data, model, workdir):
    from lintseq_x.trainers.options import resolved

    rows = rows_of(five_paths)
    paths_per_program = len(rows) / len({row["source_file"] for row in rows})
    assert paths_per_program == 5
    paper = {"warmup_ratio": 0.001, "scheduler": "linear", "weight_decay": 0.01, "max_length": 1024, "loss": "sum", "learning_rate": 3e-4}

    edits = _dry([five_paths], model, workdir, recipe="paper", batch_size=8)["options"]
    assert {key: edits[key] for key in paper} == paper
    assert edits["gradient_accumulation"] == 64  # 8 × 64 = 512 sequences per step
    assert edits["epochs"] == pytest.approx(10 / paths_per_program)
    assert _dry([five_paths], model, workdir, recipe="paper", batch_size=8, format="program")["options"]["epochs"] == 10
    assert _dry([python_data], model, workdir, recipe="paper", batch_size=8)["options"]["epochs"] == 10  # one path per program

    explicit = {"warmup_ratio": 0.1, "scheduler": "cosine", "weight_decay": 0.0, "max_length": 1500, "loss": "mean", "learning_rate": 1e-3, "gradient_accumulation": 3, "epochs": 4.0}
    overridden = _dry([five_paths], model, workdir, recipe="paper", batch_size=8, **explicit)["options"]
    assert {key: overridden[key] for key in explicit} == explicit

    # The fewest micro-batches that make 512 sequences a step, on any number of processes.
    for batch, world in [(1, 1), (7, 1), (8, 1), (8, 3), (100, 1), (512, 1), (600, 1), (5, 2)]:
        options = TrainOptions(data=["x"], model="m", output="o", recipe="paper", batch_size=batch)
        accumulation = resolved(options, 10**6, world, 1.0).gradient_accumulation
        assert batch * world * accumulation >= 512 and (accumulation == 1 or batch * world * (accumulation - 1) < 512), (batch, world, accumulation)

    # The trainer the recipe builds: AdamW with that weight decay, a linear schedule with its warmup.
    import torch

    from lintseq_x.trainers.train import prepare

    session = prepare(TrainOptions(data=[str(five_paths)], model=str(model), output=str(workdir / "paper"), recipe="paper", batch_size=8, log=quiet))
    args, trainer = session.trainer.args, session.trainer
    assert str(getattr(args.optim, "value", args.optim)) == "adamw_torch"
    assert str(getattr(args.lr_scheduler_type, "value", args.lr_scheduler_type)) == "linear"
    assert args.gradient_accumulation_steps == 64 and args.max_length == 1024
    assert args.warmup_steps == round(0.001 * session.plan.max_steps)
    optimizer = trainer.create_optimizer()
    assert isinstance(optimizer, torch.optim.AdamW)
    assert {group["weight_decay"] for group in optimizer.param_groups} == {0.0, 0.01}
    assert {group["lr"] for group in optimizer.param_groups} == {3e-4}
    assert session.plan.options.loss == "sum"


# 6 ------------------------------------------------------------------------------------------


def _flag(item) -> str:
    return item.metadata.get("flag") or "--" + item.name.replace("_", "-")


def test_the_cli_is_derived_from_train_options(python_data, model, workdir):
    result = runner.invoke(app, ["train", "--help"], env=WIDE, terminal_width=200)
    assert result.exit_code == 0, result.output
    # The command's parameters, as click parses them (help text is cut to the terminal's width).
    command = typer.main.get_command(app).commands["train"]
    flags = {flag for parameter in command.params for flag in (*parameter.opts, *parameter.secondary_opts)}
    arguments = [parameter.name for parameter in command.params if parameter.param_type_name == "argument"]
    assert arguments == ["data"]
    for item in fields(TrainOptions):
        if item.name in ("log", "data"):
            continue
        assert _flag(item) in flags, f"{item.name}: no {_flag(item)} among {sorted(flags)}"
        if item.metadata.get("short"):
            assert item.metadata["short"] in flags

    # Every option given on the command line arrives, as given, in the saved run configuration.
    given = {
        "model": str(model), "output": str(workdir / "cli"), "recipe": "paper", "format": "editseq", "mix": "python=1",
        "name_language": True, "match": "program", "match_by": "steps", "epochs": 1.5, "max_steps": 1, "batch_size": 2,
        "gradient_accumulation": 2, "learning_rate": 1e-3, "warmup_ratio": 0.1, "scheduler": "constant", "weight_decay": 0.05,
        "max_grad_norm": 0.5, "loss": "mean", "max_length": 900, "packing": False, "precision": "fp32", "attn_implementation": "eager",
        "gradient_checkpointing": True, "lora": False, "lora_rank": 8, "lora_alpha": 4.0, "lora_dropout": 0.0,
        "lora_targets": "q_proj,v_proj", "save_dtype": "checkpoint", "validation": 0.25, "eval_steps": 5, "save_steps": 50,
        "logging_steps": 1, "report_to": "none", "resume": False, "seed": 7, "dry_run": False,
    }
    missing = {item.name for item in fields(TrainOptions)} - {"log", "data"} - set(given)
    assert not missing, f"give these TrainOptions fields a value here too: {sorted(missing)}"
    arguments = ["train", str(python_data)]
    for item in fields(TrainOptions):
        if item.name in given:
            value = given[item.name]
            if isinstance(value, bool):
                arguments.append(_flag(item) if value else "--no-" + _flag(item)[2:])
            else:
                arguments += [_flag(item), str(value)]
    invoke(*arguments)
    saved = json.loads((workdir / "cli" / "lintseq_x_train.json").read_text(encoding="utf-8"))
    assert saved["options"] == given
    assert saved["data"] == [str(python_data)]


# 7 ------------------------------------------------------------------------------------------


def _legacy_model(directory: Path) -> Path:
    """A Llama-2-style tokenizer (Metaspace with prepend_scheme "always", byte fallback), built as
    tests/test_tokenizer_check.py builds it, beside the config of a tiny Llama."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    corpus = ["Write f.", "@@ -0,0 +1,2 @@\n+def f():\n+    return 1\n", "def greet(name):\n    return name\n", "hello world\tand tabs  "] * 5
    tok = Tokenizer(models.BPE(byte_fallback=True, unk_token="<unk>", fuse_unk=True))
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    tok.decoder = decoders.Sequence([decoders.Replace("▁", " "), decoders.ByteFallback(), decoders.Fuse(), decoders.Strip(" ", 1, 0)])
    tok.train_from_iterator(corpus, trainer=trainers.BpeTrainer(vocab_size=200, special_tokens=["<unk>", "<s>", "</s>"], show_progress=False))
    state = json.loads(tok.to_str())
    vocab = state["model"]["vocab"]
    vocab.update({f"<0x{i:02X}>": len(vocab) + i for i in range(256) if f"<0x{i:02X}>" not in vocab})
    tok = Tokenizer.from_str(json.dumps(state))
    tok.post_processor = processors.TemplateProcessing(single="<s> $A", special_tokens=[("<s>", tok.token_to_id("<s>"))])
    wrapped = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>", unk_token="<unk>", pad_token="</s>")
    wrapped.add_tokens([DIFF_SEPARATOR])
    wrapped.save_pretrained(directory)
    config = {
        "model_type": "llama", "vocab_size": 512, "hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 1,
        "num_attention_heads": 2, "num_key_value_heads": 2, "max_position_embeddings": 4096,
    }
    (directory / "config.json").write_text(json.dumps(config), encoding="utf-8")
    return directory


def test_a_legacy_tokenizer_is_refused_before_training(python_data, workdir):
    pytest.importorskip("tokenizers")
    legacy = _legacy_model(workdir / "legacy model")
    output = workdir / "legacy-run"
    result = runner.invoke(
        app, ["train", str(python_data), "--model", str(legacy), "-o", str(output), "--max-steps", "1", "--max-length", "100000", "--save-steps", "1"],
        env=WIDE, terminal_width=200,
    )
    assert result.exit_code == 2, result.output
    text = result.output
    assert text.count("error:") == 1, text
    message = text[text.index("error:") :]
    assert message.startswith(f"error: {legacy}: ")
    assert "prepend_scheme 'always'" in message and "python -c " in message and f"{legacy}-fixed" in message
    assert "Traceback" not in text
    written = {path.name for path in output.iterdir()} if output.exists() else set()
    assert not any(name.startswith("checkpoint-") for name in written) and not written & {"model.safetensors", "config.json", "lintseq_x_train.json"}, written


# 8 ------------------------------------------------------------------------------------------


def test_validation_holds_out_whole_programs(five_paths, model, workdir):
    from lintseq_x.trainers.train import prepare

    rows = rows_of(five_paths)
    session = prepare(TrainOptions(data=[str(five_paths)], model=str(model), output=str(workdir / "v"), validation=0.25, max_length=100_000, dry_run=True, log=quiet))
    table, selection = session.plan.table, session.plan.selection
    assert sorted(selection.train + selection.validation) == list(range(len(rows)))  # everything fits: every row on one side
    program = table["program"]
    assert not {program[i] for i in selection.train} & {program[i] for i in selection.validation}
    # The same, by the rows' own source files (the table's locations are file:line).
    source = lambda index: rows[int(table["location"][index].rsplit(":", 1)[1]) - 1]["source_file"]  # noqa: E731
    held_out = {source(i) for i in selection.validation}
    assert not {source(i) for i in selection.train} & held_out
    assert len(held_out) == round(0.25 * len({row["source_file"] for row in rows})) and len(selection.validation) == 5 * len(held_out)

    summary = train(TrainOptions(data=[str(five_paths)], model=str(model), output=str(workdir / "v-run"), validation=0.25, max_length=1024, max_steps=2, batch_size=4, logging_steps=1, log=quiet))
    assert summary["validation_examples"] > 0
    assert summary["validation_loss"] is not None and math.isfinite(summary["validation_loss"])


# 9 ------------------------------------------------------------------------------------------


def test_a_run_shorter_than_the_logging_interval_reports_its_losses_and_speed(python_data, model, workdir):
    lines: list[str] = []
    summary = train(TrainOptions(data=[str(python_data)], model=str(model), output=str(workdir / "short"), max_steps=3, logging_steps=10, batch_size=4, max_length=1024, log=lines.append))
    assert summary["steps"] == 3
    assert summary["first_loss"] is not None and summary["final_loss"] is not None, summary
    progress = [line for line in lines if line.startswith("step ") and " loss " in line]
    assert progress and all(re.search(r"[\d,.]+ tokens/s", line) for line in progress), lines
    last = re.match(r"step (\d+)/(\d+)\s+loss ([\d.]+)", progress[-1])
    assert last and last.group(1) == last.group(2) == "3", progress
    assert summary["final_loss"] == pytest.approx(float(last.group(3)), abs=1e-4)
    assert summary["first_loss"] == pytest.approx(float(re.search(r"loss ([\d.]+)", progress[0]).group(1)), abs=1e-4)


def test_the_too_long_report_counts_every_example_read(python_data, javascript_data, model, workdir):
    for extra, data in ((["--validation", "0.25"], [python_data]), (["--mix", "python=1"], [python_data, javascript_data])):
        output = invoke("train", *map(str, data), "--model", str(model), "-o", str(workdir / "x"), "--dry-run", "--max-length", "1000", *extra)
        found = _TOO_LONG.search(" ".join(output.split()))
        assert found, output
        assert int(found.group(2)) == sum(len(rows_of(path)) for path in data), (extra, found.group(0))


def test_planned_steps_are_the_epochs_the_trainer_runs(python_data, model, workdir):
    """The plan's step count for --epochs is what the Trainer itself takes for that many passes:
    an epoch ends with a short accumulation step rather than dropping its last micro-batches."""
    from lintseq_x.trainers.train import prepare

    options = TrainOptions(data=[str(python_data)], model=str(model), output=str(workdir / "epochs"), epochs=3, batch_size=4, gradient_accumulation=4, max_length=100_000, log=quiet)
    session = prepare(options)
    micro_batches = len(session.trainer.get_train_dataloader())
    assert micro_batches == math.ceil(len(rows_of(python_data)) / 4) == 6
    assert session.plan.max_steps == 3 * math.ceil(micro_batches / 4) == 6
    assert _dry([python_data], model, workdir, epochs=3, batch_size=4, gradient_accumulation=4, max_length=100_000)["max_steps"] == 6
