"""The `ghcal` object templates use for feeds, add-to-calendar links and /calendar/."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from greenhouse.calendar import links
from greenhouse.calendar.occurrences import Occurrence, occurrences
from greenhouse.model.types import FORMATS, Content, Item, Session

CALENDAR_FEED = "calendar.ics"
RSS_FEED = "feed.xml"


def competency_feed(competency_id: str) -> str:
    """Path of a competency's feed, relative to the site root."""
    return f"competencies/{competency_id}.ics"


def item_feed(item: Item) -> str:
    """Path of an item's own .ics (its "Add to calendar" file), relative to the site root."""
    return f"{item.id}.ics"


@dataclass(frozen=True)
class Month:
    """Upcoming occurrences of one month in the site's time zone."""

    key: str  # 2026-12
    label: str  # December 2026
    occurrences: tuple[Occurrence, ...]


class CalendarView:
    """Feed paths, absolute links and the upcoming list, for templates (as ``ghcal``).

    `now` is the build's fixed "now", so every page agrees on what is upcoming.
    """

    def __init__(
        self,
        content: Content,
        t: Callable[..., object],
        now: datetime,
        *,
        site_url: str | None,
        upcoming_days: int,
    ) -> None:
        self.content = content
        self.t = t
        self.now = now
        self.site_url = site_url
        self.zone = ZoneInfo(content.settings.timezone)
        self.upcoming_days = upcoming_days

    # Feeds -----------------------------------------------------------------

    def feed(self, competency_id: str | None = None) -> str:
        return competency_feed(competency_id) if competency_id else CALENDAR_FEED

    def item_feed(self, item: Item) -> str | None:
        return item_feed(item) if item.published and item.sessions else None

    def absolute(self, path: str) -> str | None:
        """`path` on the published site, when the site has a `site_url`."""
        return f"{self.site_url.rstrip('/')}/{path}" if self.site_url else None

    def webcal(self, path: str) -> str | None:
        """The webcal:// link calendar apps open as a subscription."""
        url = self.absolute(path)
        if url is None:
            return None
        return "webcal://" + url.split("://", 1)[1] if urlsplit(url).scheme else None

    # Add one session -------------------------------------------------------

    def google(self, item: Item, session: Session) -> str:
        return links.google_link(item, session, self.absolute(item.page_url))

    def outlook(self, item: Item, session: Session) -> str | None:
        return links.outlook_link(item, session, self.absolute(item.page_url))

    # /calendar/ ------------------------------------------------------------

    @cached_property
    def upcoming(self) -> tuple[Occurrence, ...]:
        """Occurrences from now on, within the configured number of days."""
        found = occurrences(
            self.content.published, self.now, self.now + timedelta(days=self.upcoming_days)
        )
        return tuple(o for o in found if not o.item.archived)

    @cached_property
    def months(self) -> tuple[Month, ...]:
        names = self.t("calendar_months")
        assert isinstance(names, list)
        groups: dict[str, list[Occurrence]] = {}
        for occurrence in self.upcoming:
            local = occurrence.start.astimezone(self.zone)
            groups.setdefault(f"{local:%Y-%m}", []).append(occurrence)
        return tuple(
            Month(key, f"{names[int(key[5:]) - 1]} {key[:4]}", tuple(found))
            for key, found in groups.items()
        )

    @cached_property
    def filter_competencies(self) -> list[tuple[str, str]]:
        """(id, name) of competencies that upcoming sessions build, by name."""
        ids = {c for o in self.upcoming for c in o.item.competencies}
        known = self.content.framework.competencies
        pairs = ((c, known[c].name) for c in ids if c in known)
        return sorted(pairs, key=lambda p: (p[1].casefold(), p[0]))

    @cached_property
    def filter_formats(self) -> list[str]:
        present = {o.item.format for o in self.upcoming}
        return [f for f in FORMATS if f in present]
