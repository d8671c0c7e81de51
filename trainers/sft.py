"""TRL's SFTTrainer with what lintseq-x's runs report and the paper's summed loss."""

from __future__ import annotations

from typing import Any

from trl import SFTTrainer


def real_tokens(batch: dict, pad_token_id: int) -> tuple[int, int]:
    """(tokens that are data, all tokens) of a collated batch. Padded rows carry an attention
    mask; packed rows carry none, and their right padding is the pad id at position 0 (a real
    end-of-sequence token, which may share the pad id, always follows at least one token of its
    example)."""
    ids = batch["input_ids"]
    if "attention_mask" in batch:
        return int(batch["attention_mask"].sum()), int(ids.numel())
    if "position_ids" in batch:
        padding = (ids == pad_token_id) & (batch["position_ids"] == 0)
        return int(ids.numel() - padding.sum()), int(ids.numel())
    return int(ids.numel()), int(ids.numel())


class LintseqTrainer(SFTTrainer):
    """Counts the real and padded tokens of every training batch (the Trainer's own count cannot
    tell padding from end-of-sequence tokens without an attention mask), and with `summed_loss`
    trains on the reference's summed token loss: the Trainer's loss is the token mean over the
    optimizer step (`num_items_in_batch` counts the step's response tokens on every rank), so
    multiplying by that count gives the sum. The logged loss stays the per-token mean."""

    def __init__(self, *args: Any, summed_loss: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.summed_loss = summed_loss
        self.padding_tokens = 0  # this rank's
        self.batch_tokens = 0
        self._scale: Any = 1

    def training_step(self, model: Any, inputs: dict, num_items_in_batch: Any = None) -> Any:
        real, total = real_tokens(inputs, self.processing_class.pad_token_id)
        self.padding_tokens += total - real
        self.batch_tokens += total
        self.state.num_input_tokens_seen += int(self.accelerator.gather(self._tensor(real)).sum())
        loss = super().training_step(model, inputs, num_items_in_batch)
        return loss / self._scale

    def compute_loss(self, model: Any, inputs: Any, return_outputs: bool = False, num_items_in_batch: Any = None) -> Any:
        result = super().compute_loss(model, inputs, return_outputs=return_outputs, num_items_in_batch=num_items_in_batch)
        self._scale = num_items_in_batch if (self.summed_loss and model.training and num_items_in_batch is not None) else 1
        if return_outputs:
            return result[0] * self._scale, result[1]
        return result * self._scale

    @property
    def padding_fraction(self) -> float:
        return self.padding_tokens / self.batch_tokens if self.batch_tokens else 0.0

    def _tensor(self, value: int) -> Any:
        import torch

        return torch.tensor(value, device=self.args.device, dtype=torch.int64)
