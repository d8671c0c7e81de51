"""Layered application configuration.

Settings are resolved from three layers, lowest priority first:

1. ``DEFAULT_CONFIG`` below,
2. an optional JSON file,
3. environment variables prefixed with ``APP_`` (``APP_DATABASE__PORT=5433``).
"""
from __future__ import annotations

import json
import os
from copy import deepcopy
from pathlib import Path
from typing import Any, Mapping, Optional, TypedDict

ENV_PREFIX = "APP_"
NESTED_SEP = "__"

DEFAULT_CONFIG: dict[str, Any] = {
    "debug": False,
    "database": {
        "host": "localhost",
        "port": 5432,
        "name": "app",
    },
    "cache": {"backend": "memory", "ttl": 300},
    "allowed_hosts": ["localhost", "127.0.0.1"],
}


class DatabaseConfig(TypedDict):
    host: str
    port: int
    name: str


class ConfigError(Exception):
    """Raised when a configuration source cannot be used."""


def deep_merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Return a copy of *base* with *override* merged in recursively.

    >>> deep_merge({"a": {"x": 1, "y": 2}}, {"a": {"y": 3}, "b": 4})
    {'a': {'x': 1, 'y': 3}, 'b': 4}
    """
    merged = deepcopy(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def coerce(raw: str, current: Any) -> Any:
    """Convert an environment string to the type of the value it replaces."""
    if isinstance(current, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    elif isinstance(current, int):
        return int(raw)
    elif isinstance(current, list):
        return [part.strip() for part in raw.split(",") if part.strip()]
    else:
        return raw
    # NOTE: floats and nested dicts are deliberately not supported; such
    # values have to come from the JSON file instead.


def from_env(config: dict[str, Any], environ: Mapping[str, str]) -> dict[str, Any]:
    result = deepcopy(config)
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX):
            continue
        *parents, leaf = name[len(ENV_PREFIX):].lower().split(NESTED_SEP)
        target = result
        for part in parents:
            target = target.setdefault(part, {})
        try:
            target[leaf] = coerce(raw, target.get(leaf))
        except ValueError as exc:
            raise ConfigError(f"invalid value for {name}: {raw!r}") from exc
    return result


def load_config(
    path: Optional[Path] = None,
    *,
    environ: Optional[Mapping[str, str]] = None,
) -> dict[str, Any]:
    config = deepcopy(DEFAULT_CONFIG)
    if path is not None:
        try:
            with path.open(encoding="utf-8") as fh:
                config = deep_merge(config, json.load(fh))
        except FileNotFoundError:
            pass  # a missing file simply means "use defaults"
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{path} is not valid JSON") from exc
    return from_env(config, os.environ if environ is None else environ)


def database_settings(config: Mapping[str, Any]) -> DatabaseConfig:
    match config:
        case {"database": {"host": str(host), "port": int(port), "name": str(name)}}:
            return DatabaseConfig(host=host, port=port, name=name)
        case {"database": dict(partial)}:
            raise ConfigError(f"incomplete database settings: {sorted(partial)}")
        case _:
            raise ConfigError("no database section in configuration")


if __name__ == "__main__":
    fake_env = {"APP_DEBUG": "yes", "APP_DATABASE__PORT": "5433", "APP_ALLOWED_HOSTS": "a.test, b.test"}
    cfg = load_config(Path("does-not-exist.json"), environ=fake_env)
    print(json.dumps(cfg, indent=2))
    print(database_settings(cfg))
