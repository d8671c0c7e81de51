#!/usr/bin/env bash
# The paper's comparison, end to end: a model trained from scratch on instruction data from real
# code (the Python standard library's documented functions), as whole programs (the baseline arm)
# and as lintseq-x edit sequences matched to the baseline's training tokens, both evaluated on
# HumanEval. Sizes come from the environment; the defaults suit one GPU for about 20 minutes.
#
#   WORK=bench-out bash benchmarks/finetune_humaneval.sh
#   LAYERS=2 WIDTH=64 HEADS=2 EPOCHS=1 N=2 K=1,2 LIMIT=8 bash benchmarks/finetune_humaneval.sh   # a CPU smoke run
set -euo pipefail
WORK=${WORK:-bench-out}
SAMPLES=${SAMPLES:-5}; JOBS=${JOBS:-$(nproc)}
LAYERS=${LAYERS:-8}; WIDTH=${WIDTH:-512}; HEADS=${HEADS:-8}; VOCAB=${VOCAB:-16384}
EPOCHS=${EPOCHS:-8}; BATCH=${BATCH:-32}; LR=${LR:-6e-4}; MAXLEN=${MAXLEN:-1024}
N=${N:-20}; K=${K:-1,5,10}; LIMIT=${LIMIT:-164}
mkdir -p "$WORK"

python "$(dirname "$0")/function_instructions.py" -o "$WORK/functions.jsonl"
lintseq-x run "$WORK/functions.jsonl" --lang python -s "$SAMPLES" -j "$JOBS" --seed 1 -o "$WORK/editseq.jsonl"
lintseq-x new-model "$WORK/scratch" --from "$WORK/editseq.jsonl" --vocab-size "$VOCAB" \
    --layers "$LAYERS" --width "$WIDTH" --heads "$HEADS" --context "$MAXLEN"

common=(--model "$WORK/scratch" --epochs "$EPOCHS" --batch-size "$BATCH" --lr "$LR" --warmup-ratio 0.05
        --scheduler cosine --max-length "$MAXLEN" --save-steps 100000 --logging-steps 20)
lintseq-x train "$WORK/editseq.jsonl" "${common[@]}" --format program -o "$WORK/program"
lintseq-x train "$WORK/editseq.jsonl" "${common[@]}" --format editseq --match program --match-by tokens -o "$WORK/editseq"

for arm in program editseq; do
    lintseq-x eval --model "$WORK/$arm" -n "$N" -k "$K" --limit "$LIMIT" --max-new-tokens "$MAXLEN" -o "$WORK/$arm/eval-humaneval"
done
lintseq-x eval-plot "$WORK/program/eval-humaneval" "$WORK/editseq/eval-humaneval" -o "$WORK/pass_at_k.png"
python - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
for arm in ("program", "editseq"):
    train = json.load(open(f"{work}/{arm}/lintseq_x_train.json"))["summary"]
    score = json.load(open(f"{work}/{arm}/eval-humaneval/summary.json"))
    passes = {key: value for key, value in score.items() if key.startswith("pass@")}
    print(arm, {key: train[key] for key in ("steps", "tokens_seen", "tokens_per_second", "final_loss", "peak_gpu_memory_gib")}, passes)
PY
