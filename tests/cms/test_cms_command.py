"""`greenhouse cms` and `mkdocs serve` as a person runs them: real processes, real ports.

The command is started as a subprocess on the mini site; its messages, its exit code,
what its ports answer and whether they close after a signal are what a person sees.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.build

GREENHOUSE = Path(sys.executable).with_name("greenhouse")
READY = re.compile(
    r"the editor is ready at (http://127\.0\.0\.1:(\d+)/admin/) \(saving through http://127\.0\.0\.1:(\d+)/api/v1"
)
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(url: str) -> str:
    with DIRECT.open(url, timeout=30) as response:
        return response.read().decode("utf-8")


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


class Running:
    """`greenhouse cms` in the background, its stderr read line by line."""

    def __init__(self, site: Path, *args: str) -> None:
        self.process = subprocess.Popen(
            [str(GREENHOUSE), "-f", str(site / "mkdocs.yml"), "cms", *args],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        self.lines: list[str] = []

    def wait_for_ready(self) -> re.Match[str]:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line)
            found = READY.search(line)
            if found:
                return found
        pytest.fail("greenhouse cms stopped before it was ready:\n" + "".join(self.lines))

    def rest(self) -> str:
        assert self.process.stderr is not None
        return "".join(self.lines) + self.process.stderr.read()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait(timeout=60)


@pytest.fixture
def running(mini_site: Path, server_command: list[str]) -> Iterator[Running]:
    cms = Running(mini_site)
    yield cms
    cms.close()


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_every_stop_signal_stops_the_portal_and_the_backend(
    running: Running, stop: signal.Signals
) -> None:
    ready = running.wait_for_ready()
    admin, portal_port, backend_port = ready[1], int(ready[2]), int(ready[3])
    assert portal_port != 8000, "the port of scripts/serve"
    config = yaml.safe_load(fetch(admin + "config.yml"))
    assert config["local_backend"]["url"] == f"http://127.0.0.1:{backend_port}/api/v1"
    assert "decap-cms.js" in fetch(admin)
    assert listening(backend_port)

    running.process.send_signal(stop)
    code = running.process.wait(timeout=60)

    assert code == 0
    assert "cms: stopped" in running.rest()
    assert "Traceback" not in running.rest()
    assert not listening(portal_port), "mkdocs serve is still listening"
    assert not listening(backend_port), "the editor's backend is still listening"


def test_the_servers_stop_even_when_the_command_is_killed(running: Running) -> None:
    ready = running.wait_for_ready()

    running.process.kill()
    running.process.wait()

    ports = (int(ready[2]), int(ready[3]))
    deadline = time.monotonic() + 30  # a bound on the wait, not an assertion on time
    while any(listening(port) for port in ports) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(listening(port) for port in ports)


def test_the_address_is_printed_only_once_the_editor_answers(running: Running) -> None:
    ready = running.wait_for_ready()
    # The very next request succeeds: nothing was printed before the portal served.
    assert "decap-cms.js" in fetch(ready[1])
    assert sum("http://127.0.0.1" in line and "/admin/" in line for line in running.lines) == 1


def test_a_busy_port_is_named_and_the_exit_code_says_it_failed(
    mini_site: Path, server_command: list[str]
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [str(GREENHOUSE), "-f", str(mini_site / "mkdocs.yml"), "cms", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=120,
        )

    assert result.returncode == 1
    assert f"port {port} on 127.0.0.1 is busy" in result.stderr
    assert "Traceback" not in result.stderr
    assert "/admin/" not in result.stderr.replace("at /admin/", "")


def test_a_portal_that_cannot_start_is_an_error_not_a_url(
    mini_site: Path, server_command: list[str]
) -> None:
    # A config that loads, and a serve that stops before it serves (as a broken plugin
    # or theme would).
    (mini_site / "stop_serve.py").write_text(
        "def on_startup(command, dirty):\n"
        "    if command == 'serve':\n"
        "        raise SystemExit(3)\n",
        encoding="utf-8",
    )
    config = mini_site / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "hooks:\n  - stop_serve.py\n", encoding="utf-8"
    )

    result = subprocess.run(
        [str(GREENHOUSE), "-f", str(config), "cms"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )

    assert result.returncode == 1
    assert "the portal (mkdocs serve) stopped before serving, with exit code 3" in result.stderr
    assert "ready at" not in result.stderr
    assert "Traceback" not in result.stderr


# --- /admin/ in a local preview --------------------------------------------------------


@pytest.fixture
def preview(mini_site: Path) -> Iterator[str]:
    """`mkdocs serve` of the mini site, as scripts/serve runs it; yields its base URL."""
    for _ in range(5):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(mini_site / "mkdocs.yml")]
        process = subprocess.Popen(
            [*command, "--dev-addr", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        try:
            while process.poll() is None:
                try:
                    fetch(f"http://127.0.0.1:{port}/")
                    break
                except OSError:
                    time.sleep(0.2)
            if process.poll() is None:  # ours answered, not another server on that port
                yield f"http://127.0.0.1:{port}/"
                return
        finally:
            process.terminate()
            process.wait()
    pytest.fail("mkdocs serve did not start on any of 5 ports")


def test_admin_in_a_local_preview_says_how_to_edit_locally(preview: str) -> None:
    page = fetch(preview + "admin/")

    assert "greenhouse cms" in page
    assert "cannot work here" in page
    assert "decap-cms.js" not in page
    assert "Login with GitHub" not in page
