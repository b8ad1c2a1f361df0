"""Shared fixtures: copies of content in tmp_path, and real MkDocs builds of them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import CodeType
from typing import ClassVar

import pytest

from greenhouse.concurrency import background
from greenhouse_testing import MINI, run_build, write_site_config


@pytest.fixture
def mini_site(tmp_path: Path) -> Path:
    """A writable copy of the small fixture site, with its mkdocs.yml."""
    shutil.copytree(MINI / "content", tmp_path / "content")
    write_site_config(tmp_path)
    return tmp_path


@pytest.fixture
def build() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_build


# --- Browser tests: Debian's chromium driven by Playwright, pages served on 127.0.0.1 ---

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """A real headless Chromium (skipped, with the reason, where it is not installed)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed: run scripts/setup --browser as root")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh browser page that fails the test if anything leaves 127.0.0.1. What the page
    logs to its console goes to stderr, which pytest shows when the test fails."""
    context = browser.new_context()
    left: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            route.continue_()
        else:
            left.append(url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    tab.on(
        "console", lambda message: print(f"console {message.type}: {message.text}", file=sys.stderr)
    )
    tab.on("pageerror", lambda error: print(f"uncaught in the page: {error}", file=sys.stderr))
    yield tab
    context.close()
    assert not left, f"requests left 127.0.0.1: {left}"


class _StaticHandler(__import__("http.server").server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **__import__("http.server").server.SimpleHTTPRequestHandler.extensions_map,
        ".ics": "text/calendar",
        ".xml": "application/rss+xml",
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".json": "application/json",
    }

    def log_message(self, format: str, *args: object) -> None:  # quiet tests
        pass


@pytest.fixture
def serve_dir() -> Callable[[Path], str]:
    """Serve a folder on 127.0.0.1 at an ephemeral port; returns the base URL."""
    import functools
    import http.server
    import threading

    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(_StaticHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def single_threaded(monkeypatch: pytest.MonkeyPatch) -> None:
    # The test runner has threads of its own; the forked work in these tests takes no lock,
    # so forking is safe.
    monkeypatch.setattr(background.threading, "active_count", lambda: 1)


# --- Tiers: `build` for tests that build a site, `browser` for tests that drive Chromium ---

#: Names whose use in a test (or in a fixture it uses) means it builds a real site.
BUILDERS = frozenset({"run_build", "build_in_process"})
#: Fixtures that drive Chromium.
BROWSER_FIXTURES = frozenset({"browser", "page"})


def _code_objects(function: object) -> Iterator[CodeType]:
    code = getattr(function, "__code__", None)
    stack = [code] if isinstance(code, CodeType) else []
    while stack:
        code = stack.pop()
        yield code
        stack.extend(c for c in code.co_consts if isinstance(c, CodeType))


def _builds(function: object) -> bool:
    """Does `function` (or a function defined in it) build a site, by our helpers or by
    running ``mkdocs build``/``mkdocs serve``?"""
    for code in _code_objects(function):
        if BUILDERS & set(code.co_names):
            return True
        strings = {c for c in code.co_consts if isinstance(c, str)}
        if "mkdocs" in strings and strings & {"build", "serve"}:
            return True
    return False


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that builds a site `build` and every browser test `browser`, also
    when its author forgot: `scripts/test --quick` leaves both out."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        info = getattr(item, "_fixtureinfo", None)
        definitions = getattr(info, "name2fixturedefs", {}) if info is not None else {}
        functions = [getattr(item, "function", None)]
        functions += [d.func for defs in definitions.values() for d in defs]
        if any(_builds(function) for function in functions):
            item.add_marker(pytest.mark.build)
