"""examples/lintseq-x-lua installed the way a user would, and run end to end.

pip installs it (no dependencies, no build isolation: nothing is downloaded) into a throwaway
folder put on PYTHONPATH of the `lintseq-x` subprocesses only; the test environment is not touched.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import LINTSEQ, read_jsonl

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "lintseq-x-lua"

pytest.importorskip("tree_sitter_lua", reason="the example's grammar wheel tree-sitter-lua is not installed")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("lua-plugin")
    build = tmp_path_factory.mktemp("lua-build")
    source = build / "lintseq-x-lua"
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index", "-q",
         "--target", str(target), str(source)],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return target


def lintseq(installed: Path, cwd: Path, *args: object) -> subprocess.CompletedProcess[str]:
    assert LINTSEQ is not None
    env = {key: value for key, value in os.environ.items() if key not in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")}
    # Explicit: the built-in Python plugin and the example, found through its entry point.
    env.update(LINTSEQ_X_PLUGINS="python,lua", PYTHONPATH=str(installed), COLUMNS="250", NO_COLOR="1")
    env.pop("LINTSEQ_X_DISABLE_ENTRY_POINTS", None)
    done = subprocess.run([LINTSEQ, *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def test_languages_lists_lua_with_its_distribution(installed, tmp_path):
    done = lintseq(installed, tmp_path, "languages", "--json")
    assert done.returncode == 0, done.stderr
    listed = {entry["name"]: entry for entry in json.loads(done.stdout)["languages"]}
    assert set(listed) == {"python", "lua"}
    lua = listed["lua"]
    assert (lua["distribution"], lua["version"], lua["extensions"]) == ("lintseq-x-lua", "0.1.0", [".lua"])
    assert lua["fallback_checker"] == "lua-tree-sitter-scopes"


def test_run_and_verify_the_corpus(installed, tmp_path):
    done = lintseq(installed, tmp_path, "run", "--lang", "lua", "-s", "2", "-j", "1", "-o", "lua.jsonl", "-q")
    assert done.returncode == 0, done.stderr
    rows = read_jsonl(tmp_path / "lua.jsonl")
    assert len(rows) == 2 * 24 and {row["language"] for row in rows} == {"lua"}
    assert rows[0]["parser"]["grammar"].startswith("tree-sitter-lua ")
    done = lintseq(installed, tmp_path, "verify", "lua.jsonl")
    assert done.returncode == 0, done.stderr + done.stdout
    assert "all invariants hold" in done.stdout


def test_auto_picks_lua_files_by_extension(installed, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    corpus = EXAMPLE / "lintseq_x_lua" / "corpus"
    for name in ("gcd_lcm.lua", "sieve.lua"):
        shutil.copy(corpus / name, folder / name)
    (folder / "hello.py").write_text("print('hello')\n")
    done = lintseq(installed, tmp_path, "run", "mixed", "--lang", "auto", "-j", "1", "-o", "auto.jsonl", "-q")
    assert done.returncode == 0, done.stderr
    languages = sorted(row["language"] for row in read_jsonl(tmp_path / "auto.jsonl"))
    assert languages == ["lua", "lua", "python"]
    assert lintseq(installed, tmp_path, "verify", "auto.jsonl", "-q").returncode == 0


def test_plugin_check_passes(installed, tmp_path):
    done = lintseq(installed, tmp_path, "plugin-check", "lua", "--json")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] and report["failures"] == []
    assert report["programs"] == 24 and report["edge_cases"] >= 12 and report["states"] > 300
    assert report["checks"]["syntax error is fatal"] == {"passed": 1, "failed": 0}
    done = lintseq(installed, tmp_path, "plugin-check", "lua", "--checker", "fallback", "--samples", "1")
    assert done.returncode == 0, done.stderr
    assert "lua conforms" in done.stdout and "lua-tree-sitter-scopes" in done.stdout
