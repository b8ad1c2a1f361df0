"""What the header search needs in the browser: which engine, facet labels, its strings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from greenhouse.catalog.facets import FACETS as CATALOGUE_FACETS
from greenhouse.catalog.facets import RECORD_ATTRIBUTES
from greenhouse.i18n import Translator
from greenhouse.model.types import FOLDER_TYPES, FORMATS, LEVELS, Content

#: The catalogue's facets, in its order, named as record attributes.
FACETS: tuple[str, ...] = tuple(RECORD_ATTRIBUTES.get(f, f) for f in CATALOGUE_FACETS)
#: Interface strings (keys in greenhouse/i18n/*.yml) the script shows.
STRINGS: tuple[str, ...] = (
    "search_label",
    "search_placeholder",
    "search_results",
    "search_result_one",
    "search_no_results",
    "search_no_results_filtered",
    "search_error",
    "search_filters",
    "search_clear",
    "search_more",
    "search_close",
    "search_facet_type",
    "search_facet_competencies",
    "search_facet_area",
    "search_facet_level",
    "search_facet_format",
    "search_facet_language",
    "search_facet_upcoming",
    "search_upcoming_only",
    "search_showing_for",
    "search_instead",
)
#: Types of records beside the content's items and people: pages the directory generates.
FRAMEWORK_TYPES: tuple[str, ...] = ("competency", "track")


def browser_settings(
    content: Content,
    language: str,
    algolia: Mapping[str, Any] | None,
    *,
    index: str,
    stemmers: str | None = None,
) -> dict[str, Any]:
    """Settings for search.js: engine, facet value labels, strings. Holds no secret.

    `algolia` is the browser part of the plugin's options (app id, search-only key,
    index name, hosts) or None for the embedded index, whose ``pages.json`` is at `index`
    from the site's root, and its query stemmers' script at `stemmers` (None without one).
    """
    t = Translator(language)
    labels: dict[str, dict[str, str]] = {
        "type": {kind: t(f"type_{kind}") for kind in (*FOLDER_TYPES.values(), *FRAMEWORK_TYPES)},
        "competencies": {c.id: c.name for c in content.framework.competencies.values()},
        "area": {a.id: a.name for a in content.framework.areas},
        "level": {level: t(f"level_{level}") for level in LEVELS},
        "format": {fmt: t(f"format_{fmt}") for fmt in FORMATS},
        "language": {code: t(f"language_{code}") for code in content.settings.languages},
        "upcoming": {"true": t("search_upcoming_only")},
    }
    settings: dict[str, Any] = {
        "engine": "algolia" if algolia else "index",
        "facets": list(FACETS),
        "labels": labels,
        "strings": {key.removeprefix("search_"): t(key) for key in STRINGS},
    }
    if not algolia:
        settings["index"] = index
        settings["stemmers"] = stemmers
    if algolia:
        settings["algolia"] = {
            "appId": algolia["app_id"],
            "searchKey": algolia["search_key"],
            "indexName": algolia["index_name"],
            "hosts": list(algolia.get("hosts") or []),
        }
    return settings
