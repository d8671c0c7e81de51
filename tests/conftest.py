"""Test session setup: built-in plugins only, the Python language as a fixture, and the
fixtures that run the shared cases over every language (language_kit.py)."""

from __future__ import annotations

import os

import pytest

# Only the built-in plugins: whatever else is installed must not change results. Set before
# anything builds the registry; subprocesses (the CLI tests) inherit it.
os.environ["LINTSEQ_X_PLUGINS"] = "python,javascript,typescript,go,c,cpp,rust,java"

from lintseq_x.core.plugin_system.registry import registry  # noqa: E402

pytest_plugins = ("language_kit",)


@pytest.fixture(scope="session")
def python():
    return registry().get("python")
