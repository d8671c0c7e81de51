"""What a run shows while it trains: loss, learning rate, tokens/s, padding, and on a GPU the
model FLOPs utilisation; one line per logging step, on the main process only."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from transformers import TrainerCallback

# Dense bf16/fp16 tensor-core peaks (no sparsity), from the vendors' data sheets. A GPU not
# listed gets no MFU figure rather than a wrong one.
PEAK_FLOPS = {
    "H200": 989e12,
    "H100 SXM": 989e12,
    "H100 80GB HBM3": 989e12,
    "H100 PCIe": 756e12,
    "H100 NVL": 835e12,
    "H100": 989e12,
    "GH200": 989e12,
    "A100": 312e12,
    "A800": 312e12,
    "L40S": 362e12,
    "L40": 181e12,
    "L4": 121e12,
    "A10G": 70e12,
    "A10": 125e12,
    "RTX 4090": 165e12,
    "RTX 3090": 71e12,
    "V100": 125e12,
    "T4": 65e12,
}


def peak_flops(device_name: str) -> float | None:
    for name, flops in PEAK_FLOPS.items():  # a name that contains another comes before it
        if name in device_name:
            return flops
    return None


def flops_per_token(parameters: int, layers: int, width: int, context: float) -> float:
    """Training FLOPs per token: 6N for the weights, plus attention's 12·L·d·T (PaLM, appendix B)."""
    return 6 * parameters + 12 * layers * width * context


class ProgressLines(TrainerCallback):
    def __init__(self, log: Callable[[str], None], flops_per_token: float | None, peak: float | None, world_size: int) -> None:
        self.log = log
        self.flops_per_token = flops_per_token
        self.peak = peak
        self.world_size = world_size
        self.last: tuple[float, int] | None = None

    def on_train_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        self.last = (time.perf_counter(), state.num_input_tokens_seen)

    def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        if state.global_step == state.max_steps:
            control.should_log = True  # the final loss is reported even between logging steps

    def tokens_per_second(self, state: Any) -> float | None:
        """Real (non-padding) tokens per second, all ranks together, since the last log."""
        if self.last is None:
            return None
        now, tokens = time.perf_counter(), state.num_input_tokens_seen
        seconds = now - self.last[0]
        rate = (tokens - self.last[1]) / seconds if seconds > 0 else None
        self.last = (now, tokens)
        return rate

    def mfu(self, rate: float) -> float | None:
        if self.flops_per_token is None or self.peak is None:
            return None
        return rate * self.flops_per_token / self.peak

    def on_log(self, args: Any, state: Any, control: Any, logs: dict | None = None, **kwargs: Any) -> None:
        logs = logs or {}
        if not state.is_world_process_zero:
            return
        if "eval_loss" in logs:
            self.log(f"step {state.global_step}/{state.max_steps}  validation loss {logs['eval_loss']:.4f}")
            return
        if "loss" not in logs:
            return
        parts = [f"step {state.global_step}/{state.max_steps}", f"loss {logs['loss']:.4f}"]
        if "learning_rate" in logs:
            parts.append(f"lr {logs['learning_rate']:.2e}")
        rate = self.tokens_per_second(state)
        if rate is not None:
            parts.append(f"{rate:,.0f} tokens/s")
            mfu = self.mfu(rate / self.world_size)
            if mfu is not None:
                parts.append(f"MFU {100 * mfu:.1f}%")
        self.log("  ".join(parts))
