"""Instruction data from real code: every documented top-level function of the Python standard
library becomes a HumanEval-shaped record. The instruction is the function's signature and
docstring; the response is the function with the module imports it uses.

    python benchmarks/function_instructions.py -o functions.jsonl [--root DIR ...] [--max-lines 60]

Functions that use module-level names other than imports are kept; `lintseq-x run` skips them
with the reason (names unresolved before sampling), so the count it keeps is what trains.
"""

from __future__ import annotations

import argparse
import ast
import json
import sysconfig
from pathlib import Path


def records(root: Path, max_lines: int):
    for path in sorted(root.rglob("*.py")):
        parts = set(path.relative_to(root).parts)
        if parts & {"test", "tests", "idlelib", "lib2to3", "site-packages", "turtledemo"}:
            continue
        try:
            source = path.read_text(encoding="utf-8")
            tree = ast.parse(source)
        except (UnicodeDecodeError, SyntaxError, ValueError):
            continue
        lines = source.splitlines(keepends=True)
        imports = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef) or node.decorator_list or ast.get_docstring(node) is None:
                continue
            docstring = node.body[0]
            length = node.end_lineno - node.lineno + 1
            if not 3 <= length <= max_lines or len(node.body) < 2:
                continue
            used = {name.id for name in ast.walk(node) if isinstance(name, ast.Name)}
            header = "".join(ast.get_source_segment(source, imp) + "\n" for imp in imports if _binds(imp) & used)
            function = "".join(lines[node.lineno - 1 : node.end_lineno])
            signature_and_doc = "".join(lines[node.lineno - 1 : docstring.end_lineno])
            yield {
                "task_id": f"{path.relative_to(root).as_posix()}::{node.name}",
                "instruction": header + ("\n\n" if header else "") + signature_and_doc,
                "response": header + ("\n\n" if header else "") + function,
            }


def _binds(node: ast.Import | ast.ImportFrom) -> set[str]:
    return {(alias.asname or alias.name).split(".")[0] for alias in node.names}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--root", action="append", help="a source tree (repeatable); default: the standard library")
    parser.add_argument("--max-lines", type=int, default=60)
    arguments = parser.parse_args()
    roots = arguments.root or [sysconfig.get_paths()["stdlib"]]
    count = 0
    with open(arguments.output, "w", encoding="utf-8") as handle:
        for root in roots:
            for record in records(Path(root), arguments.max_lines):
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
    print(f"{count} functions from {', '.join(roots)} → {arguments.output}")


if __name__ == "__main__":
    main()
