"""A second Python checker: pylint with the reference LintSeq tool's error set (`--checker pylint`).

pylintseq 0.0.2 (`pylintseq/utils.py`, `file_linter`) writes each state to a temp file and runs
pylint with `--disable=C,R`; every message except warnings is an error, plus two warnings: W0311
(bad indentation) and W0231 (`__init__` of the base class not called). For a syntax error whose
message says "on line N", line N is the culprit. This checker reproduces that set, but runs
pylint in process on the source string: one linter, configured once, walks the astroid tree that
`string_build` makes from the text (pylint's own `--from-stdin` path), with no file and no
process per check.

Unlike the reference, no configuration file is read (pylint would look for one in the working
directory), so the judgement does not depend on where a run is started. Like the reference, the
import errors depend on which packages are installed.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

from lintseq_x.plugins import Checker, CheckerUnavailable, Diagnostic, hookimpl

INSTALL = "pip install 'lintseq-x[pylint]'"

# The reference's options, as passed to pylint by `file_linter`.
REFERENCE_OPTIONS = (
    "--disable=C,R",
    "--reports=n",
    "--score=n",
    "--unsafe-load-any-extension=y",
    "--generated-members=cv2.*",
)
COUNTED_WARNINGS = ("W0311", "W0231")
# Warnings the reference does not count are switched off rather than filtered: pylint then skips
# the visits that only serve them. The messages that remain are exactly the ones it counts.
OPTIONS = (*REFERENCE_OPTIONS, "--disable=W", f"--enable={','.join(COUNTED_WARNINGS)}")

# The state's module name: no program imports it, so astroid's module cache never answers an
# import with a state.
_MODULE = "lintseq_x_state"
_PATH = f"<{_MODULE}>.py"
_ON_LINE = re.compile(r"\bon line (\d+)\b")


class PylintChecker(Checker):
    """pylint in process, counting what pylintseq 0.0.2 counts as errors."""

    name = "python-pylint"
    settings = {
        "options": list(REFERENCE_OPTIONS),
        "errors": "every message except warnings, plus " + ", ".join(COUNTED_WARNINGS),
        "configuration_files": "none",
    }

    def __init__(self) -> None:
        try:
            import astroid
            import pylint
            from astroid.context import _invalidate_cache
            from astroid.inference_tip import clear_inference_tip_cache
            from pylint.config.config_initialization import _config_initialization
            from pylint.lint import PyLinter
            from pylint.reporters import CollectingReporter
            from pylint.utils.ast_walker import ASTWalker
            from pylint.utils.file_state import FileState
        except ImportError as error:
            missing = error.name or "pylint"
            raise CheckerUnavailable(f"the pylint checker needs {missing}, which is not installed: {INSTALL}") from None
        self.version = (
            f"pylint {pylint.__version__}; astroid {astroid.__version__}; "
            f"CPython {sys.version_info.major}.{sys.version_info.minor}"
        )
        self._file_state = FileState
        # Inference results are cached per node; the nodes of a state are garbage after its
        # check, so the caches are emptied each time (memory stays flat; the cached standard
        # library modules are kept, as in the reference's long-lived worker processes).
        self._clear_caches: tuple[Callable[[], None], ...] = (_invalidate_cache, clear_inference_tip_cache)

        self._reporter = CollectingReporter()
        linter = self._linter = PyLinter()
        linter.load_default_plugins()
        _config_initialization(linter, [*OPTIONS, _PATH], self._reporter)  # config_file=None: none is read
        linter.set_reporter(self._reporter)
        linter.open()
        linter.initialize()
        # pylint prepares its checkers for every linted file (`_astroid_module_checker`); that is
        # half the cost of a check, and the enabled messages never change here, so it is done
        # once. Each check still opens and closes every checker, which resets their state.
        self._checkers = linter.prepare_checkers()
        self._walker = ASTWalker(linter)
        for checker in self._checkers:
            self._walker.add_checker(checker)
        from pylint.checkers import BaseRawFileChecker, BaseTokenChecker

        self._tokencheckers = [c for c in self._checkers if isinstance(c, BaseTokenChecker)]
        self._rawcheckers = [c for c in self._checkers if isinstance(c, BaseRawFileChecker)]

    def check(self, source: str) -> Sequence[Diagnostic]:
        self._reporter.messages.clear()
        try:
            self._lint(source)
        except RecursionError:
            return (Diagnostic(1, "RecursionError", "too deeply nested for pylint", fatal=True),)
        except Exception as error:  # noqa: BLE001 - pylint's own runs report a crash as message F0002
            return (Diagnostic(1, "F0002", f"astroid-error: {type(error).__name__}: {error}", fatal=True),)
        finally:
            for clear in self._clear_caches:
                clear()
        line_count = max(1, source.count("\n") + (0 if source.endswith("\n") else 1))
        found = []
        for message in self._reporter.messages:
            if message.msg_id[0] == "W" and message.msg_id not in COUNTED_WARNINGS:
                continue  # switched off above; a plugin or pragma could still emit one
            line = message.line or 1
            if message.msg_id == "E0001":
                named = _ON_LINE.search(message.msg)
                line = int(named.group(1)) if named else line
            fatal = message.msg_id == "E0001" or message.msg_id[0] == "F"
            found.append(Diagnostic(max(1, min(line, line_count)), message.msg_id, message.msg, fatal=fatal))
        return tuple(found)

    def _lint(self, source: str) -> None:
        """What pylint does for one file given as text (`PyLinter._check_file` with `get_ast`
        on data), with the checkers prepared once."""
        linter = self._linter
        linter.set_current_module(_MODULE, _PATH)
        module = linter.get_ast(_PATH, _MODULE, source)  # a syntax error becomes message E0001
        if module is None:
            return
        linter._ignore_file = False
        linter.file_state = self._file_state(_MODULE, linter.msgs_store, module)
        linter.current_file = module.file
        for checker in self._checkers:
            checker.open()
        linter.check_astroid_module(module, self._walker, self._rawcheckers, self._tokencheckers)
        for checker in reversed(self._checkers):
            checker.close()
        for msgid, line, args in linter.file_state.iter_spurious_suppression_messages(linter.msgs_store):
            linter.add_message(msgid, line, None, args)


@hookimpl
def register_checkers(register: Callable[..., Any]) -> None:
    register(
        "python",
        "pylint",
        PylintChecker,
        description="pylint with the reference LintSeq tool's error set (paper parity; needs lintseq-x[pylint])",
    )
