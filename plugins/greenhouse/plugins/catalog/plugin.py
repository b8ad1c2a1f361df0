"""``greenhouse/catalog``: the faceted catalogue, one catalogue per type, plain-list pages,
the home page and learning-path pages. The listings themselves come from
:mod:`greenhouse.catalog`; this adapter only adds pages and hands data to templates."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from greenhouse.calendar.rss import newest_items
from greenhouse.catalog import card_details, catalogue_entries, facet_index, title_index
from greenhouse.catalog.view import ArchivePage, CatalogView
from greenhouse.plugins.catalog.config import CatalogConfig
from greenhouse.plugins.content.plugin import display_prefix, get_content_plugin
from greenhouse.plugins.pages import GeneratedPages
from greenhouse.plugins.redraw import Shown

log = logging.getLogger("mkdocs.plugins.greenhouse.catalog")

FACETS_JSON = "catalogue/facets.json"
TITLES_JSON = "catalogue/titles.json"
#: How many of the newest items the home page shows.
RECENT = 6
#: A top-level page the home page links contributors to, when the site has it.
CONTRIBUTE_PAGE = "contribute.md"
#: Our listing pages have their own filter column: Material's sidebars would crowd it.
_HIDE = ("navigation", "toc")


class CatalogPlugin(BasePlugin[CatalogConfig]):
    """Adds the catalogue pages and their filter data; picks the home and path templates."""

    catalog: CatalogView
    pages: GeneratedPages
    #: What each page showed in the last build: a dirty rebuild draws again only those
    #: whose items changed (greenhouse.plugins.redraw).
    shown: Shown | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps one instance across `mkdocs serve` rebuilds.
        self.command = command
        self.shown = Shown()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.pages = GeneratedPages()  # anew for every build, serve rebuilds included
        return config

    # After greenhouse/content (100) has loaded the model and removed drafts.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        content_plugin = get_content_plugin(config)
        gh = content_plugin.view
        content = content_plugin.content
        entries = catalogue_entries(content, content_plugin.now, gh.next)
        newest = newest_items(content, content_plugin.file_dates(config), limit=RECENT)
        guide = files.get_file_from_path(CONTRIBUTE_PAGE)
        changes, shown = content_plugin.changes, self.shown or Shown()
        shown.start()
        self.catalog = CatalogView(
            gh,
            entries,
            self.config.request_form,
            config.site_url or "/",
            page_size=self.config.page_size,
            list_size=self.config.list_size,
            recent_ids=[n.item.id for n in newest],
            contribute_url=guide.url if guide is not None else None,
        )
        for listing in self.catalog.pages():
            key = listing.catalogue.key
            self.pages.add(
                files,
                config,
                listing.catalogue.src_uri,
                title=gh.t(f"catalogue_{key}"),
                template="greenhouse/catalogue.html",
                data=listing,
                redraw=shown.redraw(
                    changes,
                    listing.catalogue.src_uri,
                    (e.item.id for e in listing.entries),
                    listing.archived,
                    tuple(self.catalog.recent_ids),
                ),
            )
            for page in listing.lists:
                title = gh.t(
                    "list_page_title",
                    name=gh.t(f"catalogue_{key}"),
                    first=page.first,
                    last=page.last,
                )
                self.pages.add(
                    files,
                    config,
                    page.src_uri,
                    title=title,
                    template="greenhouse/list.html",
                    data=page,
                    redraw=shown.redraw(
                        changes, page.src_uri, (e.item.id for e in page.entries), page.count
                    ),
                )
        archived = ArchivePage(tuple(e for e in entries if e.archived))
        self.pages.add(
            files,
            config,
            "catalogue/archived/index.md",
            title=gh.t("archived_page"),
            template="greenhouse/archived.html",
            data=archived,
            redraw=shown.redraw(
                changes, "catalogue/archived/index.md", (e.item.id for e in archived.entries)
            ),
        )
        self._add_data_files(files, config)
        return files

    def _add_data_files(self, files: Files, config: MkDocsConfig) -> None:
        """The filter's index, its titles and the card-detail chunks, as static JSON beside
        the page. The index names the titles' file with a digest of its content, so that
        a cached index never pairs with another build's titles."""
        catalog, chunk = self.catalog, self.config.chunk_size
        titles = _json(title_index(catalog.entries))
        digest = hashlib.sha256(titles.encode()).hexdigest()[:12]
        index = facet_index(
            catalog.entries,
            catalog.gh.content,
            catalog.facet_label,
            chunk_size=chunk,
            titles=f"{Path(TITLES_JSON).name}?v={digest}",
        )
        files.append(File.generated(config, TITLES_JSON, content=titles))
        files.append(File.generated(config, FACETS_JSON, content=_json(index)))
        chunks = card_details(
            catalog.entries,
            chunk_size=chunk,
            when=catalog.when,
            cost=lambda e: catalog.cost(e.item),
            request=lambda e: catalog.request(e.item),
        )
        for number, rows in enumerate(chunks):
            uri = f"catalogue/cards/{number}.json"
            files.append(File.generated(config, uri, content=_json(rows)))

    # After greenhouse/content (0, listed first) has chosen item.html for items.
    @event_priority(-10)
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        src = page.file.src_uri
        if src in self.pages:
            page.meta["hide"] = list(_HIDE)
        elif src == "index.md":
            page.meta.setdefault("template", "greenhouse/home.html")
            page.meta["hide"] = list(_HIDE)
            self._check_featured(page, config)
        elif page.meta.get("template") == "item.html":
            page.meta["template"] = _item_template(src, page.meta["template"])
        return markdown

    def _check_featured(self, page: Page, config: MkDocsConfig) -> None:
        """Each id in the home page's `featured_paths` names a current learning path."""
        featured = page.meta.get("featured_paths") or []

        def warn(problem: str) -> None:  # the file is read for its line only when needed
            line = _line_of(page, "featured_paths")
            log.warning(
                f"{display_prefix(config)}{page.file.src_uri}:{line}: featured_paths: {problem}"
            )

        if not isinstance(featured, list):
            warn("a list of path ids, e.g. [paths/first-steps]")
            return
        for path_id in featured:
            entry = self.catalog.by_id.get(str(path_id))
            if entry is None or entry.item.type != "path" or entry.archived:
                warn(f"{path_id!r} is not a published learning path")

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        context["catalog"] = self.catalog  # type: ignore[typeddict-unknown-key]
        self.pages.apply(context, page.file.src_uri)
        return context


def _item_template(src_uri: str, default: str) -> str:
    """Paths get their progress ticks; courses their request button (shown when they cost)."""
    if src_uri.startswith("paths/"):
        return "greenhouse/path.html"
    if src_uri.startswith("courses/"):
        return "greenhouse/course.html"
    return default


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _line_of(page: Page, key: str) -> int:
    """The line of `key` in the page's front matter (1 if it cannot be found)."""
    try:
        lines = Path(page.file.abs_src_path or "").read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    return next((n for n, line in enumerate(lines, 1) if line.startswith(f"{key}:")), 1)
