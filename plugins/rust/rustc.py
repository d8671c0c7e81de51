"""rustc, the independent judge of Rust states (`verify --strict`, tests): parse, expand and
resolve names, then stop (`-Z no-analysis`), so syntax and resolution errors but no type or
borrow errors. Found when it first runs, not on import."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from lintseq_x.plugins import ExternalTool


def rustc_path() -> str:
    """rustc on PATH, else rustup's default place."""
    found = shutil.which("rustc")
    if found:
        return found
    candidate = Path(os.path.expanduser("~/.cargo/bin/rustc"))
    return str(candidate) if candidate.exists() else "rustc"


class RustcTool(ExternalTool):
    """An ExternalTool whose leading "rustc" is `rustc_path()`, looked up when the tool runs (no
    fields of its own: the dataclass it inherits builds it, and a decorator here would only cost
    import time)."""

    def located(self) -> ExternalTool:
        return ExternalTool(self.name, (rustc_path(), *self.argv[1:]), self.file_name, self.env, self.timeout)

    def available(self) -> str | None:
        return self.located().available()

    def check(self, source: str) -> str | None:
        return self.located().check(source)


# `-Z` needs RUSTC_BOOTSTRAP=1 on a stable toolchain.
RUSTC_TOOL = RustcTool(
    "rustc -Z no-analysis",
    ("rustc", "--edition", "2021", "--crate-type", "lib", "-Z", "no-analysis",
     "--emit=metadata", "-o", "/dev/null", "{file}"),
    file_name="state.rs",
    env={"RUSTC_BOOTSTRAP": "1"},
)
