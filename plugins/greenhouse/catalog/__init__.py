"""The catalogue: which items each listing shows, in what order, and the compact data its
filter loads. Plain Python; the ``greenhouse/catalog`` plugin only hands it to templates."""

from greenhouse.catalog.entries import Entry, catalogue_entries
from greenhouse.catalog.facets import (
    FACETS,
    Facet,
    FacetValue,
    facet_counts,
    facet_index,
    title_index,
)
from greenhouse.catalog.listing import (
    CATALOGUES,
    Catalogue,
    ListPage,
    card_details,
    list_pages,
    request_url,
)

__all__ = [
    "CATALOGUES",
    "FACETS",
    "Catalogue",
    "Entry",
    "Facet",
    "FacetValue",
    "ListPage",
    "card_details",
    "catalogue_entries",
    "facet_counts",
    "facet_index",
    "list_pages",
    "request_url",
    "title_index",
]
