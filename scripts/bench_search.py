#!/usr/bin/env python3
"""Benchmark: the first search's download with Pagefind against Material's whole index.

Generates N items (default 5,000), builds the same pages twice with a short nav:
  ours      greenhouse/search (records + Pagefind index)
  material  Material's built-in search plugin (one search_index.json)
then, in headless Chromium on 127.0.0.1, types a query into our header search and sums
the bytes of every Pagefind file the browser fetched until the results showed, and the
time from the keystroke to the results. Goals: at most 10% of Material's index, and
results within 300 ms.

    .venv/bin/python scripts/bench_search.py --items 5000
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import ClassVar

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_content import generate

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
NOW = "2026-11-22T12:00:00+01:00"


def build(root: Path, name: str, plugins: str) -> tuple[Path, float]:
    """Build root/content into root/<name> with the given plugins list; (site, seconds)."""
    config = root / f"{name}.yml"
    config.write_text(
        f"INHERIT: {REPO / 'mkdocs.yml'}\ndocs_dir: content\nsite_dir: {root / name}\n"
        f"theme:\n  custom_dir: {REPO / 'overrides'}\nplugins: {plugins}\n",
        encoding="utf-8",
    )
    env = {**os.environ, "GREENHOUSE_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], check=True, env=env
    )
    return root / name, time.perf_counter() - started


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".wasm": "application/wasm",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass


STAMPS = """() => {
  const box = document.getElementById('gh-search-input');
  box.addEventListener('input', () => { window.__typed ??= performance.now(); });
  new MutationObserver(() => {
    if (document.querySelector('.gh-search__hit')) window.__shown ??= performance.now();
  }).observe(document.body, {childList: true, subtree: true});
}"""
"""Stamps the moment of typing and of the first result inside the page: the browser's own
figure, without Playwright's round trips."""


def first_query(site: Path, query: str) -> dict[str, float]:
    """Bytes and files of Pagefind fetched for a first query, and ms until results show:
    `cold_ms` typing straight after the page loads, `focused_ms` typing after the box got
    focus (and fetched the index's entry point), as a person clicking into it does."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    figures: dict[str, float] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            for mode in ("cold", "focused"):
                context = browser.new_context()  # an empty cache each time
                page = context.new_page()
                sizes: dict[str, int] = {}

                def count(response, sizes=sizes) -> None:  # type: ignore[no-untyped-def]
                    if "/pagefind/" in response.url:
                        sizes[response.url] = len(response.body())

                page.on("response", count)
                page.goto(base)
                page.evaluate(STAMPS)
                box = page.locator("#gh-search-input")
                if mode == "focused":
                    box.focus()
                    page.wait_for_load_state("networkidle")
                    page.wait_for_timeout(300)
                box.fill(query)
                page.wait_for_selector(".gh-search__hit")
                figures[f"{mode}_ms"] = page.evaluate("window.__shown - window.__typed")
                page.wait_for_load_state("networkidle")
                if mode == "cold":
                    figures["bytes"] = sum(sizes.values())
                    figures["files"] = len(sizes)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--query", default="kotlin")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        print(f"generating {args.items} items ...", file=sys.stderr)
        generate(root, args.items)
        print("building with greenhouse/search ...", file=sys.stderr)
        ours, ours_s = build(root, "ours", "[greenhouse/content, greenhouse/search]")
        print("building with Material's search ...", file=sys.stderr)
        material, material_s = build(root, "material", "[greenhouse/content, material/search]")
        index = (material / "search" / "search_index.json").read_bytes()
        raw, gzipped = len(index), len(gzip.compress(index, 6))
        pages = sum(1 for _ in (ours / "pagefind" / "fragment").iterdir())
        records = (ours / "search" / "records.json").read_text(encoding="utf-8").count("\n") - 1
        print("measuring the first query in Chromium ...", file=sys.stderr)
        measured = first_query(ours, args.query)
    fetched, files = int(measured["bytes"]), int(measured["files"])
    kb = 1024
    print(f"items {args.items}, pages indexed by Pagefind {pages}, records {records}")
    print(f"build with greenhouse/search  {ours_s:6.1f} s")
    print(f"build with material/search    {material_s:6.1f} s")
    print(f"Material search_index.json    {raw / kb:8.0f} KB raw, {gzipped / kb:6.0f} KB gzipped")
    print(f"first query '{args.query}' fetched   {fetched / kb:8.0f} KB in {files} Pagefind files")
    print(f"ratio to raw index            {fetched / raw:8.1%}   (goal <= 10%)")
    print(f"ratio to gzipped index        {fetched / gzipped:8.1%}")
    print(f"results shown, typing at once {measured['cold_ms']:8.0f} ms")
    print(f"results shown, box focused    {measured['focused_ms']:8.0f} ms (goal <= 300 ms)")
    return 0 if fetched <= raw * 0.10 and measured["focused_ms"] <= 300 else 1


if __name__ == "__main__":
    sys.exit(main())
