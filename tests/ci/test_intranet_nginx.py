"""The intranet setup of docs/publishing.md, run for real: nginx in front of the portal.

The nginx server block is taken from the page itself, so the page cannot drift from
what was tested. It runs on 127.0.0.1 with the site under /learning/; a small server
stands in for oauth2-proxy: a request with its session cookie is let through, any other
is sent to sign in.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import secrets
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .helpers import REPO, unused_local_port

PUBLISHING = REPO / "docs" / "publishing.md"
SESSION_COOKIE = "_oauth2_proxy=signed-in"
IDENTITY_PROVIDER = "https://login.example.com/authorize"

SITE = {
    "index.html": "<h1>Greenhouse</h1>",
    "404.html": "<h1>Nothing here</h1>",
    "workshops/intro-to-kotlin/index.html": "<h1>Intro to Kotlin</h1>",
    "catalogue/index.html": "<h1>Catalogue</h1>",
    "calendar.ics": "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
}

pytestmark = pytest.mark.skipif(
    shutil.which("nginx") is None and not os.environ.get("CI"),
    reason="nginx is not installed (Debian: apt-get install nginx-light); CI always runs this",
)


def documented_server_block() -> str:
    blocks = re.findall(r"```nginx\n(.*?)```", PUBLISHING.read_text(), re.DOTALL)
    assert blocks, "docs/publishing.md has no nginx example"
    return blocks[0]


@dataclass
class SignInStandIn:
    """What oauth2-proxy answers nginx, and what nginx asked it."""

    port: int = 0
    sign_in_redirects: list[str] = field(default_factory=list)


def stand_in_handler(state: SignInStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/oauth2/auth":
                signed_in = SESSION_COOKIE in (self.headers.get("Cookie") or "")
                self.send_response(202 if signed_in else 401)
            elif self.path.startswith("/oauth2/sign_in"):
                state.sign_in_redirects.append(self.headers.get("X-Auth-Request-Redirect", ""))
                self.send_response(302)
                self.send_header("Location", IDENTITY_PROVIDER)
            else:
                self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    return Handler


@contextlib.contextmanager
def oauth2_proxy_stand_in() -> Iterator[SignInStandIn]:
    state = SignInStandIn()
    server = ThreadingHTTPServer(("127.0.0.1", 0), stand_in_handler(state))
    state.port = server.server_port
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


#: The Host of the requests that ask nginx for the token of `nginx_config`.
PROBE_HOST = "probe.invalid"


def nginx_config(tmp_path: Path, port: int, proxy_port: int, root: Path, token: str) -> Path:
    """The documented server block on 127.0.0.1:`port`, plus a server for `PROBE_HOST`
    that answers `token`: an answer with it comes from this nginx, not from whatever else
    took the port."""
    server = documented_server_block()
    # oauth2-proxy's address first: the port given to nginx may start with 4180 too.
    server = server.replace("127.0.0.1:4180", f"127.0.0.1:{proxy_port}")
    server = re.sub(r"listen 443 ssl;", f"listen 127.0.0.1:{port};", server)
    server = re.sub(r"\n\s*ssl_certificate\S*\s+[^;]+;", "", server)
    server = server.replace("/srv/greenhouse", str(root))
    server += (
        f'\nserver {{ listen 127.0.0.1:{port}; server_name {PROBE_HOST}; return 200 "{token}"; }}\n'
    )
    temp = tmp_path / "nginx-temp"
    temp.mkdir(exist_ok=True)
    # As root, nginx's workers would otherwise drop to a user who cannot read tmp_path.
    user = "user root;" if os.geteuid() == 0 else ""
    config = tmp_path / "nginx.conf"
    config.write_text(
        f"""
        {user}
        worker_processes 1;
        pid {tmp_path}/nginx.pid;
        error_log {tmp_path}/error.log;
        events {{}}
        http {{
            include /etc/nginx/mime.types;
            default_type application/octet-stream;
            access_log off;
            client_body_temp_path {temp}/body;
            proxy_temp_path {temp}/proxy;
            fastcgi_temp_path {temp}/fastcgi;
            uwsgi_temp_path {temp}/uwsgi;
            scgi_temp_path {temp}/scgi;
            {server}
        }}
        """
    )
    return config


@dataclass
class Intranet:
    port: int
    stand_in: SignInStandIn

    def get(self, path: str, signed_in: bool) -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {"Host": "intranet.example.com"}
        if signed_in:
            headers["Cookie"] = SESSION_COOKIE
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode()
        finally:
            connection.close()


@pytest.fixture
def intranet(tmp_path: Path) -> Iterator[Intranet]:
    root = tmp_path / "srv"
    for relative, text in SITE.items():
        path = root / "learning" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    with oauth2_proxy_stand_in() as stand_in:
        # nginx cannot be given port 0: a free port is picked, and picked again if another
        # process takes it before nginx binds it (nginx then stops, or another answers).
        stopped = ""
        for _ in range(5):
            port, token = unused_local_port(), secrets.token_hex(8)
            config = nginx_config(tmp_path, port, stand_in.port, root, token)
            command = [
                nginx,
                "-p",
                str(tmp_path),
                "-c",
                str(config),
                "-e",
                str(tmp_path / "error.log"),
            ]
            checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
            assert checked.returncode == 0, checked.stderr
            process = subprocess.Popen([*command, "-g", "daemon off;"], stderr=subprocess.PIPE)
            try:
                if answers_with(port, token, process):
                    yield Intranet(port, stand_in)
                    return
                stopped = (
                    process.stderr.read().decode()
                    if process.poll() is not None and process.stderr
                    else stopped
                )
            finally:
                process.terminate()
                process.wait(timeout=10)
        pytest.fail(f"nginx found no port of its own in five tries: {stopped}")


def answers_with(port: int, token: str, process: subprocess.Popen[bytes]) -> bool:
    """Whether nginx (`process`) answers on `port` within 10 s: the probe server's `token`
    comes back. False if it stopped (the port was taken) or something else answers."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("GET", "/", headers={"Host": PROBE_HOST})
            return connection.getresponse().read().decode() == token
        except OSError:
            time.sleep(0.05)
        finally:
            connection.close()
    pytest.fail("nginx did not start listening within 10 s")


def test_a_visitor_without_a_session_is_sent_to_sign_in_and_back(intranet: Intranet) -> None:
    shared_filter = "/learning/catalogue/?competency=kotlin&level=intro"

    status, headers, body = intranet.get(shared_filter, signed_in=False)

    assert status == 302
    assert headers["Location"] == IDENTITY_PROVIDER
    assert "Catalogue" not in body
    # After signing in, oauth2-proxy returns to this: the whole address, filters included.
    assert intranet.stand_in.sign_in_redirects == [shared_filter]


def test_a_signed_in_visitor_gets_the_portal_under_learning(intranet: Intranet) -> None:
    status, _, body = intranet.get("/learning/workshops/intro-to-kotlin/", signed_in=True)
    assert (status, body) == (200, SITE["workshops/intro-to-kotlin/index.html"])

    status, _, body = intranet.get("/learning/", signed_in=True)
    assert (status, body) == (200, SITE["index.html"])

    status, headers, _ = intranet.get("/", signed_in=True)
    assert status == 302
    assert urlsplit(headers["Location"]).path == "/learning/"


def test_a_missing_page_is_the_portals_404_page(intranet: Intranet) -> None:
    status, _, body = intranet.get("/learning/workshops/no-such-thing/", signed_in=True)

    assert (status, body) == (404, SITE["404.html"])


def test_calendar_feeds_are_served_as_calendars(intranet: Intranet) -> None:
    status, headers, body = intranet.get("/learning/calendar.ics", signed_in=True)

    assert status == 200
    assert headers["Content-Type"].startswith("text/calendar")
    assert body.startswith("BEGIN:VCALENDAR")


def test_without_a_session_even_a_calendar_feed_needs_sign_in(intranet: Intranet) -> None:
    # The documented default; opening the feeds is the optional location beside it.
    status, _, _ = intranet.get("/learning/calendar.ics", signed_in=False)

    assert status == 302
