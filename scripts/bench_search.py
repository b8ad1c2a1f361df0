#!/usr/bin/env python3
"""Benchmark: the first search's download and latency, our index against Material's.

Generates N items (default 5,000), builds the same pages twice with a short nav:
  ours      greenhouse/search (records and the embedded index, search/index/) and
            greenhouse/catalog
  material  Material's built-in search plugin (one search_index.json)
then opens our home page in headless Chromium on 127.0.0.1 (an empty cache every run),
types a query into the header search and measures, inside the page:

  first result   from the input event of the keystroke that completes the query to the
                 animation frame that first draws a result *for that query* (results left
                 over from a shorter prefix do not count)
  first page     from the same keystroke to the first page of results, count and facets
                 all drawn

in three ways a person meets the box:
  settled   the page loaded and sat idle for a second; click the box, type at --key-delay
  at-load   click and type at --key-delay as soon as the load event fired
  paste     the whole query in one input event as soon as the load event fired

and the bytes of the index's files fetched: by an idle page before anyone types (what a
visitor who never searches pays), and in all for the first query from an empty cache.
Goals: at most 10% of Material's index, and a first result within 300 ms.

    .venv/bin/python scripts/bench_search.py --items 5000 --runs 5
    .venv/bin/python scripts/bench_search.py --workdir /tmp/bench5k          # keep builds
    .venv/bin/python scripts/bench_search.py --workdir /tmp/bench5k --reuse  # measure again
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import statistics
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
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NOW = "2026-11-22T12:00:00+01:00"
MODES = ("settled", "at-load", "paste")


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
    #: Serves this file instead of the built search.js (a baseline measured in the same run).
    search_script: ClassVar[Path | None] = None

    def translate_path(self, path: str) -> str:
        if self.search_script and path.split("?")[0] == "/assets/greenhouse/search.js":
            return str(self.search_script)
        return super().translate_path(path)

    def log_message(self, format: str, *args: object) -> None:
        pass


STAMPS = """query => {
  // Before the page's own scripts: the browser's own clock, no Playwright round trips.
  window.__stamps = {};
  const stamps = window.__stamps;
  document.addEventListener('input', (event) => {
    if (event.target.id === 'gh-search-input' && event.target.value.trim() === query) {
      stamps.typed ??= performance.now();
    }
  }, true);
  const answered = () => document.querySelector(
    `.gh-search__results[data-query="${CSS.escape(query)}"]`);
  new MutationObserver(() => {
    if (stamps.typed === undefined) return;
    const list = answered();
    const panel = document.getElementById('gh-search-panel');
    if (!list || !panel || panel.hidden) return;
    if (stamps.shown === undefined && list.querySelector('.gh-search__hit')) {
      stamps.shown = 0;
      requestAnimationFrame(() => { stamps.shown = performance.now(); });
    }
    const state = document.getElementById('gh-search').dataset.state;
    if (stamps.done === undefined && state === 'done') {
      stamps.done = 0;
      requestAnimationFrame(() => { stamps.done = performance.now(); });
    }
  }).observe(document, {childList: true, subtree: true, attributes: true});
}"""
"""Stamps, in the page, the keystroke that completes the query and the frames that draw its
first result and its whole first page."""


def measure_once(browser, base: str, query: str, mode: str, key_delay: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """One fresh context (empty cache): ms to the first result and first page, and bytes."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(script=f"({STAMPS})({query!r})")
    page = context.new_page()
    fetched: dict[str, tuple[float, int]] = {}  # by URL: a file read twice is fetched once

    def count(response) -> None:  # type: ignore[no-untyped-def]
        if "/search/index/" in response.url and response.url not in fetched:
            fetched[response.url] = (time.monotonic(), len(response.body()))

    page.on("response", count)
    page.goto(base)
    box = page.locator("#gh-search-input")
    if mode == "settled":
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)
    typing = time.monotonic()
    if mode == "paste":
        box.fill(query)
    else:
        box.click()
        page.keyboard.type(query, delay=key_delay)
    page.wait_for_function("() => window.__stamps.done > 0", timeout=30_000)
    page.wait_for_load_state("networkidle")
    stamps = page.evaluate("window.__stamps")
    total = page.evaluate("document.querySelector('.gh-search__status').textContent")
    context.close()
    return {
        "first_ms": stamps["shown"] - stamps["typed"],
        "page_ms": stamps["done"] - stamps["typed"],
        "idle_bytes": sum(size for at, size in fetched.values() if at < typing),
        "bytes": sum(size for _, size in fetched.values()),
        "files": len(fetched),
        "total": float(total.split()[0].replace(",", "")) if total[:1].isdigit() else 0.0,
    }


def measure(
    site: Path, query: str, runs: int, key_delay: int, script: Path | None = None
) -> dict[str, list[dict[str, float]]]:
    """`runs` measurements of each mode, interleaved so that a busy moment hits all modes."""
    from playwright.sync_api import sync_playwright

    serving = type("Handler", (_Quiet,), {"search_script": script})
    handler = functools.partial(serving, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    figures: dict[str, list[dict[str, float]]] = {mode: [] for mode in MODES}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(runs):
                for mode in MODES:
                    figures[mode].append(measure_once(browser, base, query, mode, key_delay))
            browser.close()
    finally:
        server.shutdown()
    return figures


def spread(values: list[float]) -> str:
    """Median and range, e.g. `182 ms (151–240)`, and every run."""
    runs = " ".join(f"{v:.0f}" for v in values)
    return f"{statistics.median(values):5.0f} ms ({min(values):.0f}–{max(values):.0f})  [{runs}]"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument(
        "--query",
        action="append",
        help="a query to type (repeatable); default 'kotlin' (in nearly every generated page) "
        "and '524' (in four)",
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--key-delay", type=int, default=150, help="ms between keystrokes")
    parser.add_argument(
        "--baseline-script",
        type=Path,
        help="also measure with this search.js served instead of ours, e.g. the previous one "
        "from `git show REV:overrides/assets/greenhouse/search.js` (it must set "
        "data-query on the results list, as ours does, for its answers to be recognised)",
    )
    parser.add_argument("--workdir", type=Path, help="build here and keep the builds")
    parser.add_argument("--reuse", action="store_true", help="measure the builds in --workdir")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = args.workdir or Path(tmp)
        ours, material = root / "ours", root / "material"
        ours_s = material_s = float("nan")
        if not (args.reuse and ours.is_dir() and material.is_dir()):
            print(f"generating {args.items} items ...", file=sys.stderr)
            generate(root, args.items)
            print("building with greenhouse/search ...", file=sys.stderr)
            ours, ours_s = build(
                root, "ours", "[greenhouse/content, greenhouse/catalog, greenhouse/search]"
            )
            print("building with Material's search ...", file=sys.stderr)
            material, material_s = build(root, "material", "[greenhouse/content, material/search]")
        index = (material / "search" / "search_index.json").read_bytes()
        raw, gzipped = len(index), len(gzip.compress(index, 6))
        pages = len(json.loads((ours / "search" / "index" / "pages.json").read_bytes())["pages"])
        records = (ours / "search" / "records.json").read_text(encoding="utf-8").count("\n") - 1
        queries = args.query or ["kotlin", "524"]
        print("measuring in Chromium ...", file=sys.stderr)
        figures = {q: measure(ours, q, args.runs, args.key_delay) for q in queries}
        baseline = {
            q: measure(ours, q, args.runs, args.key_delay, args.baseline_script)
            for q in (queries if args.baseline_script else [])
        }
    kb = 1024
    print(f"items {args.items}, pages indexed {pages}, records {records}")
    print(f"build with greenhouse/search  {ours_s:6.1f} s")
    print(f"build with material/search    {material_s:6.1f} s")
    print(f"Material search_index.json    {raw / kb:8.0f} KB raw, {gzipped / kb:6.0f} KB gzipped")
    print(f"runs {args.runs}, keystrokes {args.key_delay} ms apart; median (min–max) [each run]")
    met = True
    for query, by_mode in figures.items():
        cold = by_mode["paste"]
        fetched = max(run["bytes"] for run in cold)
        files = max(run["files"] for run in cold)
        idle = max(run["idle_bytes"] for run in by_mode["settled"])
        print(f"query '{query}': {by_mode['paste'][0]['total']:.0f} results")
        print(f"  fetched by an idle page     {idle / kb:8.0f} KB before anyone types")
        print(f"  first query fetched         {fetched / kb:8.0f} KB in {files} files of the index")
        print(f"  ratio to raw index          {fetched / raw:8.1%}   (goal <= 10%)")
        print(f"  ratio to gzipped index      {fetched / gzipped:8.1%}")
        for mode in MODES:
            print(f"  first result, {mode:8}    {spread([r['first_ms'] for r in by_mode[mode]])}")
        for mode in MODES:
            print(f"  first page,   {mode:8}    {spread([r['page_ms'] for r in by_mode[mode]])}")
        for mode in MODES if query in baseline else ():
            print(
                f"  baseline first result, {mode:8} "
                f"{spread([r['first_ms'] for r in baseline[query][mode]])}"
            )
        settled = statistics.median(r["first_ms"] for r in by_mode["settled"])
        met = met and fetched <= raw * 0.10 and settled <= 300
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
