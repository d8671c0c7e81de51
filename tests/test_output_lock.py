"""`<output>.lock`: one run per output at a time (the runs themselves: tests/test_resume.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from lintseq_x.core.output import lock as output_lock
from lintseq_x.core.output.lock import OutputBusy, OutputLock

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="no flock on Windows")


def test_a_lock_is_refused_while_held_and_free_once_released(tmp_path: Path) -> None:
    output = tmp_path / "new folder" / "out.jsonl"
    first = OutputLock.acquire(output)
    assert (tmp_path / "new folder" / "out.jsonl.lock").read_text() == f"{os.getpid()}\n"
    with pytest.raises(OutputBusy, match=rf"out.jsonl: another lintseq-x run \(process {os.getpid()}\) is writing it"):
        OutputLock.acquire(output)
    first.release()
    assert not (tmp_path / "new folder" / "out.jsonl.lock").exists()
    with OutputLock.acquire(output):
        pass


def test_a_lock_file_left_by_a_killed_run_is_taken_over(tmp_path: Path) -> None:
    (tmp_path / "out.jsonl.lock").write_text("999999999\n")  # kill -9: the file stays, its lock does not
    with OutputLock.acquire(tmp_path / "out.jsonl"):
        assert (tmp_path / "out.jsonl.lock").read_text() == f"{os.getpid()}\n"


def test_a_lock_taken_on_a_file_its_holder_just_removed_is_taken_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The holder releases (removes the file, then unlocks) just after the next run opened the
    # file: that run's lock is on a name no one else will find, so it must lock the new file.
    output = tmp_path / "out.jsonl"
    holder = OutputLock.acquire(output)
    real_open = os.open

    def open_then_holder_releases(*args: object, **kwargs: object) -> int:
        descriptor = real_open(*args, **kwargs)
        holder.release()
        return descriptor

    monkeypatch.setattr(output_lock.os, "open", open_then_holder_releases)
    second = OutputLock.acquire(output)
    monkeypatch.setattr(output_lock.os, "open", real_open)
    assert (tmp_path / "out.jsonl.lock").read_text() == f"{os.getpid()}\n"
    with pytest.raises(OutputBusy):
        OutputLock.acquire(output)
    second.release()
