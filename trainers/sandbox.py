"""Running untrusted generated programs: one child process per program, in its own temporary
directory, with time, memory, output-size and process limits, without the network where the
system allows a network namespace, and as the unprivileged `nobody` user when started as root
(where `nobody` can run the interpreter). Inside, the functions that delete, rename or write
outside that directory, start processes or open sockets are taken away (sandbox_runner.py).

A program passes only if it runs to its end and exits normally; a timeout, a crash, an exception,
an early `exit()` or anything the fence refuses counts as a failure.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_RUNNER = Path(__file__).with_name("sandbox_runner.py")
_OUTPUT_KEPT = 2000  # characters of the program's output kept for the results file


@dataclass(frozen=True)
class Limits:
    seconds: float = 10.0
    memory_mb: int = 1024
    output_mb: int = 16
    child_processes: int = 0


@dataclass(frozen=True)
class Outcome:
    passed: bool
    status: str  # passed, failed, timeout
    detail: str  # the end of the program's stderr, or why it was stopped


def run_program(code: str, limits: Limits = Limits()) -> Outcome:
    """Run `code` as `__main__` in a fresh sandbox and say whether it ran to its end."""
    workdir = Path(tempfile.mkdtemp(prefix="lintseq-x-sandbox-"))
    try:
        return _run(code, limits, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _run(code: str, limits: Limits, workdir: Path) -> Outcome:
    nonce = secrets.token_hex(16)
    drop_to = _nobody()
    if drop_to is not None:
        os.chown(workdir, *drop_to)
    job = {
        "code": code,
        "nonce": nonce,
        "memory_bytes": limits.memory_mb * 2**20,
        "cpu_seconds": max(1, int(limits.seconds) + 1),
        "file_bytes": limits.output_mb * 2**20,
        "processes": _process_cap(limits.child_processes, drop_to),
        "drop_to": drop_to,
    }
    env = {"PATH": "/usr/bin:/bin", "HOME": str(workdir), "TMPDIR": str(workdir), "LANG": "C.UTF-8", "PYTHONHASHSEED": "0"}
    stdout_path, stderr_path = workdir / "stdout", workdir / "stderr"
    with open(stdout_path, "wb") as stdout, open(stderr_path, "wb") as stderr:
        process = subprocess.Popen(
            [*_isolation(), sys.executable, "-I", str(_RUNNER)],
            stdin=subprocess.PIPE,
            stdout=stdout,
            stderr=stderr,
            cwd=workdir,
            env=env,
            start_new_session=True,  # one process group to kill, whatever the program started
        )
        try:
            process.communicate(json.dumps(job).encode("utf-8"), timeout=limits.seconds)
            timed_out = False
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            _kill_group(process)
    output = _tail(stdout_path)
    errors = _tail(stderr_path)
    if timed_out:
        return Outcome(False, "timeout", f"stopped after {limits.seconds:g} s")
    if process.returncode == 0 and output.rstrip("\n").endswith(nonce):
        return Outcome(True, "passed", "")
    if process.returncode is not None and process.returncode < 0:
        reason = f"killed by signal {signal.Signals(-process.returncode).name}"
        return Outcome(False, "failed", f"{reason}\n{errors}".strip())
    return Outcome(False, "failed", errors or f"exit status {process.returncode}")


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


def _tail(path: Path) -> str:
    try:
        with open(path, "rb") as handle:
            handle.seek(max(0, path.stat().st_size - _OUTPUT_KEPT))
            return handle.read().decode("utf-8", "replace")
    except OSError:
        return ""


@lru_cache(maxsize=1)
def _nobody() -> tuple[int, int] | None:
    """`nobody`'s ids, when we are root and `nobody` can run this Python (an interpreter under
    /root, as pyenv installs it, is out of its reach; then the write fence has to do)."""
    import pwd

    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam("nobody")
    except KeyError:
        return None
    ids = (entry.pw_uid, entry.pw_gid)

    def become_nobody() -> None:
        os.setgroups([])
        os.setgid(ids[1])
        os.setuid(ids[0])

    try:
        probe = subprocess.run(
            [sys.executable, "-I", "-c", "import json, shutil, socket, subprocess"],
            preexec_fn=become_nobody, cwd="/", capture_output=True, timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return ids if probe.returncode == 0 else None


@lru_cache(maxsize=1)
def _isolation() -> tuple[str, ...]:
    """A new network namespace (no interfaces but loopback, down) where the system allows one."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return ()
    for command in ((unshare, "--net"),) if os.geteuid() == 0 else ((unshare, "--user", "--net"),):
        try:
            if subprocess.run([*command, "true"], capture_output=True, timeout=10).returncode == 0:
                return command
        except (OSError, subprocess.TimeoutExpired):
            continue
    return ()


def network_isolated() -> bool:
    """Whether samples run without a network (a namespace); else only the socket fence holds."""
    return bool(_isolation())


def _process_cap(children: int, drop_to: tuple[int, int] | None) -> int:
    """RLIMIT_NPROC counts every process of the user, so the cap is what the user runs now plus
    the children a program may start (plus room for concurrent sandboxes of `nobody`)."""
    uid = drop_to[0] if drop_to else os.getuid()
    running = 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    running += 1
            except OSError:
                continue
    return running + children + 64 if drop_to else running + children + 1
