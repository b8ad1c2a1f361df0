"""``greenhouse/calendar``: adds /calendar/, the .ics feeds and /feed.xml to the build."""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from greenhouse.calendar.feeds import calendar_paths, write_calendar_files
from greenhouse.calendar.ics import FeedBuilder
from greenhouse.calendar.rss import build_rss, newest_items
from greenhouse.calendar.view import RSS_FEED, CalendarView
from greenhouse.concurrency.background import Job, in_background
from greenhouse.plugins.calendar.config import CalendarConfig
from greenhouse.plugins.content.plugin import get_content_plugin
from greenhouse.plugins.jobs import finish
from greenhouse.plugins.pages import GeneratedPages
from greenhouse.plugins.redraw import remove_outputs

log = logging.getLogger("mkdocs.plugins.greenhouse.calendar")

CALENDAR_PAGE = "calendar/index.md"


class CalendarPlugin(BasePlugin[CalendarConfig]):
    """Turns the sessions of the loaded content into a page and feeds (all virtual)."""

    view: CalendarView
    feeds_job: Job | None = None
    feeds: frozenset[str] = frozenset()  # the .ics files of the last build

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps one instance across `mkdocs serve` rebuilds.
        self.feeds = frozenset()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.pages = GeneratedPages()
        self.site_url: str | None = config.site_url or None
        if not self.site_url:
            log.warning("site_url is not set: feeds and subscribe links need absolute URLs")
        return config

    # After greenhouse/content (priority 100) has loaded the model into its plugin.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        loaded = get_content_plugin(config)
        content, now = loaded.content, loaded.now
        self.view = CalendarView(
            content,
            loaded.view.t,
            now,
            site_url=self.site_url,
            upcoming_days=self.config.upcoming_days,
        )
        dates = loaded.file_dates(config)
        builder = FeedBuilder(
            content, dates, loaded.view.t, domain=self._uid_domain(), site_url=self.site_url
        )
        self._start_feeds(files, config, builder)
        rss = build_rss(
            newest_items(content, dates, limit=self.config.rss_limit),
            content,
            site_url=self.site_url or "/",
            title=config.site_name,
            description=config.site_description or config.site_name,
            language=loaded.language,
        )
        self._add_file(files, config, RSS_FEED, rss)
        self.pages.add(
            files,
            config,
            CALENDAR_PAGE,
            title=loaded.view.t("calendar_title"),
            template="greenhouse/calendar.html",
            data=self.view,
        )
        return files

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        job, self.feeds_job = self.feeds_job, None
        if job is not None:
            finish(
                job,
                "greenhouse/calendar: writing the feeds",
                after=get_content_plugin(config).after,
            )

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_feeds()

    def _start_feeds(self, files: Files, config: MkDocsConfig, builder: FeedBuilder) -> None:
        """Write the .ics files beside the build, on the other core (greenhouse.concurrency)."""
        # Files of the same name in content/ would be copied over them: they are left out.
        paths = frozenset(calendar_paths(builder.content))
        for path in paths:
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
        if get_content_plugin(config).redraw is not None:
            # The feed of an item deleted or without sessions now goes (plugins/redraw.py).
            remove_outputs(config, self.feeds - paths)
        self.feeds = paths
        self._stop_feeds()
        self.feeds_job = in_background(
            functools.partial(
                write_calendar_files,
                Path(config.site_dir),
                builder,
                self.view.now,
                days_back=self.config.days_back,
            )
        )

    def _stop_feeds(self) -> None:
        if self.feeds_job is not None:
            self.feeds_job.cancel()
            self.feeds_job = None

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        # Every page may include greenhouse/feed-links.html, so every page gets `ghcal`.
        context["ghcal"] = self.view  # type: ignore[typeddict-unknown-key]
        self.pages.apply(context, page.file.src_uri)
        return context

    def _uid_domain(self) -> str:
        if self.config.uid_domain:
            return self.config.uid_domain
        return urlsplit(self.site_url or "").hostname or "greenhouse.invalid"

    @staticmethod
    def _add_file(files: Files, config: MkDocsConfig, src_uri: str, data: bytes) -> None:
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, src_uri, content=data))
