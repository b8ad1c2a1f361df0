"""``greenhouse/parallel``: converts Markdown and renders templates in forked helpers too.

MkDocs converts every page's Markdown, then renders every page's template, in one process,
one page after another; at a few thousand items that is most of the build. Twice, helpers
forked from the build take pages from the end of MkDocs' list while MkDocs goes on from
its start (`greenhouse.concurrency.parallel.SharedLoop`):

- from ``on_nav``, they convert Markdown: for a page a helper converted, the page's
  ``render`` (which MkDocs calls right after ``on_page_markdown``) puts the helper's HTML,
  table of contents and anchors in place instead of converting the text again;
- from ``on_env`` (every page converted, every plugin's environment set up), they render
  templates: for a page a helper rendered, MkDocs renders `PRERENDERED`, which prints it.
  The page's context says so (``PRERENDERED_KEY``) before any other plugin fills it in,
  so that work only the page's template would use is skipped. With no ``on_post_page``
  handler in the build, the helper writes the page's file itself and MkDocs renders
  nothing for it (what it would write is already written), so that the build's share of
  the last pages is small and both cores finish together.

Every process converts its pages with one Markdown instance (`ReusedMarkdown`), where
MkDocs would make one per page.

MkDocs still runs every plugin event for every page in its usual order, so what plugins
collect and the files written are the same as without helpers. ``mkdocs serve`` and dirty
builds convert and render as MkDocs does.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import write_file
from mkdocs.utils.templates import TemplateContext

from greenhouse.concurrency.parallel import YOURS, SharedLoop, usable_cores
from greenhouse.plugins.conversion import ReusedMarkdown
from greenhouse.plugins.pages import PRERENDERED_KEY
from greenhouse.plugins.parallel.config import ParallelConfig

#: The template MkDocs renders for every page once helpers run: it prints ``prerendered``,
#: the page's HTML made in ``on_page_context`` (by a helper, or there by the build).
PRERENDERED = "greenhouse/prerendered.html"
MAX_PROCESSES = 4

#: What a helper sends back for a page it converted: the page's HTML, table of contents,
#: title from the first heading, anchors, and links to other pages' anchors by source path.
Converted = tuple[str, Any, str | None, Any, dict[str, Any]]

#: What a helper sends back for a page whose file it wrote.
WRITTEN = None

log = logging.getLogger("mkdocs.plugins.greenhouse.parallel")


class _SkipNotice(logging.Filter):
    """Drops MkDocs' notice that it wrote nothing for the page whose file a helper wrote."""

    def __init__(self) -> None:
        super().__init__()
        self.page: str | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        expected = f"Page skipped: '{self.page}'. Generated empty output."
        return self.page is None or record.getMessage() != expected


class ParallelPlugin(BasePlugin[ParallelConfig]):
    """Spreads Markdown conversion and template rendering over the cores the build may use."""

    loop: SharedLoop | None = None
    markdown_loop: SharedLoop | None = None
    nav: Navigation | None = None
    yours: int | None = None  # the page being rendered here, between the two on_page_context
    command = "build"
    dirty = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty
        self.skip_notice = _SkipNotice()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.markdown = ReusedMarkdown()  # anew for every build: the extensions may change
        return config

    # Last: the navigation and pages as every other plugin left them; no thread runs yet.
    @event_priority(-200)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self._stop()
        self.nav = nav
        self.helped_markdown = 0
        if self._helpers() < 1:
            return nav
        self.files, self.build_config = files, config
        self.sources = [file for file in files.documentation_pages() if file.page is not None]
        self.source_index = {file.src_uri: n for n, file in enumerate(self.sources)}
        loop = SharedLoop(
            len(self.sources), self._convert, helpers=self._helpers(), logger="mkdocs"
        )
        self.markdown_loop = loop if loop.forked else None
        return nav

    # Last: the Markdown as every plugin left it, the text a helper converted.
    @event_priority(-200)
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        # MkDocs calls page.render next: for this page, once, it takes what a helper
        # converted, or converts the text with this process's Markdown instance.
        converted = self._converted(page)
        page.render = functools.partial(self._render_markdown, page, converted)  # type: ignore[method-assign]
        return markdown

    def _converted(self, page: Page) -> Converted | None:
        """What a helper converted for the page, or None if it is this process's to do."""
        loop = self.markdown_loop
        index = self.source_index.get(page.file.src_uri) if loop is not None else None
        if loop is None or index is None:
            return None
        converted = loop.take(index)
        if index == len(self.sources) - 1:  # the last page: helpers are done
            self.markdown_loop = None
            loop.close()
        return None if converted is YOURS else converted

    def _render_markdown(
        self, page: Page, converted: Converted | None, config: MkDocsConfig, files: Files
    ) -> None:
        """What `Page.render` sets, from what a helper converted or converted here."""
        del page.render  # the method again, should the page be rendered another time
        if converted is None:
            self.markdown.render(page, config, files)
            return
        self.helped_markdown += 1
        page.content, page.toc, page._title_from_render, page.present_anchor_ids, links = converted
        if links:
            targets = {uri: files.get_file_from_path(uri) for uri in links}
            page.links_to_anchors = {f: links[uri] for uri, f in targets.items() if f is not None}

    # Last, after every plugin's on_env (greenhouse/search's included): helpers inherit the
    # finished environment, and no plugin has started a thread yet (forking needs just one).
    @event_priority(-200)
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        self._stop()
        helpers = self._helpers()
        if helpers < 1 or self.nav is None:
            return env
        self.env, self.build_config = env, config
        self.doc_files = files.documentation_pages()
        self.pages: list[Page] = [file.page for file in self.doc_files if file.page is not None]
        self.templates = [page.meta.get("template", "main.html") for page in self.pages]
        self.index = {page.file.src_uri: n for n, page in enumerate(self.pages)}
        # A post_page handler must see every page's output, so MkDocs writes them all.
        self.helpers_write = not config.plugins.events["post_page"]
        loop = SharedLoop(len(self.pages), self._render, helpers=helpers, logger="mkdocs")
        if loop.forked:
            self.loop, self.helped = loop, 0
            for page in self.pages:
                page.meta["template"] = PRERENDERED
            if self.helpers_write:
                logging.getLogger("mkdocs.commands.build").addFilter(self.skip_notice)
        return env

    # First: a page a helper rendered is marked before any plugin fills in its context, so
    # that work only its template would use can be left out (`greenhouse.plugins.pages`).
    @event_priority(1000)
    def _take_page(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        self.yours = None
        index = self.index.get(page.file.src_uri) if self.loop is not None else None
        if self.loop is None or index is None:
            return context
        page.meta["template"] = self.templates[index]
        html = self.loop.take(index)
        if html is YOURS:
            self.yours = index
            return context
        self.helped += 1
        if html is WRITTEN:
            html, self.skip_notice.page = "", page.file.src_uri
        context[PRERENDERED_KEY] = Markup(html)  # type: ignore[literal-required]
        return context

    # Last: the context as every plugin made it, exactly what MkDocs would render.
    @event_priority(-200)
    def _render_page(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        index, self.yours = self.yours, None
        if index is not None:
            html = self.env.get_template(self.templates[index]).render(context)
            context[PRERENDERED_KEY] = Markup(html)  # type: ignore[literal-required]
        return context

    on_page_context = CombinedEvent(_take_page, _render_page)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.loop is not None:
            log.info(
                f"parallel: helpers converted {self.helped_markdown} and rendered "
                f"{self.helped} of {len(self.pages)} pages"
            )
        self._stop()

    def on_build_error(self, *, error: Exception) -> None:
        self._stop()

    def _render(self, index: int) -> str | None:
        """In a helper: what MkDocs' _build_page renders for the page (plugin events included),
        or `WRITTEN` once the helper has written it where MkDocs would."""
        page, config, nav = self.pages[index], self.build_config, self.nav
        assert nav is not None  # on_env starts no helper without it
        config._current_page = page
        page.active = True
        try:
            context = get_context(nav, self.doc_files, config, page)
            context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
            html = self.env.get_template(self.templates[index]).render(context)
        finally:
            page.active = False
            config._current_page = None
        if not self.helpers_write or not html.strip():
            return html
        write_file(html.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path)
        return WRITTEN

    def _convert(self, index: int) -> Converted:
        """In a helper: what MkDocs' _populate_page converts for the page, up to on_page_content."""
        page, config, files = self.sources[index].page, self.build_config, self.files
        assert page is not None  # on_nav lists only files with a page
        page = config.plugins.on_pre_page(page, config=config, files=files)
        config._current_page = page
        try:
            page.read_source(config)
            assert page.markdown is not None
            page.markdown = config.plugins.on_page_markdown(
                page.markdown, page=page, config=config, files=files
            )
            page.render(config, files)
        finally:
            config._current_page = None
        assert page.content is not None
        links = {to.src_uri: anchors for to, anchors in (page.links_to_anchors or {}).items()}
        return page.content, page.toc, page._title_from_render, page.present_anchor_ids, links

    def _helpers(self) -> int:
        """How many helpers to fork: none for `mkdocs serve` or a dirty build."""
        if self.command == "serve" or self.dirty:
            return 0
        if self.config.processes > 0:
            return self.config.processes - 1
        return min(MAX_PROCESSES, usable_cores()) - 1

    def _stop(self) -> None:
        for loop in (self.markdown_loop, self.loop):
            if loop is not None:
                loop.close()
        self.markdown_loop = self.loop = None
        logging.getLogger("mkdocs.commands.build").removeFilter(self.skip_notice)
        self.skip_notice.page = None
