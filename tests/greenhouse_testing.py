"""Helpers shared by the tests: the repository, the fixture site and real builds.

A module of its own (not conftest.py) so tests can import it by a name no other
conftest shadows.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

REPO = Path(__file__).resolve().parent.parent
MINI = REPO / "tests" / "fixtures" / "mini"
#: Extra files for calendar cases (a monthly series, sessions on spring-forward night).
CALENDAR_EXTRA = REPO / "tests" / "fixtures" / "calendar" / "content"
#: A fixed "now" so that what is upcoming never depends on the day the tests run.
NOW = "2026-11-22T12:00:00+01:00"


def write_site_config(
    root: Path, *, inherit: str = "mkdocs.yml", docs_dir: Path | str = "content", **extra: str
) -> Path:
    """An mkdocs.yml in `root` that inherits the portal's `inherit` (``mkdocs.sv.yml`` for
    the Swedish portal) and uses `docs_dir` (default `root/content`)."""
    lines = [
        f"INHERIT: {REPO / inherit}",
        f"docs_dir: {docs_dir}",
        f"site_dir: {root / 'site'}",
        "theme:",
        f"  custom_dir: {REPO / 'overrides'}",
    ]
    lines += [f"{key}: {value}" for key, value in extra.items()]
    config = root / "mkdocs.yml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def run_build(
    root: Path, *, strict: bool = True, quiet: bool = True, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a real `mkdocs build` of the site in `root`; output captured (with INFO lines
    unless `quiet`)."""
    environment = {**os.environ, "GREENHOUSE_NOW": NOW, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml")]
    if quiet:
        command.append("-q")
    if strict:
        command.append("--strict")
    return subprocess.run(command, capture_output=True, text=True, env=environment, check=False)


def loaded_config(root: Path, **overrides: str) -> MkDocsConfig:
    """The site's mkdocs.yml in `root`, loaded as `mkdocs build` loads it, for a build in
    this process (``mkdocs.commands.build.build``)."""
    config = load_config(str(root / "mkdocs.yml"), **overrides)
    config.plugins.on_startup(command="build", dirty=False)
    return config


def search_index(site: Path) -> tuple[dict[str, Any], dict[str, dict[str, int]]]:
    """The embedded search index of a built site: its ``pages.json``, and every term with
    the weight it has in each page, by page URL (the term files decoded)."""
    folder = site / "search" / "index"
    pages = json.loads((folder / "pages.json").read_text(encoding="utf-8"))
    terms: dict[str, dict[str, int]] = {}
    for path in (folder / "terms").glob("*.json"):
        wrapped = json.loads(path.read_text(encoding="utf-8"))
        assert wrapped["version"] == pages["version"], path
        for term, flat in wrapped["data"].items():
            number = 0
            terms[term] = {}
            for delta, weight in zip(flat[::2], flat[1::2], strict=True):
                number += delta
                terms[term][pages["pages"][number][0]] = weight
    return pages, terms
