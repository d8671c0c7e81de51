"""Finetuning on lintseq-x output, sampling, resolving edit sequences and measuring pass@k.

The heavy dependencies (torch, transformers, accelerate) are the optional extra
`lintseq-x[train]` and are imported only by the modules that train or generate; the evaluation
harness (`resolve`, `sandbox`, `benchmarks`, `passk`, `evaluate` with `--completions`) runs on the
core install.
"""
