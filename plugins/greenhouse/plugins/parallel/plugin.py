"""``greenhouse/parallel``: renders page templates in forked helper processes too.

MkDocs renders every page's template in one process, one page after another; at a few
thousand items that is most of the build. From ``on_env`` (every page's Markdown is
converted and every plugin has set up the environment) helpers forked from the build
render pages from the end of MkDocs' list while MkDocs goes on from its start
(`greenhouse.site.parallel.SharedLoop`). For each page MkDocs still runs every plugin event
in its usual order; only the template rendering of pages a helper did is replaced by their
HTML (`PRERENDERED`), so ``on_post_page`` and the files written are the same as without
helpers. ``mkdocs serve`` and dirty builds render as MkDocs does.
"""

from __future__ import annotations

import logging
import os

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from greenhouse.plugins.parallel.config import ParallelConfig
from greenhouse.site.parallel import YOURS, SharedLoop

#: The template MkDocs renders for every page once helpers run: it prints ``prerendered``,
#: the page's HTML made in ``on_page_context`` (by a helper, or there by the build).
PRERENDERED = "greenhouse/prerendered.html"
MAX_PROCESSES = 4

log = logging.getLogger("mkdocs.plugins.greenhouse.parallel")


class ParallelPlugin(BasePlugin[ParallelConfig]):
    """Spreads the rendering of page templates over the cores the build may use."""

    loop: SharedLoop | None = None
    nav: Navigation | None = None
    command = "build"
    dirty = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    # Last: the navigation as every other plugin left it.
    @event_priority(-200)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    # Last, after every plugin's on_env (greenhouse/search's included): helpers inherit the
    # finished environment, and no plugin has started a thread yet (forking needs one).
    @event_priority(-200)
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        self._stop()
        helpers = self._processes() - 1
        if helpers < 1 or self.command == "serve" or self.dirty or self.nav is None:
            return env
        self.env, self.build_config = env, config
        self.doc_files = files.documentation_pages()
        self.pages: list[Page] = [file.page for file in self.doc_files if file.page is not None]
        self.templates = [page.meta.get("template", "main.html") for page in self.pages]
        self.index = {page.file.src_uri: n for n, page in enumerate(self.pages)}
        loop = SharedLoop(len(self.pages), self._render, helpers=helpers, logger="mkdocs")
        if loop.forked:
            self.loop, self.helped = loop, 0
            for page in self.pages:
                page.meta["template"] = PRERENDERED
        return env

    # Last: the context as every plugin made it, exactly what MkDocs would render.
    @event_priority(-200)
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        index = self.index.get(page.file.src_uri) if self.loop is not None else None
        if self.loop is None or index is None:
            return context
        page.meta["template"] = self.templates[index]
        html = self.loop.take(index)
        if html is YOURS:
            html = self.env.get_template(self.templates[index]).render(context)
        else:
            self.helped += 1
        context["prerendered"] = Markup(html)  # type: ignore[typeddict-unknown-key]
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.loop is not None:
            log.info(f"parallel: helpers rendered {self.helped} of {len(self.pages)} pages")
        self._stop()

    def on_build_error(self, *, error: Exception) -> None:
        self._stop()

    def _render(self, index: int) -> str:
        """In a helper: what MkDocs' _build_page renders for the page (plugin events included)."""
        page, config, nav = self.pages[index], self.build_config, self.nav
        assert nav is not None  # on_env starts no helper without it
        config._current_page = page
        page.active = True
        try:
            context = get_context(nav, self.doc_files, config, page)
            context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
            return self.env.get_template(self.templates[index]).render(context)
        finally:
            page.active = False
            config._current_page = None

    def _processes(self) -> int:
        if self.config.processes > 0:
            return self.config.processes
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        return min(MAX_PROCESSES, cores or 1)

    def _stop(self) -> None:
        loop, self.loop = self.loop, None
        if loop is not None:
            loop.close()
