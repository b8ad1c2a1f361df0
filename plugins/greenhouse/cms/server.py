"""Running the editor's local backend: decap-server's middleware behind our guard.

``local_server.js`` (beside this module) mounts decap-server's own ``fs`` or ``git``
handlers in an Express app that first refuses any request whose Host is not the
loopback address it listens on, whose Origin (when the browser sends one) is not the
portal's, whose action the editor does not use, or that names a path outside the
content folder (symbolic links followed). It listens on 127.0.0.1 only, on a port the
system picks, and says which once it is ready.

In ``git`` mode each saved entry becomes a ``cms/<collection>/<slug>`` branch, checked
out briefly in the repository's working tree; in ``fs`` mode files are written straight
into ``content/``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from greenhouse.cms.config import LocalBackend

MODES = ("fs", "git")
#: How `greenhouse cms` tells the build about the local backend (read by greenhouse/cms).
LOCAL_BACKEND_ENV = "GREENHOUSE_CMS_LOCAL_BACKEND"
LOCAL_MODE_ENV = "GREENHOUSE_CMS_MODE"
MIDDLEWARES = "scripts/node/node_modules/decap-server/dist/middlewares.js"
GUARD = Path(__file__).with_name("local_server.js")
READY_FD_ENV = "GREENHOUSE_CMS_READY_FD"
PR_SET_PDEATHSIG = 1  # linux/prctl.h

#: The checkout this package runs from, when it is installed in editable mode.
_CHECKOUT = Path(__file__).resolve().parents[3]


class ServerUnavailable(RuntimeError):
    """Node or decap-server is missing, or the server did not start; the message says why."""


def local_backend_from_env(environ: dict[str, str] | None = None) -> LocalBackend | None:
    """The local backend `greenhouse cms` started, if this build runs under it."""
    environ = dict(os.environ) if environ is None else environ
    url = environ.get(LOCAL_BACKEND_ENV)
    if not url:
        return None
    return LocalBackend(url=url, mode=environ.get(LOCAL_MODE_ENV, "git"))


def find_server_command(roots: Iterable[Path] = ()) -> list[str]:
    """``node local_server.js …/decap-server/dist/middlewares.js``, from the first root
    that has decap-server installed."""
    node = shutil.which("node")
    if node is None:
        raise ServerUnavailable("node is not installed: install Node 20, then run scripts/setup")
    for root in (*roots, _CHECKOUT):
        middlewares = root / MIDDLEWARES
        if middlewares.is_file():
            return [node, str(GUARD), str(middlewares)]
    raise ServerUnavailable("decap-server is not installed: run scripts/setup")


@contextmanager
def decap_server(
    repository: Path,
    *,
    mode: str = "git",
    content_folder: str = "content",
    origins: Sequence[str] = (),
    port: int = 0,
    command: list[str] | None = None,
    log: Path | None = None,
    timeout: float = 30.0,
) -> Iterator[LocalBackend]:
    """Run the local backend for `repository` until the block ends; yields its address.

    Only files under `content_folder` (relative to `repository`) can be read or
    written through it, and only pages served from one of `origins` (e.g.
    ``http://127.0.0.1:8000``) may call it from a browser.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    repository = repository.resolve()
    ready_read, ready_write = os.pipe()
    env = {
        **os.environ,
        "PORT": str(port),
        "MODE": mode,
        "GIT_REPO_DIRECTORY": str(repository),
        "GREENHOUSE_CMS_CONTENT": content_folder,
        "GREENHOUSE_CMS_ORIGINS": " ".join(origins),
        # decap-server's CORS answer names only the portal's origin.
        "ORIGIN": origins[0] if origins else "null",
        READY_FD_ENV: str(ready_write),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "warn"),
    }
    # Its refusals and errors go to our stderr, where the person running it looks.
    output = log.open("ab") if log is not None else 2
    try:
        process = subprocess.Popen(
            command or find_server_command([repository]),
            env=env,
            # Not the repository: nothing there (such as a .env file) is read as settings.
            cwd=GUARD.parent,
            stdout=output,
            stderr=subprocess.STDOUT,
            pass_fds=(ready_write,),
            # Its own process group: a signal to ours is handled first, then it is
            # stopped in order.
            start_new_session=True,
            preexec_fn=die_with_parent,
        )
    finally:
        os.close(ready_write)
    try:
        address = _wait_until_ready(ready_read, process, timeout)
        yield LocalBackend(url=f"http://{address}/api/v1", mode=mode)
    finally:
        os.close(ready_read)
        stop(process)
        if not isinstance(output, int):
            output.close()


def _wait_until_ready(fd: int, process: subprocess.Popen[bytes], timeout: float) -> str:
    """The ``127.0.0.1:<port>`` the server wrote to `fd` once it listened."""
    deadline = time.monotonic() + timeout
    received = b""
    while time.monotonic() < deadline:
        readable, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not readable:
            break
        chunk = os.read(fd, 256)
        if not chunk:  # the server closed it: written in full, or it stopped
            break
        received += chunk
        if received.endswith(b"\n"):
            break
    address = received.decode("ascii", "replace").strip()
    if address.startswith("127.0.0.1:"):
        return address
    try:
        code = process.wait(1)
    except subprocess.TimeoutExpired:
        raise ServerUnavailable(
            f"the editor's local backend did not start in {timeout:.0f} s"
        ) from None
    raise ServerUnavailable(
        f"the editor's local backend stopped as it started (exit code {code}; its message is above)"
    )


def die_with_parent() -> None:
    """In a child before it runs: have Linux send it SIGTERM when its parent dies, even
    of SIGKILL, so that no server is left listening. Elsewhere, nothing."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def stop(process: subprocess.Popen[bytes], timeout: float = 5.0) -> None:
    """Stop a child politely, then firmly."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
