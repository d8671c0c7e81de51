"""How `run` takes termination signals (core/stopping.py); the runs themselves: test_resume.py."""

from __future__ import annotations

import os
import signal
import sys
import time

import pytest

from lintseq_x.core.stopping import Stopped, describe, exit_status, stopping_on_termination

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def test_sigterm_and_sighup_raise_stopped_inside_and_nothing_changes_outside() -> None:
    before = {number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGHUP)}
    for number, status in ((signal.SIGTERM, 143), (signal.SIGHUP, 129)):
        with pytest.raises(Stopped) as stopped:
            with stopping_on_termination():
                os.kill(os.getpid(), number)
                time.sleep(5)  # the signal interrupts it: the handler's exception ends the wait
        assert stopped.value.signal_number == number
        assert exit_status(stopped.value) == status
        assert describe(stopped.value) == f"stopped by {signal.Signals(number).name}"
    assert {number: signal.getsignal(number) for number in before} == before


def test_a_sighup_ignored_before_the_run_stays_ignored() -> None:
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as `nohup` starts a command
    try:
        with stopping_on_termination():
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
            os.kill(os.getpid(), signal.SIGHUP)  # nothing happens
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)


def test_ctrl_c_keeps_its_status_and_word() -> None:
    assert exit_status(KeyboardInterrupt()) == 130
    assert describe(KeyboardInterrupt()) == "interrupted"
