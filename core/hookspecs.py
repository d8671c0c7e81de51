"""The hooks a lintseq-x plugin can implement. Version 1 of the plugin API.

A plugin is a module (or object) with functions marked `@hookimpl`, made known through the
`lintseq_x` entry-point group. pluggy lets an implementation accept fewer arguments than the
specification names, so adding an argument here never breaks existing plugins.
"""

from __future__ import annotations

from collections.abc import Callable

import pluggy

HOOK_API_VERSION = 1

hookspec = pluggy.HookspecMarker("lintseq_x")
hookimpl = pluggy.HookimplMarker("lintseq_x")


@hookspec
def register_languages(register: Callable[..., None]) -> None:
    """Register languages by calling `register(Language(...))` once per language.

    `register` validates the description and reports a duplicate name, alias or malformed
    description as an error naming this plugin; other plugins keep working.
    """
