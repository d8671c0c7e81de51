"""tree-sitter 0.26.1 segfaults when a Query is freed and another is built (docs/decisions.md).

Reproduced with the JavaScript grammar wheel's own query files (exit 139 on 0.26.1; 0.25.2
survives). The installed tree-sitter must survive exactly that; it runs in a child process
so that a crash fails this test instead of ending the session.
"""

from __future__ import annotations

import subprocess
import sys

SCRIPT = r"""
import gc
import tree_sitter, tree_sitter_javascript as js
language = tree_sitter.Language(js.language())
tree = tree_sitter.Parser(language).parse(b"function f(x) { let y = x + 1; return `a${y}`; }\n" * 20)
sources = [js.HIGHLIGHTS_QUERY, js.LOCALS_QUERY, js.TAGS_QUERY, js.INJECTIONS_QUERY]
found = 0
for round in range(50):
    for text in sources:
        query = tree_sitter.Query(language, text)
        found += len(tree_sitter.QueryCursor(query).matches(tree.root_node))
        del query
        gc.collect()
assert found > 0
print("ok")
"""


def test_query_free_and_rebuild_does_not_crash():
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-2000:]}"
    assert done.stdout.strip() == "ok"
