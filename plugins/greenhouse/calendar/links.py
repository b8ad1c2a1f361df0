"""Links that add one session to Google Calendar or Outlook on the web."""

from __future__ import annotations

from datetime import UTC
from urllib.parse import urlencode

from greenhouse.calendar.occurrences import session_length
from greenhouse.model.types import Item, Session


def _details(item: Item, session: Session, page_url: str | None) -> str:
    return "\n\n".join(x for x in (item.summary, session.online, page_url) if x)


def google_link(item: Item, session: Session, page_url: str | None = None) -> str:
    """Google Calendar's event template; a series keeps its rule (Google's `recur`)."""
    start = session.start.astimezone(UTC)
    end = start + session_length(session)
    query = {
        "action": "TEMPLATE",
        "text": item.title,
        "dates": f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}",
        "ctz": session.timezone,
        "details": _details(item, session, page_url),
    }
    if session.location or session.online:
        query["location"] = session.location or session.online or ""
    if session.repeat:
        query["recur"] = f"RRULE:{session.repeat}"
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook_link(item: Item, session: Session, page_url: str | None = None) -> str | None:
    """Outlook on the web's compose form (work accounts); None for a series, which it
    cannot take from a link: the .ics file carries those."""
    if session.repeat:
        return None
    start = session.start.astimezone(UTC)
    end = start + session_length(session)
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": item.title,
        "startdt": f"{start:%Y-%m-%dT%H:%M:%SZ}",
        "enddt": f"{end:%Y-%m-%dT%H:%M:%SZ}",
        "body": _details(item, session, page_url),
        "location": session.location or session.online or "",
    }
    return "https://outlook.office.com/calendar/0/deeplink/compose?" + urlencode(query)
