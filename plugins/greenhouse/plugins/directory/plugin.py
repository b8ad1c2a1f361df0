"""``greenhouse/directory``: a thin adapter that renders :mod:`greenhouse.directory` as pages.

Pages: ``/competencies/`` and ``/competencies/<id>/``, ``/careers/`` and
``/careers/<track>/``, ``/people/`` (people, mentors, "play it forward") and
``/insights/``; it also gives each person's page their activity.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from greenhouse.directory import (
    competency_index,
    competency_page,
    insights,
    teachers_ranked,
    track_view,
)
from greenhouse.directory.competencies import AreaSummary
from greenhouse.directory.people import PersonActivity, everyone, mentors
from greenhouse.plugins.content.plugin import get_content_plugin
from greenhouse.plugins.directory.config import DirectoryConfig
from greenhouse.plugins.pages import GeneratedPages

TEMPLATES = "greenhouse/directory/"


class DirectoryPlugin(BasePlugin[DirectoryConfig]):
    """Adds the directory's virtual pages and hands each template its computed data."""

    pages: GeneratedPages
    #: The competency index of the last build (a dirty rebuild compares it).
    summaries: list[AreaSummary] | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps one instance across `mkdocs serve` rebuilds.
        self.command = command
        self.summaries = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.pages = GeneratedPages()
        self.activities: dict[str, PersonActivity] = {}
        return config

    # After greenhouse/content (100), which loads the model these pages are made from.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        source = get_content_plugin(config)
        content, t, now, changes = source.content, source.view.t, source.now, source.changes
        self.pages = GeneratedPages()
        add = self.pages.add
        # The index shows counts only: drawn again when one of them changed.
        summaries = competency_index(content)
        last_summaries, self.summaries = self.summaries, summaries
        add(
            files,
            config,
            "competencies/index.md",
            title=t("dir_competencies_title"),
            template=TEMPLATES + "competencies.html",
            data=summaries,
            redraw=changes.everything or summaries != last_summaries,
        )
        for cid, competency in content.framework.competencies.items():
            add(
                files,
                config,
                f"competencies/{cid}.md",
                title=competency.name,
                template=TEMPLATES + "competency.html",
                make=partial(competency_page, content, cid, now),
                redraw=changes.shows_competency(cid),
            )
        add(
            files,
            config,
            "careers/index.md",
            title=t("dir_careers_title"),
            template=TEMPLATES + "careers.html",
            data=content.framework.tracks,
            redraw=changes.everything,  # the framework's, nothing else
        )
        for track in content.framework.tracks:
            add(
                files,
                config,
                f"careers/{track.id}.md",
                title=track.name,
                template=TEMPLATES + "track.html",
                make=partial(track_view, content, track),
                redraw=any(changes.shows_competency(c) for s in track.steps for c in s.expects),
            )
        activities = everyone(content, now, source.view.next)
        # Person pages show the same activity: computed once, here.
        self.activities = {a.person.id: a for a in activities}
        add(
            files,
            config,
            "people/index.md",
            title=t("dir_people_title"),
            template=TEMPLATES + "people.html",
            make=partial(self._people, activities),
            redraw=changes.everything or bool(changes.people),
        )
        if self.config.insights:
            add(
                files,
                config,
                "insights/index.md",
                title=t("dir_insights_title"),
                template=TEMPLATES + "insights.html",
                make=partial(
                    insights,
                    content,
                    now,
                    activities=activities,
                    top_teachers=self.config.top_teachers,
                ),
            )
        return files

    def _people(self, activities: list[PersonActivity]) -> dict[str, Any]:
        return {
            "people": activities,
            "mentors": mentors(activities),
            "top": teachers_ranked(activities, self.config.top_teachers),
        }

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        src = page.file.src_uri
        self.pages.apply(context, src)
        if src.startswith("people/") and src.count("/") == 1:
            activity = self.activities.get(src[len("people/") : -len(".md")])
            if activity is not None:
                context["person_activity"] = activity  # type: ignore[typeddict-unknown-key]
        return context
