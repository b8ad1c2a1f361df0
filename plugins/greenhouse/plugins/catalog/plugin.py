"""``greenhouse/catalog``: the faceted catalogue, one catalogue per type, plain-list pages,
the home page and learning-path pages. The listings themselves come from
:mod:`greenhouse.catalog`; this adapter only adds pages and hands data to templates."""

from __future__ import annotations

import json
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from greenhouse.catalog import card_details, catalogue_entries, facet_index
from greenhouse.catalog.view import ArchivePage, CatalogView
from greenhouse.plugins.catalog.config import CatalogConfig
from greenhouse.plugins.content.plugin import get_content_plugin
from greenhouse.plugins.pages import GeneratedPages

FACETS_JSON = "catalogue/facets.json"
#: Our listing pages have their own filter column: Material's sidebars would crowd it.
_HIDE = ("navigation", "toc")


class CatalogPlugin(BasePlugin[CatalogConfig]):
    """Adds the catalogue pages and their filter data; picks the home and path templates."""

    catalog: CatalogView
    pages: GeneratedPages

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps one instance across `mkdocs serve` rebuilds.
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.pages = GeneratedPages()  # anew for every build, serve rebuilds included
        return config

    # After greenhouse/content (100) has loaded the model and removed drafts.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        content_plugin = get_content_plugin(config)
        gh = content_plugin.view
        entries = catalogue_entries(content_plugin.content, content_plugin.now)
        self.catalog = CatalogView(
            gh,
            entries,
            self.config.request_form,
            config.site_url or "/",
            page_size=self.config.page_size,
            list_size=self.config.list_size,
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
            )
            for page in listing.lists:
                title = gh.t("list_page_title", name=gh.t(f"catalogue_{key}"), n=page.number)
                self.pages.add(
                    files,
                    config,
                    page.src_uri,
                    title=title,
                    template="greenhouse/list.html",
                    data=page,
                )
        archived = ArchivePage(tuple(e for e in entries if e.archived))
        self.pages.add(
            files,
            config,
            "catalogue/archived/index.md",
            title=gh.t("archived_page"),
            template="greenhouse/archived.html",
            data=archived,
        )
        self._add_data_files(files, config)
        return files

    def _add_data_files(self, files: Files, config: MkDocsConfig) -> None:
        """The filter's index and the card-detail chunks, as static JSON beside the page."""
        catalog, chunk = self.catalog, self.config.chunk_size
        index = facet_index(
            catalog.entries, catalog.gh.content, catalog.facet_label, chunk_size=chunk
        )
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
        elif page.meta.get("template") == "item.html":
            page.meta["template"] = _item_template(src, page.meta["template"])
        return markdown

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
