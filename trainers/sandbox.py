"""Running untrusted generated programs, of any language, in a sandbox.

Each job gets a fresh temporary directory. Where bubblewrap (`bwrap`) is installed, every compile
or run step is a fresh `bwrap` over that directory: the whole filesystem read-only, a private
/tmp, /dev and /proc, the job's directory the only writable place the host sees, new network,
IPC, PID, UTS and cgroup namespaces (no network at all), killed with its parent, in a new session,
and run as `nobody` when started as root (else as the caller inside a user namespace). Inside,
rlimits bound CPU time, memory, file size and process count, and a wall clock kills the whole
sandbox. Python programs also keep the Python-level fences of sandbox_runner.py as a second layer.

Without bubblewrap (not installed, failing to start, or LINTSEQ_X_NO_BWRAP=1), a loud warning is
printed once and jobs run with process isolation only: the same rlimits, a network namespace where
the system allows one, `nobody` where it can run the interpreter, and the Python fences.

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
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

_RUNNER = Path(__file__).with_name("sandbox_runner.py")
_OUTPUT_KEPT = 2000  # characters of the program's output kept for the results file
_NO_BWRAP_ENV = "LINTSEQ_X_NO_BWRAP"
BWRAP = "bwrap"  # the program looked up on PATH (tests point it elsewhere)
_JVM = {"java", "javac", "jar", "jshell", "kotlin", "kotlinc", "kotlinc-jvm", "scala", "scalac", "groovy", "clojure"}
_MIB = 2**20


@dataclass(frozen=True)
class Limits:
    seconds: float = 10.0
    memory_mb: int = 1024
    output_mb: int = 16
    child_processes: int = 0


@dataclass(frozen=True)
class Outcome:
    passed: bool
    status: str  # passed, failed, timeout, compile_error
    detail: str  # the end of the program's stderr (or stdout), or why it was stopped
    phase: str = "run"  # the phase of the last step run: compile or run
    seconds: float = 0.0  # wall-clock seconds of all the steps run


@dataclass(frozen=True)
class Step:
    """One compile or run step of a job, run in the sandbox in the job's directory."""

    argv: tuple[str, ...]  # e.g. ("g++", "-std=c++17", "main.cpp", "-o", "main")
    phase: str  # "compile" or "run"
    env: tuple[tuple[str, str], ...] = ()  # extra environment (e.g. GOCACHE=/tmp/go-cache)
    seconds: float | None = None  # this step's wall-clock limit (None: limits.seconds)


# --- the public API ---------------------------------------------------------------------------

def run_program(code: str, limits: Limits = Limits()) -> Outcome:
    """Run Python `code` as `__main__` in a fresh sandbox and say whether it ran to its end."""
    base, workdir = _new_job()
    try:
        return _run_python(code, limits, base, workdir)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def run_steps(files: dict[str, str], steps: Sequence[Step], limits: Limits = Limits()) -> Outcome:
    """Write `files` into a fresh job directory and run `steps` there in order, each in a fresh
    sandbox, stopping at the first that fails. Statuses: passed; compile_error (a compile step
    failed or ran out of time); timeout (a run step ran out of time); failed (a run step exited
    nonzero or was killed)."""
    if not steps:
        raise ValueError("run_steps needs at least one step")
    for step in steps:
        if step.phase not in ("compile", "run") or not step.argv:
            raise ValueError(f"a step needs an argv and the phase compile or run: {step!r}")
    base, workdir = _new_job()
    try:
        for name, text in files.items():
            path = (workdir / name).resolve()
            if not path.is_relative_to(workdir.resolve()) or path == workdir.resolve():
                raise ValueError(f"a job's file must lie inside its directory: {name!r}")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        drop_to = _job_user()
        fallback_nobody = _nobody_ids() if _sandbox_mode().bwrap is None and os.geteuid() == 0 else None
        owner = drop_to or fallback_nobody
        if owner is not None:
            if fallback_nobody is not None:
                base.chmod(0o711)  # a way in to the job's directory for `nobody`
            for folder, _, names in os.walk(workdir):
                os.chown(folder, *owner)
                for name in names:
                    os.chown(os.path.join(folder, name), *owner)
        total = 0.0
        outcome = Outcome(True, "passed", "", steps[-1].phase, 0.0)
        for index, step in enumerate(steps):
            step_user = drop_to
            if step_user is None and fallback_nobody is not None and _others_can_run(step.argv[0], step.env, workdir):
                step_user = fallback_nobody  # else root, whom RLIMIT_NPROC does not bind
            outcome = _run_step(step, limits, base, workdir, step_user, index)
            total += outcome.seconds
            outcome = Outcome(outcome.passed, outcome.status, outcome.detail, outcome.phase, round(total, 4))
            if not outcome.passed:
                break
        return outcome
    finally:
        shutil.rmtree(base, ignore_errors=True)


def isolation() -> str:
    """"bubblewrap" when jobs run under bubblewrap, else a short reason they do not."""
    mode = _sandbox_mode()
    return "bubblewrap" if mode.bwrap else mode.reason


def network_isolated() -> bool:
    """Whether samples run without a network (bubblewrap's or a bare network namespace); else
    only the socket fence holds."""
    return _sandbox_mode().bwrap is not None or bool(_isolation())


# --- one step ---------------------------------------------------------------------------------

def _new_job() -> tuple[Path, Path]:
    """A private parent directory (never visible to the program: its output files live there) and
    the job's directory inside it."""
    base = Path(tempfile.mkdtemp(prefix="lintseq-x-sandbox-"))
    workdir = base / "job"
    workdir.mkdir()
    return base, workdir


def _run_python(code: str, limits: Limits, base: Path, workdir: Path) -> Outcome:
    nonce = secrets.token_hex(16)
    mode = _sandbox_mode()
    drop_to = _job_user()
    if drop_to is not None:
        os.chown(workdir, *drop_to)
    job = {
        "code": code,
        "nonce": nonce,
        "memory_bytes": limits.memory_mb * _MIB,
        "cpu_seconds": max(1, int(limits.seconds) + 1),
        "file_bytes": limits.output_mb * _MIB,
        "processes": _process_cap(limits.child_processes + (64 if drop_to else 1), drop_to, mode),
        "drop_to": drop_to,
    }
    env = {"PATH": "/usr/bin:/bin", "HOME": str(workdir), "TMPDIR": str(workdir), "LANG": "C.UTF-8", "PYTHONHASHSEED": "0"}
    command = _wrap([sys.executable, "-I", str(_RUNNER)], workdir, env, mode, tmp_mb=256)
    returncode, timed_out, seconds = _launch(command, json.dumps(job).encode("utf-8"), base, workdir, env, limits.seconds)
    output = _tail(base / "stdout")
    errors = _tail(base / "stderr")
    if timed_out:
        return Outcome(False, "timeout", f"stopped after {limits.seconds:g} s", "run", seconds)
    if returncode == 0 and output.rstrip("\n").endswith(nonce):
        return Outcome(True, "passed", "", "run", seconds)
    if returncode < 0:
        reason = f"killed by signal {_signal_name(-returncode)}"
        return Outcome(False, "failed", f"{reason}\n{errors}".strip(), "run", seconds)
    return Outcome(False, "failed", errors or f"exit status {returncode}", "run", seconds)


def _run_step(step: Step, limits: Limits, base: Path, workdir: Path, drop_to, index: int) -> Outcome:
    mode = _sandbox_mode()
    seconds = limits.seconds if step.seconds is None else step.seconds
    compiling = step.phase == "compile"
    jvm = Path(step.argv[0]).name in _JVM
    memory = max(limits.memory_mb, 4096) if compiling else limits.memory_mb
    cpus = os.cpu_count() or 1
    job = {
        "argv": list(step.argv),
        "memory_bytes": memory * _MIB,
        # The JVM reserves far more address space than it uses; RLIMIT_DATA bounds it instead.
        "address_space_bytes": None if jvm else memory * _MIB,
        "cpu_seconds": max(1, int(seconds * cpus) + 1),  # threads (JIT, GC, go build) add up
        "file_bytes": max(limits.output_mb, 512) * _MIB if compiling else limits.output_mb * _MIB,
        "processes": _process_cap(1024 if compiling else 64 + limits.child_processes, drop_to, mode),
        "drop_to": drop_to,
    }
    inside_tmp = "/tmp" if mode.bwrap else str(workdir)
    env = {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "HOME": inside_tmp,
        "TMPDIR": inside_tmp,
        "LANG": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        **_toolchain_homes(),
        **dict(step.env),
    }
    job["env"] = env
    command = _wrap([sys.executable, "-I", "-S", str(_RUNNER), "--exec", json.dumps(job)], workdir, env, mode,
                    tmp_mb=2048 if compiling else 256)
    returncode, timed_out, took = _launch(command, None, base, workdir, env, seconds, index)
    output = _tail(base / f"stdout.{index}")
    errors = _tail(base / f"stderr.{index}")
    said = (errors.strip() + "\n" + output.strip()).strip() if compiling else (errors.strip() or output.strip())
    if timed_out:
        status = "compile_error" if compiling else "timeout"
        return Outcome(False, status, f"{step.phase} step stopped after {seconds:g} s\n{said}".strip(), step.phase, took)
    if returncode == 0:
        return Outcome(True, "passed", "", step.phase, took)
    reason = f"killed by signal {_signal_name(-returncode)}" if returncode < 0 else f"exit status {returncode}"
    return Outcome(False, "compile_error" if compiling else "failed", f"{reason}\n{said}".strip(), step.phase, took)


def _others_can_run(program: str, env: tuple[tuple[str, str], ...] = (), cwd: Path | None = None) -> bool:
    """Whether any user (`nobody`) can reach and execute `program`: every folder on its way
    searchable by others and the file executable by others (the fallback drops to `nobody` then)."""
    path_list = dict(env).get("PATH", os.environ.get("PATH", "/usr/bin:/bin"))
    found = shutil.which(program, path=path_list) if os.sep not in program else program
    if found is None:
        return False
    try:
        real = (Path(cwd or ".") / found).resolve()
        if not real.stat().st_mode & 0o001:
            return False
        return all(parent.stat().st_mode & 0o001 for parent in real.parents)
    except OSError:
        return False


def _toolchain_homes() -> dict[str, str]:
    """rustup's and cargo's homes, which its `rustc` proxy needs once HOME is the private /tmp."""
    homes = {}
    for name, default in (("RUSTUP_HOME", "~/.rustup"), ("CARGO_HOME", "~/.cargo")):
        value = os.environ.get(name) or os.path.expanduser(default)
        if os.path.isdir(value):
            homes[name] = value
    return homes


def _launch(command: list[str], stdin: bytes | None, base: Path, workdir: Path, env: dict, seconds: float,
            index: int | None = None) -> tuple[int, bool, float]:
    """Run `command` with its output in files outside the job's directory (so that the program
    cannot rewrite them, and RLIMIT_FSIZE bounds them); kill it all after `seconds`."""
    suffix = "" if index is None else f".{index}"
    info = None
    if command and command[0] == _sandbox_mode().bwrap:
        info = os.pipe()  # bwrap tells the host pid of its PID namespace's init there
        command = [command[0], "--info-fd", str(info[1]), *command[1:]]
    started = time.perf_counter()
    try:
        with open(base / f"stdout{suffix}", "wb") as stdout, open(base / f"stderr{suffix}", "wb") as stderr:
            process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                stdout=stdout,
                stderr=stderr,
                cwd=workdir,
                env=env,
                start_new_session=True,  # one process group to kill, whatever the program started
                pass_fds=(info[1],) if info else (),
            )
            if info:
                os.close(info[1])
                info = (info[0], -1)
            try:
                process.communicate(stdin, timeout=seconds)
                timed_out = False
            except subprocess.TimeoutExpired:
                timed_out = True
                if info:
                    _kill_namespace(info[0], process)
            finally:
                _kill_group(process)
    finally:
        if info:
            for fd in info:
                if fd >= 0:
                    os.close(fd)
    return process.returncode, timed_out, round(time.perf_counter() - started, 4)


def _kill_namespace(info_fd: int, process: subprocess.Popen) -> None:
    """Kill the sandbox's PID namespace through its init, and wait for bwrap to see it go: the
    init dies only once every process of the namespace has, so nothing is left running."""
    os.set_blocking(info_fd, False)
    try:
        child = json.loads(os.read(info_fd, 4096).decode("utf-8") or "{}").get("child-pid")
    except (OSError, ValueError):
        child = None
    if child:
        try:
            os.kill(int(child), signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return str(number)


# --- the sandbox: bubblewrap, or process limits only -------------------------------------------

@dataclass(frozen=True)
class _Mode:
    bwrap: str | None  # the bwrap program, None: process limits only
    drop: bool  # root: become `nobody` inside (no user namespace); else a user namespace
    reason: str


def _bwrap_flags(mode: _Mode, workdir: Path, env: dict, tmp_mb: int) -> list[str]:
    flags = [
        "--ro-bind", "/", "/",  # the whole system, read-only: nothing outside the job can change
        "--dev", "/dev",  # a minimal /dev (null, zero, random, tty...), no disks
        "--proc", "/proc",  # a /proc of the new PID namespace only
        "--perms", "1777", "--size", str(tmp_mb * _MIB), "--tmpfs", "/tmp",  # a private, bounded /tmp
        "--tmpfs", "/run",  # no sockets of system services (docker, dbus...)
    ]
    if mode.drop:
        # /root is 0700 and `nobody` must reach the toolchains under it (pyenv, rustup): an open
        # empty /root with each entry bound back read-only, keeping each entry's own permissions.
        flags += ["--perms", "0755", "--tmpfs", "/root"]
        for entry in sorted(os.listdir("/root")) if os.path.isdir("/root") else ():
            path = os.path.join("/root", entry)
            if os.path.isdir(path) or os.path.isfile(path):
                flags += ["--ro-bind", path, path]
    for path in _hidden_paths_needed():  # the launcher or the interpreter under /tmp or /run
        for parent in reversed(path.parents):
            if parent in _HIDDEN or any(parent.is_relative_to(root) for root in _HIDDEN):
                if parent not in _HIDDEN:
                    flags += ["--perms", "0755", "--dir", str(parent)]
        flags += ["--ro-bind", str(path), str(path)]
    flags += [
        "--perms", "0755", "--dir", str(workdir.parent),  # in the private /tmp: a way in for `nobody`
        "--bind", str(workdir), str(workdir),  # the job's own directory, the only writable place
        "--chdir", str(workdir),
    ]
    if mode.drop:  # every namespace but the user's: root drops to `nobody` by itself inside
        flags += ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]
    else:
        flags += ["--unshare-all", "--cap-drop", "ALL"]
    flags += ["--die-with-parent", "--new-session", "--clearenv"]
    for key, value in env.items():
        flags += ["--setenv", key, value]
    return flags


_HIDDEN = (Path("/tmp"), Path("/run"))  # replaced by empty file systems in the sandbox


@lru_cache(maxsize=1)
def _hidden_paths_needed() -> tuple[Path, ...]:
    """The launcher's folder and the interpreter's installation, where they lie under a folder the
    sandbox replaces (a checkout or virtual environment in /tmp); bound back read-only."""
    needed = []
    for path in (_RUNNER.resolve().parent, Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(),
                 Path(sys.executable).resolve().parent):
        if any(path.is_relative_to(root) for root in _HIDDEN) and path not in _HIDDEN:
            if not any(path.is_relative_to(kept) for kept in needed):
                needed = [kept for kept in needed if not kept.is_relative_to(path)] + [path]
    return tuple(needed)


def _wrap(inner: list[str], workdir: Path, env: dict, mode: _Mode, tmp_mb: int) -> list[str]:
    if mode.bwrap:
        return [mode.bwrap, *_bwrap_flags(mode, workdir, env, tmp_mb), "--", *inner]
    return [*_isolation(), *inner]


def _job_user() -> tuple[int, int] | None:
    """Who runs the job: `nobody` when we are root (inside bubblewrap always; without it, where
    `nobody` can run the interpreter), else ourselves."""
    mode = _sandbox_mode()
    if mode.bwrap:
        return _nobody_ids() if mode.drop else None
    return _nobody()


def _nobody_ids() -> tuple[int, int] | None:
    import pwd

    try:
        entry = pwd.getpwnam("nobody")
    except KeyError:
        return None
    return entry.pw_uid, entry.pw_gid


_warned = False


def _warn_once(reason: str) -> None:
    global _warned
    if not _warned:
        _warned = True
        print(
            f"\n*** lintseq-x WARNING: generated programs are NOT sandboxed by bubblewrap: {reason}.\n"
            "*** They run with process limits only (rlimits, a network namespace where possible,\n"
            "*** Python-level fences), which a hostile program can get around.\n"
            "*** Install it: apt-get install bubblewrap\n",
            file=sys.stderr, flush=True,
        )


_MODE_LOCK = threading.Lock()


def _sandbox_mode() -> _Mode:
    with _MODE_LOCK:  # the eval's worker threads: one probe, one warning
        return _find_sandbox_mode()


_sandbox_mode.cache_clear = lambda: _find_sandbox_mode.cache_clear()  # type: ignore[attr-defined]


@lru_cache(maxsize=1)
def _find_sandbox_mode() -> _Mode:
    """bubblewrap if it is installed and runs a job here (as root: dropping to `nobody` inside,
    without a user namespace; otherwise in a user namespace); else process limits only, said
    once, loudly."""
    if os.environ.get(_NO_BWRAP_ENV, "") not in ("", "0"):
        reason = f"bwrap disabled by {_NO_BWRAP_ENV}={os.environ[_NO_BWRAP_ENV]}"
    else:
        program = shutil.which(BWRAP)
        if program is None:
            reason = f"bwrap not found ({BWRAP!r} is not on PATH)"
        else:
            # Root becomes `nobody` inside: never root in a user namespace, whose processes are
            # still uid 0 to the kernel, which exempts uid 0 from RLIMIT_NPROC (a fork bomb would
            # fill the machine's process table).
            if os.geteuid() == 0:
                attempts = [_Mode(program, True, "bubblewrap")] if _nobody_ids() else []
            else:
                attempts = [_Mode(program, False, "bubblewrap")]
            problems = []
            for mode in attempts:
                problem = _probe(mode)
                if problem is None:
                    return mode
                problems.append(problem)
            reason = f"bwrap failed to start: {problems[-1]}" if problems else "bwrap needs the user nobody when run as root"
    _warn_once(reason)
    return _Mode(None, False, f"process limits only ({reason})")


def _probe(mode: _Mode) -> str | None:
    """Run the Python launcher in `mode` (as `nobody` where it drops) to see that it works."""
    base, workdir = _new_job()
    try:
        drop_to = _nobody_ids() if mode.drop else None
        if drop_to is not None:
            os.chown(workdir, *drop_to)
        job = {"argv": ["true"], "memory_bytes": 1024 * _MIB, "cpu_seconds": 30, "file_bytes": _MIB,
               "processes": 100000, "drop_to": drop_to, "env": {"PATH": "/usr/bin:/bin"}}
        command = [mode.bwrap, *_bwrap_flags(mode, workdir, {"PATH": "/usr/bin:/bin"}, 16), "--",
                   sys.executable, "-I", "-S", str(_RUNNER), "--exec", json.dumps(job)]
        try:
            result = subprocess.run(command, capture_output=True, timeout=60, cwd=workdir)
        except (OSError, subprocess.TimeoutExpired) as error:
            return str(error)
        if result.returncode != 0:
            said = result.stderr.decode("utf-8", "replace").strip().splitlines()
            return (said[-1] if said else f"exit status {result.returncode}")[:200]
        return None
    finally:
        shutil.rmtree(base, ignore_errors=True)


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


def _process_cap(allowance: int, drop_to: tuple[int, int] | None, mode: _Mode) -> int:
    """RLIMIT_NPROC counts every process (and thread) of the user. Inside bubblewrap's user
    namespace the count is the sandbox's own; otherwise it is all the user runs now, so the cap is
    that plus the processes the job may start."""
    if mode.bwrap and not mode.drop:
        return allowance + 4  # bwrap's own init and the launcher
    uid = drop_to[0] if drop_to else os.getuid()
    running = 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    running += 1
            except OSError:
                continue
    return running + allowance
