"""Loading a causal LM and its tokenizer from a local directory; never from the network."""

from __future__ import annotations

from pathlib import Path
from typing import Any

_WEIGHTS = ("model.safetensors", "model.safetensors.index.json", "pytorch_model.bin", "pytorch_model.bin.index.json")


class ModelError(ValueError):
    """A model directory that cannot be used; the message says what is missing."""


def has_weights(path: Path) -> bool:
    return any((path / name).exists() for name in _WEIGHTS) or any(path.glob("adapter_model.*"))


def load_tokenizer(path: str | Path) -> Any:
    from transformers import AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
    except (OSError, ValueError) as error:
        raise ModelError(f"{path}: no tokenizer could be loaded ({_first_line(error)})") from None
    if tokenizer.eos_token_id is None:
        raise ModelError(f"{path}: the tokenizer has no end-of-sequence token")
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def load_model(path: str | Path, dtype: Any = None, attn_implementation: str | None = None) -> Any:
    """The model in `path`: its weights, or, for a directory holding only a `config.json`, a model
    initialised from scratch with that config. A directory written by a LoRA run loads the base
    model with the adapter merged. `dtype` None: the checkpoint's own."""
    from transformers import AutoConfig, AutoModelForCausalLM

    path = Path(path)
    _need_model_directory(path)
    if (path / "adapter_config.json").exists():
        return _load_adapter(path, dtype)
    kwargs: dict[str, Any] = {"dtype": dtype} if dtype is not None else {}
    if attn_implementation is not None:
        kwargs["attn_implementation"] = attn_implementation
    try:
        if has_weights(path):
            return AutoModelForCausalLM.from_pretrained(str(path), local_files_only=True, **kwargs)
        config = AutoConfig.from_pretrained(str(path), local_files_only=True)
        return AutoModelForCausalLM.from_config(config, **kwargs)
    except (OSError, ValueError) as error:
        raise ModelError(f"{path}: the model could not be loaded ({_first_line(error)})") from None


def checkpoint_facts(path: str | Path) -> tuple[int, Any, bool]:
    """(parameter count, the dtype its weights are stored in, whether it has weights), read from
    the config alone: the model is built on the meta device, which allocates nothing."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    path = Path(path)
    _need_model_directory(path)
    if (path / "adapter_config.json").exists():
        raise ModelError(f"{path} holds a LoRA adapter; train from its base model (or a merged copy)")
    try:
        config = AutoConfig.from_pretrained(str(path), local_files_only=True)
        with torch.device("meta"):
            skeleton = AutoModelForCausalLM.from_config(config)
    except (OSError, ValueError) as error:
        raise ModelError(f"{path}: the model could not be loaded ({_first_line(error)})") from None
    parameters = sum(parameter.numel() for parameter in skeleton.parameters())
    dtype = getattr(config, "dtype", None) or torch.float32
    if isinstance(dtype, str):
        dtype = getattr(torch, dtype, torch.float32)
    return parameters, dtype, has_weights(path)


def _need_model_directory(path: Path) -> None:
    if not (path / "config.json").exists() and not (path / "adapter_config.json").exists():
        raise ModelError(f"{path}: not a model directory (no config.json); lintseq-x never downloads models")


def _load_adapter(path: Path, dtype: Any) -> Any:
    try:
        from peft import AutoPeftModelForCausalLM
    except ImportError:
        raise ModelError(f"{path} holds a LoRA adapter: install peft (`pip install peft`) to load it") from None
    kwargs = {"dtype": dtype} if dtype is not None else {}
    return AutoPeftModelForCausalLM.from_pretrained(str(path), local_files_only=True, **kwargs).merge_and_unload()


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
