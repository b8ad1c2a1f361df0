"""`mkdocs serve` (scripts/serve) with an invalid content file keeps serving: every page
shows the located problems, the terminal lists them, and fixing the file brings the
normal page back by itself."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from greenhouse_testing import MINI, NOW, write_site_config

pytestmark = [pytest.mark.build, pytest.mark.browser]

COURSE = "content/courses/testing-in-practice.md"
#: What `greenhouse validate` says of the broken level (see `break_level`).
PROBLEM = f"{COURSE}:5: level: 'expert' is not one of intro, intermediate, advanced"
#: Give up waiting for the server after this long (a slow, shared machine); never asserted.
PATIENCE = 240.0


def break_level(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[4] == "level: intermediate", lines[:8]  # line 5, as PROBLEM says
    path.write_text(text.replace("level: intermediate", "level: expert", 1), encoding="utf-8")
    return text


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=PATIENCE) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


class Preview:
    """A running `mkdocs serve` of a site, and what it printed."""

    def __init__(self, process: subprocess.Popen[str], url: str, log: Path) -> None:
        self.process, self.url, self.log = process, url, log

    def printed(self) -> str:
        return self.log.read_text(encoding="utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_serve(root: Path, token: str) -> Preview:
    """`mkdocs serve` on a port nobody uses; a port taken between choosing and binding it
    makes the server exit, and another is tried. Answers must carry `token` (the site's
    name), so they come from this server and no other."""
    environment = {**os.environ, "GREENHOUSE_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"}
    for _attempt in range(5):
        port = free_port()
        log = root / f"serve-{port}.log"
        command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(root / "mkdocs.yml")]
        command += ["--dev-addr", f"127.0.0.1:{port}", "--watch-theme"]
        with log.open("w", encoding="utf-8") as out:
            process = subprocess.Popen(
                command, stdout=out, stderr=subprocess.STDOUT, text=True, env=environment
            )
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline and process.poll() is None:
            if "Serving on" in log.read_text(encoding="utf-8"):
                _status, html = fetch(url)
                assert token in html, "another server answers on this port"
                return Preview(process, url, log)
            time.sleep(0.2)
        process.kill()
        process.wait()
        if "Address already in use" not in log.read_text(encoding="utf-8"):
            pytest.fail(f"mkdocs serve did not start:\n{log.read_text(encoding='utf-8')}")
    pytest.fail("no free port after 5 tries")


@pytest.fixture
def broken_preview(tmp_path: Path) -> Iterator[tuple[Preview, Path, str]]:
    shutil.copytree(MINI / "content", tmp_path / "content")
    token = f"Preview {secrets.token_hex(4)}"
    write_site_config(tmp_path, site_name=token)
    course = tmp_path / COURSE
    original = break_level(course)
    preview = start_serve(tmp_path, token)
    try:
        yield preview, course, original
    finally:
        preview.process.terminate()
        try:
            preview.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            preview.process.kill()
            preview.process.wait()


def test_the_preview_shows_the_problems_on_every_page_until_they_are_fixed(
    broken_preview: tuple[Preview, Path, str], page
) -> None:
    preview, course, original = broken_preview
    # Every page answers with the problem: the home page, the broken item's, another
    # item's, a generated catalogue, and a page that does not exist (404).
    for path, status in [
        ("", 200),
        ("courses/testing-in-practice/", 200),
        ("workshops/intro-to-kotlin/", 200),
        ("catalogue/", 200),
        ("no/such/page/", 404),
    ]:
        answer, html = fetch(preview.url + path)
        assert answer == status, path
        assert PROBLEM.replace("'", "&#39;") in html, path
    assert f"ERROR   -  {PROBLEM}" in preview.printed()
    assert "Traceback" not in preview.printed()

    # Seen in a browser, the page reloads by itself once the file is fixed.
    page.goto(preview.url + "courses/testing-in-practice/")
    problems = page.locator("[data-gh-problems]")
    assert PROBLEM in problems.inner_text()
    assert problems.get_attribute("role") == "alert"
    course.write_text(original, encoding="utf-8")
    page.wait_for_selector("h1:text-is('Testing in practice')", timeout=PATIENCE * 1000)
    assert page.locator("[data-gh-problems]").count() == 0
    answer, html = fetch(preview.url + "catalogue/")
    assert answer == 200 and "data-gh-problems" not in html and "Testing in practice" in html

    # Broken again while it serves: the open page shows the problem, it does not hang.
    break_level(course)
    page.wait_for_selector("[data-gh-problems]", timeout=PATIENCE * 1000)
    assert PROBLEM in page.locator("[data-gh-problems]").inner_text()
