"""Slugs: file names made from titles."""

from __future__ import annotations

import re
import unicodedata

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Letters that Unicode does not decompose into a base letter plus an accent.
_TRANSLITERATE = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "đ": "d", "ł": "l", "Ł": "l", "þ": "th"}
)


def slugify(title: str, *, max_length: int = 60) -> str:
    """Make a slug from any title: ``Åsa's öl & Kotlin`` becomes ``asas-ol-kotlin``.

    Accents are dropped, apostrophes vanish without splitting words, every other run of
    non-alphanumerics becomes one ``-``, and long slugs are cut at a word boundary.
    """
    text = unicodedata.normalize("NFKD", title.translate(_TRANSLITERATE))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['’`]", "", text)
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(text) > max_length:
        text = text[:max_length].rsplit("-", 1)[0]
    return text
