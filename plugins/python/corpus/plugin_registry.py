"""Registry of output formatters that register themselves on subclassing.

New formats only need to subclass :class:`Formatter` with a ``name``
keyword; the registry picks them up through ``__init_subclass__``.
"""
import json
from typing import Any, ClassVar, Dict, Type

__all__ = ["Formatter", "get_formatter", "available_formats", "register_alias"]

_ALIASES: Dict[str, str] = {}


class Formatter:
    registry: ClassVar[Dict[str, Type["Formatter"]]] = {}
    name: ClassVar[str] = ""

    def __init_subclass__(cls, *, name: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if name:
            if name in Formatter.registry:
                raise TypeError(f"formatter {name!r} is already registered")
            cls.name = name
            Formatter.registry[name] = cls

    def __init__(self, **options: Any) -> None:
        self.options = options

    def format(self, records: list) -> str:
        raise NotImplementedError

    @classmethod
    def create(cls, name: str, **options: Any) -> "Formatter":
        try:
            formatter_cls = cls.registry[_ALIASES.get(name, name)]
        except KeyError:
            known = ", ".join(sorted(cls.registry))
            raise ValueError(f"unknown format {name!r}; choose one of: {known}") from None
        return formatter_cls(**options)


def register_alias(*aliases: str):
    """Class decorator adding alternative names for a formatter."""
    def decorator(cls):
        for alias in aliases:
            _ALIASES[alias] = cls.name
        return cls
    return decorator


@register_alias("js")
class JsonFormatter(Formatter, name="json"):
    def format(self, records):
        return json.dumps(records, indent=self.options.get("indent"), sort_keys=True)


@register_alias("tsv", "tab")
class TabFormatter(Formatter, name="table"):
    def format(self, records):
        if not records:
            return ""
        columns = sorted({key for record in records for key in record})
        rows = ["\t".join(columns)]
        rows += ["\t".join(str(r.get(c, "")) for c in columns) for r in records]
        return "\n".join(rows)


class KeyValueFormatter(Formatter, name="kv"):
    def format(self, records):
        sep = self.options.get("sep", "=")
        return "\n".join(" ".join(f"{k}{sep}{v}" for k, v in r.items()) for r in records)


def get_formatter(name: str, **options: Any) -> Formatter:
    return Formatter.create(name, **options)


def available_formats() -> list:
    return sorted(Formatter.registry) + sorted(_ALIASES)


if __name__ == "__main__":
    data = [{"id": 1, "user": "ada"}, {"id": 2, "user": "linus", "admin": True}]
    for fmt in ("json", "tsv", "kv"):
        print(f"--- {fmt} ---")
        print(get_formatter(fmt, sep=":").format(data))
    try:
        get_formatter("xml")
    except ValueError as err:
        print(err)
