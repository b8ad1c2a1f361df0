"""``greenhouse cms``: the web editor on this machine, against this checkout."""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import click

from greenhouse.cms.server import (
    LOCAL_BACKEND_ENV,
    LOCAL_MODE_ENV,
    MODES,
    ServerUnavailable,
    decap_server,
    die_with_parent,
    stop,
)

#: Signals that end `greenhouse cms`; each stops the local backend and the portal first.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Stopped(Exception):
    """A stop signal arrived."""


@click.command()
@click.option(
    "--mode",
    type=click.Choice(MODES),
    default="fs",
    show_default=True,
    help="fs: the editor writes files into content/ and the preview shows them at once; "
    "git: each entry goes to its own cms/... branch, as a pull request would "
    "(needs a clean working tree: branches are checked out in it while saving).",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    help="Port of the portal on 127.0.0.1  [default: a free one, so that scripts/serve "
    "on 8000 can run beside it]",
)
@click.pass_obj
def cms(get_project, mode: str, port: int) -> None:
    """Run the web editor locally: decap-server and the portal, on 127.0.0.1 only.

    Open the printed address once it appears, press Login (no account needed: the
    local backend saves as you), and add or edit content. The editor can read and
    write files under content/ only. The portal beside it rebuilds when files change;
    the editor's own page is never reloaded under you. Ctrl-C stops both.

    \b
    Examples:
      greenhouse cms
      greenhouse cms --mode git --port 8001
    """
    project = get_project()
    try:
        content_folder = project.content_dir.relative_to(project.root).as_posix()
    except ValueError:
        raise click.ClickException(
            f"the content folder {project.content_dir} is outside the repository "
            f"{project.root}; the editor saves paths relative to the repository"
        ) from None
    with stop_signals():
        try:
            port = port or free_port()
            check_port_is_free(port)
            portal = f"http://127.0.0.1:{port}"
            with decap_server(
                project.root,
                mode=mode,
                content_folder=content_folder,
                origins=[portal],
            ) as backend:
                env = {
                    **os.environ,
                    LOCAL_BACKEND_ENV: backend.url,
                    LOCAL_MODE_ENV: mode,
                    # The portal's mkdocs.yml reads its address from SITE_URL.
                    "SITE_URL": f"{portal}/",
                    "NO_MKDOCS_2_WARNING": "1",
                }
                command = [
                    sys.executable,
                    "-m",
                    "mkdocs",
                    "serve",
                    "-f",
                    str(project.config_file),
                    "--dev-addr",
                    f"127.0.0.1:{port}",
                ]
                click.echo(f"cms: starting the portal on {portal}/ ...", err=True)
                # Its own session: a stop signal reaches us, and we stop it in order.
                server = subprocess.Popen(
                    command,
                    env=env,
                    cwd=project.root,
                    start_new_session=True,
                    preexec_fn=die_with_parent,
                )
                try:
                    wait_until_served(f"{portal}/admin/", server)
                    click.echo(
                        f"cms: the editor is ready at {portal}/admin/ "
                        f"(saving through {backend.url}, {mode} mode; Ctrl-C stops both)",
                        err=True,
                    )
                    code = server.wait()
                    raise click.ClickException(
                        f"the portal (mkdocs serve) stopped with exit code {code}; "
                        "its messages are above"
                    )
                finally:
                    stop(server)
        except ServerUnavailable as exc:
            raise click.ClickException(str(exc)) from None
        except Stopped:
            pass
    click.echo("cms: stopped", err=True)


@contextmanager
def stop_signals() -> Iterator[None]:
    """Turn SIGINT, SIGTERM and SIGHUP into `Stopped` inside the block, so that the
    children are stopped on the way out; the previous handlers come back after."""

    def handle(signum: int, frame: FrameType | None) -> None:
        # Once is enough: ignore further signals while the children are being stopped.
        for number in STOP_SIGNALS:
            signal.signal(number, signal.SIG_IGN)
        raise Stopped

    previous = {number: signal.signal(number, handle) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def check_port_is_free(port: int) -> None:
    with socket.socket() as probe:
        # As mkdocs serve binds: a port a stopped server left in TIME_WAIT is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise click.ClickException(
                    f"port {port} on 127.0.0.1 is busy (scripts/serve uses 8000): "
                    "choose another with --port, or leave --port out for a free one"
                ) from None
            raise click.ClickException(f"cannot use port {port} on 127.0.0.1: {error}") from None


def wait_until_served(url: str, server: subprocess.Popen[bytes]) -> None:
    """Return once the portal answers `url`; the first build may take a while."""
    # Straight to 127.0.0.1, whatever HTTP_PROXY says.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    while True:
        if server.poll() is not None:
            raise click.ClickException(
                f"the portal (mkdocs serve) stopped before serving, with exit code "
                f"{server.returncode}; its messages are above"
            )
        try:
            with opener.open(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
