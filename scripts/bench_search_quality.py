#!/usr/bin/env python3
"""Benchmark: how well the header search answers, against Pagefind on the same built site.

Builds the sample content (content/) once, indexes the same built pages with Pagefind
(PyPI ``pagefind[bin]``, its Python API, every page's main content), builds it once more
with Material's own search plugin (lunr, ``lang: [en, sv]``) in place of ours, serves
both on 127.0.0.1 and, in headless Chromium, asks each query of QUERIES of

  ours      the header search, typed into the box as a person would (a facet ticked
            where the query has one), the embedded index
  pagefind  Pagefind's own JavaScript API (``pagefind.js``) in the same page
  lunr      Material's search box on the second build, its results as listed
            (Pagefind's and lunr's results are filtered by URL for a facet: the site has
            no ``data-pagefind-filter`` and Material's search has no facets)

and prints, per kind of query and in all, recall@5 (of the pages a person would expect,
the share found in the first five) and MRR (1 / rank of the first expected page).

    .venv/bin/python scripts/bench_search_quality.py            # builds into a temp folder
    .venv/bin/python scripts/bench_search_quality.py --verbose  # each query's top five
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NOW = "2026-11-22T12:00:00+01:00"

#: (kind, query, facet "type:value" or "", the pages a person would expect), written by
#: reading content/. Any of the expected pages counts; recall is over all of them.
QUERIES: list[tuple[str, str, str, list[str]]] = [
    # English words, as written
    (
        "english",
        "kotlin",
        "",
        [
            "competencies/kotlin",
            "courses/kotlin-for-backend-engineers",
            "courses/introduktion-till-kotlin",
        ],
    ),
    (
        "english",
        "accessibility",
        "",
        [
            "competencies/accessibility",
            "courses/accessibility-fundamentals",
            "paths/accessibility-from-zero",
        ],
    ),
    (
        "english",
        "threat modelling",
        "",
        [
            "academy/threat-modelling-for-everyone",
            "workshops/threat-modelling-dojo",
            "hack-week/threat-model-cards",
        ],
    ),
    (
        "english",
        "typescript",
        "",
        [
            "competencies/typescript",
            "courses/typescript-deep-dive",
            "workshops/typescript-type-challenges",
        ],
    ),
    ("english", "onboarding", "", ["academy/redesigning-onboarding"]),
    ("english", "dbt", "", ["courses/analytics-engineering-with-dbt"]),
    ("english", "readme", "", ["workshops/write-a-great-readme"]),
    ("english", "guilds", "", ["academy/squads-chapters-and-guilds-explained"]),
    # Swedish words
    ("swedish", "kodgranskning", "", ["workshops/kodgranskning-i-praktiken"]),
    ("swedish", "chef", "", ["paths/ny-som-chef"]),
    ("swedish", "rekommendationer", "", ["academy/sa-bygger-vi-rekommendationer"]),
    ("swedish", "hackveckor", "", ["academy/ett-ar-av-hackveckor"]),
    ("swedish", "fika", "", ["hack-week/fikaroulette"]),
    ("swedish", "nyanlända", "", ["courses/svenska-for-nyanlanda"]),
    # Plurals and inflections (English and Swedish)
    (
        "inflection",
        "workshops",
        "",
        ["workshops/facilitering-for-alla", "competencies/facilitation"],
    ),
    (
        "inflection",
        "experiments",
        "",
        [
            "academy/what-we-learned-from-a-thousand-experiments",
            "courses/experimentation-and-ab-testing",
        ],
    ),
    (
        "inflection",
        "incidents",
        "",
        [
            "workshops/incident-commander-drill",
            "hack-week/incident-timeline-generator",
            "academy/blameless-post-incident-reviews",
        ],
    ),
    (
        "inflection",
        "interview",
        "",
        [
            "academy/structured-interviews-explained",
            "workshops/mock-interview-practice",
            "hack-week/interview-scheduler",
        ],
    ),
    (
        "inflection",
        "charts",
        "",
        ["hack-week/accessible-charts", "workshops/data-storytelling-with-charts"],
    ),
    (
        "inflection",
        "alert",
        "",
        ["workshops/alerts-that-page-for-the-right-reasons", "hack-week/cloud-cost-anomaly-alerts"],
    ),
    ("inflection", "rituals", "", ["academy/remote-first-rituals"]),
    (
        "inflection",
        "meeting",
        "",
        ["courses/english-for-meetings-and-writing", "hack-week/meeting-notes-translator"],
    ),
    (
        "inflection",
        "kurser",
        "",
        [
            "courses/introduktion-till-kotlin",
            "courses/sql-for-analytiker",
            "courses/svenska-for-nyanlanda",
        ],
    ),
    ("inflection", "analytikern", "", ["courses/sql-for-analytiker"]),
    ("inflection", "hackvecka", "", ["academy/ett-ar-av-hackveckor"]),
    # Typing mistakes
    ("typo", "kotiln", "", ["competencies/kotlin", "courses/kotlin-for-backend-engineers"]),
    (
        "typo",
        "accesibility",
        "",
        ["competencies/accessibility", "courses/accessibility-fundamentals"],
    ),
    (
        "typo",
        "reveiw",
        "",
        ["competencies/code-review", "courses/effective-code-review", "hack-week/review-nudger"],
    ),
    ("typo", "obsevability", "", ["competencies/observability"]),
    ("typo", "typescirpt", "", ["competencies/typescript", "courses/typescript-deep-dive"]),
    ("typo", "facilitaton", "", ["competencies/facilitation"]),
    # Two words
    ("two words", "code review", "", ["competencies/code-review", "courses/effective-code-review"]),
    (
        "two words",
        "machine learning",
        "",
        ["competencies/machine-learning", "courses/machine-learning-specialisation"],
    ),
    (
        "two words",
        "design systems",
        "",
        ["competencies/design-systems", "hack-week/design-token-sync"],
    ),
    (
        "two words",
        "cloud cost",
        "",
        ["workshops/cloud-cost-clinic", "hack-week/cloud-cost-anomaly-alerts"],
    ),
    ("two words", "mob testing", "", ["workshops/mob-testing"]),
    # Names of competencies and career tracks
    ("named page", "facilitation", "", ["competencies/facilitation"]),
    ("named page", "backend engineer", "", ["careers/backend-engineer"]),
    ("named page", "data scientist", "", ["careers/data-scientist"]),
    ("named page", "stakeholder management", "", ["competencies/stakeholder-management"]),
    ("named page", "engineering manager", "", ["careers/engineering-manager"]),
    # A facet with a query
    (
        "facet",
        "kotlin",
        "type:course",
        ["courses/kotlin-for-backend-engineers", "courses/introduktion-till-kotlin"],
    ),
    (
        "facet",
        "testing",
        "type:workshop",
        ["workshops/mob-testing", "workshops/screen-reader-testing-lab"],
    ),
]

#: Where a type's pages live: Pagefind's results are filtered by it.
TYPE_FOLDERS = {"course": "courses/", "workshop": "workshops/", "talk": "academy/"}


def build(site: Path, plugins: str | None = None) -> None:
    """content/ built into `site`, with the portal's plugins or the `plugins` given."""
    config = site.with_suffix(".yml")
    config.write_text(
        f"INHERIT: {REPO / 'mkdocs.yml'}\ndocs_dir: {REPO / 'content'}\nsite_dir: {site}\n"
        f"theme:\n  custom_dir: {REPO / 'overrides'}\n"
        + (f"plugins: {plugins}\n" if plugins else ""),
        encoding="utf-8",
    )
    env = {**os.environ, "GREENHOUSE_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)]
    subprocess.run(command, check=True, env=env, cwd=REPO)


#: The second build: the same pages, with Material's search (lunr) instead of ours.
LUNR_PLUGINS = "[greenhouse/content, greenhouse/directory, {material/search: {lang: [en, sv]}}]"


async def pagefind_index(site: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(root_selector="main", output_path=str(site / "pagefind"))
    async with PagefindIndex(config=config) as index:
        await index.add_directory(str(site))


def serve(site: Path) -> str:
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


def page_of(url: str, base: str) -> str:
    return url.removeprefix(base).split("#")[0].removesuffix("index.html").strip("/")


def ask_ours(page, base: str, query: str, facet: str) -> list[str]:  # type: ignore[no-untyped-def]
    page.goto(base)
    box = page.locator("#gh-search-input")
    box.fill(query)
    done = (
        "q => document.querySelector('.gh-search__results').dataset.query === q"
        " && document.getElementById('gh-search').dataset.state === 'done'"
    )
    page.wait_for_function(done, arg=query)
    if facet:
        name, value = facet.split(":")
        page.locator(f'input[data-facet="{name}"][data-value="{value}"]').check()
        page.wait_for_function(
            "document.getElementById('gh-search').dataset.state === 'done'"
            " && [...document.querySelectorAll('input[data-facet]')].some((b) => b.checked)"
        )
    hrefs = page.locator(".gh-search__link").evaluate_all("els => els.map(a => a.href)")
    return [page_of(href, base) for href in hrefs]


def ask_pagefind(page, base: str, query: str, facet: str) -> list[str]:  # type: ignore[no-untyped-def]
    urls = page.evaluate(
        """async (q) => {
            window.pf = window.pf || await import('/pagefind/pagefind.js');
            const found = await window.pf.search(q);
            const data = await Promise.all(found.results.slice(0, 40).map((r) => r.data()));
            return data.map((d) => d.url);
        }""",
        query,
    )
    pages = [page_of(base.rstrip("/") + url, base) for url in urls]
    if facet:
        folder = TYPE_FOLDERS[facet.split(":")[1]]
        pages = [p for p in pages if p.startswith(folder)]
    return pages[:10]


def ask_lunr(page, base: str, query: str, facet: str) -> list[str]:  # type: ignore[no-untyped-def]
    if not page.url.startswith(base):
        page.goto(base)
        # Ready once Material's worker has its index: the count line invites typing.
        page.keyboard.press("s")  # Material's shortcut to its search box
        page.wait_for_function(
            "document.querySelector('.md-search-result__meta')?.textContent"
            " === 'Type to start searching'"
        )
    box = page.locator("input[data-md-component=search-query]")
    box.fill(query[:-1])
    box.press(query[-1])  # Material searches on keyup, not on input
    # Material draws its results from a web worker and does not say which query they answer:
    # wait until the count line is drawn and the list has stayed the same for a moment.
    page.wait_for_function(
        """() => new Promise((done) => {
            const meta = document.querySelector('.md-search-result__meta');
            if (!meta || !/\\d|No /.test(meta.textContent)) return done(false);
            const list = () => meta.textContent
                + document.querySelector('.md-search-result__list').innerHTML;
            const before = list();
            setTimeout(() => done(list() === before), 400);
        })"""
    )
    hrefs = page.locator(".md-search-result__item > .md-search-result__link").evaluate_all(
        "els => els.map(a => a.href)"
    )
    pages = list(dict.fromkeys(page_of(href, base) for href in hrefs))
    if facet:
        folder = TYPE_FOLDERS[facet.split(":")[1]]
        pages = [p for p in pages if p.startswith(folder)]
    return pages[:10]


def score(found: list[str], expected: list[str]) -> tuple[float, float]:
    top = found[:5]
    recall = sum(1 for e in expected if e in top) / len(expected)
    rank = next((n for n, p in enumerate(found, start=1) if p in expected), None)
    return recall, (1 / rank if rank else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="print each query's top five")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as work:
        site, lunr_site = Path(work) / "site", Path(work) / "lunr"
        build(site)
        build(lunr_site, LUNR_PLUGINS)
        asyncio.run(pagefind_index(site))
        base, lunr_base = serve(site), serve(lunr_site)
        engines = ("ours", "pagefind", "lunr")
        results: dict[str, list[tuple[str, float, float]]] = {name: [] for name in engines}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"]
            )
            ours, theirs, lunr = browser.new_page(), browser.new_page(), browser.new_page()
            theirs.goto(base)
            asking = (
                ("ours", ours, ask_ours, base),
                ("pagefind", theirs, ask_pagefind, base),
                ("lunr", lunr, ask_lunr, lunr_base),
            )
            for kind, query, facet, expected in QUERIES:
                for name, tab, ask, address in asking:
                    found = ask(tab, address, query, facet)
                    recall, reciprocal = score(found, expected)
                    results[name].append((kind, recall, reciprocal))
                    if args.verbose:
                        print(f"{name:8} {query!r} {facet} -> {found[:5]} r@5={recall:.2f}")
            browser.close()
    kinds = list(dict.fromkeys(kind for kind, *_ in QUERIES))
    print(f"{len(QUERIES)} queries over content/ (recall@5 / MRR)")
    print(f"{'kind':12} {'n':>3}  {'ours':>13}  {'pagefind':>13}  {'lunr':>13}")
    for kind in [*kinds, "all"]:
        row = []
        for name in engines:
            picked = [(r, m) for k, r, m in results[name] if kind in (k, "all")]
            row.append(
                f"{sum(r for r, _ in picked) / len(picked):.2f} / "
                f"{sum(m for _, m in picked) / len(picked):.2f}"
            )
        count = sum(1 for k, *_ in QUERIES if kind in (k, "all"))
        print(f"{kind:12} {count:>3}  {row[0]:>13}  {row[1]:>13}  {row[2]:>13}")
    unanswered = [
        q
        for (k, _, m), (_, q, _, _) in zip(results["ours"], QUERIES, strict=True)
        if k in {"inflection", "typo"} and m == 0
    ]
    print(f"plural/inflection/typo queries ours left unanswered: {unanswered or 'none'}")


if __name__ == "__main__":
    main()
