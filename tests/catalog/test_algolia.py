"""The catalogue on Algolia, in real Chromium: a local server answers Algolia's multi-query
endpoint from the build's own records.json (one hit per page, counts after de-duplication),
and the filter must give what the embedded catalogue gives."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from catalog.conftest import EXTRA
from greenhouse_testing import MINI, run_build, write_site_config

from .pages import box, count_of, drawn_cards, open_catalogue, server_cards, titles

pytestmark = pytest.mark.browser

SEARCH_KEY = "search-only-key-5e6f7a8b"
WRITE_KEY = "write-key-9d8c7b6a5f4e3d2c1b0a"


def _values(record: dict[str, Any], attribute: str) -> list[str]:
    value = record.get(attribute)
    values = value if isinstance(value, list) else [value]
    return [str(v).lower() if isinstance(v, bool) else str(v) for v in values if v is not None]


def _matches(record: dict[str, Any], facet_filter: str) -> bool:
    attribute, value = facet_filter.split(":", 1)
    return value in _values(record, attribute)


class _AlgoliaQueries(BaseHTTPRequestHandler):
    """``POST /1/indexes/*/queries`` over the records: facetFilters (AND of ORs), distinct
    on page_id, facet counts before or after distinct as asked, ranked as the index's
    customRanking asks (desc(catalogue_rank), asc(lvl1))."""

    records: ClassVar[list[dict[str, Any]]] = []
    seen: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.seen.append({"path": url.path, "query": parse_qs(url.query), "body": body})
        answer = {"results": [self._search(r) for r in body["requests"]]}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _search(self, params: dict[str, Any]) -> dict[str, Any]:
        found = list(self.records)
        for group in params.get("facetFilters", []):
            ors = [group] if isinstance(group, str) else group
            found = [r for r in found if any(_matches(r, f) for f in ors)]
        distinct: dict[str, dict[str, Any]] = {}
        for record in found:
            distinct.setdefault(record["page_id"], record)
        hits = sorted(
            distinct.values(),
            key=lambda r: (-r["catalogue_rank"], r["lvl1"].casefold(), r["page_id"]),
        )
        counted = hits if params.get("facetingAfterDistinct") else found
        facets: dict[str, dict[str, int]] = {}
        for attribute in params.get("facets", []):
            for record in counted:
                for value in _values(record, attribute):
                    facets.setdefault(attribute, {}).setdefault(value, 0)
                    facets[attribute][value] += 1
        size, page = params.get("hitsPerPage", 20), params.get("page", 0)
        keep = params.get("attributesToRetrieve") or list(self.records[0])
        return {
            "hits": [
                {k: h[k] for k in keep if k in h} for h in hits[page * size : (page + 1) * size]
            ],
            "nbHits": len(hits),
            "nbPages": -(-len(hits) // size) if size else 0,
            "page": page,
            "facets": facets,
        }

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def algolia() -> Iterator[tuple[int, type[_AlgoliaQueries]]]:
    handler = type("Handler", (_AlgoliaQueries,), {"records": [], "seen": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], handler
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def algolia_site(
    tmp_path_factory: pytest.TempPathFactory, algolia: tuple[int, type[_AlgoliaQueries]]
) -> Path:
    """The catalogue tests' site, built with Algolia configured; the server holds its records."""
    port, handler = algolia
    root = tmp_path_factory.mktemp("catalog-algolia")
    shutil.copytree(MINI / "content", root / "content")
    for name, text in EXTRA.items():
        (root / "content" / name).write_text(text, encoding="utf-8")
    search = (
        f"{{algolia: {{app_id: TESTAPP, search_key: {SEARCH_KEY}, index_name: portal, "
        f"hosts: ['http://127.0.0.1:{port}']}}}}"
    )
    write_site_config(
        root,
        plugins=(
            "[{greenhouse/content: {languages: [en, sv], timezone: Europe/Stockholm}}, "
            "{greenhouse/catalog: {page_size: 3, "
            "request_form: 'https://forms.example.com/request?course={title}&url={url}'}}, "
            f"{{greenhouse/search: {search}}}]"
        ),
    )
    result = run_build(root, env={"ALGOLIA_API_KEY": WRITE_KEY})
    assert result.returncode == 0, result.stderr
    site = root / "site"
    handler.records = json.loads((site / "search" / "records.json").read_text(encoding="utf-8"))
    return site


@pytest.fixture
def site_url(algolia_site: Path, serve_dir, algolia) -> str:
    algolia[1].seen.clear()
    return serve_dir(algolia_site)


def wait_count(page, text: str) -> None:
    page.wait_for_function(
        f"document.querySelector('[data-gh-count]').textContent === {json.dumps(text)}"
    )


def test_facets_combine_with_counts_from_algolia(page, site_url: str, algolia) -> None:
    handler = algolia[1]
    open_catalogue(page, site_url + "catalogue/")
    # Current items only (no people, no archived course), one per page however many sections.
    assert page.locator("[data-gh-count]").inner_text() == "10 items"
    assert count_of(page, "level", "intro") == "4"
    assert count_of(page, "upcoming", "1") != "0"  # a countable facet in the index
    assert len(titles(page)) == 3
    box(page, "competency", "kotlin").check()
    wait_count(page, "4 items")
    assert count_of(page, "level", "intro") == "3"  # counts follow the competency choice
    assert count_of(page, "competency", "testing") == "6"  # OR within a facet
    box(page, "level", "intro").check()
    wait_count(page, "3 items")
    assert sorted(titles(page)) == ["Backend foundations", "Intro to Kotlin", "Kotlin basics"]
    assert page.url.endswith("catalogue/?competency=kotlin&level=intro")
    # The next session as the server writes it, in the portal's time zone.
    workshop = page.locator(".gh-card", has_text="Intro to Kotlin")
    assert workshop.locator("time").inner_text() == "Thu 4 Mar 2027, 09:00 CET"

    last = handler.seen[-1]
    assert last["path"] == "/1/indexes/*/queries"
    assert last["query"]["x-algolia-api-key"] == [SEARCH_KEY]
    main = last["body"]["requests"][0]
    assert main["indexName"] == "portal" and main["distinct"] is True
    assert ["competencies:kotlin"] in main["facetFilters"] and ["level:intro"] in main[
        "facetFilters"
    ]
    assert "archived:false" in main["facetFilters"]
    assert not any(WRITE_KEY in json.dumps(request) for request in handler.seen)

    page.go_back()
    wait_count(page, "4 items")
    assert box(page, "competency", "kotlin").is_checked()
    assert not box(page, "level", "intro").is_checked()


def test_a_shared_link_restores_the_filter_with_cards_from_hits(page, site_url: str) -> None:
    open_catalogue(page, site_url + "catalogue/?competency=kotlin&level=advanced")
    assert box(page, "competency", "kotlin").is_checked()
    assert box(page, "level", "advanced").is_checked()
    assert titles(page) == ["Coroutines in depth"]
    card = page.locator("[data-gh-results] .gh-card").first
    assert "How structured concurrency keeps Kotlin services honest." in card.inner_text()
    # Held in May 2025 with a recording: the card says so, as the embedded catalogue does.
    assert card.locator(".gh-card__when").inner_text() == "Recorded Mon 12 May 2025"
    assert card.locator(".gh-chip").first.inner_text() == "Kotlin"
    link = card.locator(".gh-card__title a").get_attribute("href") or ""
    assert link.endswith("/coroutines-in-depth/")


def test_type_catalogue_archived_and_hostile_text(page, site_url: str) -> None:
    open_catalogue(page, site_url + "courses/?level=advanced")
    assert set(page.locator(".gh-kicker").all_text_contents()) == {
        "Course · Advanced · Online · English"
    }
    hostile = page.locator("[data-gh-results] .gh-card__title a").first
    assert hostile.inner_text().startswith("<script>window.__pwned=1")
    # Its cost, and the request link prefilled as the course's own page has it.
    card = page.locator("[data-gh-results] .gh-card").first
    assert card.locator(".gh-cost").inner_text() == "1\u00a0200\u00a0SEK"
    drawn = card.get_by_role("link", name="Request this course").get_attribute("href")
    page.locator("[data-gh-results] .gh-card__summary").first.hover()
    assert page.evaluate("window.__pwned") is None
    assert page.locator("[data-gh-results] img").count() == 0
    page.goto(site_url + "courses/hostile/")
    own = page.locator(".gh-request-course a").get_attribute("href")
    assert drawn == own and own.startswith("https://forms.example.com/request?course=%3Cscript")

    open_catalogue(page, site_url + "courses/?competency=kotlin")
    assert "Old Kotlin course" not in titles(page)
    box(page, "archived", "1").check()
    page.wait_for_function("location.search.includes('archived=1')")
    page.get_by_text("Old Kotlin course").wait_for()
    archived = page.locator(".gh-card", has_text="Old Kotlin course")
    assert archived.locator(".gh-badge").is_visible()


@pytest.mark.parametrize("url", ["catalogue/", "courses/", "workshops/"])
def test_cards_drawn_from_hits_are_the_cards_the_server_renders(
    page, site_url: str, url: str
) -> None:
    """One card template: the cards drawn from Algolia's hits (the first view's too) are the
    server's cards for the same items, element for element. (Not paths/: records carry no
    steps, so a path card drawn from a hit has no progress line to fill.)"""
    open_catalogue(page, site_url + url)
    server = server_cards(page)
    assert server
    assert drawn_cards(page) == server
