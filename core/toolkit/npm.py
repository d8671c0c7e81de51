"""Pinned npm packages in one user-cache prefix, for the plugins whose checkers run in node.

The packages are not vendored: a plugin's `setup()` installs its pinned versions into
`$XDG_CACHE_HOME/lintseq-x/node` (~/.cache) on first use, or when `lintseq-x setup LANGUAGE`
asks, and its node helper loads them from there. Every node-based plugin installs into the same
prefix: one node_modules, so two plugins must pin a package they share to the same version.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

from ..algorithm.checker import CheckerUnavailable
from . import toolchain
from .toolchain import exclusive_lock


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/lintseq-x/node` (~/.cache): where node plugins install their packages."""
    return toolchain.cache_dir("node")


def _installed_version(prefix: Path, package: str) -> str | None:
    try:
        manifest = json.loads((prefix / "node_modules" / package / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    version = manifest.get("version")
    return version if isinstance(version, str) else None


def installed(packages: dict[str, str], prefix: Path) -> bool:
    """Whether `prefix` holds every package of `packages` ({name: version}) at its version."""
    return all(_installed_version(prefix, name) == version for name, version in packages.items())


def install_packages(
    packages: dict[str, str], checker: str, unavailable: type[CheckerUnavailable], prefix: Path, quiet: bool,
    language: str = "javascript",
) -> Path:
    """Install pinned npm `packages` into `prefix` (the user cache) unless present.

    Safe from several worker processes at once: installs are serialised by a lock file. Used by
    every node-based checker; `unavailable` is the error its language raises. Inside
    `toolchain.listing_only()` nothing is installed: `SetupNeeded` names the `lintseq-x setup
    LANGUAGE` command instead. A failed install is one line naming the log of npm's output.
    """
    if installed(packages, prefix):
        return prefix
    earlier = toolchain.earlier_failure(prefix)
    if earlier is not None:  # said once already; npm would only fail the same way again
        raise unavailable(earlier)
    npm = shutil.which("npm")
    if npm is None:
        raise unavailable(
            f"the {checker} checker needs 'npm' on PATH (to install its packages once into a user cache); "
            "install Node.js >= 18.18 (it ships npm)"
        )
    specs = [f"{name}@{version}" for name, version in packages.items()]
    toolchain.require_install_allowed(language, f"the npm packages {', '.join(specs)} are not installed")
    prefix.mkdir(parents=True, exist_ok=True)
    with exclusive_lock(prefix / ".install.lock"):
        if installed(packages, prefix):  # another worker installed them while we waited
            return prefix
        if not quiet:
            print(f"lintseq-x: installing {' '.join(specs)} into {prefix} (once, for the {checker} checker)", file=sys.stderr)
        # Saved (exact) into the prefix's package.json so that a later install there (another
        # language's helper) keeps these packages instead of pruning them.
        command = [npm, "install", "--prefix", str(prefix), "--save-exact", "--no-audit", "--no-fund",
                   "--loglevel=error", *specs]
        failure = toolchain.run_logged(command, f"npm install {' '.join(specs)}", prefix / "npm-install.log")
        if failure is None and not installed(packages, prefix):
            failure = f"npm install {' '.join(specs)} ended without installing them (see {prefix / 'node_modules'})"
        if failure is not None:
            raise unavailable(toolchain.remember_failure(prefix, failure))
    return prefix


@lru_cache(maxsize=None)
def node_version(node: str, unavailable: type[CheckerUnavailable] = CheckerUnavailable) -> str:
    """`node --version` of the executable `node` (v20.20.2), asked once per process; raises
    `unavailable` when it cannot run."""
    try:
        result = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise unavailable(f"cannot run {node!r}: {error}") from None
    if result.returncode != 0:
        raise unavailable(f"`{node} --version` failed: {result.stderr.strip()}")
    return result.stdout.strip()
