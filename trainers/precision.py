"""Which numbers training computes and stores in.

Full finetuning keeps fp32 master weights and optimizer state whatever dtype the checkpoint ships
in (a bf16 checkpoint loaded as bf16 and trained with bf16 AdamW loses most small updates to
rounding), and computes under autocast: bf16 where the GPU has it natively, fp16 with loss
scaling where it has not, fp32 on the CPU. LoRA may keep the frozen base in the compute dtype;
its trainable parameters stay fp32.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Precision:
    compute: str  # "bf16", "fp16" or "fp32": the autocast dtype
    reason: str

    @property
    def bf16(self) -> bool:
        return self.compute == "bf16"

    @property
    def fp16(self) -> bool:
        return self.compute == "fp16"

    def weights_dtype(self, lora: bool) -> Any:
        """The dtype to load the checkpoint's weights in."""
        import torch

        if lora and self.compute != "fp32":
            return torch.bfloat16 if self.bf16 else torch.float16
        return torch.float32


def native_bf16() -> bool:
    """Whether the GPU computes bf16 in hardware (Ampere and later); emulated bf16 (T4, V100) is
    slower than fp16 and does not count."""
    import torch

    return bool(torch.cuda.is_available() and torch.cuda.is_bf16_supported(including_emulation=False))


def choose_precision(requested: str) -> Precision:
    import torch

    gpu = torch.cuda.is_available()
    if requested == "auto":
        if not gpu:
            return Precision("fp32", "no GPU")
        if native_bf16():
            return Precision("bf16", f"{torch.cuda.get_device_name()} has native bf16")
        return Precision("fp16", f"{torch.cuda.get_device_name()} has no native bf16; fp16 with loss scaling")
    if requested == "bf16" and gpu and not native_bf16():
        raise ValueError(f"--precision bf16: {torch.cuda.get_device_name()} has no native bf16 (it would be emulated); use --precision fp16")
    if requested in ("bf16", "fp16") and not gpu:
        raise ValueError(f"--precision {requested} needs a GPU; on the CPU training runs in fp32")
    return Precision(requested, "asked for")


def keep_trainable_in_fp32(model: Any) -> None:
    """Trainable parameters (LoRA adapters, the new embedding rows) hold fp32 master copies even
    when the frozen base is bf16 or fp16."""
    import torch

    for parameter in model.parameters():
        if parameter.requires_grad and parameter.dtype != torch.float32:
            parameter.data = parameter.data.float()
