"""lintseq-x: refactor programs into sequences of lint-clean insertion edits (LintSeq)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("lintseq-x")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"


def __getattr__(name: str) -> object:
    # `from lintseq_x.core import add_edit_paths`, imported on first use: the package's own
    # import stays light for the CLI and the workers.
    if name == "add_edit_paths":
        from .hf_datasets import add_edit_paths

        return add_edit_paths
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
