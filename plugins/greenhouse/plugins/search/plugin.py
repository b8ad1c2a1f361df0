"""``greenhouse/search``: writes search records, builds the Pagefind index, feeds the header search.

The records come from :mod:`greenhouse.search.records`; this adapter only collects each
item's and person's rendered body, hands the browser its settings, and runs Pagefind.
"""

from __future__ import annotations

import functools
import logging
import subprocess
import time
from datetime import datetime
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from greenhouse.model import Content
from greenhouse.plugins.catalog.plugin import FACETS_JSON
from greenhouse.plugins.content.plugin import get_content_plugin
from greenhouse.plugins.search.config import SearchConfig
from greenhouse.search.browser import browser_settings
from greenhouse.search.pagefind import PagefindError, PagefindIndexer, indexed_part
from greenhouse.search.records import build_records, facets, page_id, records_json
from greenhouse.site.background import BackgroundJobFailed, Job, in_background

log = logging.getLogger("mkdocs.plugins.greenhouse.search")

RECORDS_PATH = "search/records.json"
PAGEFIND_DIR = "pagefind"
#: Text that is no answer to a search: heading permalinks (the pilcrow), the labels of an
#: item's facts, which would otherwise run into their values ("LocationMalmö"), and the
#: calendar buttons, badges and help around its sessions (every item with a session would
#: match "Outlook", "subscribe", "past" or "seats"); the sessions' times and places stay.
EXCLUDED_FROM_INDEX = (
    ".headerlink, .gh-facts dt, .gh-sessions > .gh-note, .gh-add-calendar, .gh-session a, "
    ".gh-session .gh-badge, .gh-session__seats, .gh-feed-more"
)


def _write_records(
    site: Path, content: Content, pages_html: dict[str, str], now: datetime, language: str
) -> None:
    records = build_records(content, pages_html, now, language)
    target = site / RECORDS_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(records_json(records), encoding="utf-8")


def _pagefind_executable() -> str:
    from pagefind_bin import get_executable

    return str(get_executable())


class SearchPlugin(BasePlugin[SearchConfig]):
    """Records for the Algolia sync, and an index the browser searches without any account."""

    indexer: PagefindIndexer | None = None
    records_job: Job | None = None
    dirty = False
    feed_pagefind = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps one instance across `mkdocs serve` rebuilds, so bodies
        # of pages a dirty rebuild skips are still known.
        self.command = command
        self.dirty = dirty
        self.pages_html: dict[str, str] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not hasattr(self, "pages_html"):  # built without on_startup (e.g. build() in tests)
            self.pages_html = {}
        algolia = self.config.algolia
        given = [algolia.app_id, algolia.search_key, algolia.index_name]
        if any(given) and not all(given):
            raise PluginError(
                "greenhouse/search: algolia needs app_id, search_key and index_name together "
                "(leave all three out to use the embedded search)"
            )
        self.uses_algolia = all(given)
        return config

    # Last, after every plugin's on_env: the pages' bodies are known (on_env follows
    # on_page_content), and what starts here overlaps with the rendering that follows.
    @event_priority(-100)
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # A global, not page context: every template, 404 included, gets the header search.
        owner = get_content_plugin(config)
        env.globals["gh_search"] = browser_settings(
            owner.content,
            owner.language,
            dict(self.config.algolia) if self.uses_algolia else None,
            # Title matches come from the catalogue's index, when the site has a catalogue.
            FACETS_JSON if "greenhouse/catalog" in config.plugins else None,
        )
        self._stop_background()
        # Records in a forked child (forking is only safe while the build has a single
        # thread: Pagefind's threads start with the first page it is fed, in on_post_page).
        self.records_job = in_background(
            functools.partial(
                _write_records,
                Path(config.site_dir),
                owner.content,
                dict(self.pages_html),
                owner.now,
                owner.language,
            )
        )
        # A dirty rebuild renders only changed pages: it indexes the files on disk at the end.
        self.feed_pagefind = not self.uses_algolia and not self.dirty
        return env

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        entry = get_content_plugin(config).entry(page)
        if entry is not None:
            self.pages_html[page_id(entry)] = html
        return html

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        owner = get_content_plugin(config)
        entry = owner.entry(page)
        if entry is not None:
            context["search_facets"] = facets(entry, owner.content, owner.now)  # type: ignore[typeddict-unknown-key]
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        # Items and people: their templates mark the text Pagefind indexes (data-pagefind-body).
        if self.feed_pagefind and get_content_plugin(config).entry(page) is not None:
            if self.indexer is None:
                self.indexer = PagefindIndexer(
                    _pagefind_executable(), exclude_selectors=EXCLUDED_FROM_INDEX.split(", ")
                )
            self.indexer.add(indexed_part(output), "/" + page.url)
        return output

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_background()

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        job, self.records_job = self.records_job, None
        if job is not None:
            try:
                job.wait()
            except BackgroundJobFailed as failure:
                raise PluginError(
                    f"greenhouse/search: writing {RECORDS_PATH}: {failure}"
                ) from failure
            log.info(f"search: records in {RECORDS_PATH}")
        if not self.uses_algolia:
            self._write_pagefind(Path(config.site_dir))

    def _write_pagefind(self, site: Path) -> None:
        """Finish the index fed during the build; the CLI indexes the files when none was fed."""
        indexer, self.indexer = self.indexer, None
        # A dirty rebuild, or no item or person at all (then Pagefind indexes every page).
        if indexer is None or not indexer.pages:
            if indexer is not None:
                indexer.abort()
            self._run_pagefind(site)
            return
        started = time.perf_counter()
        try:
            indexer.write(site / PAGEFIND_DIR)
        except PagefindError as error:
            raise PluginError(f"greenhouse/search: search index: {error}") from error
        if indexer.indexed < indexer.pages:  # Pagefind skips a page it cannot parse
            log.warning(
                f"search: Pagefind indexed {indexer.indexed} of {indexer.pages} pages "
                "(it skips pages it cannot parse); the others are not searchable"
            )
        log.info(f"search: Pagefind index written in {time.perf_counter() - started:.1f} s")

    def _stop_background(self) -> None:
        if self.indexer is not None:
            self.indexer.abort()
            self.indexer = None
        if self.records_job is not None:
            self.records_job.cancel()
            self.records_job = None

    def _run_pagefind(self, site: Path) -> None:
        """Index the built pages that carry data-pagefind-body (items and people) into pagefind/."""
        started = time.perf_counter()
        command = [
            str(_pagefind_executable()),
            "--site",
            str(site),
            "--output-subdir",
            PAGEFIND_DIR,
            "--exclude-selectors",
            EXCLUDED_FROM_INDEX,
            "--silent",
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise PluginError(f"greenhouse/search: pagefind failed: {result.stderr.strip()}")
        log.info(f"search: Pagefind index built in {time.perf_counter() - started:.1f} s")
