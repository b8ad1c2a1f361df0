"""``greenhouse/search``: writes the search records and the embedded index, feeds the header search.

The records come from :mod:`greenhouse.search.records` and the index from
:mod:`greenhouse.search.index`; this adapter only collects each item's and person's
rendered body and hands the browser its settings. Both files are written by a forked
child while the pages render.
"""

from __future__ import annotations

import functools
import logging
from datetime import datetime
from pathlib import Path

from jinja2 import Environment
from jinja2.utils import htmlsafe_json_dumps
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from greenhouse.concurrency.background import Job, in_background, write_whole
from greenhouse.model import Content
from greenhouse.plugins.content.plugin import get_content_plugin
from greenhouse.plugins.jobs import finish
from greenhouse.plugins.search.config import SearchConfig
from greenhouse.search.browser import browser_settings
from greenhouse.search.index import INDEX_DIR, build_index, write_index
from greenhouse.search.records import page_id, records_json, site_records
from greenhouse.search.stemming import STEMMERS_URL, default_cache_dir, find_stemmers_script

log = logging.getLogger("mkdocs.plugins.greenhouse.search")

RECORDS_PATH = "search/records.json"
INDEX_PAGES = f"{INDEX_DIR}/pages.json"


def _write_records(
    site: Path,
    content: Content,
    pages_html: dict[str, str],
    now: datetime,
    language: str,
    with_index: bool,
) -> None:
    records = site_records(content, pages_html, now, language)
    write_whole(site / RECORDS_PATH, records_json(records).encode("utf-8"))
    if with_index:
        write_index(site, build_index(records, content))


class SearchPlugin(BasePlugin[SearchConfig]):
    """Records for the Algolia sync, and an index the browser searches without any account."""

    records_job: Job | None = None
    stemmers: Path | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps one instance across `mkdocs serve` rebuilds, so bodies
        # of pages a dirty rebuild skips are still known.
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
        self.stemmers = None
        if not self.uses_algolia:
            config_dir = Path(config.config_file_path or ".").resolve().parent
            self.stemmers = find_stemmers_script(config_dir)
            if self.stemmers is None:
                log.info(
                    "greenhouse/search: the query stemmers are not in %s (run scripts/setup, "
                    "which needs Node): the search matches words and their beginnings only",
                    default_cache_dir(),
                )
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.stemmers is not None:
            files.append(File.generated(config, STEMMERS_URL, abs_src_path=str(self.stemmers)))
        return files

    # Last, after every plugin's on_env: the pages' bodies are known (on_env follows
    # on_page_content), and what starts here overlaps with the rendering that follows.
    @event_priority(-100)
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # A global, not page context: every template, 404 included, gets the header search.
        owner = get_content_plugin(config)
        settings = browser_settings(
            owner.content,
            owner.language,
            dict(self.config.algolia) if self.uses_algolia else None,
            index=INDEX_PAGES,
            stemmers=STEMMERS_URL if self.stemmers is not None else None,
        )
        env.globals["gh_search"] = settings
        # The same on every page: serialized once here, not by `tojson` per page (sorted
        # and escaped for HTML as the filter does).
        env.globals["gh_search_json"] = htmlsafe_json_dumps(settings, sort_keys=True)
        self._stop_background()
        # Records and the index in a forked child (forking is only safe while the build has
        # a single thread).
        self.records_job = in_background(
            functools.partial(
                _write_records,
                Path(config.site_dir),
                owner.content,
                dict(self.pages_html),
                owner.now,
                owner.language,
                not self.uses_algolia,  # the browser never needs the index then
            )
        )
        return env

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        entry = get_content_plugin(config).entry(page)
        if entry is not None:
            self.pages_html[page_id(entry)] = html
        return html

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_background()

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        job, self.records_job = self.records_job, None
        if job is not None:
            files = RECORDS_PATH if self.uses_algolia else f"{RECORDS_PATH} and {INDEX_DIR}/"
            owner = get_content_plugin(config)
            finish(job, f"greenhouse/search: writing {files}", after=owner.after)
            if not owner.serving:
                log.info(f"search: wrote {files}")

    def _stop_background(self) -> None:
        if self.records_job is not None:
            self.records_job.cancel()
            self.records_job = None
