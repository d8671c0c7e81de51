"""What only TypeScript's pip-only fallback checker uses, beyond the locals query."""

from .derived_constructors import DerivedConstructorCheck

__all__ = ["DerivedConstructorCheck"]
