"""Where plugins keep what their checkers need (npm packages, a compiled helper), the lock that
lets several workers set it up at once without tripping over each other, and the two rules every
installer follows:

- A command that only lists (`lintseq-x languages`) never installs: inside `listing_only()`,
  `require_install_allowed` raises `SetupNeeded`, which names what is missing and the
  `lintseq-x setup LANG` command that installs it.
- An install that fails says so in one line naming a log file (`run_logged`); the tool's own
  output (twenty lines of npm errors, say) goes to that file, not to the terminal.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from ..algorithm.checker import CheckerUnavailable

# One flag for the process: the commands that list run in the main thread, before any worker.
_installs_allowed = True


class SetupNeeded(CheckerUnavailable):
    """What a checker needs is not installed yet, and the command running may not install it."""


def cache_dir(name: str) -> Path:
    """`$XDG_CACHE_HOME/lintseq-x/<name>` (by default ~/.cache/lintseq-x/<name>)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lintseq-x" / name


@contextmanager
def listing_only() -> Iterator[None]:
    """Within the block, building a checker installs nothing: installers raise `SetupNeeded`."""
    global _installs_allowed
    before, _installs_allowed = _installs_allowed, False
    try:
        yield
    finally:
        _installs_allowed = before


def require_install_allowed(language: str, missing: str) -> None:
    """Called by an installer before it installs for `language` what `missing` says is missing
    ("the npm packages espree@10.4.0, eslint-scope@8.4.0 are not installed"); raises
    `SetupNeeded` when the running command only lists."""
    if not _installs_allowed:
        raise SetupNeeded(f"not set up: {missing}; run `lintseq-x setup {language}`")


def run_logged(
    command: Sequence[str],
    what: str,
    log: Path,
    *,
    cwd: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 600,
) -> str | None:
    """Run an install or build step with its output written to `log`; None when it succeeded,
    else one line that says what failed, its last line of output, and where the rest is."""
    try:
        done = subprocess.run(list(command), cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as error:
        said, status = f"{error.stdout or ''}{error.stderr or ''}", f"no end within {timeout:g} s"
    except OSError as error:
        return f"{what} failed: cannot run {command[0]}: {error.strerror or error}"
    else:
        if done.returncode == 0:
            return None
        said, status = f"{done.stdout}{done.stderr}", f"exit {done.returncode}"
    written = _write_log(log, command, said)
    telling = _telling_line(said if isinstance(said, str) else "")
    return f"{what} failed ({status}){f': {telling}' if telling else ''}; its full output is in {written}"


def earlier_failure(target: Path) -> str | None:
    """The line that said why installing or building `target` failed earlier in this process:
    an installer raises it again rather than rerun a step that fails the same way (`verify`
    builds a checker for every record)."""
    return _failures.get(target)


def remember_failure(target: Path, failure: str) -> str:
    _failures[target] = failure
    return failure


_failures: dict[Path, str] = {}


def _write_log(log: Path, command: Sequence[str], said: str) -> Path:
    """`said` in `log`, or in a temporary file where the cache cannot be written."""
    text = f"$ {' '.join(command)}\n{said}"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(text, encoding="utf-8")
        return log
    except OSError:
        descriptor, name = tempfile.mkstemp(prefix=f"lintseq-x-{log.stem}-", suffix=".log")
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        return Path(name)


def _telling_line(said: str, limit: int = 160) -> str:
    """The line of a tool's output most worth quoting: its first error ("npm ERR! code
    ENOTFOUND", "main.go:3:2: undefined: x"), else its last line; shortened to `limit`."""
    lines = [line.strip() for line in said.splitlines() if line.strip()]
    if not lines:
        return ""
    line = next((line for line in lines if _ERROR.search(line)), lines[-1])
    return line if len(line) <= limit else line[: limit - 1] + "…"


_ERROR = re.compile(r"\berr(or)?\b|ERR!", re.IGNORECASE)


@contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on `path` (created if missing) for the block.

    Where the platform has no flock the block runs unlocked: setups are written to be
    idempotent, so a race costs time, not correctness.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield  # closing the file releases the lock
