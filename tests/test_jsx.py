"""JSX (React code in .jsx and .js files): component names are names, for the default checker
and the pip-only fallback alike, and `verify` judges JSX with a parser that reads it
(TypeScript's), not with V8 on raw JSX."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import lintseq_x.core.plugin_system.registry as plugin_registry
from lintseq_x.core.plugin_system.checker_selection import FALLBACK, build_checker
from lintseq_x.core.algorithm.diffs import apply_diffs
from lintseq_x.core.pipeline import RunOptions, process_record
from lintseq_x.core.input.records import InputRecord
from lintseq_x.core.output.verify import verify_record
from lintseq_x.plugins.javascript import JAVASCRIPT
from lintseq_x.plugins.javascript import checker as js_checker

from helpers import line_of

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None, reason="node is not installed: the JavaScript checker and its judge need it"
)

DATA = Path(__file__).parent / "data" / "jsx"
APP = (DATA / "app.jsx").read_text(encoding="utf-8")  # an ES module
LIST = (DATA / "list.js").read_text(encoding="utf-8")  # CommonJS with JSX, in a .js file
BUTTON = APP[APP.index("function Button"):APP.index("function SearchField")]
FORM_IMPORT = 'import * as Form from "./form";\n'


@pytest.fixture(params=["default", FALLBACK])
def bound(request):
    """A checker of each kind, bound to a program by `begin`."""
    checker = build_checker(JAVASCRIPT, request.param)
    yield checker
    helper = getattr(checker, "helper", None)
    if helper is not None:
        helper.close()


def judged(checker, program: str, state: str) -> list[tuple[int, str]]:
    checker.begin(program)
    return [(d.line, d.code) for d in checker.check(state)]


def test_the_programs_are_clean(bound):
    # `<input>` is an intrinsic element though SearchField declares a variable `input`, and
    # `<svg:rect>` an XML name.
    assert judged(bound, APP, APP) == []
    assert judged(bound, LIST, LIST) == []


def test_a_deleted_component_leaves_its_elements_unresolved(bound):
    state = APP.replace(BUTTON, "")
    found = judged(bound, APP, state)
    assert found and {code for _, code in found} <= {"UndefinedName", "UnresolvedName"}
    assert [line for line, _ in found] == [line_of(state, "<Button")]
    item = LIST.replace('const Item = ({ text }) => <li className="item">{text}</li>;\n', "")
    assert [line for line, _ in judged(bound, LIST, item)] == [line_of(item, "<Item")]


def test_a_member_expression_element_uses_its_object(bound):
    state = APP.replace(FORM_IMPORT, "")
    assert [line for line, _ in judged(bound, APP, state)] == [line_of(state, "<Form.Field")]


def test_the_judge_reads_jsx():
    assert js_checker.node_check(APP) is None
    assert js_checker.node_check(LIST) is None  # CommonJS stays CommonJS: no import is added
    assert js_checker.node_check("const el = <div>hi</div>;\nexport default el;\n") is None
    # JSX syntax errors are TypeScript's parser's to find, the rest V8's.
    assert "JSX" in js_checker.node_check("const el = <div>{a b}</div>;\n")
    assert "JSX" in js_checker.node_check("const el = <p>\n")
    assert "already been declared" in js_checker.node_check("let a;\nlet a;\nconst el = <p />;\n")
    assert "already been declared" in js_checker.node_check("let a;\nlet a;\n")


def test_the_judge_and_the_typescript_plugin_pin_one_typescript():
    from lintseq_x.plugins.typescript import checker as ts_checker

    assert js_checker.JUDGE_PACKAGES["typescript"] == ts_checker.TYPESCRIPT_VERSION


def test_node_check_itself_reads_jsx_and_modules():
    tool = js_checker.NODE_CHECK
    assert tool.check(APP) is None and tool.check(LIST) is None
    assert "JSX" in tool.check("const el = <div>{a b}</div>;\n")
    # node 20 passes a `state.js` with module syntax unread; as `state.mjs` it is read.
    assert tool.check('import x from "y";\nlet a;\nlet a;\n') is not None


def rows(program: str, name: str, checker: str, samples: int, seed: int) -> list[dict]:
    record = InputRecord(0, name, "javascript", {"code": program}, "code", None, False, name)
    result = process_record(record, RunOptions(samples=samples, seed=seed, checkers=(("javascript", checker),)))
    assert result.failed is None and result.skipped is None, (name, result.reason)
    return [json.loads(row) for row in result.rows]


@pytest.mark.parametrize("checker", ["default", FALLBACK])
def test_every_state_keeps_the_components_it_uses(checker):
    """Edit paths of both programs: every state is accepted by `verify` (the checker and the
    JSX-reading judge) and by an independent judge of JSX names, the TSX checker
    (typescript-estree and scope-manager) bound to the program."""
    from lintseq_x.plugins.typescript.checker import TsxChecker

    tsx = TsxChecker()
    try:
        for name, program in (("app.jsx", APP), ("list.js", LIST)):
            tsx.begin(program)
            for row in rows(program, name, checker, samples=6, seed=3):
                report = verify_record(row, 0, plugin_registry.registry())
                assert report.violations == [], (name, report.violations[:3])
                for state in apply_diffs(row["edit_path"])[1:]:
                    assert tsx.check(state) == (), (name, state)
    finally:
        tsx.helper.close()


def test_verify_strict_runs_node_check_on_jsx_states():
    for name, program in (("app.jsx", APP), ("list.js", LIST)):
        for row in rows(program, name, "default", samples=2, seed=5):
            report = verify_record(row, 0, plugin_registry.registry(), strict=True)
            assert report.tools == {"node --check": "used"}
            assert report.violations == [], (name, report.violations[:3])
