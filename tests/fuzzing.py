"""Fuzzing helpers shared by tests/test_fuzz.py and benchmarks/fuzz_campaign.py.

Mutations turn a real program (from a language's built-in corpus) into the kind of text a
dataset holds: lines lost, doubled or swapped, stray tokens and brackets, other indentation,
CRLF and tabs, non-ASCII identifiers and characters, a cut-off end. Each mutation is a pure
function of the text and a random generator, so a case is reproducible from its seed.

`run_case` is the property every case must satisfy: the per-record work never raises, the
record has exactly one outcome (output rows, skipped or failed, with a reason), it never fails
in process (only the engine's time budget may fail a record), and every output row passes
`verify`.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lintseq_x.core.algorithm.language import Language
from lintseq_x.core.pipeline import RecordResult, RunOptions, process_record
from lintseq_x.core.plugin_system.registry import registry
from lintseq_x.core.input.records import InputRecord
from lintseq_x.core.algorithm.sampler import SamplerSettings
from lintseq_x.core.output.verify import verify_record

Mutation = Callable[[str, random.Random], str]

# Tokens that open, close or end things in one of the languages, and a few that mean something
# only in others: what a stray edit or a bad merge leaves behind.
STRAY_TOKENS = (
    "(", ")", "[", "]", "{", "}", "<", ">", ";", ",", ":", "::", "=>", "->", ".", "=", "==", "\\",
    '"', "'", "`", '"""', "/*", "*/", "//", "#", "@", "$", "?", "!", "&", "*", "|", "%",
    "return", "break", "continue", "else", "def", "fn", "func", "class", "let", "const", "var",
    "import", "#include <stdio.h>", "package main", "pub", "static", "async", "await", "yield",
    "lambda", "goto", "try", "except", "finally", "x", "_", "0", "1.5e", "0x", "\t", "\x00",
)
# Identifiers in scripts other than Latin, with combining marks, and look-alikes of ASCII.
UNICODE_NAMES = ("ñandú", "αβγ", "переменная", "变量", "café", "x\u0301", "ｆｕｌｌ", "ǅemo", "μ_2", "ℌ", "ⅸ")
# Characters that trip lexers: zero-width, direction overrides, BOM, non-breaking spaces,
# line and paragraph separators, astral-plane symbols.
ODD_CHARACTERS = ("\u200b", "\u200d", "\u202e", "\ufeff", "\u00a0", "\u2028", "\u2029", "\u0085", "\x0c", "\x0b", "😀", "\U0001d400", "\r")
_WORD = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")


def _lines(text: str) -> list[str]:
    return text.split("\n")


def delete_lines(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    start = rng.randrange(len(lines))
    del lines[start:start + rng.choice((1, 1, 2, 5))]
    return "\n".join(lines)


def duplicate_line(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    row = rng.randrange(len(lines))
    lines.insert(rng.randrange(len(lines) + 1), lines[row])
    return "\n".join(lines)


def swap_lines(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return "\n".join(lines)


def insert_token(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text) + 1)
    token = rng.choice(STRAY_TOKENS)
    return text[:at] + rng.choice(("", " ")) + token + rng.choice(("", " ", "\n")) + text[at:]


def insert_brackets(text: str, rng: random.Random) -> str:
    """Open some brackets at one place and close them at a later one (or never)."""
    opening = "".join(rng.choice("([{") for _ in range(rng.randint(1, 6)))
    closing = "".join({"(": ")", "[": "]", "{": "}"}[c] for c in reversed(opening))
    a = rng.randrange(len(text) + 1)
    b = rng.randrange(a, len(text) + 1)
    if rng.random() < 0.3:
        closing = ""
    return text[:a] + opening + text[a:b] + closing + text[b:]


def reindent(text: str, rng: random.Random) -> str:
    """Shift a run of lines in or out, or give them another indentation unit."""
    lines = _lines(text)
    start = rng.randrange(len(lines))
    end = min(len(lines), start + rng.randint(1, 12))
    how = rng.choice(("in", "out", "two", "mixed"))
    for row in range(start, end):
        line = lines[row]
        body = line.lstrip(" \t")
        indent = line[: len(line) - len(body)]
        if how == "in":
            lines[row] = rng.choice(("    ", "  ", "\t", " ")) + line
        elif how == "out":
            lines[row] = indent[rng.randint(1, 4):] + body if indent else line
        elif how == "two":
            lines[row] = indent.replace("    ", "  ").replace("\t", "  ") + body
        else:
            lines[row] = indent.replace("    ", "\t", 1) + body
    return "\n".join(lines)


def crlf(text: str, rng: random.Random) -> str:
    """CRLF everywhere, on one line only, or old Mac CR line ends."""
    how = rng.choice(("all", "one", "cr"))
    if how == "all":
        return text.replace("\n", "\r\n")
    if how == "cr":
        return text.replace("\n", "\r")
    lines = _lines(text)
    row = rng.randrange(len(lines))
    lines[row] += "\r"
    return "\n".join(lines)


def tabs(text: str, rng: random.Random) -> str:
    width = rng.choice((2, 4, 8))
    return "\n".join(
        "\t" * ((len(line) - len(line.lstrip(" "))) // width) + line.lstrip(" ") for line in _lines(text)
    )


def unicode_identifier(text: str, rng: random.Random) -> str:
    """Rename a word everywhere (a consistent rename keeps the program valid when the word is
    the program's own name) or at one place only."""
    words = sorted(set(_WORD.findall(text)))
    if not words:
        return text + rng.choice(UNICODE_NAMES)
    word = rng.choice(words)
    name = rng.choice(UNICODE_NAMES)
    if rng.random() < 0.7:
        return re.sub(rf"\b{re.escape(word)}\b", name, text)
    spots = [match.start() for match in re.finditer(rf"\b{re.escape(word)}\b", text)]
    at = rng.choice(spots)
    return text[:at] + name + text[at + len(word):]


def odd_character(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + rng.choice(ODD_CHARACTERS) + text[at:]


def truncate(text: str, rng: random.Random) -> str:
    return text[: rng.randrange(len(text) + 1)]


def blank_and_trailing(text: str, rng: random.Random) -> str:
    """Blank lines, whitespace-only lines and trailing spaces: no change in meaning."""
    lines = _lines(text)
    for _ in range(rng.randint(1, 5)):
        row = rng.randrange(len(lines) + 1)
        lines.insert(row, rng.choice(("", "   ", "\t", "  \t ")))
    row = rng.randrange(len(lines))
    lines[row] += rng.choice((" ", "\t", "   "))
    text = "\n".join(lines)
    return text.rstrip("\n") if rng.random() < 0.5 else text + "\n\n"


def long_line(text: str, rng: random.Random) -> str:
    """Join a run of lines into one (as a minifier would), or repeat one line many times."""
    lines = _lines(text)
    start = rng.randrange(len(lines))
    if rng.random() < 0.5:
        end = min(len(lines), start + rng.randint(2, 20))
        lines[start:end] = [" ".join(line.strip() for line in lines[start:end])]
    else:
        lines[start:start] = [lines[start]] * rng.randint(20, 200)
    return "\n".join(lines)


MUTATIONS: dict[str, Mutation] = {
    "delete_lines": delete_lines,
    "duplicate_line": duplicate_line,
    "swap_lines": swap_lines,
    "insert_token": insert_token,
    "insert_brackets": insert_brackets,
    "reindent": reindent,
    "crlf": crlf,
    "tabs": tabs,
    "unicode_identifier": unicode_identifier,
    "odd_character": odd_character,
    "truncate": truncate,
    "blank_and_trailing": blank_and_trailing,
    "long_line": long_line,
}
# Mutations that leave most programs valid, so that many cases are sampled and verified.
MEANING_KEEPING = ("crlf", "tabs", "blank_and_trailing", "unicode_identifier", "reindent")


def mutate(program: str, rng: random.Random, names: list[str]) -> str:
    for name in names:
        program = MUTATIONS[name](program, rng)
    return program


def choose_mutations(rng: random.Random) -> list[str]:
    """One to three mutations; half the time only meaning-keeping ones."""
    pool = MEANING_KEEPING if rng.random() < 0.5 else tuple(MUTATIONS)
    return [rng.choice(pool) for _ in range(rng.choice((1, 1, 2, 3)))]


def corpus(language: Language) -> list[Path]:
    return sorted(path for path in Path(language.corpus).iterdir() if path.suffix in language.extensions)


@dataclass
class Case:
    """One fuzz case: a mutated corpus program and how to run it."""

    language: str
    checker: str  # "default" or "fallback"
    source: str  # the corpus file it came from
    mutations: list[str]
    program: str
    seed: int
    tolerate: bool = False
    max_rounds: int = 512
    index: int = 0  # the record's index: with the seed, it fixes the random stream

    def record(self) -> InputRecord:
        return InputRecord(
            self.index, self.source, self.language, {"code": self.program}, "code", None, False,
            f"{self.source} (fuzz case {self.index})",
        )

    def options(self) -> RunOptions:
        return RunOptions(
            samples=1, seed=self.seed, sampler=SamplerSettings(max_rounds=self.max_rounds),
            tolerate_original_errors=self.tolerate, checkers=((self.language, self.checker),),
        )

    def describe(self) -> dict[str, object]:
        return {
            "language": self.language, "checker": self.checker, "source": self.source, "mutations": self.mutations,
            "seed": self.seed, "tolerate_original_errors": self.tolerate, "max_rounds": self.max_rounds,
            "index": self.index, "program": self.program,
        }


def make_case(language: Language, checker: str, rng: random.Random) -> Case:
    """A case from a random corpus program, with random mutations, seed and tolerance."""
    path = rng.choice(corpus(language))
    names = choose_mutations(rng)
    program = mutate(path.read_text(encoding="utf-8"), rng, names)
    return Case(language.name, checker, path.name, names, program, rng.randrange(2**32), rng.random() < 0.3)


@dataclass
class CaseReport:
    outcome: str  # output, skipped or failed
    reason: str | None
    problems: list[str] = field(default_factory=list)  # violations of the property


def judge(result: RecordResult, allow_time_budget: bool = False) -> CaseReport:
    """Check one record's result against the property; verifies every output row."""
    present = [name for name, value in (("output", result.rows), ("skipped", result.skipped), ("failed", result.failed)) if value]
    problems = []
    if len(present) != 1:
        problems.append(f"record has {len(present)} outcomes: {present}")
    outcome = present[0] if present else "none"
    if result.failed and not (allow_time_budget and (result.reason or "").startswith("time budget exceeded")):
        problems.append(f"failed: {result.reason}")
    if (result.skipped or result.failed) and not result.reason:
        problems.append("skipped or failed without a reason")
    for number, row in enumerate(result.rows):
        report = verify_record(json.loads(row), number, registry())
        problems.extend(f"verify: {violation}" for violation in report.violations)
    return CaseReport(outcome, result.reason, problems)


def run_case(case: Case) -> CaseReport:
    """The per-record work, in this process, then the property (see the module docstring)."""
    try:
        result = process_record(case.record(), case.options())
    except Exception as error:  # noqa: BLE001 - process_record must never raise; say what it raised
        return CaseReport("raised", None, [f"process_record raised {type(error).__name__}: {error}"])
    return judge(result)
