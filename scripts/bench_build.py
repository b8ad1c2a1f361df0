"""Benchmark the portal build and the catalogue at scale (figures go to docs/performance.md).

    .venv/bin/python scripts/bench_build.py [--sizes 1000 5000 10000] [--compare 5000]
        [--repeat N] [--breakdown] [--no-browser]

For each size it generates content (scripts/generate_content.py), builds the full portal in
one ``mkdocs build`` process and measures its CPU time (user + system, of the build and of
every process it started: ``getrusage(RUSAGE_CHILDREN)``) and its wall-clock time. CPU time
is the figure to compare: the machines are shared, and wall time says more about the
neighbours than about the build. At `--compare` items it also builds the same Markdown with
plain Material in the same run and prints the CPU and wall ratios against two baselines:
"plain" (Material's defaults, a one-entry nav, no plugin at all: the target's baseline) and
"themed" (the portal's theme settings and Markdown extensions with Material's default search
plugin, no template overrides, and our plugins off: what our plugins and templates add); it
measures the catalogue's first view in Chromium (every file the page asks for until its
filter is ready, gzipped) and the time a filter takes. `--repeat` builds each site N times,
alternating portal and the baselines, and prints every figure; `--breakdown` then prints
where one portal build's time went (scripts/build_breakdown.py).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
from generate_content import generate  # noqa: E402

NOW = "2026-11-22T12:00:00+01:00"


ENV = {**os.environ, "GREENHOUSE_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"}


def build(config: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (the build and every process it started) of one build."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
        check=True,
        env=ENV,
        capture_output=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def breakdown(config: Path) -> str:
    script = REPO / "scripts" / "build_breakdown.py"
    result = subprocess.run(
        [sys.executable, str(script), str(config)],
        check=True,
        env=ENV,
        capture_output=True,
        text=True,
    )
    return result.stdout


def spread(values: list[float], unit: str = " s") -> str:
    shown = ", ".join(f"{v:.1f}" for v in values)
    return f"{min(values):.1f}{unit} (min of {shown})" if len(values) > 1 else f"{shown}{unit}"


def portal_config(root: Path) -> Path:
    config = root / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {REPO / 'mkdocs.yml'}\ndocs_dir: content\nsite_dir: {root / 'site'}\n"
        f"theme:\n  custom_dir: {REPO / 'overrides'}\n",
        encoding="utf-8",
    )
    return config


def plain_config(root: Path) -> Path:
    """The same Markdown with plain Material: no greenhouse plugins, a short nav, no catalogues."""
    plain = root / "plain"
    shutil.copytree(root / "content", plain / "content", ignore=shutil.ignore_patterns("framework"))
    config = plain / "mkdocs.yml"
    config.write_text(
        "site_name: Plain\ndocs_dir: content\nsite_dir: site\nuse_directory_urls: true\n"
        "theme: {name: material, font: false}\nnav:\n  - Home: index.md\nplugins: []\n"
        "validation: {nav: {omitted_files: ignore}, links: {unrecognized_links: ignore}}\n",
        encoding="utf-8",
    )
    return config


def themed_config(root: Path) -> Path:
    """The same Markdown with the portal's theme and Markdown settings, our plugins off."""
    from mkdocs.utils.yaml import yaml_load

    with (REPO / "mkdocs.yml").open(encoding="utf-8") as source:
        portal = yaml_load(source)
    theme = {k: v for k, v in portal["theme"].items() if k != "custom_dir"}
    config = root / "plain" / "themed.yml"
    config.write_text(
        json.dumps(
            {
                "site_name": "Themed",
                "docs_dir": "content",
                "site_dir": "site-themed",
                "use_directory_urls": True,
                "theme": theme,
                "markdown_extensions": portal["markdown_extensions"],
                "nav": [{"Home": "index.md"}],
                "plugins": ["search"],
                "validation": {
                    "nav": {"omitted_files": "ignore"},
                    "links": {"unrecognized_links": "ignore"},
                },
            }
        ),
        encoding="utf-8",
    )
    return config


def gzipped(site: Path, url: str) -> int:
    """Bytes a server that gzips would send for `url` of the site (as a CDN or nginx does)."""
    path = urllib.parse.urlsplit(url).path.lstrip("/")
    file = site / path / "index.html" if path == "" or path.endswith("/") else site / path
    return len(gzip.compress(file.read_bytes(), 6)) if file.is_file() else 0


#: Notes, in the page, when the catalogue's filter has become ready: what was asked for
#: before then is the first view, what comes after is loaded while idle.
READY_CLOCK = """
new MutationObserver((changes, observer) => {
  if (document.querySelector("[data-gh-catalogue][data-ready]")) {
    window.__ghReadyAt = performance.now();
    observer.disconnect();
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-ready"] });
"""


def browser_figures(site: Path) -> tuple[int, int, list[float]]:
    """In Chromium, from an empty cache: the gzipped bytes of every file the catalogue's
    first view fetches (what the page asks for until its filter is ready), of what it
    fetches later while idle (the filter's titles, the header search's engine), and the
    milliseconds the filter takes (filter + counts + first cards) for a few selections."""
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    timings = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu"],
        )
        page = browser.new_page()
        page.add_init_script(READY_CLOCK)
        # Resource timing says when the page asked for a file; the requests seen here
        # include any a worker makes, which the page's timing would not list.
        fetched: list[str] = []
        page.on("request", lambda request: fetched.append(request.url))
        address = f"http://127.0.0.1:{server.server_address[1]}/catalogue/"
        page.goto(address, wait_until="load")
        page.wait_for_selector("[data-gh-catalogue][data-ready]")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(3000)  # idle callbacks wait up to 3 s
        page.wait_for_load_state("networkidle")
        ready_at, resources = page.evaluate(
            "() => [window.__ghReadyAt, performance.getEntriesByType('resource')"
            ".map((e) => [e.name, e.startTime])]"
        )
        first_view = [address] + [url for url, start in resources if start <= ready_at]
        later = [url for url in fetched if url not in first_view]
        for selector in (
            'input[name="level"]',
            'input[name="competency"]',
            'input[name="format"]',
            'input[name="language"]',
        ):
            page.locator(selector).first.check()
            timings.append(
                float(page.locator("[data-gh-catalogue]").get_attribute("data-apply-ms"))
            )
        browser.close()
    server.shutdown()
    # A file asked for twice comes once over the network, then from the cache.
    first_files = dict.fromkeys(first_view)
    idle_files = [url for url in dict.fromkeys(later) if url not in first_files]
    first = sum(gzipped(site, url) for url in first_files)
    idle = sum(gzipped(site, url) for url in idle_files)
    return first, idle, timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument(
        "--compare",
        type=int,
        nargs="+",
        default=[5000],
        help="sizes at which to build the plain Material baselines too and print the ratios",
    )
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--breakdown", action="store_true")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium figures")
    args = parser.parse_args()
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            generate(root, size)
            portal_yml = portal_config(root)
            compare = size in args.compare
            baselines: dict[str, Path] = {}
            if compare:
                baselines["plain"] = plain_config(root)
                baselines["themed"] = themed_config(root)  # uses the copy plain_config made
            portal: list[tuple[float, float]] = []
            base: dict[str, list[tuple[float, float]]] = {name: [] for name in baselines}
            for _ in range(args.repeat):
                portal.append(build(portal_yml))
                for name, config in baselines.items():
                    base[name].append(build(config))
            walls = [w for w, _ in portal]
            cpus = [c for _, c in portal]
            print(
                f"{size} items: portal CPU {spread(cpus)}, "
                f"{min(cpus) / size * 1000:.2f} ms of CPU per item; wall {spread(walls)}"
            )
            for name, runs in base.items():
                base_cpus = [c for _, c in runs]
                cpu_ratios = [p / q for (_, p), (_, q) in zip(portal, runs, strict=True)]
                wall_ratios = [p / q for (p, _), (q, _) in zip(portal, runs, strict=True)]
                print(
                    f"{size} items: {name} Material CPU {spread(base_cpus)}; "
                    f"wall {spread([w for w, _ in runs])}; portal/{name} CPU per run "
                    f"{', '.join(f'{r:.2f}x' for r in cpu_ratios)} "
                    f"(of minima {min(cpus) / min(base_cpus):.2f}x); wall per run "
                    f"{', '.join(f'{r:.2f}x' for r in wall_ratios)}"
                )
            if args.breakdown:
                print(breakdown(portal_yml))
            if compare and not args.no_browser:
                first, idle, timings = browser_figures(root / "site")
                print(
                    f"{size} items: catalogue first view {first / 1024:.0f} KB gzipped "
                    f"(every file until the filter is ready), then {idle / 1024:.0f} KB while idle"
                )
                print(
                    f"{size} items: filter apply in Chromium {max(timings):.1f} ms at most "
                    f"({', '.join(f'{t:.1f}' for t in timings)})"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
