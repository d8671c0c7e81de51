"""Whether a model keeps packed examples apart.

Packed rows carry position ids that restart at every example and no attention mask; transformers
turns that into a block-diagonal mask (sdpa, eager) or variable-length kernels (flash attention)
for the models whose attention goes through its masking utilities. A model that does not would
let every example attend to the ones packed before it, so the run checks, on two short token
sequences, that packed logits equal the logits of each sequence alone.
"""

from __future__ import annotations

from typing import Any

_FIRST = [5, 9, 13, 17, 21, 25]
_SECOND = [7, 11, 15, 19, 23]


def keeps_examples_apart(model: Any) -> bool:
    import torch

    if getattr(model.config, "_attn_implementation", None) == "flash_attention_2":
        return True  # its varlen kernel takes the sequence boundaries from the position ids; CUDA only
    vocabulary = model.get_input_embeddings().weight.shape[0]
    first = [token % vocabulary for token in _FIRST]
    second = [token % vocabulary for token in _SECOND]
    device = next(model.parameters()).device
    packed = torch.tensor([first + second], device=device)
    positions = torch.tensor([list(range(len(first))) + list(range(len(second)))], device=device)
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            together = model(input_ids=packed, position_ids=positions, use_cache=False).logits[0].float()
            alone = model(input_ids=torch.tensor([second], device=device), use_cache=False).logits[0].float()
    finally:
        model.train(was_training)
    tolerance = 1e-3 if next(model.parameters()).dtype == torch.float32 else 5e-2
    scale = max(1.0, float(alone.abs().max()))
    return bool((together[len(first) :] - alone).abs().max() <= tolerance * scale)


class PackedRows:
    """Collates packed rows as rows of one batch, right-padded, with position ids restarting at
    every example and no attention mask, so that transformers builds each row's block-diagonal
    causal mask. TRL's padding-free collator instead flattens the whole batch into one row,
    which suits flash attention's variable-length kernel but makes sdpa and eager attend over
    the flattened row: measured 3.5x slower for 8 rows of 2,048 tokens on the CPU
    (docs/decisions.md). Padding sits after every real token of its row, so causal attention
    never reaches it, and its labels are -100. Like TRL's padding-free collator, the label of
    every example's first token is -100: the token before it ends the previous example, which
    must not be trained to predict the next one (an example without a prompt has its first token
    in its labels)."""

    def __init__(self, pad_token_id: int) -> None:
        from trl.trainer.sft_trainer import DataCollatorForLanguageModeling

        self.collate = DataCollatorForLanguageModeling(pad_token_id=pad_token_id, padding_free=False, return_position_ids=True)

    def __call__(self, features: list[dict]) -> dict:
        batch = self.collate(features)
        batch.pop("attention_mask", None)
        batch["labels"][batch["position_ids"] == 0] = -100
        return batch
