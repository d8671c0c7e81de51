"""`lintseq-x train`: finetune a causal LM on instruction + edit-sequence (or whole-program) data.

TRL's `SFTTrainer` does the batching and the loss (completion-only labels, best-fit packing with
position ids that restart per example, padding-free batches) on top of the transformers Trainer,
which also runs it under `torchrun`/`accelerate launch` (DDP, FSDP). lintseq-x adds what decides
whether the numbers are right: the serialisation, which examples each arm trains on, the
precision, and checks that refuse a tokenizer or a model that would train on corrupted data.
"""

from __future__ import annotations

import json
import os
import time
from contextlib import nullcontext
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from .data import Example, check_mix, language_counts, one_per_program, parse_mix, read_examples
from .encode import show_example, tokenize
from .models import ModelError, checkpoint_facts, load_model, load_tokenizer
from .options import TrainOptions, resolved, validate
from .plan import Selection, held_out_programs, matched_steps, select, steps_for
from .precision import choose_precision, keep_trainable_in_fp32
from .serialize import PromptStyle
from .tokenizer_check import check_round_trip

RUN_CONFIG = "lintseq_x_train.json"
_ROUND_TRIP_SAMPLE = 64


@dataclass(frozen=True)
class Plan:
    style: PromptStyle
    options: TrainOptions  # resolved: no field left None that a recipe or default fills
    table: Any  # the token table (`datasets.Dataset`) of the trained arm
    selection: Selection
    max_steps: int
    baseline: Selection | None  # the program arm, when --match program
    matched: dict | None


@dataclass
class Session:
    """A run ready to start: the plan, and (unless a dry run) the SFTTrainer built for it."""

    plan: Plan
    tokenizer: Any
    parameters: int
    stored_dtype: Any
    trainer: Any = None
    precision: Any = None
    progress: Any = None


def train(options: TrainOptions) -> dict:
    """Run the training (or, with `dry_run`, only show what it would do); return the summary."""
    session = prepare(options)
    if session.trainer is None:
        total = session.plan.selection.total
        return {"dry_run": True, "examples": total.examples, "tokens": total.tokens, "response_tokens": total.response_tokens, "max_steps": session.plan.max_steps, "options": _options_json(session.plan.options)}
    return _run(session)


def prepare(options: TrainOptions) -> Session:
    """Read the data, check the tokenizer, plan the run and report the plan; then, unless it is a
    dry run, load the model and build its trainer."""
    validate(options)
    _quiet_libraries()
    if not is_main_process():
        options = replace(options, log=lambda line: None)
    examples = read_examples(options.data)
    if not examples:
        raise ValueError("no training examples in " + ", ".join(map(str, options.data)))
    if options.mix:
        check_mix(examples, parse_mix(options.mix))
    parameters, stored_dtype, has_weights = checkpoint_facts(options.model)
    if options.lora and not has_weights:
        raise ModelError(f"{options.model} holds only a config: LoRA adapts trained weights; train from scratch without --lora")
    options = resolved(options, parameters, _world_size(), _paths_per_program(examples))
    tokenizer = load_tokenizer(options.model)
    style = PromptStyle(
        format=options.format,
        name_language=options.name_language if options.name_language is not None else len(language_counts(examples)) > 1,
    )
    if style.format == "editseq" and style.separator not in tokenizer.get_vocab():
        tokenizer.add_tokens([style.separator])
    arguments = None if options.dry_run else _arguments(options)
    first = arguments.main_process_first(desc="tokenising") if arguments is not None else nullcontext()
    with first:
        plan = _plan(options, style, examples, tokenizer)
    _report_plan(plan, tokenizer, parameters)
    session = Session(plan, tokenizer, parameters, stored_dtype)
    if not options.dry_run:
        _build_trainer(session, arguments)
    return session


def _quiet_libraries() -> None:
    """The libraries' own progress bars (tokenising, packing, writing shards) would interleave with
    the run's one line per logging step."""
    import datasets
    import transformers

    datasets.disable_progress_bars()
    transformers.utils.logging.disable_progress_bar()


def _paths_per_program(examples: list[Example]) -> float:
    return len(examples) / len({example.program_key for example in examples})


def _plan(options: TrainOptions, style: PromptStyle, examples: list[Example], tokenizer: Any) -> Plan:
    cache = None if options.dry_run else Path(options.output) / "tokenized"
    chosen = one_per_program(examples) if style.format == "program" else examples
    table = tokenize(chosen, tokenizer, style, cache)
    spread = range(0, len(table), max(1, len(table) // _ROUND_TRIP_SAMPLE))  # every file and language has a say
    check_round_trip(tokenizer, [(row["location"], row["prompt"], row["response"]) for row in table.select(spread)], style.separator, options.model)
    held_out = held_out_programs(table["program"], options.validation, options.seed)
    selection = select(table, options, held_out)
    if not selection.train:
        raise ValueError(f"no example fits --max-length {options.max_length} tokens; {_keep_hint(selection)}")
    max_steps = steps_for(selection, options, _world_size())
    baseline = matched = None
    if options.match == "program" and style.format != "program":
        baseline_style = replace(style, format="program")
        baseline_table = tokenize(one_per_program(examples), tokenizer, baseline_style, cache)
        baseline = select(baseline_table, options, held_out_programs(baseline_table["program"], options.validation, options.seed))
        baseline_epochs = options.epochs * _paths_per_program(examples) if options.recipe == "paper" else options.epochs
        max_steps, matched = matched_steps(selection, baseline, baseline_epochs, options, _world_size())
    return Plan(style, options, table, selection, max_steps, baseline, matched)


def _keep_hint(selection: Selection) -> str:
    return f"--max-length {selection.keep_95} would keep 95% of them whole, --max-length {selection.longest} (the longest) all of them"


def _left_out(plan: Plan, context: int | None) -> str:
    """What the length filter left out, and the --max-length that would keep it: a run that quietly
    trains on a third of its data (the built-in corpus at 1024 tokens) looks like any other."""
    selection, read = plan.selection, len(plan.table)
    share = f"{selection.too_long / read:.0%} of the data" + (", most of it," if selection.too_long * 2 > read else "")
    over_context = (
        f"; note that this model's context is {context:,} tokens"
        if context is not None and context < selection.longest
        else ""
    )
    return (
        f"{share} is not trained on: {selection.too_long} of {read} examples are longer than --max-length "
        f"{plan.options.max_length} tokens and are left out (never cut); {_keep_hint(selection)}{over_context}"
    )


def _context_length(model: str) -> int | None:
    """The model's context length, as its config.json states it (None where it states none)."""
    try:
        config = json.loads((Path(model) / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for part in (config, config.get("text_config") or {}):
        value = part.get("max_position_embeddings") if isinstance(part, dict) else None
        if isinstance(value, int) and value > 0:
            return value
    return None


def _world_size() -> int:
    return int(os.environ.get("WORLD_SIZE", "1"))


def is_main_process() -> bool:
    """Rank 0 under torchrun/accelerate (which set RANK), or a single process."""
    return os.environ.get("RANK", "0") == "0"


def _report_plan(plan: Plan, tokenizer: Any, parameters: int) -> None:
    options, log = plan.options, plan.options.log
    arms = [(plan.style.format, plan.selection)] + ([("program", plan.baseline)] if plan.baseline else [])
    total = plan.selection.total
    languages = ", ".join(f"{name} {count.examples}" for name, count in plan.selection.counts.items() if count.examples)
    log(f"{total.examples} examples ({languages}); format {plan.style.format}; {total.tokens} tokens per epoch")
    log(_table(arms))
    if plan.selection.too_long:
        log("warning: " + _left_out(plan, _context_length(options.model)))
    if plan.selection.validation:
        log(f"{len(plan.selection.validation)} examples of {round(options.validation * 100)}% of the programs held out for validation")
    per_step = options.batch_size * options.gradient_accumulation * _world_size()
    log(
        f"{plan.max_steps} optimizer steps of {per_step} {'packed rows' if options.packing else 'examples'}; lr {options.learning_rate:g} "
        f"({options.scheduler}, warmup {options.warmup_ratio:g}), weight decay {options.weight_decay:g}, {options.loss} token loss"
        + (f"; recipe {options.recipe} for {parameters / 1e6:,.{0 if parameters >= 1e7 else 2}f}M parameters" if options.recipe else "")
    )
    if plan.matched:
        log(
            f"matched to the program arm by {plan.matched['by']}: {plan.max_steps} steps "
            f"(baseline: {plan.matched['baseline_steps']} steps, {plan.matched['baseline_response_tokens']} response tokens)"
        )
    if options.dry_run:
        row = plan.table[plan.selection.train[0]]
        log("first example, as the model sees it:\n" + tokenizer.decode(row["input_ids"]))
        log("its tokens (L: in the loss, ·: masked):\n" + show_example(row["input_ids"], row["labels"], tokenizer))


def _table(arms: list[tuple[str, Selection]]) -> str:
    """Per language and arm: what one epoch trains on, and what was left out as too long."""
    header = f"{'arm':<8} {'language':<12} {'examples':>9} {'tokens':>11} {'response tokens':>16} {'too long':>9}"
    lines = [header]
    for arm, selection in arms:
        for language, count in [*selection.counts.items(), ("all", selection.total)]:
            lines.append(f"{arm:<8} {language:<12} {count.examples:>9,} {count.tokens:>11,} {count.response_tokens:>16,} {count.too_long:>9,}")
    return "\n".join(lines)


def _arguments(options: TrainOptions) -> Any:
    import torch
    from trl import SFTConfig

    precision = choose_precision(options.precision)
    padding_free = options.packing
    return SFTConfig(
        output_dir=options.output,
        per_device_train_batch_size=options.batch_size,
        per_device_eval_batch_size=options.batch_size,
        gradient_accumulation_steps=options.gradient_accumulation,
        num_train_epochs=options.epochs,
        max_steps=-1,  # set from the plan
        learning_rate=options.learning_rate,
        lr_scheduler_type=options.scheduler,
        warmup_steps=0.0,  # set from the plan
        weight_decay=options.weight_decay,
        max_grad_norm=options.max_grad_norm if options.max_grad_norm > 0 else None,
        optim="adamw_torch",
        bf16=precision.bf16,
        fp16=precision.fp16,
        logging_steps=options.logging_steps,
        logging_first_step=True,
        include_num_input_tokens_seen="no",  # LintseqTrainer counts them, padding told apart
        save_strategy="steps",
        save_steps=options.save_steps,
        save_total_limit=2,
        eval_strategy="steps" if options.validation > 0 else "no",
        eval_steps=options.eval_steps or options.logging_steps * 10,
        seed=options.seed,
        data_seed=options.seed,
        report_to=[] if options.report_to == "none" else [options.report_to],
        disable_tqdm=True,  # ProgressLines prints one line per logging step instead
        # Without a GPU, torchrun's processes train data-parallel over gloo on the CPU.
        use_cpu=not torch.cuda.is_available(),
        ddp_backend="gloo" if not torch.cuda.is_available() and _world_size() > 1 else None,
        ddp_find_unused_parameters=False,
        # SFTTrainer: the data arrives tokenised with its labels; it packs and collates.
        max_length=options.max_length,
        packing=options.packing,
        packing_strategy="bfd",
        padding_free=padding_free,
        completion_only_loss=None,
        dataset_num_proc=None,
        # Rows of similar length in a batch: little padding, for packed rows (padded to the batch's
        # longest) as for examples. Flash attention's flattened rows have no padding to save.
        train_sampling_strategy="random" if options.packing and options.attn_implementation == "flash_attention_2" else "group_by_length",
    )


def _build_trainer(session: Session, arguments: Any) -> None:
    plan, tokenizer = session.plan, session.tokenizer
    options = plan.options
    precision = choose_precision(options.precision)
    from transformers import set_seed

    # The Trainer seeds only once it is built: a model trained from a config (and LoRA's adapters)
    # is initialised before that, so without this its weights would follow whatever ran earlier.
    set_seed(options.seed)
    model = load_model(options.model, dtype=precision.weights_dtype(options.lora), attn_implementation=options.attn_implementation)
    if len(tokenizer) > model.get_input_embeddings().weight.shape[0]:
        model.resize_token_embeddings(len(tokenizer))
    model.config.pad_token_id = tokenizer.pad_token_id
    model.config.use_cache = False  # a cache built in training turns off the packed-sequence mask
    if options.gradient_checkpointing:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    if options.packing:
        from .packing import keeps_examples_apart

        if not keeps_examples_apart(model):
            options.log(
                f"--packing: {type(model).__name__} with {model.config._attn_implementation} attention lets packed examples see "
                "each other; training without packing, on length-grouped padded batches, instead"
            )
            options = replace(options, packing=False)
            arguments.packing = arguments.padding_free = False
            arguments.train_sampling_strategy = "group_by_length"
    if options.lora:
        model = _with_lora(model, options)
        keep_trainable_in_fp32(model)
        if options.gradient_checkpointing:
            model.enable_input_require_grads()  # frozen inputs would leave the checkpointed blocks without gradients
    arguments.max_steps = plan.max_steps
    arguments.warmup_steps = round(options.warmup_ratio * plan.max_steps)
    session.plan = replace(plan, options=options)
    session.precision = precision
    session.trainer = _trainer(plan, model, tokenizer, arguments, options)
    session.progress = _watch(session.trainer, model, options, session.parameters, plan)
    options.log(f"precision: {precision.compute} ({precision.reason}); weights {next(model.parameters()).dtype} ({options.lora and 'LoRA base' or 'fp32 master copy'})")


def _run(session: Session) -> dict:
    import torch

    plan, trainer, precision, progress = session.plan, session.trainer, session.precision, session.progress
    options = plan.options
    if torch.cuda.is_available():
        torch.cuda.reset_peak_memory_stats()
    started = time.perf_counter()
    result = trainer.train(resume_from_checkpoint=True if options.resume else None)
    seconds = time.perf_counter() - started
    validation = _final_validation_loss(trainer) if plan.selection.validation else None
    losses = [entry["loss"] for entry in trainer.state.log_history if "loss" in entry]
    total = plan.selection.total
    summary = {
        "format": plan.style.format,
        "examples": total.examples,
        "response_tokens_per_epoch": total.response_tokens,
        "left_out_too_long": plan.selection.too_long,
        "max_length_for_95_percent": plan.selection.keep_95,
        "longest_example": plan.selection.longest,
        "languages": {name: asdict(count) for name, count in plan.selection.counts.items()},
        "validation_examples": len(plan.selection.validation),
        "steps": trainer.state.global_step,
        "matched": plan.matched,
        "packing": options.packing,
        "padding_fraction": round(trainer.padding_fraction, 4),
        "tokens_seen": int(trainer.state.num_input_tokens_seen),
        "seconds": round(seconds, 2),
        "tokens_per_second": round(trainer.state.num_input_tokens_seen / seconds, 1) if seconds else None,
        "first_loss": round(losses[0], 4) if losses else None,
        "final_loss": round(losses[-1], 4) if losses else None,
        "train_loss": round(result.training_loss, 4),
        "validation_loss": round(validation, 4) if validation is not None else None,
        "precision": precision.compute,
        "world_size": _world_size(),
        "peak_gpu_memory_gib": round(torch.cuda.max_memory_allocated() / 2**30, 2) if torch.cuda.is_available() else None,
        "mfu": _rounded(progress.mfu(trainer.state.num_input_tokens_seen / seconds / _world_size()) if seconds else None),
    }
    _save(trainer, session.tokenizer, plan, options, summary, session.stored_dtype)
    _leave_process_group()
    if plan.selection.too_long:
        # said again at the end, where the run's result is read, not only in the plan above the steps
        options.log(
            f"warning: trained without {plan.selection.too_long} of {len(plan.table)} examples, longer than --max-length "
            f"{options.max_length} tokens (the longest has {plan.selection.longest:,}: --max-length {plan.selection.longest} keeps them all)"
        )
    return summary


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _final_validation_loss(trainer: Any) -> float:
    """The validation loss at the last step: logged already when it fell on an eval step."""
    logged = [entry for entry in trainer.state.log_history if "eval_loss" in entry]
    if logged and logged[-1].get("step") == trainer.state.global_step:
        return logged[-1]["eval_loss"]
    return trainer.evaluate()["eval_loss"]


def _trainer(plan: Plan, model: Any, tokenizer: Any, arguments: Any, options: TrainOptions) -> Any:
    from .sft import LintseqTrainer

    columns = ["input_ids", "labels"]
    train_rows = plan.table.select(plan.selection.train).select_columns(columns)
    validation_rows = plan.table.select(plan.selection.validation).select_columns(columns) if plan.selection.validation else None
    return LintseqTrainer(
        model=model, args=arguments, train_dataset=train_rows, eval_dataset=validation_rows, processing_class=tokenizer, summed_loss=options.loss == "sum"
    )


def _watch(trainer: Any, model: Any, options: TrainOptions, parameters: int, plan: Plan) -> Any:
    import torch
    from transformers.trainer_callback import PrinterCallback, ProgressCallback

    from .progress import ProgressLines, flops_per_token, peak_flops

    if options.packing and model.config._attn_implementation != "flash_attention_2":
        from .packing import PackedRows

        trainer.data_collator = PackedRows(trainer.processing_class.pad_token_id)
    peak = peak_flops(torch.cuda.get_device_name()) if torch.cuda.is_available() else None
    config = model.config
    context = plan.selection.total.tokens / max(1, plan.selection.total.examples)
    per_token = flops_per_token(parameters, getattr(config, "num_hidden_layers", 0), getattr(config, "hidden_size", 0), context)
    progress = ProgressLines(options.log, per_token, peak, _world_size())
    for callback in (PrinterCallback, ProgressCallback):
        trainer.remove_callback(callback)
    trainer.add_callback(progress)
    return progress


def _leave_process_group() -> None:
    # Under torchrun, every rank waits until rank 0 has saved, then leaves the process group
    # before the interpreter exits: a gloo group still alive at exit can abort a rank ("terminate
    # called without an active exception"), which fails a run that has finished.
    import torch.distributed as distributed

    if distributed.is_available() and distributed.is_initialized():
        distributed.barrier()
        distributed.destroy_process_group()


def _with_lora(model: Any, options: TrainOptions) -> Any:
    try:
        from peft import LoraConfig, get_peft_model
    except ImportError:
        raise ValueError("--lora needs peft: pip install peft") from None
    # The separator's embedding row is new, so the embeddings train in full beside the adapters.
    embeddings = {model.get_input_embeddings(), model.get_output_embeddings()}
    saved = sorted({name.rsplit(".", 1)[-1] for name, module in model.named_modules() if module in embeddings})
    targets: Any = options.lora_targets if options.lora_targets == "all-linear" else [name.strip() for name in options.lora_targets.split(",") if name.strip()]
    config = LoraConfig(
        r=options.lora_rank,
        lora_alpha=options.lora_alpha,
        lora_dropout=options.lora_dropout,
        target_modules=targets,
        modules_to_save=saved,
        task_type="CAUSAL_LM",
    )
    try:
        return get_peft_model(model, config)
    except ValueError as error:
        raise ValueError(f"--lora-targets {options.lora_targets}: {error}") from None


def _save(trainer: Any, tokenizer: Any, plan: Plan, options: TrainOptions, summary: dict, stored_dtype: Any) -> None:
    """The final model (LoRA adapters merged into it, and saved apart too), the tokenizer, and how
    to prompt it. Under FSDP every rank takes part in gathering the full state dict."""
    output = Path(options.output)
    if trainer.is_fsdp_enabled:
        trainer.accelerator.state.fsdp_plugin.set_state_dict_type("FULL_STATE_DICT")
        target = output / "adapter" if options.lora else output
        trainer.save_model(str(target))
        if options.lora and trainer.is_world_process_zero():
            load_model(target).save_pretrained(output)
    elif trainer.is_world_process_zero():
        model = trainer.accelerator.unwrap_model(trainer.model)
        if options.lora:
            model.save_pretrained(output / "adapter")  # small, and loadable unmerged with peft
            model = model.merge_and_unload()
        if options.save_dtype == "checkpoint":
            model = model.to(stored_dtype)
        model.save_pretrained(output)
    if trainer.is_world_process_zero():
        tokenizer.save_pretrained(output)
        config = {"prompt_style": plan.style.to_json(), "data": [str(path) for path in options.data], "summary": summary, "options": _options_json(options)}
        (output / RUN_CONFIG).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")


def _options_json(options: TrainOptions) -> dict:
    return {key: value for key, value in asdict(options).items() if key not in ("log", "data")}


def prompt_style_of(model_dir: str | Path) -> PromptStyle:
    """How a model trained by `lintseq-x train` wants to be prompted; edit sequences, unnamed
    language, for any other model."""
    path = Path(model_dir) / RUN_CONFIG
    if path.exists():
        return PromptStyle.from_json(json.loads(path.read_text(encoding="utf-8"))["prompt_style"])
    return PromptStyle()

