"""Options of the ``greenhouse/calendar`` plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from greenhouse.calendar.occurrences import UPCOMING


class CalendarConfig(Config):
    upcoming_days = c.Type(int, default=UPCOMING.days)
    """How far ahead /calendar/ lists occurrences (default: the coming year, like every
    other list of upcoming sessions)."""
    days_back = c.Type(int, default=30)
    """How long past sessions stay in calendar.ics and the competency feeds, so that a
    late cancellation still reaches subscribers."""
    uid_domain = c.Optional(c.Type(str))
    """The domain part of every event UID; default: the host of site_url. Set it before
    the site moves host, so that subscribers keep their events."""
    rss_limit = c.Type(int, default=50)
    """How many of the newest items /feed.xml lists."""
