"""Running ``decap-server``, the local backend the editor saves through on this machine.

It is bound to 127.0.0.1 (its default is every interface) on a free port. In ``git``
mode each saved entry becomes a ``cms/<collection>/<slug>`` branch, checked out
briefly in the repository's working tree; in ``fs`` mode files are written straight
into ``content/``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from greenhouse.cms.config import LocalBackend

MODES = ("fs", "git")
#: How `greenhouse cms` tells the build about the local backend (read by greenhouse/cms).
LOCAL_BACKEND_ENV = "GREENHOUSE_CMS_LOCAL_BACKEND"
LOCAL_MODE_ENV = "GREENHOUSE_CMS_MODE"
SERVER_SCRIPT = "scripts/node/node_modules/decap-server/dist/index.js"

#: The checkout this package runs from, when it is installed in editable mode.
_CHECKOUT = Path(__file__).resolve().parents[3]


class ServerUnavailable(RuntimeError):
    """Node or decap-server is missing; the message says how to install them."""


def local_backend_from_env(environ: dict[str, str] | None = None) -> LocalBackend | None:
    """The local backend `greenhouse cms` started, if this build runs under it."""
    environ = dict(os.environ) if environ is None else environ
    url = environ.get(LOCAL_BACKEND_ENV)
    if not url:
        return None
    return LocalBackend(url=url, mode=environ.get(LOCAL_MODE_ENV, "git"))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def find_server_command(roots: Iterable[Path] = ()) -> list[str]:
    """``node …/decap-server/dist/index.js`` from the first root that has it installed."""
    node = shutil.which("node")
    if node is None:
        raise ServerUnavailable("node is not installed: install Node 20, then run scripts/setup")
    for root in (*roots, _CHECKOUT):
        script = root / SERVER_SCRIPT
        if script.is_file():
            return [node, str(script)]
    raise ServerUnavailable("decap-server is not installed: run scripts/setup")


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 15.0) -> None:
    """Return once something accepts connections on 127.0.0.1:`port`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            code = process.returncode
            raise ServerUnavailable(f"decap-server stopped as it started (exit code {code})")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise ServerUnavailable(f"decap-server did not listen on 127.0.0.1:{port} in {timeout:.0f} s")


@contextmanager
def decap_server(
    repository: Path,
    *,
    mode: str = "git",
    port: int | None = None,
    command: list[str] | None = None,
    log: Path | None = None,
) -> Iterator[LocalBackend]:
    """Run decap-server against `repository` until the block ends; yields its address."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    port = port or free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "MODE": mode,
        "GIT_REPO_DIRECTORY": str(repository.resolve()),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "warn"),
    }
    output = log.open("ab") if log is not None else subprocess.DEVNULL
    process = subprocess.Popen(
        command or find_server_command([repository]),
        env=env,
        cwd=repository,
        stdout=output,
        stderr=subprocess.STDOUT,
        # Its own process group: Ctrl-C reaches us, and we stop it in order.
        start_new_session=True,
    )
    try:
        wait_for_port(port, process)
        yield LocalBackend(url=f"http://127.0.0.1:{port}/api/v1", mode=mode)
    finally:
        stop(process)
        if log is not None:
            output.close()  # type: ignore[union-attr]


def stop(process: subprocess.Popen[bytes], timeout: float = 5.0) -> None:
    """Stop a child politely, then firmly."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
