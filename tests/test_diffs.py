"""Diffs are written from known insertions and rebuild programs exactly."""

from __future__ import annotations

import pytest

from lintseq_x.core.algorithm.diffs import NO_NEWLINE, DiffError, apply_diff, apply_diffs, parse_diff, write_diff


def test_insertion_hunks_and_positions():
    text = ["a\n", "b\n", "c\n", "d\n", "e\n"]
    diff = write_diff([1, 3], [0, 1, 2, 3, 4], text)
    assert diff == "@@ -0,0 +1,1 @@\n+a\n@@ -1,0 +3,1 @@\n+c\n@@ -2,0 +5,1 @@\n+e"
    assert apply_diff(["b\n", "d\n"], diff) == text


def test_repeated_lines_never_become_deletions():
    # An aligner may match the old "x = 1" against the first copy and emit -/+ pairs;
    # the known insertion says exactly which copy is new.
    text = ["x = 1\n", "y = x\n", "x = 1\n", "y = x\n"]
    for old in ([0], [1], [2], [3], [0, 1], [2, 3], [1, 2]):
        diff = write_diff(old, [0, 1, 2, 3], text)
        assert all(hunk.is_insertion for hunk in parse_diff(diff))
        assert apply_diff([text[i] for i in old], diff) == text


def test_missing_final_newline_round_trips():
    text = ["def f():\n", "    return 1"]
    first = write_diff([], [0], text)
    second = write_diff([0], [0, 1], text)
    assert second.endswith("+    return 1\n" + NO_NEWLINE)
    assert apply_diffs([first, second]) == ["", "def f():\n", "def f():\n    return 1"]


def test_blank_lines_and_whitespace_are_kept():
    text = ["\n", "  \n", "\tx = 1  \n"]
    diff = write_diff([], [0, 1, 2], text)
    assert apply_diffs([diff])[-1] == "\n  \n\tx = 1  \n"


def test_apply_checks_context_and_deletions():
    assert apply_diff(["a\n", "b\n"], "@@ -1,2 +1,2 @@\n a\n-b\n+c") == ["a\n", "c\n"]
    with pytest.raises(DiffError):
        apply_diff(["a\n", "b\n"], "@@ -1,1 +1,1 @@\n-z\n+c")


@pytest.mark.parametrize(
    "diff",
    [
        "not a diff",
        "@@ -0,0 +1,2 @@\n+only one line",
        "@@ -0,0 +1,1 @@\nmissing marker",
        "@@ -5,0 +6,1 @@\n+past the end",
    ],
)
def test_malformed_diffs_are_rejected(diff):
    with pytest.raises(DiffError):
        apply_diff(["a\n"], diff)


def test_old_state_must_be_a_subset():
    with pytest.raises(ValueError):
        write_diff([0, 5], [0, 1], ["a\n", "b\n"])
