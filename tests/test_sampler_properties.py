"""Property tests: on generated and real programs, every output satisfies the invariants."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from lintseq_x.core.pipeline import diffs_of
from lintseq_x.core.algorithm.sampler import sample_edit_path
from lintseq_x.plugins.python import PYTHON
from lintseq_x.plugins.python.checker import PythonChecker

from helpers import edit_paths
from invariants import assert_invariants

CHECKER = PythonChecker()
CORPUS = sorted(Path(PYTHON.corpus).glob("*.py"))
NAMES = ["alpha", "beta", "gamma", "delta", "items", "total"]


@st.composite
def blocks(draw, defined: list[str], depth: int, indent: str) -> list[str]:
    """A few statements at one indentation level, using only names already defined."""
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["assign", "use", "if", "for", "def", "try", "doc", "call", "comment", "blank", "string"]))
        name = draw(st.sampled_from(NAMES))
        used = draw(st.sampled_from(defined)) if defined else "1"
        if kind == "assign":
            lines.append(f"{indent}{name} = {used} + {draw(st.integers(0, 9))}")
            defined = defined + [name]
        elif kind == "use":
            lines.append(f"{indent}print({used})")
        elif kind == "comment":
            lines.append(f"{indent}# note about {used}")
        elif kind == "blank":
            lines.append("")
        elif kind == "string":
            lines.append(f'{indent}{name} = """first\n{indent}  {used} + 1\n{indent}"""')
            defined = defined + [name]
        elif kind == "call":
            lines += [f"{indent}{name} = max(", f"{indent}    {used},", f"{indent}    2,", f"{indent})"]
            defined = defined + [name]
        elif depth < 3:
            inner = indent + draw(st.sampled_from(["    ", "  ", "\t"]))
            if kind == "if":
                lines.append(f"{indent}if {used}:")
                lines += draw(blocks(defined, depth + 1, inner))
                if draw(st.booleans()):
                    lines.append(f"{indent}elif not {used}:")
                    lines += draw(blocks(defined, depth + 1, inner))
                if draw(st.booleans()):
                    lines.append(f"{indent}else:")
                    lines += draw(blocks(defined, depth + 1, inner))
            elif kind == "for":
                lines.append(f"{indent}for {name} in range(3):")
                lines += draw(blocks(defined + [name], depth + 1, inner))
            elif kind == "def":
                lines.append(f"{indent}def fn_{name}({name}, *rest):")
                lines += draw(blocks(defined + [name, "rest"], depth + 1, inner))
                defined = defined + [f"fn_{name}"]
            elif kind == "try":
                lines.append(f"{indent}try:")
                lines += draw(blocks(defined, depth + 1, inner))
                lines.append(f"{indent}except ValueError as error:")
                lines += draw(blocks(defined + ["error"], depth + 1, inner))
                if draw(st.booleans()):
                    lines.append(f"{indent}finally:")
                    lines += draw(blocks(defined, depth + 1, inner))
            else:  # doc
                lines += [f"{indent}def documented():", f'{inner}"""Doc.', "", f"{inner}>>> documented()", f"{inner}22", f'{inner}"""', f"{inner}return 22"]
                defined = defined + ["documented"]
    if all(not line.strip() or line.strip().startswith("#") for line in lines):
        lines.append(f"{indent}pass")
    return lines


@st.composite
def programs(draw) -> str:
    text = "\n".join(draw(blocks([], 0, "")))
    newline_at_end = draw(st.booleans())
    return text + ("\n" if newline_at_end else "")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(program=programs(), seed=st.integers(0, 2**32 - 1), uniform=st.booleans())
def test_generated_programs_satisfy_invariants(program, seed, uniform):
    assume(program.strip() and not CHECKER.check(program))
    rows = edit_paths(program, samples=2, seed=seed, weighting="uniform" if uniform else "indent")
    for row in rows:
        assert_invariants(row["edit_path"], program)
    assert edit_paths(program, samples=2, seed=seed, weighting="uniform" if uniform else "indent") == rows


@settings(max_examples=40, deadline=None)
@given(path=st.sampled_from(CORPUS), seed=st.integers(0, 2**32 - 1))
def test_corpus_programs_satisfy_invariants(path, seed):
    program = path.read_text()
    (row,) = edit_paths(program, samples=1, seed=seed)
    assert_invariants(row["edit_path"], program)


def test_every_state_of_a_path_is_clean_and_shrinking():
    program = (Path(PYTHON.corpus) / "expression_parser.py").read_text()
    structure = PYTHON.structure_of(program)
    path = sample_edit_path(structure, CHECKER, random.Random(7))
    assert path.states[0] == frozenset(range(structure.unit_count)) and path.states[-1] == frozenset()
    for bigger, smaller in zip(path.states, path.states[1:]):
        assert smaller < bigger
        assert not CHECKER.check(structure.text_of_units(smaller)[0])
    assert path.checks >= len(path.states) - 2


def test_max_rounds_leaves_the_rest_for_the_first_edit():
    program = (Path(PYTHON.corpus) / "lru_cache.py").read_text()
    (row,) = edit_paths(program, samples=1, max_rounds=2)
    assert len(row["edit_path"]) == 3
    assert_invariants(row["edit_path"], program)
    assert row["sampler"] == {"weighting": "indent", "max_rounds": 2, "distinct_paths": True}


def test_deleting_a_definition_deletes_its_uses():
    program = "import math\n\n\ndef area(r):\n    return math.pi * r * r\n\n\nprint(area(2))\n"
    structure = PYTHON.structure_of(program)
    for seed in range(30):
        path = sample_edit_path(structure, CHECKER, random.Random(seed))
        for state in path.states:
            text = structure.text_of_units(state)[0]
            if "print(area(2))" in text:
                assert "def area" in text
            if "math.pi" in text:
                assert "import math" in text


def test_paths_differ_between_seeds_and_samples():
    program = (Path(PYTHON.corpus) / "text_adventure.py").read_text()
    rows = edit_paths(program, samples=5, seed=3)
    assert len({tuple(row["edit_path"]) for row in rows}) == 5
    assert rows != edit_paths(program, samples=5, seed=4)


def test_original_errors_skip_or_are_tolerated():
    from lintseq_x.core.pipeline import RunOptions, process_record

    from helpers import record_for

    program = "def f():\n    return helper(1)\n\nx = f()\n"
    skipped = process_record(record_for(program), RunOptions())
    assert skipped.rows == [] and "undefined name 'helper'" in skipped.reason
    (row,) = edit_paths(program, samples=1, tolerate_original_errors=True)
    assert row["tolerated_errors"] == "UndefinedName: undefined name 'helper'"
    broken = process_record(record_for("def f(:\n"), RunOptions(tolerate_original_errors=True))
    assert broken.rows == [] and "is not valid python" in broken.reason


def test_crlf_programs_are_normalised_and_recorded():
    (row,) = edit_paths("x = 1\r\nprint(x)\r\n", samples=1)
    assert row["newline"] == "crlf"
    assert_invariants(row["edit_path"], "x = 1\nprint(x)\n")


def test_diffs_of_states_are_insertions(python):
    structure = python.structure_of("a = 1\nb = a\n")
    diffs = diffs_of(structure, [frozenset(), frozenset({0}), frozenset({0, 1})])
    assert diffs == ["@@ -0,0 +1,1 @@\n+a = 1", "@@ -1,0 +2,1 @@\n+b = a"]
