"""The RSS 2.0 feed of newly published items, newest first.

Built with ElementTree, which escapes every text, so nothing a contributor writes can
break the XML.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time
from email.utils import format_datetime
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

from greenhouse.calendar.history import FileDates
from greenhouse.model.types import Content, Item

ATOM = "http://www.w3.org/2005/Atom"
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"


@dataclass(frozen=True)
class FeedItem:
    item: Item
    published: datetime


def published_at(item: Item, dates: Mapping[str, FileDates], zone: str) -> datetime | None:
    """The item's `date` (midnight in the site's zone), else its file's first commit."""
    if item.date is not None:
        return datetime.combine(item.date, time(0), ZoneInfo(zone))
    known = dates.get(item.src_uri)
    return known.first if known else None


def newest_items(
    content: Content, dates: Mapping[str, FileDates], *, limit: int = 50
) -> list[FeedItem]:
    """Published, not archived items with a known date, newest first."""
    found = []
    for item in content.published:
        if item.archived:
            continue
        moment = published_at(item, dates, content.settings.timezone)
        if moment is not None:
            found.append(FeedItem(item, moment))
    found.sort(key=lambda f: (f.published.astimezone(UTC), f.item.id), reverse=True)
    return found[:limit]


def build_rss(
    entries: Iterable[FeedItem],
    content: Content,
    *,
    site_url: str,
    title: str,
    description: str,
    language: str,
) -> bytes:
    """RSS 2.0 with an atom:link to itself; `site_url` is absolute and ends in /."""
    ET.register_namespace("atom", ATOM)
    ET.register_namespace("dc", DUBLIN_CORE)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    entries = list(entries)
    _text(channel, "title", title)
    _text(channel, "link", site_url)
    _text(channel, "description", description)
    _text(channel, "language", language)
    ET.SubElement(
        channel,
        f"{{{ATOM}}}link",
        {
            "href": f"{site_url}feed.xml",
            "rel": "self",
            "type": "application/rss+xml",
        },
    )
    if entries:
        _text(channel, "lastBuildDate", format_datetime(entries[0].published.astimezone(UTC)))
    competencies = content.framework.competencies
    for entry in entries:
        item = entry.item
        link = f"{site_url}{item.page_url}"
        node = ET.SubElement(channel, "item")
        _text(node, "title", item.title)
        _text(node, "link", link)
        _text(node, "description", item.summary)
        ET.SubElement(node, "guid", {"isPermaLink": "true"}).text = link
        _text(node, "pubDate", format_datetime(entry.published.astimezone(UTC)))
        # The channel's <language> is the interface's; each item says its own.
        _text(node, f"{{{DUBLIN_CORE}}}language", item.language)
        for cid in item.competencies:
            name = competencies[cid].name if cid in competencies else cid
            ET.SubElement(node, "category", {"domain": f"{site_url}competencies/"}).text = name
    ET.indent(rss)
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True) + b"\n"


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = text
