"""``greenhouse/content``: loads content/ once through the model and renders item pages."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from greenhouse.calendar.history import FileDates, file_dates
from greenhouse.concurrency.background import AfterServing
from greenhouse.model import Content, Settings, load_content
from greenhouse.model.loader import CheckedFile, refused_entries
from greenhouse.model.problems import Problem
from greenhouse.model.reader import ReadCache
from greenhouse.model.settings import SettingsError
from greenhouse.model.types import Framework
from greenhouse.plugins.content.config import ContentConfig
from greenhouse.plugins.extensions import build_once
from greenhouse.plugins.navigation import ActiveSection, hide_lone_page_sidebar
from greenhouse.plugins.redraw import Changes, DirtyRebuild
from greenhouse.plugins.shared_parts import (
    CompiledTemplates,
    SharedParts,
    ThemeTranslations,
    with_theme_prefix,
)
from greenhouse.site.safety import autoescape_for, sanitize_html, sanitize_toc
from greenhouse.site.view import PortalView

log = logging.getLogger("mkdocs.plugins.greenhouse.content")


def get_content_plugin(config: MkDocsConfig) -> ContentPlugin:
    """The loaded content plugin; other greenhouse plugins read the model through it."""
    plugin = config.plugins.get("greenhouse/content")
    if not isinstance(plugin, ContentPlugin):
        raise PluginError("greenhouse plugins need 'greenhouse/content' listed first in plugins")
    return plugin


class ContentPlugin(BasePlugin[ContentConfig]):
    """Reads the content model once per build and gives every page its item or person."""

    content: Content
    view: PortalView
    command: str = "build"
    problems: tuple[Problem, ...] = ()
    reads: ReadCache[CheckedFile] | None = None
    #: `mkdocs serve --dirty`: each rebuild draws again only the pages that show a change
    #: (greenhouse.plugins.redraw), from what the last build had and made.
    redraw: DirtyRebuild | None = None
    changes: Changes = Changes.all()  # what this build draws again: all but on a dirty rebuild
    compiled: CompiledTemplates | None = None  # the templates, for the next rebuild
    #: Serving: the feeds, search files and editor configuration, written after the pages.
    after: AfterServing | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps one instance across `mkdocs serve` rebuilds.
        self.command = command
        self.problems = ()
        # A serve rebuild parses only the files that changed; a build reads each once.
        self.reads = ReadCache() if self.serving else None
        self.redraw = DirtyRebuild() if dirty and self.serving else None
        if self.redraw is not None:
            log.info(
                "greenhouse: each rebuild draws again the pages that show what changed in "
                "content/ (MkDocs' warning that a dirty build leaves pages stale does not "
                "apply to them); a change to mkdocs.yml or overrides/ draws every page"
            )
        self.compiled = CompiledTemplates() if self.serving else None
        self._settle()
        self.after = AfterServing() if self.serving else None

    @property
    def serving(self) -> bool:
        """Built by ``mkdocs serve`` (whose rebuilds write feeds and search files after
        the pages: greenhouse.plugins.jobs.finish)."""
        return self.command == "serve"

    def on_shutdown(self) -> None:
        self._settle()  # before `mkdocs serve` removes the folder they write into

    def _settle(self) -> None:
        if self.after is not None:
            self.after.settle()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # A rebuild starts once the last one's feeds and search files are written.
        self._settle()
        self.section = ActiveSection()  # first: on_build_error may follow any failure below
        # Parts many pages share are drawn once (shared_parts); GREENHOUSE_SHARED_PARTS=0
        # draws them on every page, to compare (tests/site/test_shared_parts.py).
        self.shared = SharedParts(enabled=os.environ.get("GREENHOUSE_SHARED_PARTS") != "0")
        # Link targets of the shared parts besides the navigation: the logo's link and
        # image, Material's files.
        extra = config.extra.get("homepage"), config.theme.get("logo"), "assets/"
        self.shared_targets = tuple(t for t in extra if isinstance(t, str))
        theme_language = config.theme.get("language")
        try:
            self.settings = Settings.from_options(dict(self.config))
            self.now = self.settings.resolve_now(os.environ.get("GREENHOUSE_NOW"))
        except SettingsError as error:
            raise PluginError(str(error)) from None
        self.language = theme_language or self.settings.default_language
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # After every plugin's on_config has read the extensions' names (events after this
        # one see the objects).
        build_once(config)
        # Before MkDocs lists docs_dir: it follows links, and copies what they point at.
        refused = refused_entries(Path(config.docs_dir), display_prefix(config))
        if refused:
            for problem in refused:
                log.error(str(problem))
            raise PluginError(
                f"{refused[0]}: content/ may hold only files and folders; "
                "run 'greenhouse validate' for the list"
            )

    # Run first, so that other plugins' on_files see the loaded model and no drafts.
    @event_priority(100)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        result = load_content(
            Path(config.docs_dir),
            self.settings,
            display_prefix=display_prefix(config),
            cache=self.reads,
        )
        self.problems = result.problems
        for problem in result.problems:
            log.error(str(problem))
        if result.problems and self.command != "serve":
            raise PluginError(
                f"{len(result.problems)} problem(s) in content, the first: "
                f"{result.problems[0]}; run 'greenhouse validate' for the list"
            )
        if result.problems:
            # A preview keeps serving: a failed build would leave `mkdocs serve` waiting
            # for a good one before it answers any request. Every page shows the problems
            # (on_page_content); the other plugins build from no content at all.
            log.error(
                f"{len(result.problems)} problem(s) in content: every page of the preview "
                "shows them until they are fixed"
            )
            self.content = Content(self.settings, Framework())
        else:
            self.content = result.content
        self.view = PortalView(self.content, self.language, self.now)
        self._dates: dict[str, FileDates] | None = None
        files = _without_unpublished(files, self.content)
        self.changes = (
            self.redraw.start(files, config, self.content, self.now, problems=bool(self.problems))
            if self.redraw is not None
            else Changes.all()  # every page is drawn: nothing asks
        )
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.redraw is not None:
            self.redraw.after_nav(nav, config)
        return nav

    def file_dates(self, config: MkDocsConfig) -> dict[str, FileDates]:
        """When each published item's file was first committed and last changed (one Git
        call per build, shared by the feeds and the home page's "recently added")."""
        if self._dates is None:
            items = [i.src_uri for i in self.content.published]
            self._dates = file_dates(Path(config.docs_dir), items)
        return self._dates

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        # The model already has the body: hand it over so MkDocs parses no YAML again.
        # MkDocs reads metadata only from a document's first line on (YAML after '---',
        # or MultiMarkdown 'key: value' lines): after a blank line, a body that starts
        # with '---' or 'author: ...' stays text, and never reaches the theme as meta.
        # A preview with problems shows nothing of a content file but them (whose front
        # matter may not even be YAML).
        if self.problems and page.file.generated_by is None:
            return ""
        entry = self.entry(page) or self.content.pages.get(page.file.src_uri)
        return "\n" + entry.body if entry is not None else None

    # First, so that other plugins' on_page_content (at MkDocs' default priority or below)
    # see safe HTML: Python-Markdown passes raw HTML through, and no page's text may run
    # script. Its table of contents too: Material prints its titles and links as they are.
    @event_priority(100)
    def _sanitize(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        sanitize_toc(page.toc)
        return sanitize_html(html)

    # Last, after every plugin has chosen its page's template: a preview with problems
    # shows them instead, on every page.
    @event_priority(-100)
    def _show_problems(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.problems:
            page.meta["template"] = "greenhouse/problems-page.html"
        return html

    on_page_content = CombinedEvent(_sanitize, _show_problems)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        # The theme reads only what the model has checked: a content file's page gets
        # its meta from the model, whatever MkDocs found in the file.
        entry = self.entry(page)
        if entry is not None:
            person = entry.type == "person"
            page.meta.clear()
            page.meta["title"] = entry.name if person else entry.title
            page.meta["template"] = "person.html" if person else "item.html"
            if not person:
                page.meta["description"] = entry.summary
        elif (top_page := self.content.pages.get(page.file.src_uri)) is not None:
            page.meta.clear()
            page.meta.update(top_page.meta())
        # Material prints the title and description as they are (<title>, the header, the
        # description meta, the nav): escape them on every page, generated ones included,
        # where they leave contributors' hands.
        for key in ("title", "description"):
            value = page.meta.get(key)
            if isinstance(value, str) and not isinstance(value, Markup):
                page.meta[key] = escape(value)
        return markdown

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        if self.redraw is not None:
            self.redraw.before_env(files, config, self.changes)
        # MkDocs builds its Jinja environment without autoescape and Material relies on
        # that; every template of ours (everything in overrides/) escapes by default.
        env.autoescape = autoescape_for(_our_templates(config), env.autoescape)
        env.loader = with_theme_prefix(env, config)
        if self.compiled is not None:
            # Each rebuild of `mkdocs serve` has a new environment: a template whose source
            # is unchanged is not compiled again (Jinja checks the source's checksum).
            env.bytecode_cache = self.compiled
        self.shared.clear()
        env.globals["gh_once"] = self.shared
        env.globals["gh_titled"] = self.shared.titled
        env.globals["gh_theme_t"] = ThemeTranslations(env, config.theme["language"])
        return env

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        context["gh"] = self.view  # type: ignore[typeddict-unknown-key]
        context["gh_problems"] = self.problems  # type: ignore[typeddict-unknown-key]
        self.section.mark(page, nav)
        hide_lone_page_sidebar(page, nav)
        place = self.shared.place(page, nav, self.shared_targets)
        context["gh_place"] = place  # type: ignore[typeddict-unknown-key]
        entry = self.entry(page)
        if entry is not None:
            context["entry"] = entry  # type: ignore[typeddict-unknown-key]
        return context

    def on_template_context(
        self, context: TemplateContext, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        # Templates rendered without a page (404.html) translate with `gh` too.
        context["gh"] = self.view  # type: ignore[typeddict-unknown-key]
        context["gh_problems"] = self.problems  # type: ignore[typeddict-unknown-key]
        context["gh_place"] = None  # type: ignore[typeddict-unknown-key]
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.section.clear()
        self.shared.clear()
        if self.redraw is not None and not self.problems:
            self.redraw.built(self.content, self.now)

    def on_build_error(self, *, error: Exception) -> None:
        self.section.clear()
        self.shared.clear()
        if self.redraw is not None:
            self.redraw.failed()

    def entry(self, page: Page) -> Any:
        src = page.file.src_uri
        if src.startswith("people/"):
            return self.content.people.get(src[len("people/") : -3])
        return self.content.items.get(src[:-3])


def _our_templates(config: MkDocsConfig) -> frozenset[str]:
    """Template names (as Jinja sees them) of every HTML file in the theme's custom_dir."""
    custom_dir = config.theme.custom_dir
    if not custom_dir:
        return frozenset()
    root = Path(custom_dir)
    return frozenset(p.relative_to(root).as_posix() for p in root.rglob("*.html"))


def display_prefix(config: MkDocsConfig) -> str:
    """What problems put before a path in the content folder (``content/``)."""
    root = os.path.dirname(config.config_file_path or ".")
    return os.path.relpath(config.docs_dir, root).replace(os.sep, "/") + "/"


def _without_unpublished(files: Files, content: Content) -> Files:
    """Drop the framework files and drafts: neither is ever published."""
    for file in list(files):
        src = file.src_uri
        item = content.items.get(src[:-3]) if src.endswith(".md") else None
        if src.startswith("framework/") or (item is not None and not item.published):
            files.remove(file)
    return files
