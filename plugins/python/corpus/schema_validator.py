"""Validate JSON-like data against a tiny subset of JSON Schema.

Supported keywords: ``type``, ``properties``, ``required``, ``items``,
``enum``, ``minimum``, ``maximum``, ``minLength`` and ``maxLength``.

>>> validate({"name": "ada", "age": 36}, PERSON_SCHEMA)
[]
>>> validate({"age": -1, "tags": [1]}, PERSON_SCHEMA)
['$: missing required key name', '$.age: -1 < minimum 0', '$.tags[0]: expected string, got int']
"""
from typing import Any, Iterator

TYPE_CHECKS = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}

PERSON_SCHEMA = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 40},
        "age": {"type": "integer", "minimum": 0, "maximum": 150},
        "role": {"enum": ["admin", "editor", "viewer"]},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
}


def type_name(value: Any) -> str:
    return type(value).__name__ if value is not None else "null"


def check(value: Any, schema: dict, path: str = "$") -> Iterator[str]:
    """Yield one message per violation found under *path*."""
    match schema:
        case {"type": str(expected)} if not TYPE_CHECKS[expected](value):
            yield f"{path}: expected {expected}, got {type_name(value)}"
            return  # the other keywords make no sense for the wrong type
        case {"enum": list(options)} if value not in options:
            yield f"{path}: {value!r} is not one of {options}"

    for keyword, limit in schema.items():
        match keyword, value:
            case "minimum", int() | float() if value < limit:
                yield f"{path}: {value} < minimum {limit}"
            case "maximum", int() | float() if value > limit:
                yield f"{path}: {value} > maximum {limit}"
            case "minLength", str() if len(value) < limit:
                yield f"{path}: shorter than {limit} characters"
            case "maxLength", str() if len(value) > limit:
                yield f"{path}: longer than {limit} characters"
            case "required", dict():
                for key in limit:
                    if key not in value:
                        yield f"{path}: missing required key {key}"
            case "properties", dict():
                for key, sub_schema in limit.items():
                    if key in value:
                        yield from check(value[key], sub_schema, f"{path}.{key}")
            case "items", list():
                for index, item in enumerate(value):
                    yield from check(item, limit, f"{path}[{index}]")


def validate(value: Any, schema: dict) -> list[str]:
    return list(check(value, schema))


if __name__ == "__main__":
    samples = [
        {"name": "grace", "age": 85, "role": "admin"},
        {"name": "", "age": 200, "role": "owner", "tags": ["x", None]},
        ["not", "an", "object"],
    ]
    for sample in samples:
        problems = validate(sample, PERSON_SCHEMA)
        print("OK" if not problems else "\n".join(problems))
        print("-" * 20)
