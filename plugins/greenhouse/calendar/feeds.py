"""Every calendar file of the site, by path: the whole calendar, competencies and items."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from greenhouse.calendar.ics import FeedBuilder, FeedEntry
from greenhouse.calendar.occurrences import sessions_since
from greenhouse.calendar.view import CALENDAR_FEED, competency_feed, item_feed
from greenhouse.concurrency.background import write_whole
from greenhouse.model.types import Content


def calendar_files(builder: FeedBuilder, now: datetime, *, days_back: int = 30) -> dict[str, bytes]:
    """``calendar.ics`` and ``competencies/<id>.ics``: sessions from `days_back` days ago on,
    (so that a recently cancelled session still reaches subscribers), and
    ``<folder>/<slug>.ics`` per item with sessions, with all of its sessions.

    A competency feed exists even with no sessions yet, so people can subscribe early.
    """
    content, t = builder.content, builder.t
    recent = sessions_since(content.published, now - timedelta(days=days_back))
    files = {
        CALENDAR_FEED: builder.calendar(
            recent, name=str(t("calendar_feed_name")), description=str(t("calendar_feed_about"))
        )
    }
    by_competency: dict[str, list[FeedEntry]] = {c: [] for c in content.framework.competencies}
    for entry in recent:
        item = entry[0]
        for competency_id in dict.fromkeys(item.competencies):
            if competency_id in by_competency:
                by_competency[competency_id].append(entry)
    for competency in content.framework.competencies.values():
        files[competency_feed(competency.id)] = builder.calendar(
            by_competency[competency.id],
            name=str(t("calendar_competency_feed_name", name=competency.name)),
            description=competency.description,
        )
    for item in content.published:
        if item.sessions:
            entries = [(item, index, session) for index, session in enumerate(item.sessions)]
            files[item_feed(item)] = builder.calendar(
                entries, name=item.title, description=item.summary
            )
    return files


def calendar_paths(content: Content) -> list[str]:
    """The paths `calendar_files` writes, without building any feed."""
    return [
        CALENDAR_FEED,
        *(competency_feed(c) for c in content.framework.competencies),
        *(item_feed(item) for item in content.published if item.sessions),
    ]


def write_calendar_files(
    site_dir: Path, builder: FeedBuilder, now: datetime, *, days_back: int = 30
) -> None:
    """Write every file of `calendar_files` under `site_dir`."""
    for path, data in calendar_files(builder, now, days_back=days_back).items():
        write_whole(site_dir / path, data)
