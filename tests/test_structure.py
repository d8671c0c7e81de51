"""Units and dependents on tricky Python: what is deleted together, and what goes with what."""

from __future__ import annotations

import textwrap

import pytest

from lintseq_x.core.algorithm.structure import split_lines


def structure(python, source: str):
    return python.structure_of(textwrap.dedent(source).lstrip("\n"))


def unit_of(st, needle: str) -> int:
    """The unit of the (unique) line containing `needle`."""
    rows = [row for row, line in enumerate(st.lines) if needle in line]
    assert len(rows) == 1, f"{needle!r} found on lines {rows}"
    return st.unit_of_line[rows[0]]


def closure(st, unit: int) -> set[int]:
    seen, todo = set(), [unit]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(st.dependents[current])
    return seen


def lines_deleted_with(st, needle: str) -> list[str]:
    units = closure(st, unit_of(st, needle))
    return [st.lines[row].strip() for unit in sorted(units) for row in st.unit_lines[unit]]


def test_docstring_with_doctest_is_one_unit(python):
    st = structure(python, '''
        def double(x):
            """Double x.

            >>> double(11)
            22
            """
            return 2 * x
    ''')
    doc = unit_of(st, "Double x.")
    for needle in (">>> double(11)", "22", '"""\n'):
        rows = [r for r, line in enumerate(st.lines) if line.strip() == needle.strip()]
        assert all(st.unit_of_line[r] == doc for r in rows)
    assert unit_of(st, "return 2 * x") != doc
    assert doc in st.dependents[unit_of(st, "def double")]


def test_multiline_string_assignment_is_one_unit(python):
    st = structure(python, '''
        QUERY = f"""
        SELECT *
        FROM {TABLE}
        """
    ''')
    assert len(set(st.unit_of_line)) == 1


def test_multiline_call_closing_line_goes_with_opening_line(python):
    st = structure(python, """
        result = compute(
            first,
            second,
        )
    """)
    head = unit_of(st, "result = compute(")
    assert st.unit_of_line[3] == head  # the ")" line
    first, second = unit_of(st, "first,"), unit_of(st, "second,")
    assert len({head, first, second}) == 3, "argument lines can be deleted on their own"
    assert {first, second} <= st.dependents[head]


def test_nested_literal_lines_depend_on_their_opening_line(python):
    st = structure(python, """
        CONFIG = {
            "paths": [
                "a",
                "b",
            ],
            "depth": 3,
        }
    """)
    assert lines_deleted_with(st, '"paths": [') == ['"paths": [', "],", '"a",', '"b",']
    assert unit_of(st, '"depth": 3,') not in closure(st, unit_of(st, '"paths": ['))


def test_decorator_goes_with_definition_but_not_the_reverse(python):
    st = structure(python, """
        @cache
        @route(
            "/home",
        )
        def home():
            return 1
    """)
    deleted_with_def = lines_deleted_with(st, "def home")
    assert "@cache" in deleted_with_def and '@route(' in deleted_with_def and "return 1" in deleted_with_def
    assert lines_deleted_with(st, "@cache") == ["@cache"]
    assert lines_deleted_with(st, "@route(") == ["@route(", ")", '"/home",']


def test_multiline_header_is_one_unit(python):
    st = structure(python, """
        def connect(host: str,
                    port: int = 80,
                    *, timeout: float = 1.0) -> None:
            pass
    """)
    assert st.unit_of_line[0] == st.unit_of_line[1] == st.unit_of_line[2]
    assert st.unit_of_line[3] != st.unit_of_line[0]


def test_if_elif_else_clauses_go_with_their_statement(python):
    st = structure(python, """
        if a:
            x = 1
        elif b:
            x = 2
        else:
            x = 3
        done = True
    """)
    assert lines_deleted_with(st, "if a:") == ["if a:", "x = 1", "elif b:", "x = 2", "else:", "x = 3"]
    assert lines_deleted_with(st, "elif b:") == ["elif b:", "x = 2"]
    assert lines_deleted_with(st, "else:") == ["else:", "x = 3"]
    assert lines_deleted_with(st, "done = True") == ["done = True"]


def test_try_clauses_and_the_requirement_for_a_handler(python):
    st = structure(python, """
        try:
            value = load()
        except KeyError:
            value = None
        except OSError as error:
            raise RuntimeError() from error
        else:
            log(value)
        finally:
            close()
    """)
    head = unit_of(st, "try:")
    assert len(lines_deleted_with(st, "try:")) == 10
    assert lines_deleted_with(st, "except KeyError:") == ["except KeyError:", "value = None"]
    handlers = {unit_of(st, "except KeyError:"), unit_of(st, "except OSError"), unit_of(st, "finally:")}
    assert any(req.owner == head and req.members == handlers for req in st.requirements)


def test_bodies_may_not_become_empty(python):
    st = structure(python, """
        def f():
            a = 1
            b = 2
    """)
    head = unit_of(st, "def f")
    body = {unit_of(st, "a = 1"), unit_of(st, "b = 2")}
    assert any(req.owner == head and req.members == body for req in st.requirements)


def test_match_case_arms(python):
    st = structure(python, """
        match command:
            case ["go", direction]:
                move(direction)
            case {"stop": True}:
                stop()
            case _:
                pass
    """)
    assert lines_deleted_with(st, 'case {"stop": True}:') == ['case {"stop": True}:', "stop()"]
    head = unit_of(st, "match command:")
    arms = {unit_of(st, 'case ["go"'), unit_of(st, 'case {"stop"'), unit_of(st, "case _:")}
    assert arms <= st.dependents[head]
    # Deleting every arm (and so every arm's body) leaves an empty match: it must go too.
    arm_lines = set().union(*(closure(st, arm) for arm in arms))
    assert any(req.owner == head and arms <= req.members <= arm_lines for req in st.requirements)


def test_nested_functions_and_classes(python):
    st = structure(python, """
        class Outer:
            class Inner:
                def method(self):
                    def helper():
                        return 1
                    return helper()
            value = 2
    """)
    assert lines_deleted_with(st, "def helper") == ["def helper():", "return 1"]
    assert set(lines_deleted_with(st, "class Inner")) == {
        "class Inner:", "def method(self):", "def helper():", "return 1", "return helper()"
    }
    assert "value = 2" not in lines_deleted_with(st, "class Inner")


def test_backslash_continuation_joins_lines(python):
    st = structure(python, """
        total = first + \\
            second
        other = 1
    """)
    assert st.unit_of_line[0] == st.unit_of_line[1] != st.unit_of_line[2]


def test_comments_and_blank_lines_travel_with_their_code(python):
    st = structure(python, """
        import os


        # Where the cache lives.
        CACHE = os.path.join("a", "b")


        def f():
            x = 1
            # explains the end of f
        y = 2
    """)
    assert st.unit_of_line[1] == st.unit_of_line[2] == st.unit_of_line[3] == unit_of(st, "CACHE =")
    assert unit_of(st, "explains the end") == unit_of(st, "x = 1")
    assert unit_of(st, "import os") != unit_of(st, "CACHE =")


def test_nesting_depth_weights_with_tabs(python):
    source = "def f(x):\n\tif x:\n\t\treturn 1\n\treturn 2\n"
    st = python.structure_of(source)
    weights = {st.lines[rows[0]].strip(): st.depth_weights[u] for u, rows in enumerate(st.unit_lines)}
    assert weights == {"def f(x):": 1, "if x:": 1, "return 1": 2, "return 2": 1}


def test_file_without_final_newline(python):
    st = python.structure_of("x = 1\ny = x")
    assert st.lines == ("x = 1\n", "y = x")


@pytest.mark.parametrize("text,expected", [("", ()), ("a", ("a",)), ("a\n", ("a\n",)), ("a\n\nb", ("a\n", "\n", "b"))])
def test_split_lines(text, expected):
    assert split_lines(text) == expected
    assert "".join(split_lines(text)) == text


def test_a_block_comment_goes_with_the_code_below_it_though_its_inner_lines_are_indented():
    from lintseq_x.plugins.javascript import JAVASCRIPT

    source = "import fs from 'fs';\n\n/**\n * Reads it.\n * @returns {string}\n */\nexport function read() {\n  return fs.readFileSync('x');\n}\n"
    st = JAVASCRIPT.structure_of(source)
    doc_rows = [2, 3, 4, 5]
    assert {st.unit_of_line[row] for row in doc_rows} == {unit_of(st, "export function read")}
    assert unit_of(st, "import fs") != unit_of(st, "export function read")


def test_a_requirement_query_keeps_what_its_owner_needs():
    """Java: a constructor keeps its `super(...)` call; a `while (true)` keeps one `break`."""
    from lintseq_x.plugins.java import JAVA

    source = textwrap.dedent("""
        class A extends B {
            A(int x) {
                super(x);
            }
            int f() {
                while (true) {
                    if (g()) {
                        break;
                    }
                    if (h()) {
                        break;
                    }
                }
                return 1;
            }
        }
        """).lstrip("\n")
    st = JAVA.structure_of(source)
    pairs = {(st.lines[st.unit_lines[r.owner][0]].strip(), tuple(sorted(st.lines[st.unit_lines[m][0]].strip()
             for m in r.members))) for r in st.requirements}
    assert ("A(int x) {", ("super(x);",)) in pairs
    assert ("while (true) {", ("break;", "break;")) in pairs  # pooled: either break will do


# A use_query over Python's grammar: module-level functions, locals assigned in a block, and
# the leaves that can only use them (a call's function, a returned name).
_PYTHON_USES = """
(module (function_definition name: (identifier) @definition))
(block (expression_statement (assignment left: (identifier) @definition.local)))
(call function: (identifier) @use)
(return_statement (identifier) @use)
(argument_list (identifier) @use)
(identifier) @name
"""


def _with_uses(python, source: str):
    import dataclasses

    from lintseq_x.core.algorithm.structure import build_structure

    text = textwrap.dedent(source).lstrip("\n")
    rules = dataclasses.replace(python.structure, use_query=_PYTHON_USES)
    return build_structure(split_lines(text), python.parser.parse(text.encode()), rules)


def test_a_use_query_deletes_the_uses_of_a_deleted_definition(python):
    st = _with_uses(python, """
        def helper():
            return 1

        def main():
            total = helper()
            print(total)
            return total
    """)
    # and what used `total`, in the same step: the uses of a use that defined a name
    assert lines_deleted_with(st, "def helper") == [
        "def helper():", "return 1", "total = helper()", "print(total)", "return total"
    ]
    assert lines_deleted_with(st, "total = helper()") == ["total = helper()", "print(total)", "return total"]


def test_a_use_query_predicts_nothing_where_the_name_is_bound_twice(python):
    st = _with_uses(python, """
        def helper():
            return 1

        def main(helper):
            other = helper()
            return other

        def main2():
            value = value_of()
            value = value + 1
            return value
    """)
    assert lines_deleted_with(st, "def helper") == ["def helper():", "return 1"]  # a parameter too
    assert lines_deleted_with(st, "value = value_of()") == ["value = value_of()"]  # assigned twice


def test_a_local_definition_predicts_only_after_it_in_its_body(python):
    st = _with_uses(python, """
        def first():
            print(count)
            count = 1
            return count

        def second():
            size = size_of(1)
            if size:
                pass
            return size
    """)
    # `count` is used before its assignment: bound outside the body too.
    assert lines_deleted_with(st, "count = 1") == ["count = 1"]
    # `print(size)`-like uses outside `@use` patterns (an `if` condition) leave the name alone.
    assert lines_deleted_with(st, "size = size_of(1)") == ["size = size_of(1)"]
