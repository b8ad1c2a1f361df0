"""Pagefind fed page by page during the build: the same index as the CLI, errors that say why."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from pagefind_bin import get_executable

import greenhouse.plugins.search.plugin as search_plugin
from greenhouse.search.pagefind import (
    BODY_END,
    PagefindError,
    PagefindIndexer,
    indexed_part,
    write_bundle,
)
from greenhouse_testing import MINI, NOW, pagefind_fragments, write_site_config

fragments = pagefind_fragments

PAGE = (
    '<html lang="en"><body><nav>Menu</nav><main data-pagefind-body><h1>{title}</h1>'
    "<p>{text}</p></main></body></html>"
)


def page_count(bundle: Path) -> int:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def build_in_process(root: Path, *, dirty: bool = False) -> Path:
    config = load_config(str(root / "mkdocs.yml"))
    config.plugins.on_startup(command="serve" if dirty else "build", dirty=dirty)
    build(config)
    return root / "site"


def test_pages_added_one_by_one_are_searchable_after_write(tmp_path: Path) -> None:
    indexer = PagefindIndexer(get_executable(), exclude_selectors=["nav"])
    indexer.add(PAGE.format(title="Kotlin basics", text="Coroutines and flows"), "/courses/k/")
    indexer.add(PAGE.format(title="Review", text="Code review dojo"), "/workshops/r/")
    indexer.write(tmp_path / "pagefind")
    assert indexer.pages == 2 and page_count(tmp_path / "pagefind") == 2
    shown = fragments(tmp_path / "pagefind")
    assert set(shown) == {"/courses/k/", "/workshops/r/"}
    assert "Coroutines and flows" in shown["/courses/k/"]["content"]
    assert "Menu" not in shown["/courses/k/"]["content"]


def test_pages_in_several_batches_make_one_index_and_the_staging_folder_goes(
    tmp_path: Path,
) -> None:
    indexer = PagefindIndexer(get_executable(), exclude_selectors=["nav"])
    indexer.batch_size = 2  # five pages: two batches handed over while adding, one by write
    urls = ["/", "/courses/a/", "/courses/b/", "/people/c/", "/404.html"]
    for n, url in enumerate(urls):
        indexer.add(PAGE.format(title=f"Page {n}", text=f"word{n}"), url)
    staging = indexer._staging
    # The batch not handed over yet, laid out as the site (a folder's page is index.html).
    assert sorted(p.relative_to(staging).as_posix() for p in staging.glob("3/**/*.html")) == [
        "3/404.html"
    ]
    indexer.write(tmp_path / "pagefind")
    assert indexer.pages == indexer.indexed == page_count(tmp_path / "pagefind") == 5
    shown = fragments(tmp_path / "pagefind")
    assert {url: shown[url]["content"] for url in urls} == {
        url: f"Page {n}. word{n}." for n, url in enumerate(urls)
    }
    assert not staging.exists()


def test_pagefind_is_handed_the_language_title_and_marked_body_only() -> None:
    page = (
        '<!doctype html><html lang="sv" class="no-js"><head><meta charset="utf-8">'
        "<title>Kotlin - Greenhouse</title><script>x</script></head><body><nav>Menu</nav>"
        f'<div class="gh-item" data-pagefind-body><h1>Kotlin</h1><p>Flows</p></div>{BODY_END}'
        "<footer>Footer</footer></body></html>"
    )
    assert indexed_part(page) == (
        '<!doctype html><html lang="sv" class="no-js"><head><title>Kotlin - Greenhouse</title>'
        '</head><body><div class="gh-item" data-pagefind-body><h1>Kotlin</h1><p>Flows</p></div>'
        "</body></html>"
    )
    unmarked = page.replace(BODY_END, "")
    assert indexed_part(unmarked) == unmarked


def test_a_bundle_that_cannot_be_written_raises_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    indexer = PagefindIndexer(get_executable(), exclude_selectors=[])
    indexer.add(PAGE.format(title="Kotlin", text="Flows"), "/courses/k/")
    with pytest.raises(PagefindError, match=r"writing .*a-file/pagefind: File exists"):
        indexer.write(tmp_path / "a-file" / "pagefind")
    assert indexer._process.poll() is not None and not indexer._staging.exists()


def bundle_file(path: str, content: bytes) -> dict[str, str]:
    return {"path": path, "content": base64.b64encode(content).decode("ascii")}


def test_a_bundle_replaces_the_old_one_whole(tmp_path: Path) -> None:
    output = tmp_path / "site" / "pagefind"
    (output / "fragment").mkdir(parents=True)
    (output / "fragment" / "stale.pf_fragment").write_bytes(b"old")
    write_bundle(
        [bundle_file("pagefind-entry.json", b"{}"), bundle_file("fragment/a.pf_fragment", b"a")],
        output,
    )
    assert sorted(p.relative_to(output).as_posix() for p in output.rglob("*.*")) == [
        "fragment/a.pf_fragment",
        "pagefind-entry.json",
    ]
    assert [p.name for p in output.parent.iterdir()] == ["pagefind"]  # nothing left beside it


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (bundle_file("../escape.js", b"x"), "outside its folder: ../escape.js"),
        (bundle_file("/etc/escape.js", b"x"), "outside its folder: /etc/escape.js"),
        ({"path": "broken.pf_meta", "content": "not base64!"}, "cannot be read .*broken.pf_meta"),
        ({"content": "eA=="}, "cannot be read .*'path'"),
    ],
)
def test_a_bad_bundle_file_raises_and_keeps_the_old_bundle(
    tmp_path: Path, bad: dict[str, str], message: str
) -> None:
    output = tmp_path / "pagefind"
    output.mkdir()
    (output / "pagefind-entry.json").write_bytes(b"old")
    with pytest.raises(PagefindError, match=message):
        write_bundle([bundle_file("pagefind-entry.json", b"new"), bad], output)
    assert (output / "pagefind-entry.json").read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["pagefind"]
    assert not (tmp_path / "escape.js").exists()


def test_a_file_that_cannot_be_written_is_named(tmp_path: Path) -> None:
    clash = [bundle_file("index/en", b"a file"), bundle_file("index/en/1.pf_index", b"x")]
    with pytest.raises(PagefindError, match=r"writing .*/pagefind/index/en/1.pf_index: "):
        write_bundle(clash, tmp_path / "pagefind")
    assert list(tmp_path.iterdir()) == []


def test_a_garbled_answer_raises_instead_of_waiting(tmp_path: Path) -> None:
    indexer = PagefindIndexer(get_executable(), exclude_selectors=[])
    indexer.add(PAGE.format(title="Kotlin", text="Flows"), "/courses/k/")
    # What the reader gets instead of Pagefind's base64 JSON: it stops reading, says so,
    # and stops the service, so the build fails at once instead of waiting for an answer.
    indexer._receive = lambda answer: json.loads("{garbled")  # type: ignore[method-assign]
    with pytest.raises(PagefindError, match="reading what pagefind --service answered"):
        indexer.write(tmp_path / "pagefind")
    assert indexer._process.poll() is not None and not (tmp_path / "pagefind").exists()


def test_a_pagefind_that_stops_raises_with_what_it_said(tmp_path: Path) -> None:
    indexer = PagefindIndexer(get_executable(), exclude_selectors=[])
    indexer.add(PAGE.format(title="Kotlin", text="Flows"), "/courses/k/")
    indexer._process.kill()
    with pytest.raises(PagefindError, match="pagefind --service stopped"):
        indexer.write(tmp_path / "pagefind")
    assert not (tmp_path / "pagefind").exists()


def test_abort_stops_the_service(tmp_path: Path) -> None:
    indexer = PagefindIndexer(get_executable(), exclude_selectors=[])
    indexer.add(PAGE.format(title="Kotlin", text="Flows"), "/courses/k/")
    indexer.abort()
    assert indexer._process.poll() is not None
    assert not indexer._staging.exists()
    assert not (tmp_path / "pagefind").exists()


@pytest.mark.build
def test_the_build_indexes_exactly_what_the_cli_indexes_from_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(MINI / "content", tmp_path / "content")
    write_site_config(tmp_path)
    monkeypatch.setenv("GREENHOUSE_NOW", NOW)
    site = build_in_process(tmp_path)
    shutil.copytree(site, tmp_path / "files", ignore=shutil.ignore_patterns("pagefind"))
    subprocess.run(
        [
            str(get_executable()),
            "--site",
            str(tmp_path / "files"),
            "--output-subdir",
            "pagefind",
            "--exclude-selectors",
            search_plugin.EXCLUDED_FROM_INDEX,
            "--silent",
        ],
        check=True,
    )
    fed, cli = fragments(site / "pagefind"), fragments(tmp_path / "files" / "pagefind")
    # The build handed Pagefind only the marked part of item and person pages.
    for url in ("workshops/intro-to-kotlin", "people/asa-lindqvist"):
        assert indexed_part(html := (site / url / "index.html").read_text()) != html
    assert len(fed) > 5 and "/workshops/intro-to-kotlin/" in fed
    assert fed == cli
    assert page_count(site / "pagefind") == page_count(tmp_path / "files" / "pagefind")


@pytest.mark.build
def test_a_dirty_rebuild_indexes_the_files_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(MINI / "content", tmp_path / "content")
    write_site_config(tmp_path)
    monkeypatch.setenv("GREENHOUSE_NOW", NOW)

    def unused(*args: object, **kwargs: object) -> None:
        raise AssertionError("a dirty rebuild renders only some pages: index the files")

    monkeypatch.setattr(search_plugin, "PagefindIndexer", unused)
    site = build_in_process(tmp_path, dirty=True)
    assert "/workshops/intro-to-kotlin/" in fragments(site / "pagefind")
