"""Resolution of generated edit sequences in both modes, on hand-written malformed generations.

Every expected program below is derived by hand. `reference` mode follows LintSeq's
`resolve_edit_path` (src/utils.py of github.com/upiterbarg/lintseq); its rules are numbered
R1–R6 in trainers/resolve.py and each case names the rules it exercises:

R1 split on "\\n<|diff|>", every part an edit (text before the first separator and edits after
   the close included); R2 parts without "@@" ignored, the rest cut before each "\\n@@" into
   hunks; R3 malformed unless exactly two "@@" around two space-separated fields whose second is
   an integer (before any ","; leading "+" stripped), counts and old start never read; R4 the
   body after the second "@@", leading whitespace stripped, every row inserted with its leading
   "-" then "+" signs stripped; R5 inserted at new start - 1, appended past the end, Python
   slicing for negatives; R6 lines joined by "\\n" (here every line ends with one, and a
   "No newline" row after the last line is honoured: nothing changes when the program runs).

`strict` mode is lintseq-x's patch-like one: edits end at the first empty edit; a hunk goes
after its old-file line (shifted by earlier hunks of its edit, clamped to the file); a hunk
that cannot be parsed or whose `-`/context lines do not match the program is skipped.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from lintseq_x.core.cli import app
from lintseq_x.core.algorithm.diffs import NO_NEWLINE, apply_diffs
from lintseq_x.trainers.resolve import resolve
from lintseq_x.trainers.serialize import editseq_text

D = "<|diff|>"


def both(response: str, start: str = ""):
    return resolve(response, start=start, mode="reference"), resolve(response, start=start, mode="strict")


def test_the_new_file_start_places_a_hunk_in_reference_mode_and_the_old_one_in_strict():
    # The example: `@@ -1,0 +3,1 @@` on a two-line file. R5: new start 3 → index 2 =
    # the end → appended. Strict: after old line 1.
    reference, strict = both(editseq_text(["@@ -1,0 +3,1 @@\n+c"]), start="a\nb\n")
    assert reference.program == "a\nb\nc\n"
    assert strict.program == "a\nc\nb\n"
    assert reference.closed and strict.closed


def test_wrong_counts_are_not_read():
    # R3: the counts (`,5`) are never read; every body row goes in. Strict does not count either.
    reference, strict = both(editseq_text(["@@ -0,0 +1,5 @@\n+x = 1\n+y = 2"]))
    assert reference.program == "x = 1\ny = 2\n" and reference.clean
    assert strict.program == "x = 1\ny = 2\n" and strict.clean


def test_an_edit_without_a_header():
    # R2: the first edit has no "@@" and is ignored without counting as a hunk. Strict: rows
    # before any header make a malformed hunk, skipped and counted.
    reference, strict = both(editseq_text(["+x = 1", "@@ -0,0 +1 @@\n+y = 2"]))
    assert reference.program == "y = 2\n"
    assert (reference.edits, reference.hunks, reference.hunks_skipped) == (1, 1, 0)
    assert strict.program == "y = 2\n"
    assert (strict.edits, strict.hunks, strict.hunks_skipped) == (2, 2, 1)


def test_a_hunk_past_the_end():
    # R5: new start 9 → index 8 ≥ 1 line → appended. Strict: old line 7 clamped to the end.
    reference, strict = both(editseq_text(["@@ -0,0 +1 @@\n+a", "@@ -7,0 +9,1 @@\n+b"]))
    assert reference.program == "a\nb\n" and reference.clean
    assert strict.program == "a\nb\n" and strict.clean


def test_deleted_lines():
    # R4: a `-` row is inserted like a `+` row (its "-" stripped); R5: `+1,0` → index 0.
    # Strict: the deleted line matches line 1 and is deleted.
    reference, strict = both(editseq_text(["@@ -0,0 +1,2 @@\n+a\n+b", "@@ -1,1 +1,0 @@\n-a"]))
    assert reference.program == "a\na\nb\n"
    assert strict.program == "b\n" and strict.clean


def test_a_deleted_line_that_does_not_match_is_skipped_in_strict_mode_only():
    # R4/R5: `-zzz` → "zzz" at index 4 ≥ 2 → appended. Strict: line 5 is not "zzz": skipped.
    reference, strict = both(editseq_text(["@@ -0,0 +1,2 @@\n+a\n+b", "@@ -5,1 +5,0 @@\n-zzz"]))
    assert reference.program == "a\nb\nzzz\n" and reference.clean
    assert strict.program == "a\nb\n" and strict.hunks_skipped == 1


def test_context_lines():
    # R4: the body's leading whitespace is stripped, so a first context row " a" loses its
    # space; a later context row keeps it. Both go in at index 0 (R5, `+1,2`).
    # Strict: the context row matches line 1 and stays; "+b" goes after it.
    reference, strict = both(editseq_text(["@@ -0,0 +1 @@\n+a", "@@ -1,1 +1,2 @@\n a\n+b"]))
    assert reference.program == "a\nb\na\n"
    assert strict.program == "a\nb\n" and strict.clean
    reference, strict = both(editseq_text(["@@ -0,0 +1 @@\n+a", "@@ -1,1 +1,2 @@\n+b\n a"]))
    assert reference.program == "b\n a\na\n"
    assert strict.program == "b\na\n" and strict.clean


def test_garbage_between_hunks():
    # R2/R4: the edit is cut before "\n@@" only, so "some words" is a row of the first hunk and
    # is inserted; the second hunk goes in at index 1. Strict: the first hunk holds a row
    # without a marker and is skipped; the second goes after old line 1, clamped to the
    # (empty) file.
    reference, strict = both(editseq_text(["@@ -0,0 +1 @@\n+a\nsome words\n@@ -1,0 +2 @@\n+b"]))
    assert reference.program == "a\nb\nsome words\n" and reference.clean
    assert strict.program == "b\n" and (strict.hunks, strict.hunks_skipped) == (2, 1)


def test_malformed_headers():
    # R3, in order: two spaces between the fields (three fields), a new start that is no
    # integer, a junk old field (never read: fine, appended at index 1), and "@@" inside a
    # row (four "@@"). Strict parses headers with a regular expression: only the last matches.
    edits = [
        "@@ -0,0 +1 @@\n+a",
        "@@ -1,0  +2 @@\n+two spaces",
        "@@ -1,0 +x @@\n+not a number",
        "@@ junk +2 @@\n+old field unread",
        "@@ -1,0 +2 @@\n+s = '@@'",
    ]
    reference, strict = both(editseq_text(edits))
    assert reference.program == "a\nold field unread\n"
    assert (reference.hunks, reference.hunks_skipped) == (5, 3)
    assert strict.program == "a\ns = '@@'\n"
    assert (strict.hunks, strict.hunks_skipped) == (5, 3)


def test_a_new_start_of_zero_goes_before_the_last_line():
    # R5: `+0,1` → index -1 → Python slicing puts "z" before the last line. Strict: old line 0
    # → the top.
    reference, strict = both(editseq_text(["@@ -0,0 +1,2 @@\n+a\n+b", "@@ -0,0 +0,1 @@\n+z"]))
    assert reference.program == "a\nz\nb\n"
    assert strict.program == "z\na\nb\n"


def test_leading_signs_of_a_row():
    # R4: "-" signs, then "+" signs, are stripped: "++x" → "x" (the program's "+x" is lost),
    # "+-1" → "-1". Strict strips one marker.
    reference, strict = both(editseq_text(["@@ -0,0 +1,2 @@\n++x\n+-1"]))
    assert reference.program == "x\n-1\n"
    assert strict.program == "+x\n-1\n"


def test_an_unclosed_sequence():
    # R1: no empty edit; both edits apply in both modes and neither is closed.
    response = f"\n{D}@@ -0,0 +1 @@\n+a\n{D}@@ -1,0 +2 @@\n+b"
    reference, strict = both(response)
    assert reference.program == "a\nb\n" and not reference.closed
    assert strict.program == "a\nb\n" and not strict.closed


def test_edits_after_the_close():
    # R1: nothing stops at the empty edit; the late hunk goes in at index 1. Strict stops.
    response = f"\n{D}@@ -0,0 +1 @@\n+a\n{D}\n{D}@@ -1,0 +2 @@\n+late"
    reference, strict = both(response)
    assert reference.program == "a\nlate\n" and reference.closed
    assert strict.program == "a\n" and strict.closed


def test_a_response_that_follows_a_prompt_ending_with_the_separator():
    # The reference's eval prompt ends with "\n<|diff|>": the response starts with its first
    # diff. R1: the text before the first separator is an edit. Strict reads it as one too
    # because it starts with a hunk header.
    response = f"@@ -0,0 +1 @@\n+a\n{D}@@ -1,0 +2 @@\n+b\n{D}\n{D}"
    reference, strict = both(response)
    assert reference.program == "a\nb\n" and reference.closed and reference.edits == 2
    assert strict.program == "a\nb\n" and strict.closed and strict.edits == 2


def test_text_before_the_first_separator_that_is_no_diff():
    # R2: chatter before the first separator holds no "@@" and is ignored. Strict: not an edit.
    reference, strict = both(f"Sure, here it is:\n{D}@@ -0,0 +1 @@\n+a\n{D}\n{D}")
    assert reference.program == "a\n" and reference.clean
    assert strict.program == "a\n" and strict.clean


def test_end_of_sequence_text_and_no_newline_markers():
    # lintseq-x's additions: a trailing "<|endoftext|>" is cut as a string (the reference's
    # rstrip of its characters would leave "n = cou"), and a "No newline" row is no line but
    # leaves the last line without its newline.
    reference, strict = both("@@ -0,0 +1 @@\n+n = count<|endoftext|>")
    assert reference.program == "n = count\n"
    reference, strict = both(editseq_text([f"@@ -0,0 +1 @@\n+x = 1\n{NO_NEWLINE}"]))
    assert reference.program == "x = 1" and strict.program == "x = 1"


def test_an_empty_response():
    for resolution in both(""):
        assert resolution.program == "" and resolution.edits == 0 and not resolution.closed


def test_an_unknown_mode_is_an_error():
    with pytest.raises(ValueError, match="unknown resolution mode"):
        resolve("", mode="lenient")


def test_well_formed_sequences_resolve_alike_in_both_modes(tmp_path):
    # On lintseq-x's own edit paths (insertions with correct new starts) the modes agree.
    out = tmp_path / "python.jsonl"
    result = CliRunner().invoke(app, ["run", "--lang", "python", "-s", "1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows
    for row in rows:
        program = apply_diffs(row["edit_path"])[-1]
        reference, strict = both(editseq_text(row["edit_path"]))
        assert strict.program == program
        assert reference.program == program
        assert reference.clean and reference.closed and reference.edits == len(row["edit_path"])
