"""The samples of one program share the checker's verdicts: fewer calls, the same paths."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from lintseq_x.core.algorithm.sampler import CheckMemo, sample_edit_path
from lintseq_x.plugins.python import PYTHON
from lintseq_x.plugins.python.checker import PythonChecker

PROGRAM = (Path(PYTHON.corpus) / "expression_parser.py").read_text()


class CountingChecker(PythonChecker):
    """The Python checker, counting how often it judges each text."""

    def __init__(self) -> None:
        self.judged: Counter[str] = Counter()

    def check(self, source):
        self.judged[source] += 1
        return super().check(source)


def test_shared_memo_gives_the_same_paths_with_each_state_judged_once():
    structure = PYTHON.structure_of(PROGRAM)
    alone = CountingChecker()
    separate = [sample_edit_path(structure, alone, random.Random(seed)) for seed in range(6)]
    shared_checker = CountingChecker()
    memo = CheckMemo()
    shared = [sample_edit_path(structure, shared_checker, random.Random(seed), memo=memo) for seed in range(6)]

    assert [path.states for path in shared] == [path.states for path in separate]
    assert set(shared_checker.judged.values()) == {1}  # no text judged twice
    assert set(shared_checker.judged) == set(alone.judged)
    assert sum(path.checks for path in shared) == memo.calls == len(shared_checker.judged)
    assert memo.calls < sum(alone.judged.values())  # the samples do revisit states


def test_memo_answers_are_the_checkers():
    checker = PythonChecker()
    memo = CheckMemo()
    for source in ("x = 1\n", "print(missing)\n", "def f(:\n", "print(missing)\n"):
        assert memo.check(checker, source) == tuple(checker.check(source))
    assert memo.calls == 3
