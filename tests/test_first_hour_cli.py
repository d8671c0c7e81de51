"""The first hour with the command line (issue 18): what a new user meets before any data.

`languages` lists without installing; a failed install is one line naming its log; output paths
that cannot be written say why; `show` names its numbers; `--version`; messages that agree with
the code (the JDK Java needs, `--checker fallback`, one-line skip reasons, `verify`'s words).

Toolchains are replaced by small shell scripts on a PATH of their own, which record every call:
the tests see exactly what a command ran, and need neither network nor a real npm, go or JDK.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import LINTSEQ, read_jsonl

RAW_LINES = 20  # lines of raw errors each fake installer prints


def _script(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def _noisy_failure(tool: str) -> str:
    """Shell lines that print RAW_LINES lines of errors to stderr and fail, as npm does offline."""
    return (
        f'i=1; while [ $i -le {RAW_LINES} ]; do echo "{tool} ERR! raw error line $i" >&2; i=$((i+1)); done; exit 1\n'
    )


@pytest.fixture
def fake_tools(tmp_path: Path) -> tuple[Path, Path]:
    """A folder of fake node, npm, go, java and javac (each appends its argv to `calls`): the
    queries a checker makes (versions) answer; every install or build fails noisily."""
    folder, calls = tmp_path / "bin", tmp_path / "calls.txt"
    folder.mkdir()
    calls.touch()
    record = f'echo "${{0##*/}} $*" >> "{calls}"\n'  # the PATH holds no basename: the shell's own expansion
    # As a helper (the fallback's judge runs one), it accepts every program.
    _script(folder, "node", record + 'if [ "$1" = "--version" ]; then echo v20.11.0; exit 0; fi\n'
            'while read -r request; do echo \'{"errors": []}\'; done\n')
    _script(folder, "npm", record + _noisy_failure("npm"))
    _script(
        folder, "go",
        record + 'case "$1" in\n  env) echo go1.22.0; exit 0;;\n  build)\n    ' + _noisy_failure("go build") + "esac\nexit 1\n",
    )
    _script(folder, "java", record + 'if [ "$1" = "-version" ]; then echo \'openjdk version "17.0.2" 2022-01-18\' >&2; exit 0; fi\nexit 1\n')
    _script(folder, "javac", record + _noisy_failure("javac"))
    return folder, calls


def _run(cwd: Path, *args: object, path: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    """`lintseq-x ARGS` with only `path` on PATH and `cache` as the user cache."""
    assert LINTSEQ is not None, "the lintseq-x console script is not installed"
    env = {key: value for key, value in os.environ.items() if key not in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")}
    env.update(PATH=str(path), XDG_CACHE_HOME=str(cache), COLUMNS="250", NO_COLOR="1")
    return subprocess.run([LINTSEQ, *map(str, args)], cwd=cwd, capture_output=True, text=True, env=env, timeout=600)


def _files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*")) if folder.exists() else []


# 1. `languages` has no side effects; installs fail in one line with a log ----------------------


def test_languages_installs_nothing_and_names_the_setup_command(tmp_path: Path, fake_tools: tuple[Path, Path]) -> None:
    folder, calls = fake_tools
    cache = tmp_path / "cache"
    done = _run(tmp_path, "languages", "--json", path=folder, cache=cache)
    assert done.returncode == 0, done.stderr
    assert _files_under(cache) == [], "a listing created files in the user cache"
    ran = calls.read_text(encoding="utf-8").splitlines()
    assert "go env GOVERSION" in ran, ran  # the fakes do record: version queries are fine
    assert not [call for call in ran if call.startswith(("npm", "javac", "go build"))], ran
    listed = {entry["name"]: entry for entry in json.loads(done.stdout)["languages"]}
    for language in ("go", "java", "javascript", "typescript"):
        entry = listed[language]
        assert entry["checker_setup"] == f"lintseq-x setup {language}", entry
        assert f"`lintseq-x setup {language}`" in entry["checker_unavailable"]
        assert "\n" not in entry["checker_unavailable"]


def test_languages_table_shows_what_is_missing_and_the_setup_command(tmp_path: Path, fake_tools: tuple[Path, Path]) -> None:
    folder, _ = fake_tools
    done = _run(tmp_path, "languages", path=folder, cache=tmp_path / "cache")
    assert done.returncode == 0, done.stderr
    table = " ".join(done.stdout.split())  # the table wraps its cells
    assert "lintseq-x setup javascript" in table and "espree@" in table
    assert "lintseq-x setup go" in table


GO_PROGRAM = "package main\n\nfunc main() {\n\tx := 1\n\t_ = x\n}\n"
JS_PROGRAM = "const x = 1;\nconsole.log(x);\n"
JAVA_PROGRAM = "public class Main {\n    public static void main(String[] args) {\n        int x = 1;\n    }\n}\n"


@pytest.mark.parametrize(
    ("language", "file_name", "program", "log_name", "tool"),
    [
        ("go", "main.go", GO_PROGRAM, "go-build.log", "go build"),
        ("javascript", "main.js", JS_PROGRAM, "npm-install.log", "npm"),
        ("java", "Main.java", JAVA_PROGRAM, "javac.log", "javac"),
    ],
)
def test_a_failed_install_during_a_run_is_one_line_naming_its_log(
    tmp_path: Path, fake_tools: tuple[Path, Path], language: str, file_name: str, program: str, log_name: str, tool: str
) -> None:
    folder, _ = fake_tools
    source = tmp_path / "src"
    source.mkdir()
    (source / file_name).write_text(program, encoding="utf-8")
    done = _run(tmp_path, "run", source, "-l", language, "-q", "-o", tmp_path / "out.jsonl", path=folder, cache=tmp_path / "cache")
    assert "Traceback" not in done.stderr
    # One line of the installer's output is quoted (its first error); the rest stays in the log.
    assert len(re.findall("raw error line", done.stderr)) <= 1, f"the installer's own output reached the terminal:\n{done.stderr}"
    mentions = [line for line in done.stderr.splitlines() if log_name in line]
    assert len(mentions) == 1, done.stderr
    log = Path(re.search(r"its full output is in (\S+?);", mentions[0]).group(1))
    assert log.name == log_name and log.is_file()
    logged = log.read_text(encoding="utf-8")
    assert f"{tool} ERR! raw error line {RAW_LINES}" in logged and f"{tool} ERR! raw error line 1\n" in logged
    # The run went on with the fallback, and the note says how to choose it outright.
    assert "`--checker fallback`" in mentions[0]


def test_insisting_on_the_missing_checker_fails_in_one_line_naming_the_fallback_option(
    tmp_path: Path, fake_tools: tuple[Path, Path]
) -> None:
    folder, _ = fake_tools
    (tmp_path / "main.go").write_text(GO_PROGRAM, encoding="utf-8")
    done = _run(tmp_path, "run", "main.go", "-l", "go", "--checker", "default", "-o", "out.jsonl", path=folder, cache=tmp_path / "cache")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1 and "go-build.log" in errors[0] and "`--checker fallback`" in errors[0], done.stderr
    assert len(re.findall("raw error line", done.stderr)) <= 1


@pytest.mark.parametrize(("language", "log_name"), [("go", "go-build.log"), ("typescript", "npm-install.log")])
def test_a_failed_setup_is_one_line_naming_its_log(
    tmp_path: Path, fake_tools: tuple[Path, Path], language: str, log_name: str
) -> None:
    folder, _ = fake_tools
    done = _run(tmp_path, "setup", language, path=folder, cache=tmp_path / "cache")
    assert done.returncode == 2
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and f"{log_name}" in errors[0], done.stderr
    assert len(re.findall("raw error line", done.stderr)) <= 1, done.stderr


# 2. Output paths that cannot be written say why ---------------------------------------------


def _python_source(tmp_path: Path) -> Path:
    source = tmp_path / "prog.py"
    source.write_text("x = 1\nprint(x)\n", encoding="utf-8")
    return source


def _one_error_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_output_inside_a_file_names_the_file_that_is_not_a_folder(tmp_path: Path) -> None:
    source = _python_source(tmp_path)
    (tmp_path / "mine.jsonl").write_text("{}\n", encoding="utf-8")
    for output in ("mine.jsonl/out.jsonl", "mine.jsonl/deeper/out.jsonl"):
        line = _one_error_line(_run(tmp_path, "run", source, "-l", "python", "-o", output, path=Path(os.environ["PATH"]), cache=tmp_path / "c"))
        assert "mine.jsonl is a file, not a folder" in line, line
        assert "File exists" not in line and "Not a directory" not in line
    assert (tmp_path / "mine.jsonl").read_text(encoding="utf-8") == "{}\n"


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="no /proc file system here")
def test_output_on_a_file_system_that_takes_no_new_files_says_so(tmp_path: Path) -> None:
    source = _python_source(tmp_path)
    for output in ("/proc/out.jsonl", "/proc/lintseq-x-missing/out.jsonl"):
        line = _one_error_line(_run(tmp_path, "run", source, "-l", "python", "-o", output, path=Path(os.environ["PATH"]), cache=tmp_path / "c"))
        # root is told that /proc takes no new files; anyone else is refused permission first
        assert "/proc does not accept new files" in line or "/proc is not writable" in line, line
        assert ".lock" not in line and "No such file" not in line


@pytest.mark.skipif(os.geteuid() != 0, reason="a permission test: see the next test")
@pytest.mark.skipif(shutil.which("bwrap") is None, reason="needs bubblewrap (Debian bubblewrap) to mount a folder read-only")
def test_output_on_a_read_only_mount_says_so(tmp_path: Path) -> None:
    """Root writes into any folder whatever its mode, but not into a read-only mount: the run
    goes into a bubblewrap namespace where the output folder is bound read-only."""
    source = _python_source(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    env = {key: value for key, value in os.environ.items() if key not in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")}
    env.update(XDG_CACHE_HOME=str(tmp_path / "c"), COLUMNS="250", NO_COLOR="1")
    bind = ["bwrap", "--bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--ro-bind", str(locked), str(locked)]
    done = subprocess.run([*bind, LINTSEQ, "run", str(source), "-l", "python", "-o", str(locked / "out.jsonl")], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=600)
    line = _one_error_line(done)
    assert f"{locked} is on a read-only file system" in line and ".lock" not in line, line
    assert list(locked.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into folders whatever their mode: see the previous test")
def test_output_in_a_read_only_folder_says_it_is_not_writable(tmp_path: Path) -> None:
    source = _python_source(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        line = _one_error_line(_run(tmp_path, "run", source, "-l", "python", "-o", locked / "out.jsonl", path=Path(os.environ["PATH"]), cache=tmp_path / "c"))
    finally:
        locked.chmod(0o755)
    assert f"{locked} is not writable" in line and ".lock" not in line


def test_each_reason_an_output_folder_refuses_a_file_is_explained(tmp_path: Path) -> None:
    """The errors the operating system raises, as `unwritable` explains them (root cannot
    produce a permission error, nor this machine a read-only file system, on demand)."""
    from lintseq_x.core.output.paths import path_problem, unwritable

    output = tmp_path / "out.jsonl"
    assert unwritable(output, PermissionError(errno.EACCES, "Permission denied", str(output) + ".lock")) == (
        f"cannot write {output}: {tmp_path} is not writable (permission denied)"
    )
    assert unwritable(output, OSError(errno.EROFS, "Read-only file system")) == (
        f"cannot write {output}: {tmp_path} is on a read-only file system"
    )
    deeper = tmp_path / "new" / "out.jsonl"
    assert unwritable(deeper, PermissionError(errno.EACCES, "Permission denied")) == (
        f"cannot create the folder {tmp_path / 'new'} for {deeper}: {tmp_path} is not writable (permission denied)"
    )
    assert path_problem(tmp_path) is not None and "is a folder" in path_problem(tmp_path)
    assert path_problem(output) is None


def test_output_that_is_a_folder_is_refused_in_one_line(tmp_path: Path) -> None:
    source = _python_source(tmp_path)
    (tmp_path / "outdir").mkdir()
    line = _one_error_line(_run(tmp_path, "run", source, "-l", "python", "-o", "outdir", path=Path(os.environ["PATH"]), cache=tmp_path / "c"))
    assert "outdir" in line and ("directory" in line or "folder" in line), line


# 3. `show` names each number ---------------------------------------------------------------


def test_show_header_says_what_each_number_is(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.py").write_text("x = 1\nprint(x)\n", encoding="utf-8")
    (source / "b.py").write_text("def f():\n    return 2\n\n\nprint(f())\n", encoding="utf-8")
    path = Path(os.environ["PATH"])
    made = _run(tmp_path, "run", source, "-l", "python", "-q", "-s", "2", "-o", "out.jsonl", path=path, cache=tmp_path / "c")
    assert made.returncode == 0, made.stderr
    rows = read_jsonl(tmp_path / "out.jsonl")
    shown_row = 3
    row = rows[shown_row]
    done = _run(tmp_path, "show", "out.jsonl", shown_row, path=path, cache=tmp_path / "c")
    assert done.returncode == 0, done.stderr
    header = done.stdout.splitlines()[0]
    assert f"out.jsonl record {shown_row}" in header
    assert f"input record {row['index']} ({row['source_file']})" in header
    assert f"sample {row['sample']} of that input record" in header
    assert "#" not in header


# 4. `--version` ------------------------------------------------------------------------------


def test_version_prints_the_package_and_grammar_versions(tmp_path: Path) -> None:
    from importlib.metadata import version

    done = _run(tmp_path, "--version", path=Path(os.environ["PATH"]), cache=tmp_path / "c")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"lintseq-x {version('lintseq-x')} ")
    assert f"python: tree-sitter-python {version('tree-sitter-python')}" in done.stdout
    assert f"go: tree-sitter-go {version('tree-sitter-go')}" in done.stdout


# 5. Messages agree with the code -------------------------------------------------------------


def test_java_checker_names_the_jdk_it_really_needs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lintseq_x.core.algorithm.checker import CheckerUnavailable
    from lintseq_x.plugins.java import checker as java_checker

    # The helper uses CompilationUnitTree.getModule(), which JDK 16's API lacks.
    assert "getModule()" in java_checker.SERVER_SOURCE.read_text(encoding="utf-8")
    assert java_checker.MINIMUM_JDK == 17
    assert java_checker.feature_release('openjdk version "17.0.15" 2025-04-15') == 17
    assert java_checker.feature_release('java version "1.8.0_392"') == 8
    monkeypatch.setenv("PATH", str(tmp_path))  # no JDK at all
    with pytest.raises(CheckerUnavailable, match="a JDK, 17 or later"):
        java_checker.JavaChecker()
    _script(tmp_path, "java", 'echo \'openjdk version "11.0.22" 2024-01-16\' >&2\n')
    _script(tmp_path, "javac", "exit 0\n")
    java_checker.java_version.cache_clear()
    with pytest.raises(CheckerUnavailable, match=r"needs a JDK 17 or later .*11\.0\.22"):
        java_checker.JavaChecker()
    documented = Path(__file__).parents[1].joinpath("docs", "languages.md").read_text(encoding="utf-8")
    assert "JDK ≥ 17" in documented and "11 or later" not in documented


@pytest.mark.skipif(shutil.which("javac") is None, reason="no javac to compile the helper with")
def test_the_java_helper_compiles_against_the_minimum_jdk_and_not_the_one_before(tmp_path: Path) -> None:
    from lintseq_x.plugins.java import checker as java_checker

    def compiles_for(release: int) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["javac", "--release", str(release), "-d", str(tmp_path / str(release)), str(java_checker.SERVER_SOURCE)],
            capture_output=True, text=True, timeout=300,
        )

    assert compiles_for(java_checker.MINIMUM_JDK).returncode == 0
    older = compiles_for(java_checker.MINIMUM_JDK - 1)
    assert older.returncode != 0 and "getModule" in older.stderr


FALLBACK_PROGRAMS = {
    "go": ("main.go", GO_PROGRAM),
    "javascript": ("main.js", JS_PROGRAM),
    "typescript": ("main.ts", "const x: number = 1;\nconsole.log(x);\n"),
    "java": ("Main.java", JAVA_PROGRAM),
    "c": ("main.c", "int main(void) {\n    int x = 1;\n    return x;\n}\n"),
}


@pytest.mark.parametrize("language", sorted(FALLBACK_PROGRAMS))
def test_every_fallback_note_names_the_option_that_chooses_it(tmp_path: Path, language: str) -> None:
    empty = tmp_path / "nothing-installed"
    empty.mkdir()
    name, program = FALLBACK_PROGRAMS[language]
    (tmp_path / name).write_text(program, encoding="utf-8")
    done = _run(tmp_path, "run", name, "-l", language, "-q", "-o", "out.jsonl", path=empty, cache=tmp_path / "c")
    notes = [line for line in done.stderr.splitlines() if line.startswith("note:") and "fallback checker" in line]
    assert len(notes) == 1, done.stderr
    assert "`--checker fallback` chooses it" in notes[0]
    assert "choose the fallback" not in notes[0] and "use the fallback" not in notes[0]
    assert "choose another checker" not in notes[0]


def test_helper_messages_are_one_line_whatever_the_front_end_says(tmp_path: Path) -> None:
    """javac ends some messages with a second, indented line; every helper's are made one line
    where the core reads them, so skip reasons and violations stay one line each."""
    from lintseq_x.core.toolkit.helper_process import HelperProcess

    helper = tmp_path / "helper.py"
    helper.write_text(
        "import json, sys\n"
        "for line in sys.stdin:\n"
        "    message = 'patterns in switch statements are a preview feature and are disabled by default.\\n"
        "  (use --enable-preview to enable patterns in switch statements)'\n"
        "    print(json.dumps({'errors': [{'line': 4, 'code': 'compiler.err', 'message': message, 'fatal': True},"
        " {'line': 5, 'code': 'x', 'message': 'cannot find symbol\\n  symbol:   class Foo\\n  location: class Main'}]}), flush=True)\n",
        encoding="utf-8",
    )
    process = HelperProcess([sys.executable, str(helper)], name="fake helper")
    try:
        found = process.check("class Main {}")
    finally:
        process.close()
    assert [d.message for d in found] == [
        "patterns in switch statements are a preview feature and are disabled by default. "
        "(use --enable-preview to enable patterns in switch statements)",
        "cannot find symbol; symbol:   class Foo; location: class Main",
    ]


def _java_with_preview_switch() -> bool:
    java = shutil.which("java")
    if java is None or shutil.which("javac") is None:
        return False
    said = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    found = re.search(r'version "(\d+)', said)
    return found is not None and 17 <= int(found.group(1)) <= 20  # patterns in switch: preview in 17-20


@pytest.mark.skipif(not _java_with_preview_switch(), reason="needs a JDK 17-20, where patterns in switch are a preview")
def test_a_java_skip_reason_is_one_line(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "Main.java").write_text(
        "public class Main {\n    static String f(Object o) {\n        return switch (o) {\n"
        "            case Integer i -> \"int\";\n            default -> \"other\";\n        };\n    }\n}\n",
        encoding="utf-8",
    )
    _run(tmp_path, "run", source, "-l", "java", "-q", "-o", "out.jsonl", path=Path(os.environ["PATH"]),
         cache=Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"))
    (skipped,) = read_jsonl(tmp_path / "out.skipped.jsonl")
    assert "preview feature" in skipped["reason"] and "--enable-preview" in skipped["reason"]
    assert "\n" not in skipped["reason"]


def _one_python_record(tmp_path: Path) -> dict:
    source = tmp_path / "prog.py"
    source.write_text("x = 1\nprint(x)\n", encoding="utf-8")
    made = _run(tmp_path, "run", source, "-l", "python", "-q", "-o", "out.jsonl", path=Path(os.environ["PATH"]), cache=tmp_path / "c")
    assert made.returncode == 0, made.stderr
    (row,) = read_jsonl(tmp_path / "out.jsonl")
    return row


def _verify(tmp_path: Path, row: dict) -> subprocess.CompletedProcess[str]:
    (tmp_path / "changed.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    return _run(tmp_path, "verify", "changed.jsonl", "-q", path=Path(os.environ["PATH"]), cache=tmp_path / "c")


def test_verify_says_a_final_newline_is_missing_rather_than_counting_lines(tmp_path: Path) -> None:
    row = _one_python_record(tmp_path)
    code_key = next(key for key in row if key.endswith(row["code_field"]) and isinstance(row[key], str) and key != "code_field")
    row[code_key] = row[code_key] + "\n"  # the program now ends in a blank line the diffs do not write
    done = _verify(tmp_path, row)
    assert done.returncode == 1
    assert "lacks the program's final newline" in done.stderr, done.stderr
    assert "lines rebuilt" not in done.stderr


def test_verify_says_a_zero_line_hunk_inserts_nothing(tmp_path: Path) -> None:
    row = _one_python_record(tmp_path)
    row["edit_path"] = [*row["edit_path"], "@@ -2,0 +3,0 @@\n"]
    done = _verify(tmp_path, row)
    assert done.returncode == 1
    assert f"edit {len(row['edit_path'])}/{len(row['edit_path'])}: hunk @@ -2,0 +3,0 @@ inserts nothing" in done.stderr, done.stderr


def test_verify_tries_a_failing_build_once_not_once_per_record(tmp_path: Path, fake_tools: tuple[Path, Path]) -> None:
    """`verify` builds the checker that made each record; a build that failed is not rerun (and
    its twenty lines are not repeated) for every record."""
    folder, calls = fake_tools
    (tmp_path / "main.go").write_text(GO_PROGRAM, encoding="utf-8")
    cache = tmp_path / "cache"
    made = _run(tmp_path, "run", "main.go", "-l", "go", "--checker", "fallback", "-q", "-s", "3", "-o", "out.jsonl", path=folder, cache=cache)
    assert made.returncode == 0, made.stderr
    rows = read_jsonl(tmp_path / "out.jsonl")
    assert len(rows) == 3
    for row in rows:  # as if the real Go checker had made them
        row["checker"] = {**row["checker"], "name": "go-types"}
    (tmp_path / "real.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    done = _run(tmp_path, "verify", "real.jsonl", "-q", path=folder, cache=cache)
    assert done.returncode == 1
    violations = [line for line in done.stderr.splitlines() if line.startswith("violation:")]
    assert len(violations) == 3 and all("go-build.log" in line for line in violations), done.stderr
    builds = [call for call in calls.read_text(encoding="utf-8").splitlines() if call.startswith("go build")]
    assert len(builds) == 1, builds
