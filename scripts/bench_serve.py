"""How long ``mkdocs serve`` takes to show an edited item page again (figures go to
docs/performance.md).

    .venv/bin/python scripts/bench_serve.py [--items 5000] [--edits 3] [--full]

Generates content (scripts/generate_content.py), starts ``mkdocs serve --dirty`` as
``scripts/serve`` does (on 127.0.0.1, a free port, retried if another process takes it
first), waits for the first build, then edits one item's text and polls its page until the
new text is served. It prints, per edit, the wall-clock seconds from saving the file to
the page showing it, the CPU seconds the serve process spent meanwhile (user + system,
from /proc: Linux only), and the CPU it spent in all on the rebuild, the feeds and search
files written after the page included. ``--full`` serves without ``--dirty``: every page
is drawn again on each edit.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
from bench_build import ENV, portal_config  # noqa: E402
from generate_content import generate  # noqa: E402

ITEM = "courses"  # the folder of the edited item


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process `pid` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def settled(pid: int, limit: float = 300.0) -> float:
    """Wait until the server is idle (under 0.05 s of CPU in half a second); its CPU then.
    A server still busy after `limit` seconds ends the benchmark."""
    last = cpu_seconds(pid)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = cpu_seconds(pid)
        if now - last < 0.05:
            return now
        last = now
    raise SystemExit(f"bench_serve: the server was still busy after {limit:.0f} s")


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return str(answer.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def start_serve(
    config: Path, full: bool, marker: str, page: str
) -> tuple[subprocess.Popen[bytes], str]:
    """``mkdocs serve`` on a free port, once its first build is served; retried on a port
    another process took meanwhile. The page must carry `marker`: it is our own server."""
    for _ in range(5):
        port = free_port()
        # With livereload off, MkDocs watches nothing: keep it on (it only adds a script).
        command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config)]
        command += ["--dev-addr", f"127.0.0.1:{port}", *([] if full else ["--dirty"])]
        server = subprocess.Popen(
            command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        base = f"http://127.0.0.1:{port}/"
        while server.poll() is None:
            html = fetch(base + page)
            if html is not None and marker in html:
                return server, base
            time.sleep(0.5)
        # It exited: most likely the port was taken between probing and binding.
    raise SystemExit("mkdocs serve did not start (5 ports tried)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--full", action="store_true", help="serve without --dirty")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root, args.items)
        config = portal_config(root)
        source = sorted((root / "content" / ITEM).glob("*.md"))[0]
        page = f"{ITEM}/{source.stem}/"
        text = source.read_text(encoding="utf-8")
        marker = f"first-build-{os.getpid()}"
        source.write_text(f"{text}\n\n{marker}\n", encoding="utf-8")
        started = time.perf_counter()
        server, base = start_serve(config, args.full, marker, page)
        first = time.perf_counter() - started
        mode = "mkdocs serve" if args.full else "mkdocs serve --dirty"
        print(f"{mode}, {args.items} items: first build served after {first:.1f} s", flush=True)
        try:
            for edit in range(1, args.edits + 1):
                settled(server.pid)
                marker = f"edit-{edit}-{os.getpid()}"
                cpu_before = cpu_seconds(server.pid)
                saved = time.perf_counter()
                source.write_text(f"{text}\n\n{marker}\n", encoding="utf-8")
                while marker not in (fetch(base + page) or ""):
                    if server.poll() is not None:
                        raise SystemExit("mkdocs serve exited")
                    idle = cpu_seconds(server.pid) - cpu_before < 1
                    if idle and time.perf_counter() - saved > 10:
                        # The watcher has not seen the edit (it may still have been taking
                        # its first snapshot of content/): save again, time from there.
                        saved = time.perf_counter()
                        source.write_text(f"{text}\n\n{marker}\n\n", encoding="utf-8")
                    time.sleep(0.1)
                wall = time.perf_counter() - saved
                cpu = cpu_seconds(server.pid) - cpu_before
                total = settled(server.pid) - cpu_before
                print(
                    f"{mode}, {args.items} items: edit {edit} shown after {wall:.1f} s wall, "
                    f"{cpu:.1f} s of the server's CPU ({total:.1f} s with the files written "
                    "after the page)",
                    flush=True,
                )
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
