"""The sandbox as the operating system enforces it: bubblewrap around every compile and run step,
for Python and for C, and the loud fallback to process limits where bubblewrap is missing."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import sys
import tempfile
from pathlib import Path

import pytest

from lintseq_x.trainers import sandbox
from lintseq_x.trainers.sandbox import Limits, Outcome, Step, isolation, run_program, run_steps

needs_bwrap = pytest.mark.skipif(
    shutil.which("bwrap") is None, reason="bubblewrap is not installed (apt-get install bubblewrap)"
)
needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is not installed")

HOSTILE = Limits(seconds=3, memory_mb=512, output_mb=1)
GCC = Step(("gcc", "-O0", "main.c", "-o", "main"), "compile", seconds=60)
RUN_C = Step(("./main",), "run")


@pytest.fixture
def sentinel():
    """A file and folder anyone may write to, outside /tmp (which the sandbox replaces), so that
    only the read-only filesystem protects them."""
    folder = Path(tempfile.mkdtemp(prefix="lintseq-x-sentinel-", dir="/var/tmp" if os.access("/var/tmp", os.W_OK) else None))
    folder.chmod(0o777)
    path = folder / "keep.txt"
    path.write_text("keep", encoding="utf-8")
    path.chmod(0o666)
    yield path
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def listener():
    """A TCP listener on the host's loopback; nothing in the sandbox may reach it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server.getsockname()[1]
    try:
        connection, _ = server.accept()
    except BlockingIOError:
        connection = None
    server.close()
    assert connection is None, "a sandboxed program connected to the host's listener"


def _intact(sentinel: Path) -> None:
    assert sentinel.read_text(encoding="utf-8") == "keep"
    assert sorted(p.name for p in sentinel.parent.iterdir()) == ["keep.txt"]


def _bwrap_in_use() -> None:
    if isolation() != "bubblewrap":
        pytest.skip(f"bubblewrap does not run here: {isolation()}")


# --- Python -----------------------------------------------------------------------------------

def _python_attacks(sentinel: Path, port: int) -> dict[str, str]:
    s, d = str(sentinel), str(sentinel.parent)
    return {
        "open-write": f"open({s!r}, 'w').write('gone')",
        "new-file": f"open({d + '/new.txt'!r}, 'w').write('x')",
        "remove": f"import os\nos.remove({s!r})",
        "fileio": f"import io\nf = io.FileIO({s!r}, 'w')\nf.write(b'gone')\nf.close()",
        "_io-open": f"import _io\n_io.open({s!r}, 'w').write('gone')",
        "posix-unlink": f"import posix\nposix.unlink({s!r})",
        "_socket": f"import _socket\ns = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)\ns.settimeout(2)\ns.connect(('127.0.0.1', {port}))",
        "socket": f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=2)",
    }


@needs_bwrap
def test_python_attacks_fail_and_change_nothing(sentinel, listener):
    _bwrap_in_use()
    for name, code in _python_attacks(sentinel, listener).items():
        outcome = run_program(code, HOSTILE)
        assert not outcome.passed and outcome.status == "failed", (name, outcome)
    _intact(sentinel)


@needs_bwrap
def test_python_without_its_fences_is_still_contained(sentinel, listener):
    """The same attacks run by a bare interpreter (no Python fence): bubblewrap alone stops them."""
    _bwrap_in_use()
    python = Step((os.path.realpath(sys.executable), "-I", "main.py"), "run")
    for name, code in _python_attacks(sentinel, listener).items():
        outcome = run_steps({"main.py": code}, [python], HOSTILE)
        assert not outcome.passed and outcome.status == "failed", (name, outcome)
    _intact(sentinel)
    assert run_steps({"main.py": "open('out.txt', 'w').write('ok')\nprint(open('out.txt').read())"}, [python]).passed


@needs_bwrap
@pytest.mark.parametrize(
    "code, status",
    [
        ("while True:\n    pass", "timeout"),
        ("x = bytearray(8 * 2 ** 30)", "failed"),
        ("while True:\n    print('x' * 100000)", "failed"),
        ("import os\nwhile True:\n    os.fork()", "failed"),
    ],
    ids=["endless-loop", "huge-allocation", "output-flood", "fork-bomb"],
)
def test_python_resource_attacks(code, status):
    _bwrap_in_use()
    outcome = run_program(code, HOSTILE)
    assert not outcome.passed and outcome.status == status and outcome.phase == "run"


# --- C ----------------------------------------------------------------------------------------

C_HEADER = """#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
"""


def _c_attacks(sentinel: Path, port: int) -> dict[str, str]:
    s, d = str(sentinel), str(sentinel.parent)
    # Each returns 0 (a pass) only if its attack worked.
    return {
        "fopen-write": f'int main(void) {{ FILE *f = fopen("{s}", "w"); if (!f) return 1; fputs("gone", f); return fclose(f) != 0; }}',
        "new-file": f'int main(void) {{ return open("{d}/new.txt", O_CREAT | O_WRONLY, 0666) < 0; }}',
        "unlink": f'int main(void) {{ return unlink("{s}") != 0; }}',
        "rename": f'int main(void) {{ return rename("{s}", "{s}.moved") != 0; }}',
        "rmdir-tree": f'int main(void) {{ return system("rm -rf {d}") != 0; }}',
        "connect": (
            "int main(void) { int s = socket(AF_INET, SOCK_STREAM, 0); struct sockaddr_in a; memset(&a, 0, sizeof a);"
            f" a.sin_family = AF_INET; a.sin_port = htons({port}); a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);"
            " return connect(s, (struct sockaddr *)&a, sizeof a) != 0; }"
        ),
    }


@needs_bwrap
@needs_gcc
def test_c_attacks_fail_and_change_nothing(sentinel, listener):
    _bwrap_in_use()
    for name, body in _c_attacks(sentinel, listener).items():
        outcome = run_steps({"main.c": C_HEADER + body}, [GCC, RUN_C], HOSTILE)
        assert outcome.phase == "run", (name, outcome)  # it compiled, and ran
        assert not outcome.passed and outcome.status == "failed", (name, outcome)
    _intact(sentinel)


@needs_bwrap
@needs_gcc
@pytest.mark.parametrize(
    "body, status",
    [
        ("int main(void) { for (;;) fork(); }", "timeout"),
        ("int main(void) { volatile unsigned long n = 0; for (;;) n++; }", "timeout"),
        ("int main(void) { size_t n = 8UL << 30; char *p = malloc(n); if (!p) return 1; memset(p, 1, n); return 0; }", "failed"),
        ('int main(void) { for (;;) fputs("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\\n", stdout); }', "failed"),
    ],
    ids=["fork-bomb", "endless-loop", "huge-allocation", "output-flood"],
)
def test_c_resource_attacks(body, status):
    _bwrap_in_use()
    outcome = run_steps({"main.c": C_HEADER + body}, [GCC, RUN_C], HOSTILE)
    assert not outcome.passed and outcome.status == status and outcome.phase == "run", outcome


@needs_bwrap
@needs_gcc
def test_a_fork_bomb_leaves_nothing_behind():
    _bwrap_in_use()
    name = f"bomb{secrets.token_hex(4)}"  # only this test's processes carry it
    steps = [Step(("gcc", "main.c", "-o", name), "compile", seconds=60), Step((f"./{name}",), "run")]
    outcome = run_steps({"main.c": C_HEADER + "int main(void) { for (;;) fork(); }"}, steps, Limits(seconds=2))
    assert outcome.status == "timeout"
    assert _processes_named(name) == 0


def _processes_named(name: str) -> int:
    count = 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                count += name.encode() in Path(entry.path, "cmdline").read_bytes()
            except OSError:
                continue
    return count


@needs_bwrap
@needs_gcc
def test_a_correct_c_program_passes_and_may_write_its_own_directory():
    _bwrap_in_use()
    code = C_HEADER + (
        'int main(void) { FILE *f = fopen("out.txt", "w"); if (!f) return 1; fputs("ok", f); fclose(f);'
        ' f = fopen("/tmp/scratch", "w"); if (!f) return 2; fclose(f); puts("hello"); return 0; }'
    )
    outcome = run_steps({"main.c": code}, [GCC, RUN_C])
    assert outcome == Outcome(True, "passed", "", "run", outcome.seconds) and outcome.seconds > 0


@needs_bwrap
@needs_gcc
def test_a_c_compile_error_is_a_compile_error():
    _bwrap_in_use()
    outcome = run_steps({"main.c": "int main(void) { return 0 }"}, [GCC, RUN_C])
    assert not outcome.passed and outcome.status == "compile_error" and outcome.phase == "compile"
    assert "error" in outcome.detail


@needs_bwrap
def test_a_compile_step_out_of_time_is_a_compile_error_and_a_run_step_a_timeout():
    _bwrap_in_use()
    sleeper = ("sh", "-c", "sleep 30")
    outcome = run_steps({}, [Step(sleeper, "compile", seconds=1)], Limits(seconds=10))
    assert outcome.status == "compile_error" and outcome.phase == "compile" and outcome.seconds < 5
    outcome = run_steps({}, [Step(("true",), "compile"), Step(sleeper, "run")], Limits(seconds=1))
    assert outcome.status == "timeout" and outcome.phase == "run" and outcome.seconds < 5


@needs_bwrap
def test_steps_get_their_environment_and_stop_at_the_first_failure():
    _bwrap_in_use()
    outcome = run_steps(
        {"a/b.txt": "x"},
        [Step(("sh", "-c", 'test "$GREETING" = hi && test -f a/b.txt'), "run", env=(("GREETING", "hi"),))],
    )
    assert outcome.passed
    outcome = run_steps({}, [Step(("false",), "run"), Step(("sh", "-c", "sleep 30"), "run")], Limits(seconds=5))
    assert outcome.status == "failed" and outcome.seconds < 4
    with pytest.raises(ValueError):
        run_steps({"../escape.txt": "x"}, [Step(("true",), "run")])


# --- without bubblewrap -----------------------------------------------------------------------

@pytest.fixture
def fresh_mode(monkeypatch):
    monkeypatch.setattr(sandbox, "_warned", False)
    sandbox._sandbox_mode.cache_clear()
    yield
    sandbox._sandbox_mode.cache_clear()


def test_without_bubblewrap_it_warns_once_and_falls_back(fresh_mode, monkeypatch, capfd):
    monkeypatch.setenv("LINTSEQ_X_NO_BWRAP", "1")
    assert isolation().startswith("process limits only") and "LINTSEQ_X_NO_BWRAP" in isolation()
    assert run_program("print('hello')").passed
    assert not run_program("assert False").passed
    assert run_steps({"main.py": "print(1)"}, [Step((os.path.realpath(sys.executable), "-I", "main.py"), "run")]).passed
    warnings = capfd.readouterr().err
    assert warnings.count("apt-get install bubblewrap") == 1 and "LINTSEQ_X_NO_BWRAP" in warnings


def test_a_missing_bwrap_is_named(fresh_mode, monkeypatch, capfd):
    monkeypatch.delenv("LINTSEQ_X_NO_BWRAP", raising=False)
    monkeypatch.setattr(sandbox, "BWRAP", "bwrap-that-is-not-installed")
    assert isolation() == "process limits only (bwrap not found ('bwrap-that-is-not-installed' is not on PATH))"
    assert run_program("import math\nassert math.pi > 3").passed
    err = capfd.readouterr().err
    assert err.count("apt-get install bubblewrap") == 1 and "bwrap not found" in err


@needs_gcc
def test_without_bubblewrap_c_steps_still_run_with_limits(fresh_mode, monkeypatch):
    monkeypatch.setenv("LINTSEQ_X_NO_BWRAP", "1")
    code = C_HEADER + 'int main(void) { FILE *f = fopen("out.txt", "w"); if (!f) return 1; fputs("ok", f); return fclose(f); }'
    assert run_steps({"main.c": code}, [GCC, RUN_C]).passed
    outcome = run_steps({"main.c": "int main(void) { return 0 }"}, [GCC, RUN_C])
    assert outcome.status == "compile_error"
    outcome = run_steps({"main.c": C_HEADER + "int main(void) { for (;;) puts(\"flood\"); }"}, [GCC, RUN_C], HOSTILE)
    assert outcome.status == "failed"
