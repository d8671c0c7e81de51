"""Checking output records independently of the sampler.

Every record is replayed from its diffs alone: each diff must only insert, each state must be
clean under the language's checker (and its independent checks), and the last state must be
exactly the program in the record's code field.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..algorithm.checker import CheckerUnavailable, describe
from ..plugin_system.checker_selection import choice_for_record
from ..algorithm.diffs import DiffError, Hunk, apply_diff, apply_diffs, parse_diff
from ..toolkit.external_tools import ExternalTool
from ..input.extract import rebuild_problem
from ..algorithm.language import Language
from ..pipeline import program_of
from ..plugin_system.guard import CheckerFault, checker_for
from ..plugin_system.registry import Registry, UnknownLanguage
from ..input.records import JsonlRow, carried_name


@dataclass
class RecordReport:
    """The violations found in one record, each naming the state (0 = empty program).

    `checker_mismatch` names the checker that produced the record when it is not the one
    judging it now: a different version may legitimately disagree.
    """

    number: int  # 0-based row in the output file
    index: Any
    sample: Any
    states: int = 0
    violations: list[str] = field(default_factory=list)
    checker_mismatch: str | None = None
    tools: dict[str, str] = field(default_factory=dict)  # tool name -> "used" or why not


def verify_record(row: dict[str, Any], number: int, registry: Registry, strict: bool = False) -> RecordReport:
    """Replay one output record and check every invariant; with `strict`, also run the
    language's real command-line tools on every state."""
    report = RecordReport(number, row.get("index"), row.get("sample"))
    diffs = row.get("edit_path")
    if not isinstance(diffs, list) or not all(isinstance(d, str) for d in diffs):
        report.violations.append("edit_path is not a list of diff strings")
        return report
    try:
        language = registry.get(str(row.get("language", "")))
    except UnknownLanguage as error:
        report.violations.append(str(error))
        return report
    produced_by = row.get("checker")
    try:
        checker = checker_for(language, choice_for_record(language, produced_by, registry.extra_checkers(language.name)))
    except (CheckerUnavailable, CheckerFault) as error:
        report.violations.append(f"cannot judge this record: {error}")
        return report
    code_field = row.get("code_field")
    code_key = carried_name(code_field) if isinstance(code_field, str) else None
    code = row.get(code_key) if code_key else None
    expected = None
    if isinstance(code, str):
        expected, _, _ = program_of(code, row.get("code_extraction") == "markdown-fences", language)
    checker.begin(expected if expected is not None else _final_state(diffs))
    recorded = produced_by.get("settings") if isinstance(produced_by, dict) else None
    recorded = recorded if isinstance(recorded, dict) else {}
    judge = describe(checker)
    if isinstance(produced_by, dict) and produced_by != judge:
        report.checker_mismatch = (
            f"records made with {produced_by.get('name')} ({produced_by.get('version')}) are judged by "
            f"the installed {checker.name} ({checker.version})"
        )
        changed = sorted(key for key in {*recorded, *judge["settings"]} if recorded.get(key) != judge["settings"].get(key))
        if changed and (produced_by.get("name"), produced_by.get("version")) == (checker.name, checker.version):
            report.checker_mismatch += f" set differently ({', '.join(changed)})"
    tolerated = frozenset(filter(None, str(row.get("tolerated_errors") or "").split("\n")))

    tools = _strict_tools(language, expected, report, recorded) if strict else []
    lines: list[str] = []
    for number_of_edit, diff in enumerate(diffs, start=1):
        where = f"edit {number_of_edit}/{len(diffs)}"
        try:
            hunks = parse_diff(diff)
            if not hunks:
                report.violations.append(f"{where}: inserts nothing (no hunk)")
            for hunk in hunks:
                if not hunk.is_insertion:
                    report.violations.append(f"{where}: hunk {_header(hunk)} deletes or changes lines")
                elif not hunk.lines:
                    report.violations.append(f"{where}: hunk {_header(hunk)} inserts nothing (it holds no line)")
            lines = apply_diff(lines, diff)
        except DiffError as error:
            report.violations.append(f"{where}: does not apply: {error}")
            return report
        state = "".join(lines)
        report.states += 1
        for diagnostic in checker.check(state):
            if diagnostic.key not in tolerated:
                report.violations.append(
                    f"state {number_of_edit} (after {where}): line {diagnostic.line}: {diagnostic.message}"
                )
        for independent in language.independent_checks:
            problem = independent(state)
            if problem:
                report.violations.append(f"state {number_of_edit} (after {where}): {problem}")
        for tool in tools:
            problem = tool.check(state)
            if problem:
                report.violations.append(f"state {number_of_edit} (after {where}): {problem}")

    if expected is not None:
        rebuilt = "".join(lines)
        if rebuilt != expected:
            report.violations.append(f"the diffs do not rebuild the program: {_first_difference(rebuilt, expected)}")
        elif isinstance(code, str) and (problem := rebuild_problem(row, rebuilt, code)):
            report.violations.append(problem)
    else:
        missing = f"no {code_key} field" if code_key else "no code_field naming the program's field"
        report.violations.append(f"{missing} to compare the rebuilt program with")
    return report


def _strict_tools(
    language: Language, program: str | None, report: RecordReport, settings: dict[str, Any]
) -> list[ExternalTool]:
    """The real tools that can judge this record's states, set as the checker that made it was
    (`settings`). A tool that rejects the program itself (a header or sibling module it cannot
    see) cannot judge its states, and says so."""
    usable = []
    for tool in (tool.for_checker(settings) for tool in language.tools):
        missing = tool.available()
        if missing is not None:
            report.tools[tool.name] = f"not available: {missing}"
        elif program is not None and tool.check(program) is not None:
            report.tools[tool.name] = "not used: it rejects the original program too"
        else:
            report.tools[tool.name] = "used"
            usable.append(tool)
    return usable


def _final_state(diffs: list[str]) -> str:
    try:
        return apply_diffs(diffs)[-1]
    except DiffError:
        return ""


def _header(hunk: Hunk) -> str:
    return f"@@ -{hunk.old_start},{hunk.old_count} +{hunk.new_start},{hunk.new_count} @@"


def _first_difference(rebuilt: str, expected: str) -> str:
    """Where the rebuilt program first departs from the record's program, in words: a missing
    or extra final newline is said as such, not as a count of split pieces."""
    if rebuilt + "\n" == expected:
        return "the rebuilt program lacks the program's final newline (every line is otherwise the same)"
    if rebuilt == expected + "\n":
        return "the rebuilt program ends with a newline the program does not have (every line is otherwise the same)"
    got, want = rebuilt.splitlines(keepends=True), expected.splitlines(keepends=True)
    for line, (a, b) in enumerate(zip(got, want), start=1):
        if a != b:
            return f"line {line} is {a!r}, expected {b!r}"
    if len(got) < len(want):
        return (
            f"the rebuilt program has {_lines(len(got))} and stops there; the program has {len(want)} "
            f"(line {len(got) + 1} is {want[len(got)]!r})"
        )
    return (
        f"the rebuilt program has {_lines(len(got))}, the program {len(want)} "
        f"(extra line {len(want) + 1} is {got[len(want)]!r})"
    )


def _lines(count: int) -> str:
    return f"{count} line" if count == 1 else f"{count} lines"


def verify_rows(rows: Iterator[JsonlRow], registry: Registry, strict: bool = False) -> Iterator[RecordReport]:
    """A report for each row of an output file, as `records.iter_jsonl` reads them."""
    for number, row in enumerate(rows):
        if row.value is None:
            yield RecordReport(number, None, None, violations=[f"line {row.line_number}: {row.problem}"])
        else:
            yield verify_record(row.value, number, registry, strict)
