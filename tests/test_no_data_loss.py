"""Nothing a user has is lost, and nothing goes wrong silently (issue 15): the output never
overwrites or deletes an input, input fields never collide, every file name is recorded
exactly, only standard JSON is written, and wrong field names stop a run before it starts."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pytest

from lintseq_x.core.input.extract import extract_fenced_code
from lintseq_x.core.input.records import carried_name

from helpers import cli, ok, read_jsonl, write_jsonl

PROGRAM = "x = 1\nprint(x)\n"
ROW = {"instruction": "print one", "response": PROGRAM}


def _refused(result) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "refusing to write the output there" in result.stderr
    return result.stderr


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.parametrize(
    ("given", "output", "extra"),
    [
        ("same.jsonl", "same.jsonl", []),  # the output is the input
        ("victim.py", "victim.py", []),
        ("x.skipped.jsonl", "x.jsonl", []),  # a side file is the input
        ("x.failed.jsonl", "x.jsonl", []),
        ("x.excluded.jsonl", "x.jsonl", []),
        ("x.jsonl.progress", "x.jsonl", []),  # the journal
        ("x.jsonl.lock", "x.jsonl", []),
        ("x.shards.json", "x.jsonl", ["--shard-size", "1"]),  # the manifest
        ("x-00000.jsonl", "x.jsonl", ["--shard-size", "1"]),  # a shard
        ("x-00003.jsonl.partial", "x.jsonl", ["--shard-size", "1"]),  # a shard an earlier run would clear
        ("vdir", "vdir/a.py", []),  # inside a folder being walked
        ("vdir", "vdir/sub/out.jsonl", []),
    ],
)
def test_an_output_that_would_overwrite_or_delete_the_input_is_refused_before_anything_is_written(
    tmp_path: Path, given: str, output: str, extra: list[str]
) -> None:
    if given.endswith(".py"):
        (tmp_path / given).write_text(PROGRAM)
    elif given == "vdir":
        (tmp_path / "vdir").mkdir()
        (tmp_path / "vdir" / "a.py").write_text(PROGRAM)
    else:
        write_jsonl(tmp_path / given, [ROW])
    before = _tree(tmp_path)
    message = _refused(cli(tmp_path, "run", given, "--lang", "python", "-o", output, "-q", *extra))
    assert message.startswith(f"error: {output}: refusing")
    assert _tree(tmp_path) == before  # not a byte written, moved or deleted


def test_a_link_to_the_input_is_the_input(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "data.jsonl", [ROW])
    os.link(tmp_path / "data.jsonl", tmp_path / "hard.jsonl")
    (tmp_path / "out").mkdir()
    os.symlink(tmp_path / "data.jsonl", tmp_path / "out" / "soft.jsonl")
    before = _tree(tmp_path)
    _refused(cli(tmp_path, "run", "data.jsonl", "--lang", "python", "-o", "hard.jsonl", "-q"))
    _refused(cli(tmp_path, "run", "data.jsonl", "--lang", "python", "-o", "out/soft.jsonl", "-q"))
    assert _tree(tmp_path) == before


def test_an_output_inside_a_folder_the_walk_leaves_out_is_allowed(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.py").write_text(PROGRAM)
    ok(cli(tmp_path, "run", "src", "--lang", "python", "-o", "src/.lintseq/out.jsonl", "-q"))
    assert [row["source_file"] for row in read_jsonl(tmp_path / "src" / ".lintseq" / "out.jsonl")] == ["a.py"]


def test_carried_field_names_never_collide() -> None:
    names = ["file", "field_file", "field_field_file", "file_bytes", "code", "instruction", "filename", "field"]
    keys = [carried_name(name) for name in names]
    assert len(set(keys)) == len(keys)
    assert not {"source_file", "source_file_bytes"} & set(keys)


def test_input_fields_named_like_output_fields_all_arrive(tmp_path: Path) -> None:
    row = {**ROW, "file": "a.py", "field_file": "b.py", "file_bytes": "c", "field_field_file": "d"}
    write_jsonl(tmp_path / "data.jsonl", [row])
    ok(cli(tmp_path, "run", "data.jsonl", "--lang", "python", "-o", "out.jsonl", "-q"))
    (out,) = read_jsonl(tmp_path / "out.jsonl")
    assert out["source_file"] == "data.jsonl" and "source_file_bytes" not in out
    carried = {key: value for key, value in out.items() if key.startswith("source_") and key != "source_file"}
    assert sorted(carried.values()) == sorted(row.values())


def test_a_file_name_that_is_not_utf8_is_processed_and_recorded_exactly(tmp_path: Path) -> None:
    import pyarrow.json

    folder = tmp_path / "src"
    folder.mkdir()
    raw_name = b"caf\xe9-\xff.py"
    (folder / "a.py").write_text(PROGRAM)
    with open(os.path.join(os.fsencode(folder), raw_name), "w") as handle:
        handle.write("y = 2\nprint(y)\n")
    ok(cli(tmp_path, "run", "src", "--lang", "python", "-o", "out.jsonl", "-q"))
    rows = read_jsonl(tmp_path / "out.jsonl")
    assert [row["source_file"] for row in rows] == ["a.py", "caf\\xe9-\\xff.py"]
    assert "source_file_bytes" not in rows[0]
    assert base64.b64decode(rows[1]["source_file_bytes"]) == raw_name
    assert (tmp_path / "out.jsonl").read_bytes().decode("utf-8")  # UTF-8 text, no lone surrogate
    assert pyarrow.json.read_json(tmp_path / "out.jsonl").num_rows == 2
    # ... and a resumed run reads the same walk.
    ok(cli(tmp_path, "run", "src", "--lang", "python", "-o", "out.jsonl", "-q", "--resume"))


def test_numbers_json_cannot_hold_are_written_as_their_text(tmp_path: Path) -> None:
    (tmp_path / "data.jsonl").write_text(
        '{"instruction": "i", "response": "x = 1\\nprint(x)\\n", "big": 1e400, "small": -1e400, '
        '"nan": NaN, "inf": Infinity, "fine": 2.5}\n'
    )
    ok(cli(tmp_path, "run", "data.jsonl", "--lang", "python", "-o", "out.jsonl", "-q"))

    def reject(constant: str) -> None:
        raise AssertionError(f"not JSON: {constant}")

    (line,) = (tmp_path / "out.jsonl").read_text().splitlines()
    row = json.loads(line, parse_constant=reject)
    assert [row[f"source_{name}"] for name in ("big", "small", "nan", "inf", "fine")] == [
        "1e400", "-1e400", "NaN", "Infinity", 2.5,
    ]


def test_a_code_field_that_no_record_has_stops_the_run_naming_the_fields(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "data.jsonl", [ROW, ROW])
    result = cli(tmp_path, "run", "data.jsonl", "--lang", "python", "--code-field", "code", "-o", "out.jsonl")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        "error: data.jsonl: none of the first 2 records has the field 'code' (--code-field); "
        "their fields: instruction, response; name the right one with --code-field"
    )
    assert not (tmp_path / "out.jsonl").exists() and not (tmp_path / "out.skipped.jsonl").exists()


def test_a_named_prompt_field_that_no_record_has_stops_the_run(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "data.jsonl", [ROW])
    result = cli(tmp_path, "run", "data.jsonl", "--lang", "python", "--prompt-field", "prompt", "-o", "out.jsonl")
    assert result.returncode == 2 and "has the field 'prompt' (--prompt-field)" in result.stderr
    assert not (tmp_path / "out.jsonl").exists()
    # Data without prompts says so: an empty --prompt-field.
    ok(cli(tmp_path, "run", "data.jsonl", "--lang", "python", "--prompt-field", "", "-o", "out.jsonl", "-q"))
    assert read_jsonl(tmp_path / "out.jsonl")[0]["prompt_field"] is None


def test_code_only_data_runs_and_says_it_has_no_prompt(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "data.jsonl", [{"response": PROGRAM}])
    result = ok(cli(tmp_path, "run", "data.jsonl", "--lang", "python", "-o", "out.jsonl"))
    assert "has the field 'instruction' (--prompt-field)" in result.stderr and "carry no prompt" in result.stderr


def test_a_code_field_named_file_verifies(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "data.jsonl", [{"file": PROGRAM}])
    ok(cli(tmp_path, "run", "data.jsonl", "--lang", "python", "--code-field", "file", "--prompt-field", "", "-o", "out.jsonl", "-q"))
    (row,) = read_jsonl(tmp_path / "out.jsonl")
    assert row["source_field_file"] == PROGRAM and row["source_file"] == "data.jsonl"
    assert "all invariants hold" in ok(cli(tmp_path, "verify", "out.jsonl")).stdout


FENCES = [
    ('Here:\n```python title="a.py"\nx = 1\nprint(x)\n```\n', "x = 1\nprint(x)"),  # an info string after the word
    ("Write ```python x = 1``` inline, then:\n```python\ny = 2\n```\n", "y = 2"),  # inline code is no fence
    ('````python\ns = """\n```\ninner\n```\n"""\nprint(s)\n````\nafter\n', 's = """\n```\ninner\n```\n"""\nprint(s)'),
    ("~~~python\nz = 3\n~~~\n", "z = 3"),
    ("1. First:\n   ```python\n   def f():\n       return 1\n   ```\n", "def f():\n    return 1"),
    ("```text\n```python\nnot code\n```\n", "```text\n```python\nnot code\n```\n"),  # inside another block
    ("```pyx\nno\n```", "```pyx\nno\n```"),
]


@pytest.mark.parametrize(("text", "program"), FENCES)
def test_fences_follow_commonmark(text: str, program: str) -> None:
    assert extract_fenced_code(text, ("python", "py")) == program


def test_a_fence_with_an_info_string_gives_a_clean_program(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "data.jsonl", [{"instruction": "i", "response": FENCES[0][0]}])
    ok(cli(tmp_path, "run", "data.jsonl", "--lang", "python", "-o", "out.jsonl", "-q"))
    assert "title=" not in "".join(read_jsonl(tmp_path / "out.jsonl")[0]["edit_path"])
