"""The vLLM backend (`eval --backend vllm`) against a stand-in for vLLM's offline API.

vLLM needs a CUDA GPU and cannot be installed on the CI machine, so these tests put a small
`vllm` package on the path that has the real API's shape (`LLM(model=..., tokenizer=...,
generation_config=..., seed=..., dtype=...)`, `SamplingParams` with vLLM's field names and
unknown names refused, `LLM.generate(prompts, params, use_tqdm=...)` returning request outputs
whose `.outputs[i].text` are the samples) and decodes with the transformers model token by token,
stopping at a stop string as vLLM does. With greedy decoding the vLLM backend must then give what
the transformers backend gives: the same prompt ids, the same stop, the same resolution.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import textwrap
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from lintseq_x.trainers.generate import BackendUnavailable, Generator, SamplingOptions, chosen_backend, closing_text  # noqa: E402
from lintseq_x.trainers.models import ModelError, load_model  # noqa: E402
from training_helpers import checkpoint, invoke, scratch_model, shortest_python_paths  # noqa: E402

PROMPTS = [("Write a function that adds two numbers.", "python"), ("Print hello.", "python"), ("Sort a list of words by length.", "python")]

STANDIN = '''
"""A stand-in for vLLM's offline API (see tests/test_vllm_backend.py)."""
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

CALLS = []
_FIELDS = {"n": 1, "temperature": 1.0, "top_p": 1.0, "top_k": 0, "min_p": 0.0, "repetition_penalty": 1.0,
           "max_tokens": 16, "seed": None, "stop": None, "include_stop_str_in_output": False, "skip_special_tokens": True}
_ENGINE = {"model", "tokenizer", "generation_config", "seed", "dtype"}


class SamplingParams:
    def __init__(self, **fields):
        unknown = set(fields) - set(_FIELDS)
        if unknown:
            raise TypeError(f"SamplingParams got unexpected fields {sorted(unknown)}")
        for name, default in _FIELDS.items():
            setattr(self, name, fields.get(name, default))


class _Completion:
    def __init__(self, index, text):
        self.index, self.text = index, text


class _Request:
    def __init__(self, outputs):
        self.outputs = outputs


class LLM:
    def __init__(self, **engine):
        unknown = set(engine) - _ENGINE
        if unknown:
            raise TypeError(f"unexpected engine arguments {sorted(unknown)}")
        self.engine = engine
        self.model = AutoModelForCausalLM.from_pretrained(engine["model"]).eval()
        self.tokenizer = AutoTokenizer.from_pretrained(engine["tokenizer"])

    def generate(self, prompts, sampling_params, use_tqdm=True):
        CALLS.append((prompts, sampling_params))
        return [_Request([_Completion(i, self._one(prompt["prompt_token_ids"], params)) for i in range(params.n)])
                for prompt, params in zip(prompts, sampling_params)]

    def _one(self, prompt_ids, params):
        if params.temperature != 0:
            raise NotImplementedError("the stand-in decodes greedily only")
        ids = list(prompt_ids)
        text = ""
        for _ in range(params.max_tokens):
            with torch.no_grad():
                logits = self.model(torch.tensor([ids])).logits[0, -1]
            token = int(logits.argmax())
            if token == self.tokenizer.eos_token_id:
                break
            ids.append(token)
            text = self.tokenizer.decode(ids[len(prompt_ids):], skip_special_tokens=params.skip_special_tokens)
            for stop in params.stop or []:
                at = text.find(stop)
                if at >= 0:
                    return text[: at + len(stop)] if params.include_stop_str_in_output else text[:at]
        return text
'''


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> Path:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    work = tmp_path_factory.mktemp("vllm")
    config = scratch_model(work / "scratch", shortest_python_paths(work, 12))
    model = load_model(config)
    # Wide random weights, so that greedy decoding wanders through the vocabulary (separators,
    # newlines, code) instead of repeating one token: parity then means something.
    generator = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for parameter in model.parameters():
            parameter.copy_(torch.randn(parameter.shape, generator=generator) * 0.5)
    directory = checkpoint(config, work / "model", model)
    (directory / "generation_config.json").unlink(missing_ok=True)
    return directory


@pytest.fixture()
def standin(tmp_path, monkeypatch):
    package = tmp_path / "standin" / "vllm"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(textwrap.dedent(STANDIN), encoding="utf-8")
    monkeypatch.syspath_prepend(str(package.parent))
    for name in [name for name in sys.modules if name == "vllm" or name.startswith("vllm.")]:
        monkeypatch.delitem(sys.modules, name)
    import vllm

    yield vllm
    sys.modules.pop("vllm", None)


def responses(generator, options: SamplingOptions) -> list[list[str]]:
    return [[sample.response for sample in drawn] for drawn in generator.sample(PROMPTS, options)]


def test_greedy_samples_are_the_transformers_backends(model_dir, standin):
    from lintseq_x.trainers.vllm_backend import VllmGenerator

    options = SamplingOptions(n=1, temperature=0, max_new_tokens=40)
    ours = VllmGenerator(str(model_dir))
    got = responses(ours, options)
    assert got == responses(Generator(str(model_dir), device="cpu"), options)
    assert ours.llm.engine["generation_config"] == "vllm"  # the checkpoint's file is not applied
    # vLLM was given token ids made by our tokenizer, not text it would tokenize its own way.
    prompts, _ = standin.CALLS[-1]
    assert prompts[0]["prompt_token_ids"] == ours.tokenizer([PROMPTS[0][0] + "\n<|diff|>"])["input_ids"][0]


def test_sampling_settings_are_ours_and_seeds_are_per_prompt(model_dir, standin):
    from lintseq_x.trainers.vllm_backend import VllmGenerator

    generator = VllmGenerator(str(model_dir))
    options = SamplingOptions(n=20, temperature=0.8, top_p=0.9, max_new_tokens=300, seed=5)
    first, second = generator.sampling_params(options, 0), generator.sampling_params(options, 1)
    assert (first.n, first.temperature, first.top_p, first.top_k, first.max_tokens) == (20, 0.8, 0.9, -1, 300)
    assert first.stop == [closing_text(generator.style)] and first.include_stop_str_in_output
    assert first.seed != second.seed
    assert generator.sampling_params(options, 1).seed == second.seed  # reproducible
    assert generator.sampling_params(SamplingOptions(n=20, temperature=0.8, seed=6), 0).seed != first.seed


def test_a_checkpoints_generation_config_applies_only_when_asked(model_dir, standin, tmp_path):
    from lintseq_x.trainers.vllm_backend import VllmGenerator

    shipped = tmp_path / "qwen-like"
    shutil.copytree(model_dir, shipped)
    (shipped / "generation_config.json").write_text(json.dumps({"top_k": 20, "repetition_penalty": 1.1, "temperature": 0.7, "top_p": 0.8}), encoding="utf-8")
    generator = VllmGenerator(str(shipped))
    options = SamplingOptions(n=4, temperature=1.0, top_p=0.95)
    plain = generator.sampling_params(options, 0)
    assert (plain.top_k, plain.repetition_penalty, plain.temperature, plain.top_p) == (-1, 1.0, 1.0, 0.95)
    asked = generator.sampling_params(SamplingOptions(n=4, temperature=1.0, top_p=0.95, use_generation_config=True), 0)
    # The checkpoint's top_k and penalty, under our temperature and top_p (as the hf backend merges them).
    assert (asked.top_k, asked.repetition_penalty, asked.temperature, asked.top_p) == (20, 1.1, 1.0, 0.95)


def test_progress_is_reported_per_call_and_every_prompt_gets_n_samples(model_dir, standin):
    from lintseq_x.trainers.vllm_backend import VllmGenerator

    done: list[int] = []
    results = VllmGenerator(str(model_dir)).sample(PROMPTS, SamplingOptions(n=1, temperature=0, max_new_tokens=4, batch_size=2), progress=done.append)
    assert [len(drawn) for drawn in results] == [1, 1, 1]
    assert done == [2, 3]


def test_a_directory_without_full_weights_is_a_clear_error(model_dir, standin, tmp_path):
    from lintseq_x.trainers.vllm_backend import VllmGenerator

    config_only = tmp_path / "config-only"
    config_only.mkdir()
    for name in ("config.json", "tokenizer.json", "tokenizer_config.json"):
        if (model_dir / name).exists():
            shutil.copy(model_dir / name, config_only / name)
    with pytest.raises(ModelError, match="vLLM needs a directory with full model weights"):
        VllmGenerator(str(config_only))


def test_backend_choice(monkeypatch, standin):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert chosen_backend("auto") == "hf"  # installed, but no GPU
    assert chosen_backend("hf") == "hf"
    with pytest.raises(BackendUnavailable, match="needs a CUDA GPU"):
        chosen_backend("vllm")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert chosen_backend("auto") == "vllm"
    with pytest.raises(BackendUnavailable, match="--backend takes auto, hf, vllm"):
        chosen_backend("tgi")


def test_asking_for_vllm_where_it_is_not_installed_is_one_clear_line(model_dir, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *rest: None if name == "vllm" else real(name, *rest))
    from typer.testing import CliRunner

    from lintseq_x.core.cli import app

    result = CliRunner().invoke(app, ["eval", "--model", str(model_dir), "--backend", "vllm", "-n", "1", "-k", "1", "--limit", "1"], env={"COLUMNS": "200"})
    assert result.exit_code != 0
    assert "--backend vllm needs vLLM: pip install 'lintseq-x[vllm]'" in result.output
    assert "Traceback" not in result.output


def test_eval_records_the_backend_it_used(model_dir, tmp_path):
    out = tmp_path / "eval"
    invoke("eval", "--model", str(model_dir), "--backend", "hf", "-n", "1", "-k", "1", "--temperature", "0", "--max-new-tokens", "4", "--limit", "2", "-o", str(out))
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["backend"] == "hf" and summary["batch_size"] == 32
