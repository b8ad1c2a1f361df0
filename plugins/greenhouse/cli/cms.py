"""``greenhouse cms``: the web editor on this machine, against this checkout."""

from __future__ import annotations

import os
import subprocess
import sys

import click

from greenhouse.cms.server import (
    LOCAL_BACKEND_ENV,
    LOCAL_MODE_ENV,
    MODES,
    ServerUnavailable,
    decap_server,
    free_port,
    stop,
)


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
    type=int,
    default=8000,
    show_default=True,
    help="Port of the portal on 127.0.0.1 (0: any free port).",
)
@click.pass_obj
def cms(get_project, mode: str, port: int) -> None:
    """Run the web editor locally: decap-server and the portal, on 127.0.0.1 only.

    Open the printed address, press Login (no account needed: the local backend
    saves as you), and add or edit content. The portal beside it rebuilds when files
    change; the editor's own page is never reloaded under you. Ctrl-C stops both.

    \b
    Examples:
      greenhouse cms
      greenhouse cms --mode git --port 8001
    """
    project = get_project()
    port = port or free_port()
    try:
        with decap_server(project.root, mode=mode) as backend:
            env = {
                **os.environ,
                LOCAL_BACKEND_ENV: backend.url,
                LOCAL_MODE_ENV: mode,
                # The portal's mkdocs.yml reads its address from SITE_URL.
                "SITE_URL": f"http://127.0.0.1:{port}/",
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
            click.echo(f"cms: decap-server ({mode} mode) on {backend.url}", err=True)
            click.echo(f"cms: open http://127.0.0.1:{port}/admin/ (Ctrl-C stops both)", err=True)
            portal = subprocess.Popen(command, env=env, cwd=project.root)
            try:
                portal.wait()
            except KeyboardInterrupt:
                pass
            finally:
                stop(portal)
    except ServerUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    except KeyboardInterrupt:
        pass
    click.echo("cms: stopped", err=True)
