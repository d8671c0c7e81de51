"""The conformance kit: does a registered language keep lintseq-x's invariants?

It runs a language's sample programs (`Language.corpus`) and edge cases derived from them
through the real pipeline (`process_record`, the local engine) and replays every output record
with `verify_record`, so a plugin is judged by exactly the code that will run its data. It also
probes the checker directly: a syntax error must be fatal, `check` must be deterministic and keep
no state between calls, and its identity must be JSON-serialisable.

Nothing here names a language: edge cases are built from the corpus programs and from what the
grammar says about them (a comment node, a string's content), so they are valid for any plugin.

With `tools=True` the language's real command-line tools (`Language.tools`, the judges of
`lintseq-x verify --strict`) judge every distinct state of the edit paths as well: the checker
is then measured against the compiler, not only against itself.

Use it from the command line (`lintseq-x plugin-check NAME`) or from a plugin's own tests:

    from lintseq_x.core.plugin_system.conformance import assert_conforms

    def test_conforms():
        assert_conforms("lua")
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import registry as plugin_registry
from ..algorithm.checker import Checker, Diagnostic, describe
from .checker_selection import choose_checker
from ..algorithm.diffs import DiffError, apply_diffs
from ..input.extract import NEWLINES, RebuildError, original_bytes
from ..algorithm.language import Language, SourceDecodeError, decode_source_file
from ..engines.local import run_local
from ..pipeline import RecordResult, RunOptions, process_record
from . import guard
from ..input.records import InputRecord
from ..output.verify import verify_record
from ..toolkit.external_tools import ExternalTool

# The checks, in the order the summary lists them.
CHECKS = (
    "checker identity is JSON",
    "checker never raises",
    "syntax error is fatal",
    "check is deterministic",
    "processed",
    "skipped with a reason",
    "every state clean",
    "insertion-only diffs",
    "exact rebuild",
    "same seed, same bytes",
    "counts reconcile",
)
# Only with check_language(tools=True): it is not in CHECKS, whose rows plugin-check prints.
TOOLS_CHECK = "real tools accept every state"

# Many states in, each one's verdict out, as the tool's `check` gives it (None: accepted).
BatchJudge = Callable[[list[str]], list[str | None]]

# Appended to a program until one makes the grammar report a syntax error: unbalanced
# brackets and stray punctuation are errors in every programming language's grammar we know of.
_BREAKERS = ("\n)))\n", "\n(((\n", "\n}}}\n", "\n]]]\n", "\n@@ $$ ``` ))) \n")
_STATE = re.compile(r"^state (\d+) ")
_LONG_LINE = 5000
_NON_ASCII = "é ü ñ 中文 Ωμέγα 🙂"
_EXPECT_ROWS, _EXPECT_SKIP, _EXPECT_EITHER = "rows", "skip", "either"
# A real tool runs in a process of its own per state, mostly waiting on its start: a few at once.
_TOOL_THREADS = 4


class ConformanceError(ValueError):
    """The kit cannot run at all (unknown language, no corpus, no checker); one line."""


@dataclass(frozen=True)
class Failure:
    """One broken invariant: which check, on which program (a corpus file or an edge case),
    in which sample and state (0 = the empty program; None when not about one), and why."""

    check: str
    program: str
    message: str
    sample: int | None = None
    state: int | None = None

    def __str__(self) -> str:
        where = self.program
        if self.sample is not None:
            where += f", sample {self.sample}"
        if self.state is not None:
            where += f", state {self.state}"
        return f"{self.check}: {where}: {self.message}"


@dataclass
class Case:
    """One input program: `name` says where it came from; `expect` is rows, skip or either."""

    name: str
    code: str
    expect: str = _EXPECT_ROWS
    extract: bool = False
    encoding: str = "utf-8"  # how a corpus file's bytes became `code` (its language's decoding)
    sample_program: bool = False  # a corpus file as it is, not an edge case made from one

    @property
    def original(self) -> bytes:
        return self.code.encode(self.encoding)


@dataclass
class ToolVerdicts:
    """How the language's real tools judged the distinct states of the edit paths.

    tools: each tool's name -> "used", or why it was not (not installed, say).
    tolerance: the share of judged states the tools may reject before that is a failure (a
        fallback checker sees less than the compiler by design; the real checker, nothing).
    states, rejected: (tool, state) pairs judged, and those the tool rejected.
    """

    tools: dict[str, str]
    tolerance: float
    states: int = 0
    rejected: int = 0

    @property
    def missing(self) -> dict[str, str]:
        """The tools that could not judge, and why."""
        return {name: said for name, said in self.tools.items() if said != "used"}


@dataclass
class ConformanceReport:
    language: str
    checker: dict[str, Any]
    samples: int
    seed: int
    programs: int = 0
    edge_cases: int = 0
    records: int = 0
    paths: int = 0
    skipped: int = 0
    states: int = 0
    passed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CHECKS, 0))
    failures: list[Failure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # edge cases not generated, and why
    tool_verdicts: ToolVerdicts | None = None  # with check_language(tools=True)

    @property
    def ok(self) -> bool:
        return not self.failures

    def failed(self, check: str) -> int:
        return sum(1 for failure in self.failures if failure.check == check)

    def as_dict(self) -> dict[str, Any]:
        summary = {check: {"passed": self.passed[check], "failed": self.failed(check)} for check in CHECKS}
        data = asdict(self)
        data.update(ok=self.ok, checks=summary)
        data.pop("passed")
        if self.tool_verdicts is None:
            data.pop("tool_verdicts")  # plugin-check's report, as it was before tools could judge
        return data


def check_language(
    name: str,
    samples: int = 2,
    seed: int = 1,
    checker: str | None = None,
    jobs: int = 2,
    corpus: Path | None = None,
    tools: bool = False,
    tool_tolerance: float = 0.0,
    batch_judges: Mapping[str, BatchJudge] | None = None,
) -> ConformanceReport:
    """Run every conformance check on the registered language `name`.

    checker: None or "auto" (the real checker, or the fallback where it is unavailable),
        "default", "fallback", or a checker's name.
    jobs: workers for the second, process-pool run compared with the first, sequential one
        (1 compares two sequential runs).
    corpus: sample programs to use instead of the language's own.
    tools: also have the language's real tools (`Language.tools`) judge every distinct state
        (`report.tool_verdicts`); each sample program must pass them too. An edge case a tool
        rejects as a whole is not judged by it, as `verify --strict` does with such a record.
    tool_tolerance: the share of judged states the tools may reject without a failure.
    batch_judges: by tool name, a faster road to that tool's verdicts on many states at once
        (one javac for all of them, say), used instead of a run of the tool per state.
    Raises ConformanceError when the kit cannot run; broken invariants are in the report.
    """
    found = plugin_registry.registry()
    try:
        language = found.get(name)
    except plugin_registry.UnknownLanguage as error:
        raise ConformanceError(str(error)) from None
    try:
        choice, _ = choose_checker(language, checker)
    except Exception as error:  # noqa: BLE001 - CheckerUnavailable, or a factory that raises
        raise ConformanceError(f"{language.name}: cannot build its checker: {error}") from None
    folder = corpus or language.corpus
    if folder is None:
        raise ConformanceError(f"language {language.name!r} ships no sample programs (Language.corpus); give a corpus")
    files = sorted(path for path in Path(folder).rglob("*") if path.is_file() and path.suffix in language.extensions)
    if not files:
        raise ConformanceError(f"{folder}: no files with the extensions of {language.name} ({' '.join(language.extensions)})")
    judge = guard.checker_for(language, choice)
    report = ConformanceReport(language.name, _identity(judge), samples, seed)
    cases = [_corpus_case(language, folder, path) for path in files]
    report.programs = len(cases)

    broken = _broken_program(language, cases)
    _check_checker(report, judge, cases, broken)
    edge = list(_edge_cases(language, cases, broken, report.notes))
    report.edge_cases = len(edge)
    results = _check_pipeline(report, language, choice, cases + edge, found, jobs)
    if tools:
        report.tool_verdicts = _judge_with_tools(report, language.tools, cases + edge, results, tool_tolerance, batch_judges or {})
    return report


def _corpus_case(language: Language, folder: Path, path: Path) -> Case:
    """A corpus program, read as the pipeline reads a source file: with its language's decoding."""
    name = path.relative_to(folder).as_posix()
    try:
        decoded = decode_source_file(language, path.read_bytes())
    except SourceDecodeError as error:
        raise ConformanceError(f"{path}: {error}") from None
    except OSError as error:
        raise ConformanceError(f"{path}: cannot read: {error.strerror}") from None
    return Case(name, decoded.text, encoding=decoded.encoding, sample_program=True)


def assert_conforms(name: str, plugin: object | None = None, **options: Any) -> ConformanceReport:
    """Fail (AssertionError listing every broken invariant) unless language `name` conforms.

    plugin: a plugin module or object to register in process first, for test sessions that
        keep entry points off; the language may also come from an installed entry point.
    options: passed to `check_language` (samples, seed, checker, jobs, corpus, tools,
        tool_tolerance, batch_judges).
    """
    if plugin is not None and _is_registered(name):
        plugin = None  # installed and loaded through its entry point already
    with registered(plugin):
        report = check_language(name, **options)
    assert report.ok, f"{name} does not conform ({len(report.failures)} failures):\n" + "\n".join(
        f"  {failure}" for failure in report.failures
    )
    return report


def _is_registered(name: str) -> bool:
    try:
        plugin_registry.registry().get(name)
    except plugin_registry.UnknownLanguage:
        return False
    return True


@contextmanager
def registered(plugin: object | None, name: str | None = None) -> Iterator[None]:
    """The process-wide registry extended with `plugin` while the block runs (nothing when None).

    Checkers are cached per language name for the life of a process; the cache of the
    plugin's languages is cleared on both sides so that another registration under the same
    name is never judged by a stale checker.
    """
    if plugin is None:
        yield
        return
    label = name or getattr(plugin, "__name__", type(plugin).__name__)
    previous = plugin_registry._registry
    extended = plugin_registry.build_registry(extra_plugins=((label, plugin),))
    new_names = set(extended.languages) - set(previous.languages if previous else ())
    problems = [str(problem) for problem in extended.problems if problem.plugin == label]
    if problems and not new_names:
        raise ConformanceError("; ".join(problems))
    plugin_registry._registry = extended
    _forget_checkers(new_names)
    try:
        yield
    finally:
        plugin_registry._registry = previous
        _forget_checkers(new_names)


def _forget_checkers(names: set[str]) -> None:
    for key in [key for key in guard._checkers if key[0] in names]:
        del guard._checkers[key]


def _identity(checker: Checker) -> dict[str, Any]:
    try:
        return describe(checker)
    except Exception as error:  # noqa: BLE001 - reported by the identity check
        return {"name": repr(getattr(checker, "name", None)), "error": repr(error)}


# --- the checker itself ------------------------------------------------------------------


def _check_checker(report: ConformanceReport, checker: Checker, cases: list[Case], broken: Case | None) -> None:
    def fail(check: str, program: str, message: str) -> None:
        report.failures.append(Failure(check, program, message))

    try:
        json.dumps(describe(checker))
        if not all(isinstance(getattr(checker, member), str) for member in ("name", "version")):
            raise TypeError("name and version must be strings")
        report.passed["checker identity is JSON"] += 1
    except Exception as error:  # noqa: BLE001
        fail("checker identity is JSON", "(checker)", f"name/version/settings are not JSON-serialisable strings and values: {error}")

    if broken is None:
        report.notes.append("syntax error: no appended token made the grammar report an error, so none was generated")
    else:
        found = _safe_check(report, checker, broken.name, broken.code)
        if found is not None:
            if any(diagnostic.fatal for diagnostic in found):
                report.passed["syntax error is fatal"] += 1
            else:
                listed = "; ".join(f"line {d.line}: {d.message}" for d in found) or "no diagnostics at all"
                fail("syntax error is fatal", broken.name, f"the grammar reports a syntax error but the checker says: {listed}")

    # Interleave programs and a broken one, preparing only once: a checker that keeps state
    # between calls (a cache keyed wrongly, a parser not reset) answers the second time differently.
    probes = cases[:5] + ([broken] if broken else [])
    for case in probes:
        _prepare_safely(report, checker, case)
        first = _safe_check(report, checker, case.name, case.code)
        for other in probes:
            if other is not case:
                _safe_check(report, checker, other.name, other.code)
        second = _safe_check(report, checker, case.name, case.code)
        if first is None or second is None:
            continue
        if tuple(first) == tuple(second):
            report.passed["check is deterministic"] += 1
        else:
            fail("check is deterministic", case.name, f"first check said {_brief(first)}, the same text later {_brief(second)}")


def _prepare_safely(report: ConformanceReport, checker: Checker, case: Case) -> None:
    try:
        checker.begin(case.code.replace("\r\n", "\n"))
    except Exception as error:  # noqa: BLE001
        report.failures.append(Failure("checker never raises", case.name, f"begin() raised {error!r}"))


def _safe_check(report: ConformanceReport, checker: Checker, name: str, code: str) -> Sequence[Diagnostic] | None:
    try:
        found = checker.check(code)
    except Exception as error:  # noqa: BLE001
        report.failures.append(Failure("checker never raises", name, f"check() raised {error!r}"))
        return None
    report.passed["checker never raises"] += 1
    return found


def _brief(found: Sequence[Diagnostic]) -> str:
    return "; ".join(f"line {d.line}: {d.code}: {d.message}" for d in found[:3]) or "clean"


# --- edge cases ---------------------------------------------------------------------------


def _broken_program(language: Language, cases: list[Case]) -> Case | None:
    """The first corpus program with a breaker appended that the grammar rejects."""
    for case in cases[:3]:
        for breaker in _BREAKERS:
            code = case.code.rstrip("\n") + breaker
            if language.parser.parse(code.encode("utf-8")).root_node.has_error:
                return Case(f"syntax-error({case.name})", code, _EXPECT_SKIP)
    return None


def _nodes(language: Language, code: str, accept: Callable[[Any], bool]) -> Iterator[Any]:
    stack = [language.parser.parse(code.encode("utf-8")).root_node]
    while stack:
        node = stack.pop()
        if accept(node):
            yield node
        stack.extend(reversed(node.children))


def _edge_cases(language: Language, cases: list[Case], broken: Case | None, notes: list[str]) -> Iterator[Case]:
    """Variants of the corpus programs that real datasets hold, each named after its origin."""
    base = min(cases, key=lambda case: (len(case.code), case.name))
    other = max(cases, key=lambda case: (len(case.code), case.name))
    code, name = base.code, base.name
    yield Case(f"crlf({name})", code.replace("\r\n", "\n").replace("\n", "\r\n"))
    yield Case(f"no-final-newline({name})", code.rstrip("\r\n"))
    yield Case(f"byte-order-mark({name})", "\ufeff" + code)
    yield Case(f"fenced-in-jsonl({name})", f"Here is the program:\n\n```{language.fences[0]}\n{code}```\n\nDone.", extract=True)
    yield Case(f"duplicate-1({name})", code)
    yield Case(f"duplicate-2({name})", code)
    yield Case("empty", "", _EXPECT_SKIP)
    yield Case("whitespace-only", "  \n\t\n\n", _EXPECT_SKIP)
    if broken is not None:
        yield broken
    # These change bytes the language may care about (indentation, a line-continuation
    # backslash followed by a space), so a skip with a reason is as good as rows.
    yield Case(f"tabs({other.name})", _tabs(other.code), _EXPECT_EITHER)
    yield Case(f"trailing-whitespace({other.name})", "".join(line.rstrip("\n") + "  \t\n" for line in other.code.splitlines()), _EXPECT_EITHER)

    comment = _line_comment(language, cases)
    if comment is None:
        notes.append("comment-only, long-line and non-ASCII comment: the corpus has no one-line comment to build them from")
    else:
        yield Case(f"comment-only({comment[1]})", comment[0] + "\n", _EXPECT_EITHER)
        long_comment = comment[0][:3] + "x" * _LONG_LINE + comment[0][3:]
        yield Case(f"very-long-line({name})", long_comment + "\n" + code, _EXPECT_EITHER)
        yield Case(f"non-ascii-comment({name})", comment[0][:3] + _NON_ASCII + comment[0][3:] + "\n" + code, _EXPECT_EITHER)
    strings = _non_ascii_strings(language, cases)
    if strings is None:
        notes.append("non-ASCII string: no string_content/string_fragment node in the corpus")
    else:
        yield Case(f"non-ascii-string({strings[1]})", strings[0], _EXPECT_EITHER)


def _tabs(code: str) -> str:
    """Leading spaces as tabs, one per indentation step (the smallest indentation in use)."""
    widths = [len(line) - len(line.lstrip(" ")) for line in code.splitlines() if line.strip()]
    step = min((width for width in widths if width), default=0)
    if not step:
        return code
    out = []
    for line in code.splitlines(keepends=True):
        width = len(line) - len(line.lstrip(" "))
        out.append("\t" * (width // step) + " " * (width % step) + line[width:])
    return "".join(out)


def _line_comment(language: Language, cases: list[Case]) -> tuple[str, str] | None:
    """A comment that fills one line by itself, and the program it came from."""
    for case in cases:
        lines = case.code.splitlines()
        for node in _nodes(language, case.code, lambda node: node.type in language.structure.comment_types):
            text = node.text.decode("utf-8")
            row = node.start_point.row
            if "\n" not in text and len(text) >= 3 and lines[row].strip() == text:
                return text, case.name
    return None


def _non_ascii_strings(language: Language, cases: list[Case]) -> tuple[str, str] | None:
    """A corpus program with non-ASCII text put at the start of its first string's content."""
    for case in cases:
        data = case.code.encode("utf-8")
        for node in _nodes(language, case.code, lambda node: node.type in ("string_content", "string_fragment")):
            at = node.start_byte
            return (data[:at] + _NON_ASCII.encode("utf-8") + data[at:]).decode("utf-8"), case.name
    return None


# --- the pipeline and verify -------------------------------------------------------------


def _records(language: Language, cases: list[Case]) -> list[InputRecord]:
    return [
        InputRecord(
            index=index,
            source_file=case.name,
            language=language.name,
            fields={"response": case.code},
            code_field="response",
            prompt_field=None,
            extract=case.extract,
            location=case.name,
            encoding=case.encoding,
        )
        for index, case in enumerate(cases)
    ]


def _check_pipeline(
    report: ConformanceReport,
    language: Language,
    choice: str,
    cases: list[Case],
    registry: plugin_registry.Registry,
    jobs: int,
) -> list[RecordResult]:
    """Run the cases through the pipeline twice, check every outcome and row, and return the
    first run's results."""
    options = RunOptions(report.samples, report.seed, checkers=((language.name, choice),))
    records = _records(language, cases)
    first = [process_record(record, options) for record in records]
    second: list[RecordResult] = []
    run_local(iter(records), options, max(jobs, 1), second.append)

    report.records = len(records)
    for case, record, result in zip(cases, records, first):
        report.paths += len(result.rows)
        report.skipped += result.skipped is not None
        _check_outcome(report, case, result)
        for sample, row in enumerate(result.rows):
            _check_row(report, case, sample, json.loads(row), registry)

    engine = f"a {jobs}-worker process pool" if jobs > 1 else "a second sequential run"
    if len(second) != len(first) or [r.index for r in second] != [r.index for r in first]:
        report.failures.append(Failure("counts reconcile", "(all)", f"{len(records)} records in, {len(second)} results from {engine}"))
    else:
        report.passed["counts reconcile"] += 1
    for case, a, b in zip(cases, first, second):
        if (a.rows, a.skipped, a.failed) == (b.rows, b.skipped, b.failed):
            report.passed["same seed, same bytes"] += 1
            continue
        sample = next((n for n, (x, y) in enumerate(zip(a.rows, b.rows)) if x != y), None)
        report.failures.append(
            Failure("same seed, same bytes", case.name, f"the sequential run and {engine} differ", sample=sample)
        )
    return first


def _check_outcome(report: ConformanceReport, case: Case, result: RecordResult) -> None:
    outcome = "rows" if result.rows else ("skipped" if result.skipped else "failed")
    if result.failed is not None:
        report.failures.append(Failure("processed", case.name, f"the record failed: {result.reason}"))
        return
    if result.rows and len(result.rows) != report.samples:
        report.failures.append(Failure("counts reconcile", case.name, f"{len(result.rows)} rows for {report.samples} samples"))
        return
    if result.skipped is not None:
        side = json.loads(result.skipped)
        if not result.reason or not side.get("reason"):
            report.failures.append(Failure("skipped with a reason", case.name, "skipped without a reason"))
        else:
            report.passed["skipped with a reason"] += 1
    if case.expect == _EXPECT_ROWS and outcome != "rows":
        report.failures.append(Failure("processed", case.name, f"expected edit paths, but it was {outcome}: {result.reason}"))
    elif case.expect == _EXPECT_SKIP and outcome != "skipped":
        report.failures.append(Failure("processed", case.name, f"expected to be skipped with a reason, but it was {outcome}"))
    else:
        report.passed["processed"] += 1


def _check_row(report: ConformanceReport, case: Case, sample: int, row: dict[str, Any], registry: plugin_registry.Registry) -> None:
    verdict = verify_record(row, 0, registry)
    report.states += verdict.states
    found = {"every state clean": 0, "insertion-only diffs": 0, "exact rebuild": 0}
    for violation in verdict.violations:
        state = _STATE.match(violation)
        if state:
            check = "every state clean"
        elif "rebuild" in violation or "no source_" in violation:
            check = "exact rebuild"
        else:
            check = "insertion-only diffs"
        found[check] += 1
        report.failures.append(
            Failure(check, case.name, violation, sample=row.get("sample", sample), state=int(state.group(1)) if state else None)
        )
    problem = _byte_exact(row, case)
    if problem:
        found["exact rebuild"] += 1
        report.failures.append(Failure("exact rebuild", case.name, problem, sample=row.get("sample", sample)))
    for check, count in found.items():
        report.passed[check] += count == 0


def _byte_exact(row: dict[str, Any], case: Case) -> str | None:
    """The recorded newline style, byte-order mark and encoding must turn the rebuilt program
    back into the original bytes (for a code field that was not extracted from fences)."""
    if row.get("code_extraction") != "none" or row.get("newline") not in NEWLINES:
        return None
    try:
        rebuilt = apply_diffs(row["edit_path"])[-1] if row["edit_path"] else ""
    except DiffError:
        return None  # verify already reports diffs that do not apply
    recorded = (
        f"the diffs with newline {row.get('newline')!r}, byte_order_mark {row.get('byte_order_mark')} "
        f"and encoding {row.get('encoding')!r}"
    )
    try:
        data = original_bytes(rebuilt, row["newline"], bool(row.get("byte_order_mark")), str(row.get("encoding")))
    except RebuildError as error:
        return f"{recorded} cannot give back the original bytes: {error}"
    if data != case.original:
        return f"{recorded} do not give back the original bytes"
    return None


# --- the real tools ------------------------------------------------------------------------


def _judge_with_tools(
    report: ConformanceReport,
    tools: Sequence[ExternalTool],
    cases: list[Case],
    results: list[RecordResult],
    tolerance: float,
    batch_judges: Mapping[str, BatchJudge],
) -> ToolVerdicts:
    """Every distinct state of every edit path, judged by each tool that can run here, set as
    the checker that made the paths was (`for_checker`, as `verify --strict` does)."""
    settings = report.checker.get("settings")
    tools = [tool.for_checker(settings if isinstance(settings, dict) else {}) for tool in tools]
    verdicts = ToolVerdicts({tool.name: "used" for tool in tools}, tolerance)
    usable: list[ExternalTool] = []
    for tool in tools:
        missing = tool.available()
        if missing is None:
            usable.append(tool)
        else:
            verdicts.tools[tool.name] = f"not available: {missing}"

    # Each (tool, source) pair is judged once, and named where it first appears: the program a
    # path ends in, and every state before it. A tool is named by its position, as it need not
    # be hashable.
    programs: dict[tuple[int, str], Case] = {}
    states: dict[tuple[int, str], tuple[Case, int, int, str]] = {}
    for case, result in zip(cases, results):
        for sample, path in _paths_of(result):
            for tool in range(len(usable)):
                programs.setdefault((tool, path[-1]), case)
                for number, state in enumerate(path[1:-1], start=1):
                    states.setdefault((tool, state), (case, sample, number, path[-1]))
    said = _judge(usable, batch_judges, list(programs.keys() | states.keys()))

    for pair, case in programs.items():
        if said[pair] is not None and case.sample_program:
            report.failures.append(Failure(TOOLS_CHECK, case.name, f"it rejects the sample program itself: {said[pair]}"))
    # The states of an edge case the tool rejects as a whole are not its to judge (as in
    # `verify --strict`): they may keep what it rejects.
    judged = {pair: where for pair, where in states.items() if said[(pair[0], where[3])] is None}
    rejections = [
        Failure(TOOLS_CHECK, case.name, str(said[pair]), sample=sample, state=number)
        for pair, (case, sample, number, _) in judged.items()
        if said[pair] is not None
    ]
    verdicts.states = len(judged) + sum(said[pair] is None for pair in programs)
    verdicts.rejected = len(rejections)
    if verdicts.rejected > tolerance * verdicts.states:
        report.failures.extend(rejections)
    return verdicts


def _judge(
    tools: list[ExternalTool], batch_judges: Mapping[str, BatchJudge], pairs: list[tuple[int, str]]
) -> dict[tuple[int, str], str | None]:
    """What each (tool position, source) pair's tool says of its source: through the tool's
    batch judge where one is given, else a run of the tool per source, a few at once."""
    said: dict[tuple[int, str], str | None] = {}
    with ThreadPoolExecutor(_TOOL_THREADS) as pool:
        for number, tool in enumerate(tools):
            sources = [source for position, source in pairs if position == number]
            batch = batch_judges.get(tool.name)
            found = batch(sources) if batch is not None and sources else list(pool.map(tool.check, sources))
            said.update(zip(((number, source) for source in sources), found))
    return said


def _paths_of(result: RecordResult) -> Iterator[tuple[int, list[str]]]:
    """(sample, every state from the empty program on) for each row whose diffs apply."""
    for sample, line in enumerate(result.rows):
        row = json.loads(line)
        try:
            states = apply_diffs(row["edit_path"])
        except DiffError:
            continue  # "insertion-only diffs" names it
        if len(states) > 1:
            yield row.get("sample", sample), states


__all__ = ["CHECKS", "ConformanceError", "ConformanceReport", "Failure", "TOOLS_CHECK", "ToolVerdicts", "BatchJudge", "assert_conforms", "check_language", "registered"]
