"""Search records from the content model and rendered bodies: the contract of records.json."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from greenhouse.catalog.entries import catalogue_entries
from greenhouse.model import Content, Settings, load_content
from greenhouse.search.algolia import record_hash
from greenhouse.search.html_sections import page_sections
from greenhouse.search.records import (
    MAX_RECORD_BYTES,
    build_records,
    facets,
    record_size,
    records_json,
)

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini" / "content"
NOW = datetime(2026, 11, 22, 12, tzinfo=ZoneInfo("Europe/Stockholm"))
WORKSHOP = "workshops/intro-to-kotlin"

BODY = """
<p>Bring a laptop.</p>
<h2 id="agenda">Agenda<a class="headerlink" href="#agenda" title="Permanent link">¶</a></h2>
<p>Coffee, then code.</p>
<h3 id="morning">Morning<a class="headerlink" href="#morning">¶</a></h3>
<ul><li>Types</li><li>Null safety</li></ul>
<h4>Detail</h4><p>Still the morning.</p>
<h2>Not linkable</h2><p>Stays in the morning section.</p>
<h2 id="after">After</h2>
<p>Join the guild.</p><script>ignored()</script>
"""


@pytest.fixture(scope="module")
def content() -> Content:
    result = load_content(MINI, Settings.from_options({"languages": ["en", "sv"]}))
    assert not result.problems
    return result.content


def records_of(content: Content, pages: dict[str, str]) -> list[dict]:
    return build_records(content, pages, NOW, "en")


def test_one_record_per_linkable_section_with_its_hierarchy(content: Content) -> None:
    records = records_of(content, {WORKSHOP: BODY})
    got = [(r["objectID"], r["lvl2"], r["lvl3"], r["url"]) for r in records]
    assert got == [
        (f"{WORKSHOP}#", None, None, f"{WORKSHOP}/"),
        (f"{WORKSHOP}#agenda", "Agenda", None, f"{WORKSHOP}/#agenda"),
        (f"{WORKSHOP}#morning", "Agenda", "Morning", f"{WORKSHOP}/#morning"),
        (f"{WORKSHOP}#after", "After", None, f"{WORKSHOP}/#after"),
    ]
    intro, _, morning, after = records
    assert intro["lvl0"] == "Peer workshop" and intro["lvl1"] == "Intro to Kotlin"
    assert intro["content"].startswith("A hands-on morning")  # the summary leads the intro
    assert intro["content"].endswith("Bring a laptop.")
    assert (
        morning["content"]
        == "Types Null safety Detail Still the morning. Not linkable Stays in the morning section."
    )
    assert after["content"] == "Join the guild."  # no script, no pilcrow


@pytest.mark.parametrize(
    ("html", "headings"),
    [
        ("<p>Only text</p>", [""]),
        ('<h2 id="a">A<a class="headerlink" href="#a">¶</a></h2>', ["", "A"]),
        ('<h3 id="x">X &amp; Y</h3><h2 id="z">Z</h2>', ["", "X & Y", "Z"]),
        ("<h2>No id</h2><h1 id='t'>Title</h1>", [""]),
        ("<!-- <h2 id='c'>Commented</h2> --><h2 id=bare>Bare &lt;id&gt;</h2>", ["", "Bare <id>"]),
        ('<h2 title="a > b" id="q">Q<span/></h2><H3 ID="up">Up</H3>', ["", "Q", "Up"]),
        ("<script>if (a<b) { w('<h2 id=\"s\">S</h2>') }</script><h2 id='t'>T</h2>", ["", "T"]),
    ],
)
def test_sections_split_at_h2_and_h3_with_ids(html: str, headings: list[str]) -> None:
    assert [s.heading for s in page_sections(html)] == headings


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>a<br/>b<br>c</p><p>d</p>", "a b c d"),
        (
            "<p>&amp; &lt;b&gt; &copy; &#169; &#xA9; &nosuch; 1 < 2</p>",
            "& <b> © © © &nosuch; 1 < 2",
        ),
        ('<p title="x>y">kept</p><style>p { color: red }</style><button>Copy</button>', "kept"),
        ('<p>in<a class="x headerlink" href="#">¶</a>line</p><svg><text>no</text></svg>', "inline"),
        ("<!DOCTYPE html><p>after<!-- hidden --> a comment</p>", "after a comment"),
    ],
)
def test_section_text_is_the_words_a_reader_sees(html: str, text: str) -> None:
    assert page_sections(html)[0].text == text


def sent_size(record: dict) -> int:
    """The record's size as the sync sends it: with its hash."""
    return record_size({**record, "hash": record_hash(record)})


def hashes(records: list[dict]) -> dict[str, str]:
    """`objectID -> hash`, as the sync works them out (the build writes no hash)."""
    assert not any("hash" in r for r in records)
    return {r["objectID"]: record_hash(r) for r in records}


def test_object_ids_and_hashes_are_stable_across_builds(content: Content) -> None:
    first = records_of(content, {WORKSHOP: BODY})
    again = records_of(content, {WORKSHOP: BODY})
    assert [r["objectID"] for r in first] == [r["objectID"] for r in again]
    assert hashes(first) == hashes(again)


def test_hash_changes_only_for_the_section_that_changed(content: Content) -> None:
    before = hashes(records_of(content, {WORKSHOP: BODY}))
    edited = BODY.replace("Join the guild.", "Join the Kotlin guild.")
    after = hashes(records_of(content, {WORKSHOP: edited}))
    changed = {oid for oid in before if before[oid] != after[oid]}
    assert changed == {f"{WORKSHOP}#after"}


def test_a_changed_facet_changes_every_record_of_the_page(content: Content) -> None:
    before = hashes(records_of(content, {WORKSHOP: BODY}))
    item = replace(content.items[WORKSHOP], level="advanced")
    moved = replace(content, items={**content.items, WORKSHOP: item})
    after = hashes(records_of(moved, {WORKSHOP: BODY}))
    assert all(before[oid] != after[oid] for oid in before)


@pytest.mark.parametrize("word", ["kotlin", 'åäö-"quoted"', "&lt;tag&gt;&amp;"])
def test_long_sections_split_into_records_under_8_kb(content: Content, word: str) -> None:
    long_text = " ".join(f"{word}{n}" for n in range(3000))
    html = f'<h2 id="long">Long</h2><p>{long_text}</p><h2 id="next">Next</h2><p>End.</p>'
    records = records_of(content, {WORKSHOP: html})
    parts = [r for r in records if r["objectID"].startswith(f"{WORKSHOP}#long")]
    assert len(parts) >= 3
    assert [p["objectID"] for p in parts[:3]] == [
        f"{WORKSHOP}#long",
        f"{WORKSHOP}#long~2",
        f"{WORKSHOP}#long~3",
    ]
    assert all(sent_size(r) <= MAX_RECORD_BYTES < 8 * 1024 for r in records)
    assert " ".join(p["content"] for p in parts).split() == html_words(long_text)
    assert records[-1]["objectID"] == f"{WORKSHOP}#next"


@pytest.mark.parametrize("character", ["a", '"', "\x01", "ö", "😀"])
def test_sections_near_the_limit_stay_under_it_whatever_their_characters(
    content: Content, character: str
) -> None:
    # From well under to well over what fits in one record, in steps of a few bytes.
    for words in range(60, 800, 9):
        text = " ".join([character * 10] * words)
        html = f'<h2 id="s">S</h2><p>{text}</p>'
        records = records_of(content, {WORKSHOP: html})
        assert all(sent_size(r) <= MAX_RECORD_BYTES for r in records), words
        parts = [r["content"] for r in records if r["objectID"].startswith(f"{WORKSHOP}#s")]
        assert " ".join(parts) == text


def html_words(text: str) -> list[str]:
    import html

    return html.unescape(text).split()


def test_drafts_and_pages_without_an_entry_never_become_records(content: Content) -> None:
    draft = replace(content.items[WORKSHOP], status="draft")
    with_draft = replace(content, items={**content.items, WORKSHOP: draft})
    pages = {WORKSHOP: BODY, "catalogue": "<p>listing</p>", "index": "<p>home</p>"}
    assert records_of(with_draft, pages) == []


def test_every_published_item_and_person_with_a_body_gets_records(content: Content) -> None:
    pages = {i.id: "<p>x</p>" for i in content.published}
    pages.update({f"people/{p}": "<p>x</p>" for p in content.people})
    page_ids = {r["page_id"] for r in records_of(content, pages)}
    assert page_ids == set(pages)


def test_item_facets_and_sort_key(content: Content) -> None:
    [record] = records_of(content, {WORKSHOP: "<p>Hello</p>"})
    assert {
        k: record[k]
        for k in ("type", "competencies", "area", "level", "format", "language", "upcoming")
    } == {
        "type": "workshop",
        "competencies": ["kotlin", "testing"],
        "area": ["engineering"],
        "level": "intro",
        "format": "in-person",
        "language": "en",
        "upcoming": True,
    }
    # The next scheduled session (the cancelled one does not count).
    assert record["sort_key"] == int(
        datetime(2027, 3, 4, 9, tzinfo=ZoneInfo("Europe/Stockholm")).timestamp()
    )


def test_the_index_ranks_items_in_the_embedded_catalogues_order(content: Content) -> None:
    """``customRanking`` desc(catalogue_rank), asc(lvl1) lists what the catalogue lists,
    in its order: upcoming sessions soonest first, then what has happened, the most
    recent first, then the rest by title."""
    records = records_of(content, {i.id: "<p>x</p>" for i in content.published})
    ranked = sorted(records, key=lambda r: (-r["catalogue_rank"], r["lvl1"].casefold()))
    embedded = [entry.item.id for entry in catalogue_entries(content, NOW)]
    assert [r["page_id"] for r in ranked] == embedded
    upcoming = [r for r in ranked if r["upcoming"]]
    assert 1 < len(upcoming) < len(ranked) and ranked[: len(upcoming)] == upcoming
    assert [r["sort_key"] for r in upcoming] == sorted(r["sort_key"] for r in upcoming)
    # The 2026-autumn project, then the talk held in May 2025, before the undated rest.
    after = [r["page_id"] for r in ranked[len(upcoming) :]]
    assert after[:2] == ["hack-week/review-bot", "academy/coroutines-in-depth"]
    # What the cards say when no session is coming; the browser writes upcoming times.
    when = {r["page_id"]: r["when"] for r in records}
    assert when["academy/coroutines-in-depth"] == "Recorded Mon 12 May 2025"
    assert when["hack-week/review-bot"] == "Autumn 2026"
    assert all(when[r["page_id"]] == "" for r in upcoming)


def test_person_facets_are_what_they_mentor(content: Content) -> None:
    person = content.people["asa-lindqvist"]
    assert facets(person, content, NOW) == {
        "type": "person",
        "competencies": ["kotlin", "code-review"],
        "area": ["communication", "engineering"],
        "level": None,
        "format": None,
        "language": None,
        "upcoming": False,
    }
    [record] = records_of(content, {"people/asa-lindqvist": "<p>Hi</p>"})
    assert record["objectID"] == "people/asa-lindqvist#"
    assert record["url"] == "people/asa-lindqvist/" and record["lvl0"] == "Person"


def test_records_file_is_a_json_array_one_record_per_line(content: Content) -> None:
    records = records_of(content, {WORKSHOP: BODY})
    text = records_json(records)
    assert json.loads(text) == records
    assert len(text.splitlines()) == len(records) + 2


def test_records_carry_the_catalogue_card_summary_and_archived(content: Content) -> None:
    [record] = records_of(content, {WORKSHOP: "<p>Hello</p>"})
    assert record["summary"].startswith("A hands-on morning")
    assert record["archived"] is False
    [person] = records_of(content, {"people/asa-lindqvist": "<p>Hi</p>"})
    assert person["archived"] is False and person["summary"]
