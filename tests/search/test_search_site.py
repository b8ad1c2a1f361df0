"""Real builds with greenhouse/search: the records file, the embedded index, the header
search in Chromium (embedded and Algolia), and the write key kept out of the site."""

from __future__ import annotations

import gzip
import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from greenhouse_testing import search_index, write_site_config

pytestmark = pytest.mark.build

WRITE_KEY = "write-key-3f9c1e0b7d5a4c2e8f6b"
SEARCH_KEY = "search-only-key-0a1b2c3d"
#: Text in an item's body that would run script if a result were rendered as HTML.
INJECTION = "Kotlin `<img src=x onerror=window.__injected=1>` tips"


def with_algolia(root: Path, port: int) -> None:
    """Configure the header search for Algolia at a local host (lists replace inherited ones)."""
    algolia = (
        f"{{app_id: TESTAPP, search_key: {SEARCH_KEY}, index_name: portal, "
        f"hosts: ['http://127.0.0.1:{port}']}}"
    )
    write_site_config(
        root, plugins=f"[greenhouse/content, {{greenhouse/search: {{algolia: {algolia}}}}}]"
    )


def test_build_writes_records_and_the_search_index(mini_site: Path, build) -> None:
    result = build(mini_site)
    assert result.returncode == 0, result.stderr
    site = mini_site / "site"
    records = json.loads((site / "search" / "records.json").read_text(encoding="utf-8"))
    page_ids = {r["page_id"] for r in records}
    assert "workshops/intro-to-kotlin" in page_ids and "people/asa-lindqvist" in page_ids
    assert not {
        p
        for p in page_ids
        if p.split("/")[0]
        not in {"courses", "academy", "hack-week", "workshops", "paths", "people"}
        | {"competencies", "careers"}
    }
    # The directory's competency and career-track pages, never its hubs.
    assert {"competencies/kotlin", "careers/backend-engineer"} <= page_ids
    assert not {"competencies", "careers", "people", "catalogue"} & page_ids
    assert len({r["objectID"] for r in records}) == len(records)
    pages, terms = search_index(site)
    assert {url for url, _, _ in pages["pages"]} == {f"{p}/" for p in page_ids}
    # What the index matches: the sessions' places, not the calendar buttons around them.
    item = (site / "workshops" / "intro-to-kotlin" / "index.html").read_text(encoding="utf-8")
    assert "Stockholm, room Echo" in item and "workshops/intro-to-kotlin/" in terms["echo"]
    for noise in ("Outlook", "Google", "Subscribe", "Download", "Register", "Times in", "seats"):
        assert noise in item
        assert "workshops/intro-to-kotlin/" not in terms.get(noise.split()[0].lower(), {}), noise
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'id="gh-search"' in home and "search/index/pages.json" in home


def test_a_draft_never_becomes_a_record(mini_site: Path, build) -> None:
    source = (mini_site / "content" / "workshops" / "intro-to-kotlin.md").read_text(
        encoding="utf-8"
    )
    draft = source.replace("level: intro", "level: intro\nstatus: draft") + "\nUnreleased zebra.\n"
    (mini_site / "content" / "workshops" / "secret-draft.md").write_text(draft, encoding="utf-8")
    result = build(mini_site)
    assert result.returncode == 0, result.stderr
    text = (mini_site / "site" / "search" / "records.json").read_text(encoding="utf-8")
    assert "workshops/intro-to-kotlin#" in text
    assert "secret-draft" not in text and "zebra" not in text
    assert "zebra" not in "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in (mini_site / "site").rglob("*.html")
    )


@pytest.mark.parametrize("engine", ["index", "algolia"])
def test_the_write_key_never_reaches_the_site_or_the_logs(
    mini_site: Path, build, engine: str
) -> None:
    if engine == "algolia":
        with_algolia(mini_site, 9)
    result = build(
        mini_site,
        env={
            "ALGOLIA_API_KEY": WRITE_KEY,
            "ALGOLIA_APP_ID": "TESTAPP",
            "ALGOLIA_INDEX_NAME": "portal",
        },
    )
    assert result.returncode == 0, result.stderr
    assert WRITE_KEY not in result.stdout + result.stderr
    files = [p for p in (mini_site / "site").rglob("*") if p.is_file()]
    assert len(files) > 20
    for path in files:
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        assert WRITE_KEY.encode() not in data, f"write key in {path}"
    home = (mini_site / "site" / "index.html").read_text(encoding="utf-8")
    # The search-only key is what the browser gets, and only in Algolia mode.
    assert (SEARCH_KEY in home) == (engine == "algolia")


# --- In Chromium ----------------------------------------------------------------------------


@pytest.mark.browser
def test_embedded_search_type_see_results_apply_a_facet(
    mini_site: Path, build, serve_dir, page
) -> None:
    body = mini_site / "content" / "courses" / "kotlin-basics.md"
    body.write_text(
        body.read_text(encoding="utf-8") + f"\n\n## Tips\n\n{INJECTION}\n", encoding="utf-8"
    )
    assert build(mini_site).returncode == 0
    page.goto(serve_dir(mini_site / "site"))

    search = page.get_by_role("combobox", name="Search the portal")
    search.fill("kotlin")
    status = page.locator("#gh-search").get_by_role("status")  # the home page has a feed status too
    hits = page.locator(".gh-search__hit")
    hits.first.wait_for()
    page.locator("#gh-search[data-state=done]").wait_for(state="attached")
    total = hits.count()
    assert total >= 3
    assert status.inner_text() == f"{total} results"
    kinds_before = page.locator(".gh-search__kicker").all_text_contents()
    assert {"Course", "Peer workshop"} <= set(kinds_before)

    # A facet, by its label, with its count: only workshops remain.
    workshops = page.get_by_role("group", name="Type").get_by_role("checkbox", name="Peer workshop")
    workshops.check()
    page.wait_for_function(
        "document.querySelector('.gh-search__status').textContent === '1 result'"
    )
    page.locator("#gh-search[data-state=done]").wait_for(state="attached")
    assert set(page.locator(".gh-search__kicker").all_text_contents()) == {"Peer workshop"}
    assert page.locator(".gh-search__title").first.inner_text() == "Intro to Kotlin"
    assert page.get_by_role("checkbox", name="Peer workshop").is_checked()  # focus kept, still on
    # The other types stay, counted without the type chosen: what ticking them would add.
    types = page.get_by_role("group", name="Type")
    courses = types.locator(".gh-search__option", has_text="Course")
    course_count = kinds_before.count("Course")
    assert courses.locator(".gh-search__count").inner_text() == str(course_count)
    courses.get_by_role("checkbox").check()  # OR within a facet: workshops and courses
    wanted = f"{1 + course_count} results"
    page.wait_for_function(
        f"document.querySelector('.gh-search__status').textContent === '{wanted}'"
    )

    # The filter stays for the next search; finding nothing then says the filter is why.
    search.fill("coroutines")
    page.wait_for_function(
        "document.querySelector('.gh-search__status').textContent"
        " === 'No results with the filters chosen'"
    )

    # Text from content is shown as text, never run.
    page.get_by_role("button", name="Clear filters").click()
    page.locator("#gh-search[data-state=done]").wait_for(state="attached")
    search.fill("onerror")
    page.wait_for_function(
        "document.querySelector('.gh-search__results').dataset.query === 'onerror'"
        " && document.querySelector('.gh-search__status').textContent === '1 result'"
    )
    assert "<img src=x onerror" in page.locator(".gh-search__excerpt").inner_text()
    assert page.evaluate("window.__injected") is None

    # Keyboard: down into the results, Escape back to the box with the panel closed.
    search.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('gh-search__link')")
    page.keyboard.press("Escape")
    assert page.locator("#gh-search-panel").is_hidden()
    assert page.evaluate("document.activeElement.id") == "gh-search-input"


@pytest.mark.browser
def test_an_excerpt_cut_inside_a_sentence_says_so(mini_site: Path, build, serve_dir, page) -> None:
    words = " ".join(f"filler{n}" for n in range(40))
    body = mini_site / "content" / "courses" / "kotlin-basics.md"
    body.write_text(
        body.read_text(encoding="utf-8")
        + f"\n\n## Birds\n\nA start {words} then a zebrafinch and {words} at the end.\n"
        + "\n## More birds\n\nOne sentence. Wrens sing.\n",
        encoding="utf-8",
    )
    assert build(mini_site).returncode == 0
    page.goto(serve_dir(mini_site / "site"))
    search = page.get_by_role("combobox", name="Search the portal")
    excerpt = page.locator(".gh-search__excerpt")

    search.fill("zebrafinch")
    page.locator("#gh-search[data-state=done]").wait_for(state="attached")
    text = excerpt.first.inner_text()
    assert text.startswith("… filler") and text.endswith(" …") and "zebrafinch" in text

    # A whole sentence at the start of its section, up to the end of the page: no marks.
    search.fill("wrens")
    page.wait_for_function(
        "document.querySelector('.gh-search__excerpt')?.textContent.includes('Wrens')"
    )
    page.locator("#gh-search[data-state=done]").wait_for(state="attached")
    text = excerpt.first.inner_text()
    assert "…" not in text and text.endswith("Wrens sing.")


@pytest.mark.browser
# The index's list of pages, a shard of its terms and a chunk of its text.
@pytest.mark.parametrize("part", ["search/index/pages.json", "/terms/", "/text/"])
def test_embedded_search_recovers_when_one_of_its_files_does_not_arrive(
    mini_site: Path, build, serve_dir, page, part: str
) -> None:
    """A file that does not arrive (a network blip, a deploy under way) costs a retry with
    the index asked for again, not the search: the same results as without the failure."""
    assert build(mini_site).returncode == 0
    failed: list[str] = []
    restarted: list[str] = []

    def fail_until_restarted(route) -> None:  # type: ignore[no-untyped-def]
        url = route.request.url
        if "attempt=" in url:
            restarted.append(url)
        if part in url and not restarted:
            failed.append(url)
            route.abort()
        else:
            route.fallback()  # to the fixture's guard: 127.0.0.1 only

    page.context.route("**/*", fail_until_restarted)
    page.goto(serve_dir(mini_site / "site"))
    page.get_by_role("combobox", name="Search the portal").fill("kotlin")
    page.wait_for_function(
        "['done', 'error'].includes(document.getElementById('gh-search').dataset.state)"
    )
    assert failed, f"no request for {part}"
    assert restarted and "pages.json?attempt=1" in restarted[0]
    assert page.locator("#gh-search").get_attribute("data-state") == "done"
    status = page.locator("#gh-search").get_by_role("status").inner_text()
    assert status == f"{page.locator('.gh-search__hit').count()} results"
    titles = page.locator(".gh-search__title").all_text_contents()
    assert {"Intro to Kotlin", "Kotlin basics"} <= set(titles), titles


@pytest.mark.browser
def test_a_page_open_across_a_deploy_searches_the_new_index(
    mini_site: Path, build, serve_dir, page
) -> None:
    """Term files of a newer build are never read against the list of pages the page
    loaded before the deploy: the search asks for the list again and finds what came."""
    assert build(mini_site).returncode == 0
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(serve_dir(mini_site / "site"))
    page.wait_for_function(
        "performance.getEntriesByType('resource')"
        ".some((e) => e.name.includes('search/index/pages.json'))"
    )  # loaded while idle
    course = (mini_site / "content" / "courses" / "kotlin-basics.md").read_text(encoding="utf-8")
    (mini_site / "content" / "courses" / "zebra-care.md").write_text(
        course.replace("title: Kotlin basics", "title: Zebra care"), encoding="utf-8"
    )
    assert build(mini_site).returncode == 0  # the deploy, with the page still open

    page.get_by_role("combobox", name="Search the portal").fill("kotlin")
    page.locator("#gh-search[data-state=done]").wait_for(state="attached")
    assert "Zebra care" in page.locator(".gh-search__title").all_text_contents()
    assert [url for url in asked if "pages.json?attempt=1" in url]


@pytest.mark.browser
def test_embedded_search_says_so_when_the_index_keeps_failing(
    mini_site: Path, build, serve_dir, page
) -> None:
    """A missing index (a half-finished deploy) shows the error, after a bounded number of
    retries: searching again neither loops nor asks for the index each time."""
    assert build(mini_site).returncode == 0
    asked: list[str] = []

    def no_index(route) -> None:  # type: ignore[no-untyped-def]
        if "search/index/pages.json" in route.request.url:
            asked.append(route.request.url)
            route.abort()
        else:
            route.fallback()

    page.context.route("**/*", no_index)
    page.goto(serve_dir(mini_site / "site"))
    box = page.get_by_role("combobox", name="Search the portal")
    search = page.locator("#gh-search")
    for query in ("kotlin", "review", "testing", "flows", "kotlin basics"):
        box.fill(query)
        page.wait_for_function(
            "q => { const s = document.getElementById('gh-search');"
            " return s.dataset.state === 'error' && s.querySelector('input').value === q; }",
            arg=query,
        )
        assert search.get_by_role("status").inner_text() == "Search is not available right now"
    assert len(asked) == 4  # the first request and three retries, however often one searches


@pytest.mark.browser
def test_embedded_search_fetches_what_it_needs_and_ranks_titles_first(
    mini_site: Path, build, serve_dir, page
) -> None:
    """Typing fetches the list of pages, the shard of the words typed and the text of the
    results drawn, nothing else; a word in a title ranks that page first; words in any
    script and with or without accents find the same pages; keyboard through the list."""
    body = mini_site / "content" / "academy" / "coroutines-in-depth.md"
    body.write_text(
        body.read_text(encoding="utf-8") + "\n\nΓειά σου, and naïve café notes from Östersund.\n",
        encoding="utf-8",
    )
    assert build(mini_site).returncode == 0
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    base = serve_dir(mini_site / "site")
    page.goto(base)
    search = page.get_by_role("combobox", name="Search the portal")
    search.fill("kotlin")
    page.locator("#gh-search[data-state=done]").wait_for(state="attached")
    index = [url.removeprefix(base) for url in asked if "/search/index/" in url]
    pages, _ = search_index(mini_site / "site")
    drawn = [
        href.removeprefix(base).split("#")[0]
        for href in page.locator(".gh-search__link").evaluate_all("els => els.map(a => a.href)")
    ]
    numbers = [[url for url, _, _ in pages["pages"]].index(url) for url in drawn]
    chunks = {f"search/index/text/{n // pages['chunk']}.json" for n in numbers}
    paths = [url.split("?")[0] for url in index]
    assert paths[:2] == ["search/index/pages.json", "search/index/terms/ko.json"], index
    assert sorted(paths[2:]) == sorted(chunks), index  # each once, only for what is drawn
    assert not [url for url in asked if "/catalogue/" in url]  # the catalogue's data stays put
    assert all(url.endswith(f"?v={pages['version']}") for url in index[1:])
    titles = page.locator(".gh-search__title").all_text_contents()
    # The page named "Kotlin" (the competency) first, then the titles with the word.
    assert titles[0] == "Kotlin" and set(titles[1:3]) == {"Intro to Kotlin", "Kotlin basics"}
    marks = page.locator(".gh-search__excerpt mark").all_text_contents()
    assert marks and all(m.lower().startswith("kotlin") for m in marks), marks

    for query in ("γεια", "OSTERSUND", "naive CAFÉ"):
        search.fill(query)
        page.wait_for_function(
            "q => document.querySelector('.gh-search__results').dataset.query === q"
            " && document.getElementById('gh-search').dataset.state === 'done'",
            arg=query,
        )
        assert page.locator(".gh-search__title").all_text_contents() == ["Coroutines in depth"]

    # Keyboard: through the results and back up to the box.
    search.fill("kotlin")
    page.locator(".gh-search__results[data-query=kotlin]").wait_for(state="attached")
    page.locator("#gh-search[data-state=done]").wait_for(state="attached")
    search.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    links = page.locator(".gh-search__link")
    assert page.evaluate("document.activeElement.href") == links.nth(1).get_attribute("href")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "gh-search-input"
    assert search.get_attribute("aria-expanded") == "true"


def _settings(html: str) -> dict:
    """The header search's settings, as the page hands them to search.js."""
    start = html.index('id="gh-search-settings">') + len('id="gh-search-settings">')
    return json.loads(html[start : html.index("</script>", start)])


class _AlgoliaSearchHandler(BaseHTTPRequestHandler):
    """Answers Algolia's query endpoint from the site's own records.json, like a tiny index."""

    records: ClassVar[list[dict]] = []
    seen: ClassVar[list[dict]] = []

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        params = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.seen.append({"path": url.path, "query": parse_qs(url.query), "params": params})
        words = params["query"].lower().split()
        found = [
            r
            for r in self.records
            if all(w in (r["lvl1"] + " " + r["content"]).lower() for w in words)
        ]
        for group in params.get("facetFilters", []):
            found = [r for r in found if any(_has(r, f) for f in group)]
        counts: dict[str, dict[str, int]] = {}
        for record in found:
            for facet in params["facets"]:
                values = record[facet] if isinstance(record[facet], list) else [record[facet]]
                for value in values:
                    if value is not None:
                        key = str(value).lower() if isinstance(value, bool) else str(value)
                        counts.setdefault(facet, {}).setdefault(key, 0)
                        counts[facet][key] += 1
        hits = [
            {
                **r,
                "_snippetResult": {
                    "content": {
                        "value": r["content"][:120]
                        .replace("<", "&lt;")
                        .replace("Kotlin", "<mark>Kotlin</mark>")
                    }
                },
            }
            for r in found[:10]
        ]
        answer = {"hits": hits, "nbHits": len(found), "nbPages": 1, "page": 0, "facets": counts}
        body = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def _has(record: dict, facet_filter: str) -> bool:
    facet, value = facet_filter.split(":", 1)
    values = record[facet] if isinstance(record[facet], list) else [record[facet]]
    return value in [str(v).lower() if isinstance(v, bool) else str(v) for v in values]


@pytest.fixture
def algolia_server() -> Iterator[tuple[int, type[_AlgoliaSearchHandler]]]:
    handler = type("Handler", (_AlgoliaSearchHandler,), {"records": [], "seen": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], handler
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_algolia_mode_queries_the_configured_host_with_the_search_key(
    mini_site: Path, build, serve_dir, page, algolia_server
) -> None:
    port, handler = algolia_server
    with_algolia(mini_site, port)
    assert build(mini_site).returncode == 0
    site = mini_site / "site"
    assert not (site / "search" / "index").exists()  # the browser never needs it in this mode
    handler.records = json.loads((site / "search" / "records.json").read_text(encoding="utf-8"))
    # No title matches from the catalogue: Algolia answers by itself.
    assert "index" not in _settings((site / "index.html").read_text(encoding="utf-8"))
    page.goto(serve_dir(site) + "courses/kotlin-basics/")

    page.get_by_role("combobox", name="Search the portal").fill("kotlin")
    page.locator(".gh-search__hit").first.wait_for()
    request = handler.seen[-1]
    assert request["path"] == "/1/indexes/portal/query"
    assert request["query"]["x-algolia-api-key"] == [SEARCH_KEY]
    assert request["params"]["query"] == "kotlin"
    assert page.locator(".gh-search__excerpt mark").first.inner_text() == "Kotlin"

    page.locator("#gh-search[data-state=done]").wait_for(state="attached")
    before = len(handler.seen)
    page.get_by_role("group", name="Type").get_by_role("checkbox", name="Course").check()
    page.wait_for_function(
        "[...document.querySelectorAll('.gh-search__kicker')]"
        ".every(k => k.textContent === 'Course')"
    )
    page.locator("#gh-search[data-state=done]").wait_for(state="attached")
    asked = [seen["params"] for seen in handler.seen[before:]]
    # The results, filtered; the type facet counted without its own choice, so the other
    # types stay offered.
    assert [(p.get("hitsPerPage"), p["facetFilters"]) for p in asked] == [
        (10, [["type:course"]]),
        (0, []),
    ]
    workshops = page.get_by_role("group", name="Type").get_by_role("checkbox", name="Peer workshop")
    assert workshops.is_visible() and not workshops.is_checked()
    assert set(page.locator(".gh-search__kicker").all_text_contents()) == {"Course"}
    link = page.locator(".gh-search__link").first.get_attribute("href") or ""
    assert link.startswith("http://127.0.0.1:") and "/courses/" in link


@pytest.mark.browser
def test_at_phone_width_the_site_name_fits_beside_the_box_until_it_is_used(
    mini_site: Path, build, serve_dir, page
) -> None:
    assert build(mini_site).returncode == 0
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(serve_dir(mini_site / "site"))
    name = page.locator(".md-header__topic").first.locator(".md-ellipsis")
    search = page.get_by_role("combobox", name="Search the portal")
    search.wait_for()
    assert name.inner_text() == "Greenhouse"
    # Not cut off with an ellipsis: the text has the room it needs.
    assert page.evaluate("e => e.scrollWidth <= e.clientWidth", name.element_handle())
    narrow = search.bounding_box()
    search.click()
    wide = search.bounding_box()
    assert narrow and wide and wide["width"] > narrow["width"] * 1.5
    assert not name.is_visible()  # the box takes the title's room while in use


# --- Language, typos, keyboard, and the framework's pages (English and Swedish builds) -----

#: Per build language: the box's name, the type labels, "Showing results for", "Search instead for".
SPEAKS = {
    "en": (
        "Search the portal",
        "Competency",
        "Career track",
        "Showing results for",
        "Search instead for",
    ),
    "sv": (
        "Sök i portalen",
        "Kompetens",
        "Karriärspår",
        "Visar träffar för",
        "Sök i stället efter",
    ),
}


def _searched(page, box, query: str) -> None:  # type: ignore[no-untyped-def]
    box.fill(query)
    page.wait_for_function(
        "q => document.querySelector('.gh-search__results').dataset.query === q"
        " && document.getElementById('gh-search').dataset.state === 'done'",
        arg=query,
    )


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "sv"])
def test_search_meets_plurals_typos_keyboard_and_names_of_competencies_and_tracks(
    mini_site: Path, build, serve_dir, page, language: str
) -> None:
    course = mini_site / "content" / "courses" / "kotlin-basics.md"
    course.write_text(
        course.read_text(encoding="utf-8") + "\n\nEvery participant gets a notebook.\n",
        encoding="utf-8",
    )
    breakfast = mini_site / "content" / "workshops" / "knowledge-breakfast.md"  # language: sv
    breakfast.write_text(
        breakfast.read_text(encoding="utf-8") + "\n\nVi bjuder på en kanelbulle.\n",
        encoding="utf-8",
    )
    if language == "sv":
        write_site_config(mini_site)
        config = mini_site / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8") + "  language: sv\n", encoding="utf-8")
    assert build(mini_site).returncode == 0
    name, competency, track, showing, instead = SPEAKS[language]
    base = serve_dir(mini_site / "site")
    page.goto(base)
    box = page.get_by_role("combobox", name=name)
    titles = page.locator(".gh-search__title")
    kinds = page.locator(".gh-search__kicker")
    correction = page.locator(".gh-search__correction")

    # Plurals and inflections meet their singular, in each page's language.
    _searched(page, box, "notebooks")
    assert titles.all_text_contents() == ["Kotlin basics"]
    assert correction.is_hidden()  # found by its stem, not as a typing mistake
    _searched(page, box, "kanelbullar")
    assert titles.all_text_contents() == ["Knowledge breakfast"]
    assert correction.is_hidden()

    # A typing mistake: the nearest word is searched, and the panel says so.
    _searched(page, box, "kotiln")
    assert correction.inner_text() == f"{showing} kotlin {instead} kotiln"
    assert {"Intro to Kotlin", "Kotlin basics"} <= set(titles.all_text_contents())
    correction.get_by_role("button", name=f"{instead} kotiln").click()
    page.wait_for_function(
        "document.getElementById('gh-search').dataset.state === 'done'"
        " && !document.querySelector('.gh-search__hit')"
    )
    assert correction.is_hidden() and titles.count() == 0

    # A competency's name, exactly or mistyped: its page first, labelled as a competency.
    for query in ("presenting", "Presentng"):
        _searched(page, box, query)
        assert (kinds.first.text_content(), titles.first.text_content()) == (
            competency,
            "Presenting",
        )
    box.press("Enter")  # opens the first result
    page.wait_for_url(f"{base}competencies/presenting/")

    # "/" goes to the box from anywhere on the page; a career track's name finds its page.
    page.locator("body").click()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "gh-search-input"
    _searched(page, box, "backend engineers")
    assert (kinds.first.text_content(), titles.first.text_content()) == (track, "Backend engineer")
    page.locator(".gh-search__link").first.click()
    page.wait_for_url(f"{base}careers/backend-engineer/")

    # Enter before the results are drawn opens the first one as soon as it is.
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.id") == "gh-search-input"
    page.keyboard.type("kotlin")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(f"{base}competencies/kotlin/") + "(#.*)?$"))
