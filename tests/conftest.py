"""Shared fixtures: copies of content in tmp_path, and real MkDocs builds of them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MINI = REPO / "tests" / "fixtures" / "mini"
#: A fixed "now" so that what is upcoming never depends on the day the tests run.
NOW = "2026-11-22T12:00:00+01:00"


def write_site_config(root: Path, **extra: str) -> Path:
    """An mkdocs.yml in `root` that inherits the portal's and uses `root/content`."""
    lines = [
        f"INHERIT: {REPO / 'mkdocs.yml'}",
        "docs_dir: content",
        f"site_dir: {root / 'site'}",
        "theme:",
        f"  custom_dir: {REPO / 'overrides'}",
    ]
    lines += [f"{key}: {value}" for key, value in extra.items()]
    config = root / "mkdocs.yml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


@pytest.fixture
def mini_site(tmp_path: Path) -> Path:
    """A writable copy of the small fixture site, with its mkdocs.yml."""
    shutil.copytree(MINI / "content", tmp_path / "content")
    write_site_config(tmp_path)
    return tmp_path


def run_build(root: Path, *, strict: bool = True, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a real `mkdocs build` of the site in `root`; output captured."""
    import os

    environment = {**os.environ, "GREENHOUSE_NOW": NOW, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml")]
    if strict:
        command.append("--strict")
    return subprocess.run(command, capture_output=True, text=True, env=environment, check=False)


@pytest.fixture
def build() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_build
