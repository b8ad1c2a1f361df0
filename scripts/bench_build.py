"""Benchmark the portal build and the catalogue at scale (figures go to docs/performance.md).

    .venv/bin/python scripts/bench_build.py [--sizes 1000 5000 10000] [--compare 5000]

For each size it generates content (scripts/generate_content.py), builds the full portal and
times it. At `--compare` items it also builds the same Markdown with plain Material (short
nav, our plugins off) in the same run and prints the ratio; it measures the catalogue's
first view (HTML + filter data, gzipped) and the time a filter takes in Chromium.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
from generate_content import generate  # noqa: E402

NOW = "2026-11-22T12:00:00+01:00"


def build(config: Path) -> float:
    env = {**os.environ, "GREENHOUSE_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
                   check=True, env=env, capture_output=True)
    return time.perf_counter() - started


def portal_config(root: Path) -> Path:
    config = root / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {REPO / 'mkdocs.yml'}\ndocs_dir: content\nsite_dir: {root / 'site'}\n"
        f"theme:\n  custom_dir: {REPO / 'overrides'}\n", encoding="utf-8")
    return config


def plain_config(root: Path) -> Path:
    """The same Markdown with plain Material: no greenhouse plugins, a short nav, no catalogues."""
    plain = root / "plain"
    shutil.copytree(root / "content", plain / "content",
                    ignore=shutil.ignore_patterns("framework"))
    config = plain / "mkdocs.yml"
    config.write_text(
        "site_name: Plain\ndocs_dir: content\nsite_dir: site\nuse_directory_urls: true\n"
        "theme: {name: material, font: false}\nnav:\n  - Home: index.md\nplugins: []\n"
        "validation: {nav: {omitted_files: ignore}, links: {unrecognized_links: ignore}}\n",
        encoding="utf-8")
    return config


def first_view_bytes(site: Path) -> int:
    """Gzipped bytes of what the catalogue's first view fetches that is ours: page + index."""
    parts = [site / "catalogue/index.html", site / "catalogue/facets.json",
             REPO / "overrides/assets/greenhouse/catalog.js",
             REPO / "overrides/assets/greenhouse/catalog.css"]
    return sum(len(gzip.compress(p.read_bytes(), 6)) for p in parts)


def filter_ms(site: Path) -> list[float]:
    """Milliseconds the filter takes (filter + counts + first cards), for a few selections."""
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    timings = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/catalogue/")
        page.wait_for_selector("[data-gh-catalogue][data-ready]")
        for selector in ('input[name="level"]', 'input[name="competency"]',
                         'input[name="format"]', 'input[name="language"]'):
            page.locator(selector).first.check()
            timings.append(float(page.locator("[data-gh-catalogue]").get_attribute("data-apply-ms")))
        browser.close()
    server.shutdown()
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--compare", type=int, default=5000)
    args = parser.parse_args()
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            generate(root, size)
            portal = build(portal_config(root))
            print(f"{size} items: portal build {portal:.1f} s ({portal / size * 1000:.2f} ms/item)")
            if size == args.compare:
                plain = build(plain_config(root))
                print(f"{size} items: plain Material {plain:.1f} s; ratio {portal / plain:.2f}x")
                kib = first_view_bytes(root / "site") / 1024
                print(f"{size} items: catalogue first view {kib:.0f} KB gzipped")
                timings = filter_ms(root / "site")
                print(f"{size} items: filter apply in Chromium {max(timings):.1f} ms at most "
                      f"({', '.join(f'{t:.1f}' for t in timings)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
