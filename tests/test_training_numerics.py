"""What `lintseq-x train` computes, checked in numbers on a tiny Llama built from a config (no
downloads): packed examples do not see each other, a bf16 checkpoint trains in fp32, a model
overfit on one example generates it back, --resume continues exactly, the precision fits the GPU,
--loss sum sums, and --seed fixes a from-scratch model's initialisation.

Everything runs on the CPU in fp32, on one thread (tiny matrices gain nothing from more, and lose
much when the cores are shared)."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("trl")

import torch.nn.functional as F  # noqa: E402

from lintseq_x.core.cli import app  # noqa: E402
from lintseq_x.trainers.data import read_examples  # noqa: E402
from lintseq_x.trainers.encode import IGNORE  # noqa: E402
from lintseq_x.trainers.generate import Generator, SamplingOptions  # noqa: E402
from lintseq_x.trainers.models import load_model, load_tokenizer  # noqa: E402
from lintseq_x.trainers.options import TrainOptions  # noqa: E402
from lintseq_x.trainers.precision import choose_precision  # noqa: E402
from lintseq_x.trainers.serialize import editseq_text  # noqa: E402
from lintseq_x.trainers.train import prepare, train  # noqa: E402
from training_helpers import checkpoint, invoke, quiet, runner, shortest_python_paths, with_instructions  # noqa: E402
from training_helpers import scratch_model as new_scratch_model  # noqa: E402

MAX_LENGTH = 1024  # 10 of the 12 shortest built-in Python paths fit


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return tmp_path_factory.mktemp("numerics")


@pytest.fixture(scope="module")
def python_data(workdir) -> Path:
    """The 12 shortest edit paths of the built-in Python corpus, as `lintseq-x run` writes them:
    no instruction, so the prompt is empty and an example's first token is in its labels."""
    return shortest_python_paths(workdir, 12)


@pytest.fixture(scope="module")
def instructed_data(workdir, python_data) -> Path:
    """The same paths with an instruction each: every example has a masked prompt."""
    return with_instructions(python_data, workdir / "instructed.jsonl")


@pytest.fixture(scope="module")
def scratch_model(workdir, python_data) -> Path:
    return new_scratch_model(workdir / "scratch", python_data)


@pytest.fixture(scope="module")
def pretrained(workdir, scratch_model) -> Path:
    """A checkpoint with fp32 weights: every run from it starts from the same numbers."""
    torch.manual_seed(0)
    return checkpoint(scratch_model, workdir / "pretrained")


def _options(data: Path, model: Path, output: Path, **overrides) -> TrainOptions:
    settings = dict(data=[str(data)], model=str(model), output=str(output), batch_size=2, max_length=MAX_LENGTH, log=quiet)
    return TrainOptions(**{**settings, **overrides})


# 1. Packing -------------------------------------------------------------------------------------


def _examples_in(row_ids, row_positions, row_labels, rows: dict, pad: int) -> list[tuple[int, int, int]]:
    """(start, end, table index) of every example of a packed row: its position ids restart at 0
    for each example, and then for each padding token after the last one."""
    starts = (row_positions == 0).nonzero().flatten().tolist() + [row_positions.numel()]
    found, padded = [], False
    for start, end in zip(starts, starts[1:]):
        ids = tuple(row_ids[start:end].tolist())
        if ids in rows and not padded:
            found.append((start, end, rows[ids]))
        else:  # padding: single tokens after every real token of the row, outside the loss
            assert ids == (pad,) and row_labels[start] == IGNORE, (start, end)
            padded = True
    return found


@pytest.mark.parametrize(
    "attention,prompted",
    [("sdpa", False), ("eager", False), ("sdpa", True)],
    ids=["sdpa-no-prompt", "eager-no-prompt", "sdpa-prompted"],
)
def test_a_packed_example_has_the_loss_it_has_alone(python_data, instructed_data, pretrained, workdir, attention, prompted):
    """Every example of every packed row the trainer feeds has, inside the row, the summed token
    loss it has alone (relative difference ≤ 1e-5; fp32 gives equal sums to rounding); the
    trainer's loss of the batch is the token mean of those, over the number of tokens it counts
    for the step. Without a prompt (`lintseq-x run` on plain source files) an example's first
    token is in its labels: packed after another example, the one before must not be trained to
    predict it. Plain concatenation (the code before) let each example attend to the ones before it."""
    data = instructed_data if prompted else python_data
    session = prepare(_options(data, pretrained, workdir / f"packed-{attention}-{prompted}", packing=True, max_steps=1, attn_implementation=attention))
    assert session.plan.options.packing, "the model was judged unable to keep packed examples apart"
    trainer, table = session.trainer, session.plan.table
    assert (table[0]["labels"][0] == IGNORE) == prompted
    model = trainer.model.eval()
    rows = {tuple(ids): index for index, ids in enumerate(table["input_ids"])}
    pad = session.tokenizer.pad_token_id
    most, seen = 0, []
    for batch in trainer.get_train_dataloader():
        assert "attention_mask" not in batch
        (batch,), counted = trainer.get_batch_samples(iter([batch]), 1, torch.device("cpu"))
        with torch.no_grad():
            logits = model(**{key: value for key, value in batch.items() if key != "labels"}).logits.float()
            alone_sum, labelled = 0.0, 0
            for row in range(batch["input_ids"].shape[0]):
                examples = _examples_in(batch["input_ids"][row], batch["position_ids"][row], batch["labels"][row], rows, pad)
                most = max(most, len(examples))
                for start, end, index in examples:
                    labels = torch.tensor(table[index]["labels"])  # a whole example, never cut
                    assert end - start == len(labels) and torch.equal(batch["labels"][row, start + 1 : end], labels[1:])
                    packed = F.cross_entropy(logits[row, start : end - 1], labels[1:], ignore_index=IGNORE, reduction="sum").item()
                    alone_logits = model(input_ids=batch["input_ids"][row, start:end][None], use_cache=False).logits[0].float()
                    alone = F.cross_entropy(alone_logits[:-1], labels[1:], ignore_index=IGNORE, reduction="sum").item()
                    assert abs(packed - alone) <= 1e-5 * alone, (row, start, end, packed, alone)
                    alone_sum, labelled = alone_sum + alone, labelled + int((labels[1:] != IGNORE).sum())
                    seen.append(index)
            trainer_loss = trainer.compute_loss(model, dict(batch), num_items_in_batch=counted).item()
        assert int(counted) == labelled, "the step counts tokens that no example has in its loss"
        assert trainer_loss == pytest.approx(alone_sum / labelled, rel=1e-5)
    assert most >= 2, "no row held two examples"
    assert sorted(seen) == sorted(session.plan.selection.train) and len(seen) == 10


# 2. A bf16 checkpoint ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bf16_checkpoint(workdir, pretrained) -> Path:
    directory = workdir / "bf16"
    load_model(pretrained).to(torch.bfloat16).save_pretrained(directory)
    load_tokenizer(pretrained).save_pretrained(directory)
    return directory


def test_a_bf16_checkpoint_trains_every_weight_in_fp32(instructed_data, bf16_checkpoint, workdir):
    """At lr 2e-5 an update is far below a bf16 weight's rounding step: bf16 weights with bf16
    AdamW (the code before) kept ~70% of every matrix unchanged after 3 steps. fp32 master
    weights change all of them."""
    original = {name: parameter.detach().float().clone() for name, parameter in load_model(bf16_checkpoint).named_parameters()}
    assert {parameter.dtype for parameter in load_model(bf16_checkpoint).parameters()} == {torch.bfloat16}
    session = prepare(_options(instructed_data, bf16_checkpoint, workdir / "bf16-run", max_steps=3, learning_rate=2e-5, logging_steps=1))
    session.trainer.train()
    model = session.trainer.model
    trainable = [(name, parameter) for name, parameter in model.named_parameters() if parameter.requires_grad]
    assert trainable and all(parameter.dtype == torch.float32 for _, parameter in trainable)
    matrices = [(name, parameter) for name, parameter in trainable if parameter.ndim == 2]
    assert len(matrices) == 15  # embeddings (tied with the head) and 7 per layer
    for name, parameter in matrices:
        changed = (parameter.detach() != original[name]).float().mean().item()
        assert changed > 0.99, f"{name}: only {changed:.0%} of its weights changed"


# 3. Train → generate ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def one_program(workdir) -> Path:
    source = workdir / "one.jsonl"
    program = "import os\n\nLIMIT = 3\n\n\ndef add(a, b):\n    return a + b\n\n\ndef here():\n    return os.getcwd()\n"
    source.write_text(json.dumps({"instruction": "Write helpers.", "response": program}) + "\n", encoding="utf-8")
    output = workdir / "one-paths.jsonl"
    invoke("run", str(source), "--lang", "python", "-s", "1", "--seed", "2", "-o", str(output))
    return output


def test_a_model_overfit_on_one_example_generates_it_back_greedily(one_program, scratch_model, workdir):
    (example,) = read_examples([one_program])
    assert len(example.edits) >= 3
    output = workdir / "memorised"
    summary = train(
        _options(one_program, scratch_model, output, batch_size=1, max_steps=100, learning_rate=5e-3, scheduler="constant", warmup_ratio=0.0, logging_steps=50, save_steps=1000)
    )
    assert summary["final_loss"] < 0.05, summary
    generator = Generator(str(output), device="cpu")
    (sample,) = generator.sample([(example.instruction, example.language)], SamplingOptions(n=1, temperature=0.0, max_new_tokens=200))[0]
    assert sample.program == example.program
    assert sample.response.endswith("\n<|diff|>\n<|diff|>")
    assert sample.response == editseq_text(example.edits)  # nothing after the closing empty edit
    assert sample.resolution.closed and sample.resolution.clean and sample.resolution.edits == len(example.edits)


# 4. --resume ------------------------------------------------------------------------------------


def test_resume_continues_at_the_saved_step_with_the_saved_optimizer(instructed_data, scratch_model, workdir):
    """Run A trains 6 steps; run B stops after step 3 (its schedule still for 6 steps) and is
    resumed: steps 4-6 log A's losses, learning rates and gradient norms, and end at A's weights.
    The model is trained from its config, so this also needs --seed to fix its initialisation."""
    from transformers import TrainerCallback

    def options(output: Path, **overrides) -> TrainOptions:
        return _options(instructed_data, scratch_model, output, max_steps=6, learning_rate=3e-3, logging_steps=1, save_steps=3, **overrides)

    whole, resumed = workdir / "resume-a", workdir / "resume-b"
    train(options(whole))

    class StopAfterThree(TrainerCallback):
        def on_step_end(self, args, state, control, **kwargs):
            if state.global_step == 3:
                control.should_training_stop = True

    stopped = prepare(options(resumed))
    stopped.trainer.add_callback(StopAfterThree())
    stopped.trainer.train()
    assert sorted(path.name for path in resumed.glob("checkpoint-*")) == ["checkpoint-3"]
    assert not (resumed / "model.safetensors").exists()

    lines: list[str] = []
    summary = train(options(resumed, resume=True, log=lines.append))
    logged_steps = [int(line.split()[1].split("/")[0]) for line in lines if line.startswith("step ") and " loss " in line]
    assert logged_steps == [4, 5, 6]
    assert summary["steps"] == 6

    def history(run: Path) -> dict[int, dict]:
        state = json.loads((run / "checkpoint-6" / "trainer_state.json").read_text())
        return {entry["step"]: entry for entry in state["log_history"] if "loss" in entry}

    first, second = history(whole), history(resumed)
    for step in (4, 5, 6):
        for key in ("loss", "learning_rate", "grad_norm"):
            assert second[step][key] == pytest.approx(first[step][key], rel=1e-6, abs=1e-9), (step, key)
    for (name, a), b in zip(load_model(whole).named_parameters(), load_model(resumed).parameters()):
        assert torch.allclose(a, b, rtol=0, atol=1e-6), name


def test_seed_fixes_the_initialisation_of_a_model_trained_from_its_config(python_data, scratch_model, workdir):
    def weights(seed: int):
        session = prepare(_options(python_data, scratch_model, workdir / f"seed-{seed}", max_steps=1, seed=seed))
        return session.trainer.model.model.layers[0].self_attn.q_proj.weight.detach().clone()

    one = weights(1)
    torch.rand(1000)  # whatever ran before does not matter
    assert torch.equal(weights(1), one)
    assert not torch.equal(weights(2), one)


# 5. Precision -----------------------------------------------------------------------------------

GPUS = {
    # name: (native bf16, expected --precision auto)
    "NVIDIA A100-SXM4-80GB": (True, "bf16"),
    "NVIDIA H100 80GB HBM3": (True, "bf16"),
    "Tesla T4": (False, "fp16"),
    "Tesla V100-SXM2-16GB": (False, "fp16"),
}


def _fake_gpu(monkeypatch, name: str | None) -> None:
    if name is None:
        monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
        return
    native = GPUS[name][0]
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda including_emulation=True: native or including_emulation)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda device=None: name)
    monkeypatch.setattr(torch.cuda, "get_device_capability", lambda device=None: (8, 0) if native else (7, 5))


@pytest.mark.parametrize("name", [*GPUS, None])
def test_precision_auto_fits_the_gpu(monkeypatch, name):
    """Native bf16 → bf16 autocast; bf16 only emulated (T4, V100) → fp16 with loss scaling (the
    code before took torch.cuda.is_bf16_supported(), which counts emulation, and chose bf16);
    no GPU → fp32. Full finetuning loads fp32 weights whatever the compute dtype."""
    _fake_gpu(monkeypatch, name)
    precision = choose_precision("auto")
    assert precision.compute == (GPUS[name][1] if name else "fp32")
    assert (precision.bf16, precision.fp16) == (precision.compute == "bf16", precision.compute == "fp16")
    assert precision.weights_dtype(lora=False) == torch.float32


def test_precision_bf16_on_a_gpu_without_native_bf16_is_a_clear_error(monkeypatch, python_data, pretrained, workdir):
    _fake_gpu(monkeypatch, "Tesla T4")
    with pytest.raises(ValueError, match=r"--precision bf16: Tesla T4 has no native bf16.*--precision fp16"):
        choose_precision("bf16")
    assert choose_precision("fp16").compute == "fp16"
    result = runner.invoke(app, ["train", str(python_data), "--model", str(pretrained), "-o", str(workdir / "t4"), "--precision", "bf16", "--max-steps", "1"])
    assert result.exit_code != 0
    assert "Tesla T4 has no native bf16" in " ".join(result.output.split())
    assert not (workdir / "t4" / "model.safetensors").exists()
    _fake_gpu(monkeypatch, None)
    with pytest.raises(ValueError, match="needs a GPU"):
        choose_precision("bf16")


# 6. --loss sum ----------------------------------------------------------------------------------


def test_summed_loss_gradient_is_the_mean_gradient_times_the_response_tokens(instructed_data, pretrained, workdir):
    """For one batch, --loss sum's gradient is --loss mean's times the batch's response tokens (the
    ones in the loss); the loss either logs is the per-token mean."""
    sessions = {loss: prepare(_options(instructed_data, pretrained, workdir / f"loss-{loss}", loss=loss, max_steps=1, logging_steps=1)) for loss in ("mean", "sum")}
    mean_trainer, sum_trainer = sessions["mean"].trainer, sessions["sum"].trainer
    batch = next(iter(sum_trainer.get_train_dataloader()))
    (batch,), items = sum_trainer.get_batch_samples(iter([batch]), 1, torch.device("cpu"))
    response_tokens = int((batch["labels"][:, 1:] != IGNORE).sum())
    assert int(items) == response_tokens > 100

    gradients, logged = {}, {}
    for loss, trainer in (("mean", mean_trainer), ("sum", sum_trainer)):
        trainer.model.zero_grad()
        logged[loss] = trainer.training_step(trainer.model, dict(batch), items).item()
        gradients[loss] = [parameter.grad.detach().clone() for parameter in trainer.model.parameters()]
        trainer.model.zero_grad()
    assert logged["sum"] == pytest.approx(logged["mean"], rel=1e-6)
    assert 1.0 < logged["mean"] < 2 * math.log(len(sessions["mean"].tokenizer))  # a per-token loss, not a sum
    for mean_gradient, sum_gradient in zip(gradients["mean"], gradients["sum"]):
        expected = mean_gradient * response_tokens
        assert torch.linalg.norm(sum_gradient - expected) <= 1e-5 * torch.linalg.norm(expected) + 1e-8

    # and in a real step: both runs log the same per-token mean loss for the same first batch
    from transformers import set_seed

    for trainer in (mean_trainer, sum_trainer):
        set_seed(trainer.args.seed)  # the data order draws from the global generator, as in a fresh process
        trainer.train()
    first = {loss: session.trainer.state.log_history[0]["loss"] for loss, session in sessions.items()}
    assert first["sum"] == pytest.approx(first["mean"], rel=1e-6)
    assert first["mean"] < 2 * math.log(len(sessions["mean"].tokenizer))
