"""The pages of the built sample portal that the page-wide tests visit: one of each kind."""

from __future__ import annotations

from pathlib import Path


def one_of(site: Path, folder: str, showing: str = "") -> str:
    """The address of the first page under `folder` (an item, a person, a track…) whose
    HTML has `showing` (a class: past or cancelled sessions, which have colours of their own)."""
    pages = sorted(p for p in (site / folder).glob("*/index.html") if p.parent.name != "index")
    first = [p for p in pages if showing in p.read_text(encoding="utf-8")]
    assert first, f"no page under {folder}/ shows {showing!r}"
    return f"{folder}/{first[0].parent.name}/"


def page_types(site: Path) -> dict[str, str]:
    """One address of each kind of page a person meets, by a name for test reports."""
    return {
        "home": "",
        "catalogue": "catalogue/",
        "courses": "courses/",
        "academy": "academy/",
        "workshops": "workshops/",
        "hack-week": "hack-week/",
        "paths": "paths/",
        "a course": one_of(site, "courses", showing="gh-session"),
        "a talk": one_of(site, "academy", showing="gh-session--past"),
        "a workshop": one_of(site, "workshops", showing="gh-session--cancelled"),
        "a project": one_of(site, "hack-week"),
        "a path": one_of(site, "paths"),
        "competencies": "competencies/",
        "a competency": one_of(site, "competencies"),
        "careers": "careers/",
        "a track": one_of(site, "careers"),
        "people": "people/",
        "a person": one_of(site, "people"),
        "calendar": "calendar/",
        "insights": "insights/",
        "404": "404.html",
    }
