"""Parse, compare and bump semantic version numbers (https://semver.org).

>>> Version.parse("1.4.2-beta.1") < Version.parse("1.4.2")
True
>>> str(Version.parse("2.0.9").bump("minor"))
'2.1.0'
>>> max_satisfying(["1.2.0", "1.9.3", "2.0.0"], ">=1.2, <2")
'1.9.3'
"""
from __future__ import annotations

import re
from functools import total_ordering
from typing import NamedTuple, Optional

__all__ = ["Version", "satisfies", "max_satisfying"]

VERSION_RE = re.compile(
    r"^(?P<major>0|[1-9]\d*)\.(?P<minor>0|[1-9]\d*)\.(?P<patch>0|[1-9]\d*)"
    r"(?:-(?P<pre>[0-9A-Za-z.-]+))?(?:\+(?P<build>[0-9A-Za-z.-]+))?$"
)
CONSTRAINT_RE = re.compile(r"^(>=|<=|==|!=|>|<)?\s*(\d+(?:\.\d+){0,2})$")


class _Core(NamedTuple):
    major: int
    minor: int
    patch: int


@total_ordering
class Version:
    __slots__ = ("core", "pre", "build")

    def __init__(self, major: int, minor: int = 0, patch: int = 0,
                 pre: Optional[str] = None, build: Optional[str] = None) -> None:
        self.core = _Core(major, minor, patch)
        self.pre = pre
        self.build = build

    @classmethod
    def parse(cls, text: str) -> Version:
        if (m := VERSION_RE.match(text.strip().lstrip("v"))) is None:
            raise ValueError(f"not a semantic version: {text!r}")
        return cls(int(m["major"]), int(m["minor"]), int(m["patch"]), m["pre"], m["build"])

    @staticmethod
    def _pre_key(pre: Optional[str]) -> tuple:
        # A release sorts after all of its pre-releases.
        if pre is None:
            return (1,)
        parts = [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split(".")]
        return (0, *parts)

    def _key(self) -> tuple:
        return (*self.core, self._pre_key(self.pre))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Version) and self._key() == other._key()

    def __lt__(self, other: Version) -> bool:
        return self._key() < other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __str__(self) -> str:
        text = "%d.%d.%d" % self.core
        text += f"-{self.pre}" if self.pre else ""
        return text + (f"+{self.build}" if self.build else "")

    def __repr__(self) -> str:
        return f"Version.parse({str(self)!r})"

    def bump(self, part: str = "patch") -> Version:
        major, minor, patch = self.core
        if part == "major":
            return Version(major + 1)
        elif part == "minor":
            return Version(major, minor + 1)
        elif part == "patch":
            return Version(major, minor, patch if self.pre else patch + 1)
        raise ValueError(f"unknown version part {part!r}")


def satisfies(version: Version, constraints: str) -> bool:
    """Check *version* against comma-separated constraints like ``>=1.2, <2``."""
    for raw in constraints.split(","):
        if (m := CONSTRAINT_RE.match(raw.strip())) is None:
            raise ValueError(f"bad constraint {raw!r}")
        op, number = m.group(1) or "==", m.group(2)
        padded = (number.split(".") + ["0", "0"])[:3]
        bound = Version(*map(int, padded))
        ok = {"<": version < bound, "<=": version <= bound, ">": version > bound,
              ">=": version >= bound, "==": version == bound, "!=": version != bound}[op]
        if not ok:
            return False
    return True


def max_satisfying(candidates: list[str], constraints: str) -> Optional[str]:
    matching = [v for v in map(Version.parse, candidates) if satisfies(v, constraints) and \
                v.pre is None]
    return str(max(matching)) if matching else None


if __name__ == "__main__":
    versions = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-beta", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0"]
    shuffled = sorted(versions, key=len)
    print(" < ".join(map(str, sorted(map(Version.parse, shuffled)))))
