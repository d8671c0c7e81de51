"""How a problem's program and tests are compiled and run, per language, in the sandbox.

A judged program is one file, the program followed by a test suite (`Problem.test_program`),
named as its language needs it, then a list of sandbox steps: a compile step for the languages
that have one (its failure is a `compile_error`), then a run step whose normal exit means the
tests passed. The commands follow MultiPL-E's evaluators, so that results compare with its
published numbers:

    python      python3 main.py
    javascript  node main.js
    typescript  tsc --target esnext --skipLibCheck main.ts; node main.js
                    (tsc's exit code is the verdict: it writes the JavaScript even on a type error)
    go          go test -c -o main.test main_test.go; ./main.test
                    (`go test` in two steps, so that a build or vet failure is a compile error)
    java        javac -encoding UTF8 -cp javatuples.jar -d . Problem.java;
                java -ea -cp .:javatuples.jar Problem   (assertions run only with -ea)
    cpp         g++ -std=c++17 -o main main.cpp; ./main   (assert is on: never -DNDEBUG)
    c           gcc -std=c11 -o main main.c -lm; ./main   (MultiPL-E has no C; the same shape)
    rust        rustc main.rs -o main; ./main   (rustc's defaults, as MultiPL-E: edition 2015, debug)

Every tool is named by its absolute path (the sandbox's PATH is short) and writes only inside
the job's directory: Go's build cache, GOPATH and HOME point there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from . import sandbox as _sandbox
from .benchmarks import Problem

if TYPE_CHECKING:
    from .sandbox import Limits, Outcome, Step

COMPILE_SECONDS = 60.0  # a compile step's own time limit (a run step has the limits' seconds)
JAVATUPLES_ENV = "LINTSEQ_X_JAVATUPLES_JAR"
JAVATUPLES_PLACES = ("/usr/share/java/javatuples.jar", "/usr/multiple/javatuples-1.2.jar")
# The JVM reserves a gigabyte of class space and more by default: sized down so it starts under
# the sandbox's address-space limit, with one GC and one JIT thread for its process limit.
_JVM = (
    "-Xss8m", "-XX:+UseSerialGC", "-XX:ReservedCodeCacheSize=64m", "-XX:CompressedClassSpaceSize=64m",
    "-XX:MaxMetaspaceSize=192m", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
)


@dataclass(frozen=True)
class Toolchain:
    language: str
    file_name: str  # the program-and-tests file in the job's directory
    steps: Callable[[Limits], tuple[Step, ...]]  # built when judged: tools are found then
    missing: Callable[[], str | None]


def judge(problem: Problem, program: str, limits: Limits, suite: str = "base") -> Outcome:
    """Compile and run `program` followed by the problem's `suite` tests in the sandbox."""
    chain = toolchain(problem.language)
    reason = chain.missing()
    if reason is not None:
        raise ToolchainMissing(reason)
    files = {chain.file_name: problem.test_program(program, suite)}
    return _sandbox.run_steps(files, chain.steps(limits), limits)


def job(problem: Problem, program: str, limits: Limits, suite: str = "base") -> tuple[dict[str, str], tuple[Step, ...]]:
    """The files and steps `judge` hands the sandbox (for a report or a dry run)."""
    chain = toolchain(problem.language)
    return {chain.file_name: problem.test_program(program, suite)}, chain.steps(limits)


def missing_toolchain(language: str) -> str | None:
    """Why `language`'s programs cannot be judged here, or None when they can."""
    try:
        return toolchain(language).missing()
    except ToolchainMissing as error:
        return str(error)


class ToolchainMissing(RuntimeError):
    """A language without a toolchain here (the message says what to install)."""


def toolchain(language: str) -> Toolchain:
    try:
        return TOOLCHAINS[language]
    except KeyError:
        raise ToolchainMissing(f"{language}: no toolchain for this language (known: {', '.join(TOOLCHAINS)})") from None


# --- finding the tools ------------------------------------------------------------------------

def _which(name: str) -> str | None:
    return shutil.which(name)  # not resolved: rustup's proxies are links named for their tool


def _need(language: str, *tools: str) -> str | None:
    absent = [tool for tool in tools if _which(tool) is None]
    return f"{language}: {', '.join(absent)} not found on PATH" if absent else None


def _python() -> str:
    return sys.executable


def _tsc() -> Path:
    from lintseq_x.core.toolkit import toolchain as core_toolchain

    return core_toolchain.cache_dir("node") / "node_modules" / "typescript" / "bin" / "tsc"


def javatuples_jar() -> str | None:
    places = [os.environ.get(JAVATUPLES_ENV, ""), *JAVATUPLES_PLACES]
    return next((os.path.realpath(place) for place in places if place and os.path.isfile(place)), None)


@lru_cache(maxsize=1)
def _rustc() -> str | None:
    """The compiler itself, not rustup's proxy (which reads ~/.rustup, out of the sandbox's
    reach): `<sysroot>/bin/rustc`."""
    rustc = _which("rustc")
    if rustc is None:
        return None
    try:
        sysroot = subprocess.run([rustc, "--print", "sysroot"], capture_output=True, text=True, timeout=60, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return rustc
    real = Path(sysroot) / "bin" / "rustc"
    return str(real) if real.is_file() else rustc


def _missing_typescript() -> str | None:
    if _which("node") is None:
        return "typescript: node not found on PATH"
    if not _tsc().is_file():
        return f"typescript: tsc not found at {_tsc()} (run `lintseq-x setup typescript`; needs node and npm)"
    return None


def _missing_java() -> str | None:
    absent = _need("java", "javac", "java")
    if absent:
        return absent
    if javatuples_jar() is None:
        return f"java: javatuples jar not found (apt-get install libjavatuples-java, or set {JAVATUPLES_ENV})"
    return None


def _missing_rust() -> str | None:
    if _rustc() is None:
        return "rust: rustc not found on PATH"
    return _need("rust", "cc")  # rustc links with the system's cc


# --- the steps --------------------------------------------------------------------------------

def _step(argv, phase: str, env=(), seconds: float | None = None) -> Step:
    return _sandbox.Step(tuple(argv), phase, tuple(env), seconds)


def _compile(argv, env=()) -> Step:
    return _step(argv, "compile", env, COMPILE_SECONDS)


def _run(argv, env=()) -> Step:
    return _step(argv, "run", env)


def _python_steps(limits: Limits) -> tuple[Step, ...]:
    return (_run([_python(), "-I", "main.py"]),)


def _javascript_steps(limits: Limits) -> tuple[Step, ...]:
    return (_run([_which("node"), "main.js"]),)


def _typescript_steps(limits: Limits) -> tuple[Step, ...]:
    node = _which("node")
    # One V8 thread: tsc's worker threads would not fit a 1 GB address-space limit, and it is no
    # slower. --skipLibCheck leaves TypeScript's own lib .d.ts files unchecked (they have no
    # errors to find; the program is checked as MultiPL-E checks it): 2-3x faster.
    tsc = [node, "--single-threaded", str(_tsc()), "--target", "esnext", "--skipLibCheck", "main.ts"]
    return (_compile(tsc), _run([node, "main.js"]))


def _go_steps(limits: Limits) -> tuple[Step, ...]:
    # `go test -c` builds and vets exactly as `go test` does; the test binary then runs alone.
    # Go's caches must be absolute paths inside the job's directory, hence the shell.
    script = (
        'export HOME="$PWD" GOCACHE="$PWD/.gocache" GOPATH="$PWD/.gopath" GOTMPDIR="$PWD"; '
        f'exec "{_which("go")}" test -c -o main.test main_test.go'
    )
    env = (("GOTOOLCHAIN", "local"), ("GOPROXY", "off"), ("GOFLAGS", ""), ("CGO_ENABLED", "0"), ("GO111MODULE", "on"))
    return (_compile(["/bin/sh", "-c", script], env), _run(["./main.test"]))


def _java_steps(limits: Limits) -> tuple[Step, ...]:
    jar = javatuples_jar()
    heap = f"-Xmx{max(64, limits.memory_mb // 2)}m"
    compile_jvm = [f"-J{flag}" for flag in (heap, *_JVM)]
    return (
        _compile([_which("javac"), *compile_jvm, "-encoding", "UTF8", "-cp", jar, "-d", ".", "Problem.java"]),
        _run([_which("java"), heap, *_JVM, "-ea", "-cp", f".:{jar}", "Problem"]),
    )


def _cpp_steps(limits: Limits) -> tuple[Step, ...]:
    return (_compile([_which("g++"), "-std=c++17", "-o", "main", "main.cpp"]), _run(["./main"]))


def _c_steps(limits: Limits) -> tuple[Step, ...]:
    return (_compile([_which("gcc"), "-std=c11", "-o", "main", "main.c", "-lm"]), _run(["./main"]))


def _rust_steps(limits: Limits) -> tuple[Step, ...]:
    return (_compile([_rustc(), "main.rs", "-o", "main"]), _run(["./main"]))


TOOLCHAINS: dict[str, Toolchain] = {
    chain.language: chain
    for chain in (
        Toolchain("python", "main.py", _python_steps, lambda: None),
        Toolchain("javascript", "main.js", _javascript_steps, lambda: _need("javascript", "node")),
        Toolchain("typescript", "main.ts", _typescript_steps, _missing_typescript),
        Toolchain("go", "main_test.go", _go_steps, lambda: _need("go", "go")),
        Toolchain("java", "Problem.java", _java_steps, _missing_java),
        Toolchain("cpp", "main.cpp", _cpp_steps, lambda: _need("cpp", "g++")),
        Toolchain("c", "main.c", _c_steps, lambda: _need("c", "gcc")),
        Toolchain("rust", "main.rs", _rust_steps, _missing_rust),
    )
}
