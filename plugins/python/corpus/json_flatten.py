"""Flatten nested JSON documents into dotted keys and back again.

>>> flatten({"a": {"b": 1, "c": [10, {"d": 2}]}})
{'a.b': 1, 'a.c.0': 10, 'a.c.1.d': 2}
>>> unflatten({'a.b': 1, 'a.c.0': 10, 'a.c.1.d': 2})
{'a': {'b': 1, 'c': [10, {'d': 2}]}}
"""
import json
from typing import Any, Dict, Iterator, Tuple

SAMPLE = {
    "service": "billing",
    "replicas": 3,
    "ports": [8080, 8443],
    "env": {
        "LOG_LEVEL": "info",
        "features": {"invoices_v2": True, "dunning": False},
    },
    "empty": {},
}


def iter_leaves(value: Any, prefix: Tuple[str, ...] = ()) -> Iterator[Tuple[Tuple[str, ...], Any]]:
    """Yield ``(path, leaf)`` pairs; empty containers count as leaves."""
    if isinstance(value, dict) and value:
        for key, child in value.items():
            yield from iter_leaves(child, prefix + (str(key),))
    elif isinstance(value, list) and value:
        for index, child in enumerate(value):
            yield from iter_leaves(child, prefix + (str(index),))
    else:
        yield prefix, value


def flatten(document: Any, *, sep: str = ".") -> Dict[str, Any]:
    return {sep.join(path): leaf for path, leaf in iter_leaves(document)}


def _listify(node: Any) -> Any:
    """Turn dicts whose keys are exactly 0..n-1 back into lists."""
    if not isinstance(node, dict):
        return node
    converted = {key: _listify(child) for key, child in node.items()}
    if converted and all(k.isdigit() for k in converted):
        indices = sorted(map(int, converted))
        if indices == list(range(len(indices))):
            return [converted[str(i)] for i in indices]
    return converted


def unflatten(flat: Dict[str, Any], *, sep: str = ".") -> Any:
    root: Dict[str, Any] = {}
    for dotted, value in flat.items():
        *parents, leaf = dotted.split(sep)
        node = root
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return _listify(root)


if __name__ == "__main__":
    flat = flatten(SAMPLE)
    width = max(map(len, flat))
    print("\n".join(f"{key:<{width}} = {json.dumps(value)}" for key, value in flat.items()))
    restored = unflatten(flat)
    print(f"""
round trip ok: {restored == SAMPLE}
keys: {len(flat)}, max depth: {max(key.count('.') for key in flat) + 1}
""".strip())
