"""The embedded search index: an inverted index the browser fetches a part at a time.

Built from the search records (one per page section, :mod:`greenhouse.search.records`)
and a few facts from the content model, in the background job that writes the records.
The files, under ``search/index/`` in the built site:

- ``pages.json``: ``{"version", "chunk", "total_words", "shards", "facets", "pages"}``.
  ``pages`` holds per page ``[url, title, [codes of each facet]]``, each facet's codes
  pointing into its list in ``facets`` (in :data:`~greenhouse.search.browser.FACETS`
  order; ``upcoming`` as ``[0]`` or ``[]``). ``shards`` names every term file.
  ``version`` is a digest of the other files. Each of them is ``{"version", "data"}``
  with the same version: the browser adds it to their addresses, so that a cached file
  of another build is not read with this one, and checks it in what comes, so that a
  ``pages.json`` a deploy has replaced since it came is asked for again.
- ``terms/<shard>.json``, data ``{term: [page, weight, page, weight, ...]}`` for the terms
  whose first two letters give the shard's name (:func:`shard_name`); pages ascending,
  each written as the difference from the one before; the weight is the term's BM25
  score in that page, times ten, rounded (at least 1). Beside it, ``stems``:
  ``{language: {stem: [terms]}}`` for the Snowball stems in the shard, the terms of that
  language's pages that have each (:mod:`greenhouse.search.stemming`; a page without a
  language counts in every one), so the browser finds "course" for "courses".
- ``text/<n>.json``, data: the sections of pages ``n * chunk`` to ``(n + 1) * chunk - 1``,
  each ``[anchor, heading, text]``, from which the browser cuts the excerpts.

Terms are words folded the way the browser folds a query: runs of Unicode letters and
digits, accents removed, lower case ("Malmö" -> "malmo"). A query word matches the terms it
starts (the browser ranks an exact match above a longer word), so "course" finds
"courses", and the terms with its stem, ranked below.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from greenhouse.model.types import Content, Item, Person
from greenhouse.search.browser import FACETS
from greenhouse.search.records import page_id
from greenhouse.search.stemming import ALGORITHMS, stemmer

INDEX_DIR = "search/index"
#: Pages per text file: ten results touch at most ten files of a few pages each.
TEXT_CHUNK = 8
#: How often a word counts where it stands: a title word outweighs five of the body's.
WEIGHTS = {"title": 5, "heading": 2, "facts": 2, "text": 1}
#: BM25's term-frequency saturation and length normalisation.
K1 = 1.2
B = 0.75

_WORD = re.compile(r"[^\W_]+")
#: Combining marks, dropped after NFD (é -> e): every plane that has any (0, 1 and 14).
_MARKS = {
    code: None
    for code in (*range(0x20000), *range(0xE0000, 0xE1000))
    if unicodedata.category(chr(code)).startswith("M")
}


def terms(text: str) -> list[str]:
    """The words of `text` as the index and the browser compare them."""
    if not text.isascii():
        text = unicodedata.normalize("NFD", text).translate(_MARKS)
    return _WORD.findall(text.lower())


def shard_name(term: str) -> str:
    """The file holding `term`: its first two letters, ASCII letters and digits as they
    are, anything else as ``_`` and the code point in hex (search.js does the same)."""
    return "".join(c if c.isascii() else f"_{ord(c):x}" for c in term[:2])


@dataclass
class _Page:
    url: str
    title: str
    facets: dict[str, Any]
    sections: list[list[str]] = field(default_factory=list)  # [anchor, heading, text]
    facts: str = ""


def build_index(records: Sequence[Mapping[str, Any]], content: Content) -> dict[str, bytes]:
    """The index's files, by path under :data:`INDEX_DIR`, for `records` in page order."""
    pages = _pages(records, content)
    page_values = [[_values(page.facets.get(facet)) for facet in FACETS] for page in pages]
    values: dict[str, set[str]] = {facet: set() for facet in FACETS}
    for page_facets in page_values:
        for facet, found in zip(FACETS, page_facets, strict=True):
            values[facet].update(found)
    codes = {
        facet: {value: n for n, value in enumerate(sorted(found))}
        for facet, found in values.items()
    }

    lengths: list[int] = []
    counted: list[Counter[str]] = []
    for page in pages:
        weighted: Counter[str] = Counter()
        length = 0
        for field_name, text in _fields(page):
            words = terms(text)
            length += len(words)
            # Each word counted `weight` times over, by Counter's loop in C.
            weighted.update(words * WEIGHTS[field_name])
        lengths.append(length)
        counted.append(weighted)
    average = (sum(lengths) / len(lengths)) if lengths else 1.0
    # Per term, its pages and weights as they are written: page, weight, page, weight...
    postings: dict[str, list[int]] = defaultdict(list)
    for number, (weighted, length) in enumerate(zip(counted, lengths, strict=True)):
        norm = K1 * (1 - B + B * length / (average or 1.0))
        # A page has few distinct frequencies: each one's score is worked out once. A
        # score is positive: one rounded to 0 is written as 1.
        scores = {
            frequency: round(frequency * (K1 + 1) / (frequency + norm) * 10) or 1
            for frequency in set(weighted.values())
        }
        for word, frequency in weighted.items():
            postings[word] += (number, scores[frequency])

    shards: dict[str, dict[str, Any]] = defaultdict(lambda: {"data": {}, "stems": {}})
    for word in sorted(postings):
        flat = postings[word]
        for at in range(len(flat) - 2, 0, -2):  # each page as the difference from the last
            flat[at] -= flat[at - 2]
        shards[shard_name(word)]["data"][word] = flat
    for language, groups in sorted(_stem_groups(pages, counted).items()):
        for stem, members in sorted(groups.items()):
            shards[shard_name(stem)]["stems"].setdefault(language, {})[stem] = sorted(members)

    payloads: dict[str, bytes] = {}
    for name, entries in sorted(shards.items()):
        if not entries["stems"]:
            del entries["stems"]
        payloads[f"terms/{name}.json"] = _json(entries)
    for start in range(0, len(pages), TEXT_CHUNK):
        chunk = [page.sections for page in pages[start : start + TEXT_CHUNK]]
        payloads[f"text/{start // TEXT_CHUNK}.json"] = _json({"data": chunk})
    digest = hashlib.sha256()
    for path, data in payloads.items():
        digest.update(path.encode() + b"\0" + data)
    version = digest.hexdigest()[:12]
    head = b'{"version":"' + version.encode() + b'",'
    files = {path: head + data[1:] for path, data in payloads.items()}
    files["pages.json"] = _json(
        {
            "version": version,
            "chunk": TEXT_CHUNK,
            "total_words": sum(lengths),
            "shards": sorted(shards),
            "facets": {facet: list(found) for facet, found in codes.items()},
            "pages": [
                [
                    page.url,
                    page.title,
                    [
                        [codes[facet][v] for v in found]
                        for facet, found in zip(FACETS, page_facets, strict=True)
                    ],
                ]
                for page, page_facets in zip(pages, page_values, strict=True)
            ],
        }
    )
    return files


def _stem_groups(
    pages: Sequence[_Page], counted: Sequence[Mapping[str, int]]
) -> dict[str, dict[str, set[str]]]:
    """language -> stem -> the words of that language's pages that have it. A page without
    a language of its own (a person, a competency, a career track) counts in every
    language with a stemmer."""
    # Each word is stemmed once per language, not once per page it is on.
    words_of: dict[str, set[str]] = {language: set() for language in ALGORITHMS}
    for page, words in zip(pages, counted, strict=True):
        language = page.facets.get("language")
        for code in [language] if language in ALGORITHMS else [] if language else ALGORITHMS:
            words_of[code].update(words)
    groups: dict[str, dict[str, set[str]]] = {}
    for code, vocabulary in words_of.items():
        stem = stemmer(code)
        assert stem is not None
        found: dict[str, set[str]] = defaultdict(set)
        for word in vocabulary:
            found[stem(word)].add(word)
        if found:
            groups[code] = dict(found)
    return groups


def write_index(site: Path, files: Mapping[str, bytes]) -> None:
    """Write the index's `files` to the site's :data:`INDEX_DIR`, whole or not at all: into
    a new folder beside it, which then takes its place."""
    target = site / INDEX_DIR
    fresh = target.with_name(f".{target.name}.{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    for folder in ("terms", "text"):
        (fresh / folder).mkdir(parents=True)
    for path, data in files.items():
        (fresh / path).write_bytes(data)
    old = target.with_name(f".{target.name}.old.{os.getpid()}")
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _pages(records: Sequence[Mapping[str, Any]], content: Content) -> list[_Page]:
    """One page per page id, its sections in order, split sections joined again."""
    published: list[Item | Person] = [*content.published, *content.people.values()]
    entries = {page_id(entry): entry for entry in published}
    pages: dict[str, _Page] = {}
    for record in records:
        page = pages.get(record["page_id"])
        url, _, anchor = record["url"].partition("#")
        if page is None:
            page = pages[record["page_id"]] = _Page(
                url=url,
                title=record["lvl1"],
                facets={facet: record.get(facet) for facet in FACETS},
            )
            entry = entries.get(record["page_id"])
            if entry is not None:
                page.facts = _facts(entry, content)
        section_id = record["objectID"].split("#", 1)[1].split("~", 1)[0]
        if page.sections and page.sections[-1][0] == section_id:
            page.sections[-1][2] += " " + record["content"]  # the next part of a long section
        else:
            heading = record.get("lvl3") or record.get("lvl2") or ""
            page.sections.append([anchor.split("~", 1)[0], heading, record["content"]])
    return list(pages.values())


def _fields(page: _Page) -> Iterable[tuple[str, str]]:
    """The page's text by what it is (`WEIGHTS`): words never run across the joins."""
    yield "title", page.title
    yield "facts", page.facts
    yield "heading", " ".join(heading for _, heading, _ in page.sections)
    yield "text", " ".join(text for _, _, text in page.sections)


def _facts(entry: Item | Person, content: Content) -> str:
    """What an item's or person's page shows beside its body and a reader may search by:
    competencies, people, places, tags and the like."""
    known = content.framework.competencies
    if isinstance(entry, Person):
        mentored = entry.mentoring.competencies if entry.mentoring else ()
        return " ".join([*(known[c].name for c in mentored if c in known), *entry.guilds])
    people = [*entry.speakers, *entry.facilitators, *entry.team]
    parts = [
        *(known[c].name for c in entry.competencies if c in known),
        *(content.people[p].name for p in people if p in content.people),
        *entry.tags,
        entry.provider or "",
        entry.edition or "",
        *(s.location for s in entry.sessions if s.location),
    ]
    return " ".join(part for part in parts if part)


def _values(value: Any) -> list[str]:
    """A facet's values on one page, as text (the browser's checkboxes carry text): a list
    as it is, one value as a list, none as []; true as "true"."""
    if value is None or value is False:
        return []
    if value is True:
        return ["true"]
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
