"""Paths and runners shared by the tests of the CI workflows and the scripts they call."""

from __future__ import annotations

import contextlib
import functools
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = REPO / "scripts"
WORKFLOWS = REPO / ".github" / "workflows"


def clean_env(**overrides: str) -> dict[str, str]:
    """The test process's environment without what CI or a developer's shell may set."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("ALGOLIA_", "GITHUB_")) and name != "SITE_URL"
    }
    env.update(overrides)
    return env


def run_check_links(
    *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPTS / "check-links"), *map(str, args)],
        capture_output=True,
        text=True,
        env=clean_env() if env is None else env,
        timeout=120,
        check=False,
    )


@contextlib.contextmanager
def static_server(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (another origin than check-links' own server)."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def unused_local_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (closed right after it was bound)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean."""
