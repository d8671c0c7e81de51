"""The hooks a lintseq-x plugin can implement. Version 2 of the plugin API.

A plugin is a module (or object) with functions marked `@hookimpl`, made known through the
`lintseq_x` entry-point group. pluggy lets an implementation accept fewer arguments than the
specification names, so adding an argument here never breaks existing plugins.

Version 2 added `register_checkers`; a version 1 plugin (only `register_languages`) is unchanged.
The version is told here and in docs/plugins.md, not checked at run time: pluggy matches hooks
by name, so a plugin needs no version number to be loaded by a later lintseq-x.
"""

from __future__ import annotations

from collections.abc import Callable

import pluggy

hookspec = pluggy.HookspecMarker("lintseq_x")
hookimpl = pluggy.HookimplMarker("lintseq_x")


@hookspec
def register_languages(register: Callable[..., None]) -> None:
    """Register languages by calling `register(Language(...))` once per language.

    `register` validates the description and reports a duplicate name, alias or malformed
    description as an error naming this plugin; other plugins keep working.
    """


@hookspec
def register_checkers(register: Callable[..., None]) -> None:
    """Register more checkers for languages, this plugin's or any other's, by calling
    `register(language, name, factory, description="")` once per checker.

    language: a registered language name or alias (`python`). Resolved after every plugin has
        registered its languages, so the order plugins load in does not matter.
    name: what `--checker NAME` selects (lowercase letters, digits, _+-); unique per language,
        and not `auto`, `default`, `fallback` or the name of the language's own checkers.
    factory: returns a new `Checker` (each worker builds its own): an instance of a subclass,
        or any object with its members and whichever of its abilities it has; it raises
        `CheckerUnavailable("<what is missing, and how to install it>")` when it cannot work here.
    description: one line for `lintseq-x languages`.

    An unknown language, a taken or invalid name, or a factory that is not callable is reported
    as a problem naming this plugin; other checkers and plugins keep working.
    """
