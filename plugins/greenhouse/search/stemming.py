"""Snowball stems for the search, the same in the index (Python) and the browser (JavaScript).

The index is built with PyPI's ``snowballstemmer``; the browser stems a query with
npm's ``snowball-stemmers``, which ``scripts/setup.d/node`` cuts to English and Swedish
into ``.cache/snowball-stemmers-<version>/stemmers.js`` and the build copies to the site.
Both releases are pinned to the same Snowball algorithms (a test stems the sample's words
with both). Words are stemmed as the index keeps them: folded (lower case, no accents).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path

import snowballstemmer

#: The snowball-stemmers release whose script the site serves (scripts/node/package.json
#: pins the same one; a test checks that they agree).
STEMMERS_VERSION = "0.6.0"
STEMMERS_SCRIPT = "stemmers.js"
#: Where the site serves it, from its root.
STEMMERS_URL = "assets/greenhouse/stemmers.js"
#: Page languages with a stemmer, and Snowball's name for each.
ALGORITHMS = {"en": "english", "sv": "swedish"}

#: The checkout this package runs from, when it is installed in editable mode.
_CHECKOUT = Path(__file__).resolve().parents[3]


def stemmer(language: str) -> Callable[[str], str] | None:
    """A function giving the stem of a folded word in `language`, or None for a language
    without one (its words then match as they are, and by prefix)."""
    if language not in ALGORITHMS:
        return None
    return _cached(language)


@cache
def _cached(language: str) -> Callable[[str], str]:
    algorithm = snowballstemmer.stemmer(ALGORITHMS[language])
    # A site has tens of thousands of distinct words and millions of occurrences.
    return lru_cache(maxsize=200_000)(algorithm.stemWord)


def default_cache_dir() -> str:
    return f".cache/snowball-stemmers-{STEMMERS_VERSION}"


def find_stemmers_script(config_dir: Path) -> Path | None:
    """The browser's stemmers, in ``.cache/`` beside the mkdocs.yml or in the checkout this
    package is installed from; None when ``scripts/setup`` has not made it (no Node): the
    search then matches words and their prefixes only, and the build says so."""
    for folder in (config_dir / default_cache_dir(), _CHECKOUT / default_cache_dir()):
        if (folder / STEMMERS_SCRIPT).is_file():
            return folder / STEMMERS_SCRIPT
    return None
