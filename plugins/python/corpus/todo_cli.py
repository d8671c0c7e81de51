#!/usr/bin/env python3
"""A command-line to-do list stored as JSON.

Examples::

    todo_cli.py add "buy milk" --priority high
    todo_cli.py list --all
    todo_cli.py done 3
"""
import argparse
import json
import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

DEFAULT_FILE = Path(os.environ.get("TODO_FILE", Path.home() / ".todo.json"))
PRIORITIES = ("low", "normal", "high")


def load(path):
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError:
        return []
    except json.JSONDecodeError as exc:
        raise SystemExit(f"{path} is corrupted: {exc}") from exc


def save(path, tasks):
    tmp = Path(f"{path}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(tasks, fh, indent=2)
    tmp.replace(path)  # atomic on POSIX


def cmd_add(args, tasks):
    next_id = max((t["id"] for t in tasks), default=0) + 1
    tasks.append({
        "id": next_id,
        "title": " ".join(args.title),
        "priority": args.priority,
        "created": datetime.now().isoformat(timespec="seconds"),
        "done": False,
    })
    print(f"added #{next_id}")


def cmd_list(args, tasks):
    shown = [t for t in tasks if args.all or not t["done"]]
    shown.sort(key=lambda t: (t["done"], -PRIORITIES.index(t["priority"]), t["id"]))
    for t in shown:
        mark = "x" if t["done"] else " "
        print(f"[{mark}] #{t['id']:<3} {t['priority']:<6} {t['title']}")
    if not shown:
        print("nothing to do")


def cmd_done(args, tasks):
    for task in tasks:
        if task["id"] == args.id:
            task["done"] = True
            print(f"completed #{args.id}: {task['title']}")
            break
    else:
        raise SystemExit(f"no task with id {args.id}")


def build_parser():
    parser = argparse.ArgumentParser(prog="todo")
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    sub = parser.add_subparsers(dest="command", required=True)

    add = sub.add_parser("add", help="add a task")
    add.add_argument("title", nargs="+")
    add.add_argument("-p", "--priority", choices=PRIORITIES, default="normal")
    add.set_defaults(handler=cmd_add, writes=True)

    ls = sub.add_parser("list", help="show tasks")
    ls.add_argument("-a", "--all", action="store_true")
    ls.set_defaults(handler=cmd_list, writes=False)

    done = sub.add_parser("done", help="mark a task as completed")
    done.add_argument("id", type=int)
    done.set_defaults(handler=cmd_done, writes=True)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    tasks = load(args.file)
    args.handler(args, tasks)
    if args.writes:
        save(args.file, tasks)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main()
    else:
        with tempfile.TemporaryDirectory() as tmp:
            demo = ["--file", str(Path(tmp, "todo.json"))]
            main(demo + ["add", "water", "the", "plants"])
            main(demo + ["add", "file", "taxes", "-p", "high"])
            main(demo + ["done", "1"])
            main(demo + ["list", "--all"])
