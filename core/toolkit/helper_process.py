"""A client for a long-lived checker helper process (node, a Go program, a JVM...).

Spawning a compiler front end per check costs 20-1,400 ms; the sampler checks thousands of
states per program. So a language plugin starts its front end once per worker process and talks
to it over a pipe, one JSON line each way:

    request:  {"source": "<program text>", ...any extra fields the plugin defines}
    reply:    {"errors": [{"line": 3, "code": "...", "message": "...", "fatal": false}, ...]}
              or {"error": "<what went wrong inside the helper>"}

The client starts the helper lazily, restarts it when it dies, bounds each call with a timeout,
caches replies by request text, and stops the helper when the Python process exits. It knows no
language: the command and the meaning of the extra fields belong to the plugin.
"""

from __future__ import annotations

import collections
import hashlib
import json
import os
import select
import subprocess
import threading
import time
import weakref
from collections.abc import Mapping, Sequence
from typing import Any

from ..algorithm.checker import Diagnostic

__all__ = ["HelperError", "HelperProcess", "one_line"]


class HelperError(RuntimeError):
    """The helper cannot answer: it keeps dying, timed out, or reported an internal error.

    Raised rather than turned into a diagnostic: a made-up diagnostic would silently change
    which states are clean (and make the output depend on timing). The pipeline turns it into
    a failed record that names the reason.
    """


class HelperProcess:
    """One helper process, started on first use and shared by every check in this process.

    command: the argv that starts the helper.
    name: how errors name the helper ("javascript checker (node)").
    timeout: seconds one reply may take before the helper is deemed stuck and restarted.
    cache_size: replies remembered, keyed by a digest of the request (not its text, so a
        large cache of large programs stays small).
    attempts: how many helper processes one request may use up (a helper that died on an
        earlier request is restarted transparently; one that dies on every try is reported).
    """

    def __init__(
        self,
        command: Sequence[str],
        *,
        name: str,
        timeout: float = 30.0,
        cache_size: int = 65536,
        attempts: int = 3,
        env: Mapping[str, str] | None = None,
        cwd: str | None = None,
    ) -> None:
        self.command = list(command)
        self.name = name
        self.timeout = timeout
        self.attempts = attempts
        self._env = dict(env) if env is not None else None
        self._cwd = cwd
        self._cache: collections.OrderedDict[bytes, tuple[Diagnostic, ...]] = collections.OrderedDict()
        self._cache_size = cache_size
        self._process: subprocess.Popen[bytes] | None = None
        self._owner_pid = 0  # the process that started `_process`; a forked child starts its own
        self._finalizer: weakref.finalize | None = None
        self._stderr: collections.deque[str] = collections.deque(maxlen=40)
        self._buffer = b""
        self._poll: Any = None
        # One request in flight at a time: replies are matched to requests by order.
        self._lock = threading.Lock()
        self.starts = 0  # helper processes started (for tests and benchmarks)
        self.calls = 0  # requests actually sent (cache misses)

    # -- public -------------------------------------------------------------------------------

    def check(self, source: str, **extra: Any) -> tuple[Diagnostic, ...]:
        """The diagnostics the helper reports for `source` (extra fields go into the request)."""
        payload = _payload(source, extra)
        key = hashlib.blake2b(payload, digest_size=16).digest()
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
            diagnostics = _diagnostics(self._exchange(payload), self.name)
            self._cache[key] = diagnostics
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
            return diagnostics

    def request(self, source: str, **extra: Any) -> dict[str, Any]:
        """The helper's whole reply to one request, uncached (for replies that carry more than
        diagnostics, such as facts about a program that a plugin asks for once)."""
        with self._lock:
            reply = self._exchange(_payload(source, extra))
        if "error" in reply:
            raise HelperError(f"{self.name}: {reply['error']}")
        return reply

    def diagnostics(self, reply: Mapping[str, Any]) -> tuple[Diagnostic, ...]:
        """The diagnostics of a reply from `request`, read as `check` reads them."""
        return _diagnostics(reply, self.name)

    def close(self) -> None:
        """Stop the helper (it is started again on the next check)."""
        if self._finalizer is not None:
            self._finalizer()  # runs _stop once, and never again at exit
            self._finalizer = None
        self._process = None
        self._buffer = b""
        self._poll = None

    # -- the pipe -----------------------------------------------------------------------------

    def _exchange(self, payload: bytes) -> dict[str, Any]:
        failures: list[str] = []
        for _ in range(self.attempts):
            process = self._running()
            try:
                assert process.stdin is not None
                process.stdin.write(payload)
                process.stdin.flush()
                line = self._read_line(process)
            except (OSError, _Died, _TimedOut) as error:
                if isinstance(error, _TimedOut):
                    process.kill()  # stuck: it will not read the end of its input
                failures.append(self._describe_failure(process, error))
                self.close()
                if isinstance(error, _TimedOut):
                    break  # the same request would time out again; do not triple the wait
                continue
            except BaseException:
                # Interrupted between request and reply (a record's time budget ran out): the
                # reply still on its way would answer the next request.
                process.kill()
                self.close()
                raise
            self.calls += 1
            try:
                reply = json.loads(line)
            except ValueError as error:
                # A stray print in the helper desynchronises the pipe: restart, then fail loudly.
                self.close()
                raise HelperError(f"{self.name}: unreadable reply {line[:200]!r}: {error}") from None
            if not isinstance(reply, dict):
                raise HelperError(f"{self.name}: unexpected reply {line[:200]!r}")
            return reply
        raise HelperError(f"{self.name} failed {len(failures)} time(s): " + " | ".join(failures))

    def _running(self) -> subprocess.Popen[bytes]:
        process = self._process
        if process is not None and self._owner_pid != os.getpid():
            # Inherited through fork: the pipe belongs to the parent. Leave it alone.
            if self._finalizer is not None:
                self._finalizer.detach()
            process = self._process = self._finalizer = None
            self._buffer = b""
            self._poll = None
        if process is None or process.poll() is not None:
            if process is not None:
                self.close()
            process = self._start()
        return process

    def _start(self) -> subprocess.Popen[bytes]:
        env = None if self._env is None else {**os.environ, **self._env}
        try:
            process = subprocess.Popen(
                self.command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
                cwd=self._cwd,
            )
        except OSError as error:
            raise HelperError(f"{self.name}: cannot start {self.command[0]!r}: {error}") from None
        self._process = process
        self._owner_pid = os.getpid()
        self._buffer = b""
        self._poll = None
        self._stderr.clear()
        self.starts += 1
        # Drained on a thread: a helper that writes much to stderr must not block on a full pipe;
        # the last lines are kept to explain a death.
        threading.Thread(target=_drain, args=(process.stderr, self._stderr), daemon=True).start()
        self._finalizer = weakref.finalize(self, _stop, process, self._owner_pid)
        return process

    def _read_line(self, process: subprocess.Popen[bytes]) -> str:
        assert process.stdout is not None
        fd = process.stdout.fileno()
        deadline = time.monotonic() + self.timeout
        if self._poll is None:  # one per helper process: an epoll selector per reply cost 3 syscalls
            self._poll = select.poll()
            self._poll.register(fd, select.POLLIN)
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._poll.poll(remaining * 1000):
                raise _TimedOut(f"no reply within {self.timeout:g} s")
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise _Died("the helper exited")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line.decode("utf-8", errors="replace")

    def _describe_failure(self, process: subprocess.Popen[bytes], error: Exception) -> str:
        try:
            code = process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            code = None
        if isinstance(error, _TimedOut):
            code = None  # we killed it: its exit status says nothing
        time.sleep(0.05)  # let the drain thread collect the helper's last words
        said = " / ".join(line for line in self._stderr if line.strip())[-800:]
        status = f" (exit status {code})" if code is not None else ""
        return f"{error}{status}" + (f"; stderr: {said}" if said else "")


class _Died(Exception):
    pass


class _TimedOut(Exception):
    pass


def _payload(source: str, extra: Mapping[str, Any]) -> bytes:
    # JSON escapes newlines, so a program of any shape travels as exactly one line.
    return json.dumps({"source": source, **extra}, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def _diagnostics(reply: Mapping[str, Any], name: str) -> tuple[Diagnostic, ...]:
    if "error" in reply:
        raise HelperError(f"{name}: {reply['error']}")
    try:
        return tuple(
            Diagnostic(int(item["line"]), str(item["code"]), one_line(str(item["message"])), bool(item.get("fatal", False)))
            for item in reply["errors"]
        )
    except (KeyError, TypeError, ValueError) as error:
        raise HelperError(f"{name}: malformed reply {reply!r}: {error!r}") from None


def one_line(message: str) -> str:
    """A front end's message on one line: skip reasons, violations and `tolerated_errors` (one
    error per line) hold messages, and a compiler's second line ("  symbol: class Foo",
    "  (use --enable-preview to enable ...)") would break each of them in two. A continuation in
    parentheses reads on after a space, any other after a semicolon."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    if not lines:
        return message.strip()
    joined = lines[0]
    for line in lines[1:]:
        joined += f" {line}" if line.startswith("(") else f"; {line}"
    return joined


def _drain(stream: Any, lines: collections.deque[str]) -> None:
    try:
        for raw in iter(stream.readline, b""):
            lines.append(raw.decode("utf-8", errors="replace").rstrip("\n"))
    except (OSError, ValueError):
        pass


def _stop(process: subprocess.Popen[bytes], owner_pid: int) -> None:
    """Close the helper's stdin (it exits on end of input), then insist.

    Only the process that started the helper stops it: a forked child must not kill the
    parent's helper when it exits.
    """
    if os.getpid() != owner_pid:
        return
    try:
        if process.stdin is not None:
            process.stdin.close()
        process.wait(timeout=2)
    except (OSError, subprocess.TimeoutExpired):
        process.kill()
        try:
            process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            pass
    for stream in (process.stdout, process.stderr):
        try:
            if stream is not None:
                stream.close()
        except OSError:
            pass
