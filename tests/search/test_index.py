"""The embedded search index built from the records: terms, weights, shards and text."""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from greenhouse.model import Content, Settings, load_content
from greenhouse.search.browser import FACETS
from greenhouse.search.index import TEXT_CHUNK, build_index, shard_name, terms
from greenhouse.search.records import build_records

REPO = Path(__file__).resolve().parents[2]
MINI = REPO / "tests" / "fixtures" / "mini" / "content"
NOW = datetime(2026, 11, 22, 12, tzinfo=ZoneInfo("Europe/Stockholm"))
WORKSHOP = "workshops/intro-to-kotlin"
COURSE = "courses/kotlin-basics"


@pytest.fixture(scope="module")
def content() -> Content:
    result = load_content(MINI, Settings.from_options({"languages": ["en", "sv"]}))
    assert not result.problems
    return result.content


def index_of(content: Content, bodies: dict[str, str]) -> dict[str, bytes]:
    return build_index(build_records(content, bodies, NOW, "en"), content)


def decoded(files: dict[str, bytes]) -> tuple[dict, dict[str, dict[str, int]]]:
    """pages.json, and term -> {page url: weight} from every shard."""
    pages = json.loads(files["pages.json"])
    found: dict[str, dict[str, int]] = {}
    for path, data in files.items():
        if not path.startswith("terms/"):
            continue
        wrapped = json.loads(data)
        assert wrapped["version"] == pages["version"], path
        for term, flat in wrapped["data"].items():
            assert shard_name(term) == path.removeprefix("terms/").removesuffix(".json")
            number = 0
            found[term] = {}
            for delta, weight in zip(flat[::2], flat[1::2], strict=True):
                assert delta > 0 or (number == 0 and not found[term]), "pages ascending"
                number += delta
                found[term][pages["pages"][number][0]] = weight
    return pages, found


def test_words_are_folded_as_the_browser_folds_a_query() -> None:
    assert terms("Café Malmö: Kotlin_2 & ÅSA's öl, 日本語") == [
        "cafe", "malmo", "kotlin", "2", "asa", "s", "ol", "日本語",
    ]  # fmt: skip
    assert shard_name("kotlin") == "ko" and shard_name("k") == "k"
    assert shard_name("日本語") == "_65e5_672c" and shard_name("2x") == "2x"


def test_pages_carry_their_facets_as_codes(content: Content) -> None:
    files = index_of(content, {WORKSHOP: "<p>Bring a laptop.</p>", "people/asa-lindqvist": ""})
    pages, _ = decoded(files)
    assert list(pages["facets"]) == list(FACETS)
    by_url = {url: (title, codes) for url, title, codes in pages["pages"]}
    title, codes = by_url[f"{WORKSHOP}/"]
    assert title == "Intro to Kotlin"
    named = {
        facet: [pages["facets"][facet][code] for code in codes[n]] for n, facet in enumerate(FACETS)
    }
    assert named["type"] == ["workshop"] and "kotlin" in named["competencies"]
    assert named["upcoming"] == ["true"] and named["language"] == ["en"]
    person = dict(zip(FACETS, by_url["people/asa-lindqvist/"][1], strict=True))
    assert pages["facets"]["type"][person["type"][0]] == "person" and person["level"] == []


def test_a_title_word_weighs_more_than_the_same_word_in_the_text(content: Content) -> None:
    files = index_of(
        content,
        {
            WORKSHOP: "<p>Kotlin once.</p>",  # "Kotlin" in its title and once in the text
            # Title "Kotlin basics", and the word three times in the text.
            COURSE: "<p>" + "Words about kotlin and more. " * 3 + "</p>",
            "courses/testing-in-practice": "<p>Nothing about kotlin here but this word.</p>",
        },
    )
    _, found = decoded(files)
    kotlin = found["kotlin"]
    assert kotlin[f"{WORKSHOP}/"] > kotlin["courses/testing-in-practice/"]
    assert kotlin[f"{COURSE}/"] > kotlin["courses/testing-in-practice/"]
    assert set(found["once"]) == {f"{WORKSHOP}/"}


def test_facts_shown_beside_the_body_are_searchable(content: Content) -> None:
    _, found = decoded(index_of(content, {WORKSHOP: "<p>Bring a laptop.</p>"}))
    # The session's place and the competency's name, though the body says neither.
    assert f"{WORKSHOP}/" in found["echo"]
    assert f"{WORKSHOP}/" in found["kotlin"]


def test_sections_keep_their_anchor_and_a_split_section_is_whole_again(content: Content) -> None:
    long_text = " ".join(f"word{n}" for n in range(3000))  # more than one 8 KB record
    body = (
        '<p>Intro text.</p><h2 id="agenda">Agenda</h2><p>Coffee.</p>'
        f'<h2 id="long">Long</h2><p>{long_text}</p>'
    )
    files = index_of(content, {WORKSHOP: body})
    records = build_records(content, {WORKSHOP: body}, NOW, "en")
    assert sum(r["objectID"].startswith(f"{WORKSHOP}#long") for r in records) > 1
    pages, _ = decoded(files)
    number = [p[0] for p in pages["pages"]].index(f"{WORKSHOP}/")
    sections = json.loads(files[f"text/{number // TEXT_CHUNK}.json"])["data"][number % TEXT_CHUNK]
    assert [(anchor, heading) for anchor, heading, _ in sections] == [
        ("", ""),
        ("agenda", "Agenda"),
        ("long", "Long"),
    ]
    assert sections[0][2].endswith("Intro text.") and sections[2][2] == long_text


def test_the_version_changes_with_the_content_and_only_then(content: Content) -> None:
    first = json.loads(index_of(content, {WORKSHOP: "<p>One.</p>"})["pages.json"])
    again = json.loads(index_of(content, {WORKSHOP: "<p>One.</p>"})["pages.json"])
    other = json.loads(index_of(content, {WORKSHOP: "<p>Two.</p>"})["pages.json"])
    assert first["version"] == again["version"] != other["version"]


def test_an_empty_site_has_an_empty_index(content: Content) -> None:
    pages, found = decoded(index_of(content, {}))
    assert pages["pages"] == [] and pages["shards"] == [] and found == {}


def test_python_and_the_browser_fold_words_alike(tmp_path: Path) -> None:
    """search.js's `words` (run in Node) and `terms` agree on every assigned code point of
    the planes with letters and marks, a thousand at a time, and on mixed text."""
    script = (REPO / "overrides" / "assets" / "greenhouse" / "search.js").read_text("utf-8")
    words_js = re.search(r"  function words\(text\) \{.*?\n  \}\n", script, re.S)
    assert words_js, "search.js has no words(text)"
    samples = ["Café MALMÖ: naïve Straße, İstanbul Γειά σου Привет 日本語 a\U00011000b x̱y ﬁne 2026"]
    # Letters and marks Python's Unicode knows (browsers may know newer ones).
    known = [
        chr(c)
        for c in (*range(0x20000), *range(0xE0000, 0xE1000))
        if unicodedata.category(chr(c))[0] in "LMN" and not 0xD800 <= c <= 0xDFFF
    ]
    samples += ["".join(known[i : i + 1000]) for i in range(0, len(known), 1000)]
    (tmp_path / "samples.json").write_text(json.dumps(samples), encoding="utf-8")
    program = (
        words_js.group(0)
        + "const samples = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));"
        + "process.stdout.write(JSON.stringify(samples.map(words)));"
    )
    result = subprocess.run(
        ["node", "-e", program, str(tmp_path / "samples.json")],
        capture_output=True,
        text=True,
        check=True,
    )
    browser = json.loads(result.stdout)
    differ = [
        (s[:40], b[:5], terms(s)[:5])
        for s, b in zip(samples, browser, strict=True)
        if b != terms(s)
    ]
    assert not differ, differ


def stems_of(files: dict[str, bytes]) -> dict[str, dict[str, list[str]]]:
    """language -> stem -> words, from every term file (each stem in its own shard)."""
    found: dict[str, dict[str, list[str]]] = {}
    for path, data in files.items():
        if path.startswith("terms/"):
            for language, groups in json.loads(data).get("stems", {}).items():
                for stem, words in groups.items():
                    assert shard_name(stem) == path.removeprefix("terms/").removesuffix(".json")
                    found.setdefault(language, {})[stem] = words
    return found


def test_words_are_grouped_by_their_stem_in_their_pages_language(content: Content) -> None:
    """What lets "course" find "courses" and "kurser" find "kursen": per language, the
    words of that language's pages that share a Snowball stem."""
    bodies = {
        COURSE: "<p>Two courses and one course on testing.</p>",
        "workshops/knowledge-breakfast": "<p>Våra kurser och kursen i vår.</p>",  # language: sv
    }
    stems = stems_of(index_of(content, bodies))
    assert {"course", "courses"} <= set(stems["en"]["cours"])
    assert {"kurser", "kursen"} <= set(stems["sv"]["kurs"])
    assert "kurser" not in str(stems["en"]) and "courses" not in str(stems["sv"])
