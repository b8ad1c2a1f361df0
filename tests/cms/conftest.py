"""Fixtures for the web editor: the vendored bundle, decap-server and a scratch Git clone."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from greenhouse.cms import find_bundle
from greenhouse.cms.server import ServerUnavailable, find_server_command

REPO = Path(__file__).resolve().parents[2]
WHY = "node/npm are not installed, so scripts/setup could not fetch the editor"


@pytest.fixture(scope="session")
def decap_bundle():
    """The unpacked Decap bundle; skipped only where Node is absent."""
    bundle = find_bundle(None, REPO)
    if bundle is None:
        if shutil.which("node") is None or shutil.which("npm") is None:
            pytest.skip(WHY)
        pytest.fail("the Decap bundle is missing although Node is installed: run scripts/setup")
    return bundle


@pytest.fixture(scope="session")
def server_command() -> list[str]:
    """``node decap-server``; skipped only where Node is absent."""
    try:
        return find_server_command([REPO])
    except ServerUnavailable as exc:
        if shutil.which("node") is None or shutil.which("npm") is None:
            pytest.skip(WHY)
        pytest.fail(f"{exc} (Node is installed)")


def run_git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        [
            "git",
            "-C",
            str(repo),
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            *args,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


@pytest.fixture
def scratch_clone(mini_site: Path) -> Path:
    """The mini site as a Git repository on `main`: decap-server's git mode checks
    branches out in its working tree, so it never runs on the real checkout."""
    (mini_site / ".gitignore").write_text("site/\n", encoding="utf-8")
    run_git(mini_site, "init", "-q", "-b", "main")
    run_git(mini_site, "add", "-A")
    run_git(mini_site, "commit", "-q", "-m", "Sample content")
    return mini_site


@pytest.fixture
def git():
    """``git(repo, *args)``: run git there and return what it printed."""
    return run_git
