"""Runs one untrusted program inside the sandbox's child process (see sandbox.py).

Started as `python -I sandbox_runner.py` in a fresh temporary directory, with the job as JSON on
stdin. Limits are set, privileges dropped and dangerous functions removed before the program
runs; the last line of stdout is the job's nonce only if the program ran to its end.

Started as `python -I -S sandbox_runner.py --exec JOB_JSON`, it is the launcher of one compile or
run step of any language: it sets the job's limits (inside bubblewrap's namespaces, so that the
process count is the sandbox's own), drops to the job's user and replaces itself with the step's
command (`argv`, `env`).
This file must import nothing from lintseq-x: it runs in isolated mode.
"""

import builtins
import json
import os
import resource
import sys


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--exec":
        _exec(json.loads(sys.argv[2]))
    job = json.loads(sys.stdin.read())
    nonce = job.pop("nonce")
    _limit(job)
    _drop(job)
    code = compile(job["code"], "<sample>", "exec")
    out = sys.stdout
    _disarm()
    try:
        exec(code, {"__name__": "__main__", "__builtins__": builtins})
    except SystemExit as exit_:
        print(f"\nsample called exit({exit_.code!r})", file=sys.stderr)
        raise SystemExit(3) from None
    out.write("\n" + nonce + "\n")
    out.flush()


def _exec(job: dict) -> None:
    """Limits, the job's user, then the step's command in place of this process."""
    import signal  # before dropping privileges: `nobody` may not reach the standard library

    for name in ("SIGPIPE", "SIGXFSZ"):  # Python ignores them; the step must not inherit that
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    argv, env = job["argv"], job["env"]
    program = argv[0]
    if os.sep not in program:  # looked up now: after the drop, os.execvpe's lazy imports may fail
        for folder in env.get("PATH", os.defpath).split(os.pathsep):
            candidate = os.path.join(folder or ".", program)
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
                program = candidate
                break
    _limit(job)
    _drop(job)
    try:
        os.execve(program, argv, env)
    except OSError as error:
        print(f"cannot run {argv[0]!r}: {error}", file=sys.stderr)
        os._exit(127)


def _drop(job: dict) -> None:
    if job.get("drop_to") is not None:
        uid, gid = job["drop_to"]
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)


def _limit(job: dict) -> None:
    memory = job["memory_bytes"]
    address_space = job.get("address_space_bytes", memory)  # None: no RLIMIT_AS (the JVM's reservations)
    for limit, value in (
        (resource.RLIMIT_AS, address_space if address_space is not None else resource.RLIM_INFINITY),
        (resource.RLIMIT_DATA, memory),
        (resource.RLIMIT_CPU, job["cpu_seconds"]),
        (resource.RLIMIT_FSIZE, job["file_bytes"]),
        (resource.RLIMIT_CORE, 0),
        (resource.RLIMIT_NPROC, job["processes"]),
    ):
        try:
            resource.setrlimit(limit, (value, value))
        except (ValueError, OSError):
            pass  # a limit already lower than ours stays


def _disarm() -> None:
    """Take away what a mistaken program would use to harm the machine: process control,
    file deletion and renaming, shells, sockets. The limits and the dropped privileges are the
    real fence; this stops the common mistakes early and with a clear error."""
    import shutil
    import socket
    import subprocess

    import io
    import posix

    def refused(*args, **kwargs):
        raise PermissionError("not allowed in the lintseq-x sandbox")

    _fence_writes(io, posix)
    for name in (
        "kill", "killpg", "system", "popen", "fork", "forkpty", "execv", "execve", "execvp", "execvpe",
        "spawnl", "spawnv", "spawnve", "posix_spawn", "posix_spawnp", "_exit",
        "remove", "unlink", "rmdir", "removedirs", "rename", "renames", "replace", "truncate",
        "chmod", "fchmod", "lchmod", "chown", "fchown", "lchown", "chroot", "putenv", "setuid", "setgid",
        "setsid", "setpgid", "symlink", "link",
    ):
        for module in (os, posix):  # os re-exports posix's functions; both are patched
            if hasattr(module, name):
                setattr(module, name, refused)
    shutil.rmtree = shutil.move = shutil.chown = refused
    subprocess.Popen = subprocess.run = subprocess.call = subprocess.check_call = subprocess.check_output = refused
    socket.socket = socket.create_connection = socket.socketpair = refused
    for name in ("ctypes", "_ctypes", "_posixsubprocess", "multiprocessing", "_multiprocessing"):
        sys.modules[name] = None  # importing it now fails


def _fence_writes(io, posix) -> None:
    """Opening a file for writing is allowed only inside the sandbox's own directory, so that a
    program cannot truncate or overwrite the user's files by mistake."""
    home = os.path.realpath(os.getcwd()) + os.sep
    open_for_reading, posix_open = io.open, posix.open
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

    def inside(path) -> bool:
        if isinstance(path, int):
            return True  # an already open descriptor
        return os.path.realpath(os.fspath(path)).startswith(home)

    def fenced_open(file, mode="r", *args, **kwargs):
        if any(flag in mode for flag in "wax+") and not inside(file):
            raise PermissionError(f"writing outside the sandbox is not allowed: {file!r}")
        return open_for_reading(file, mode, *args, **kwargs)

    def fenced_posix_open(path, flags, *args, **kwargs):
        if flags & writing and not inside(path):
            raise PermissionError(f"writing outside the sandbox is not allowed: {path!r}")
        return posix_open(path, flags, *args, **kwargs)

    builtins.open = io.open = fenced_open
    os.open = posix.open = fenced_posix_open


if __name__ == "__main__":
    main()
