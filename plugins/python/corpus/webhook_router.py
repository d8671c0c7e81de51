"""Route incoming webhook payloads to handlers using mapping patterns.

Payloads are plain dictionaries as decoded from JSON. Handlers are plain
functions registered with ``@router.on(event)``; optional filters are
stacked on top with ``@require_fields``.
"""
from __future__ import annotations

import functools
import json
from typing import Any, Callable, Protocol, TypedDict


class Delivery(TypedDict):
    event: str
    handled_by: list[str]
    error: str | None


class Handler(Protocol):
    __name__: str

    def __call__(self, payload: dict[str, Any]) -> str: ...


def require_fields(*fields: str) -> Callable[[Handler], Handler]:
    """Reject payloads that lack any of *fields* before the handler runs."""
    def decorator(func: Handler) -> Handler:
        @functools.wraps(func)
        def wrapper(payload: dict[str, Any]) -> str:
            missing = [name for name in fields if name not in payload]
            if missing:
                raise KeyError(f"payload is missing {', '.join(missing)}")
            return func(payload)
        return wrapper
    return decorator


class Router:
    def __init__(self) -> None:
        self.handlers: dict[str, list[Handler]] = {}

    def on(self, event: str) -> Callable[[Handler], Handler]:
        def register(func: Handler) -> Handler:
            self.handlers.setdefault(event, []).append(func)
            return func
        return register

    def classify(self, payload: dict[str, Any]) -> str:
        match payload:
            case {"action": "opened" | "reopened", "pull_request": {"draft": False}}:
                return "pr.ready"
            case {"action": str(action), "pull_request": dict()}:
                return f"pr.{action}"
            case {"ref": str(ref), "commits": [_, *_]} if ref.startswith("refs/tags/"):
                return "tag"
            case {"ref": str(), "commits": list()}:
                return "push"
            case {"zen": _, **rest} if not rest.get("hook", {}).get("active", True):
                return "ping.inactive"
            case {"zen": _}:
                return "ping"
            case _:
                return "unknown"

    def dispatch(self, raw: str) -> Delivery:
        delivery: Delivery = {"event": "invalid", "handled_by": [], "error": None}
        try:
            payload = json.loads(raw)
        except json.JSONDecodeError as exc:
            delivery["error"] = f"bad JSON: {exc.msg}"
            return delivery
        delivery["event"] = event = self.classify(payload)
        for handler in self.handlers.get(event, []):
            try:
                handler(payload)
            except KeyError as exc:
                delivery["error"] = str(exc.args[0])
                break
            except Exception as exc:  # keep going: one bad handler must not block the rest
                delivery["error"] = f"{handler.__name__} crashed: {exc!r}"
            else:
                delivery["handled_by"].append(handler.__name__)
        else:
            # Only reached when no handler aborted the delivery.
            if not delivery["handled_by"] and delivery["error"] is None:
                delivery["error"] = "no handler registered"
        return delivery


router = Router()


@router.on("push")
@require_fields("commits", "repository")
def run_ci(payload: dict[str, Any]) -> str:
    return f"CI queued for {len(payload['commits'])} commits"


@router.on("pr.ready")
def request_review(payload: dict[str, Any]) -> str:
    return f"review requested for #{payload['number']}"


if __name__ == "__main__":
    samples = [
        {"ref": "refs/heads/main", "commits": [{"id": "a1"}], "repository": "demo"},
        {"ref": "refs/heads/dev", "commits": []},
        {"action": "opened", "number": 7, "pull_request": {"draft": False}},
        {"zen": "Keep it simple.", "hook": {"active": False}},
    ]
    for sample in samples:
        print(router.dispatch(json.dumps(sample)))
    print(router.dispatch("{oops"))
