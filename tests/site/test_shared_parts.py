"""Theme parts drawn once per place (greenhouse.plugins.shared_parts) leave every page as
it would be drawn on its own: the navigation, tabs, header search, Material's settings,
cards, item lines and feed links."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import material
import pytest
from jinja2 import DictLoader, Environment, FileSystemLoader, Undefined
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page

from greenhouse.plugins.shared_parts import CompiledTemplates, SharedParts, ThemeTranslations
from greenhouse_testing import REPO, loaded_config, run_build, write_site_config


def test_every_page_is_the_same_with_and_without_shared_parts(
    sample_portal: Path, tmp_path: Path
) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    write_site_config(tmp_path)
    result = run_build(tmp_path, env={"GREENHOUSE_SHARED_PARTS": "0"})
    assert result.returncode == 0, result.stderr
    alone = tmp_path / "site"
    shared = sorted(p.relative_to(sample_portal) for p in sample_portal.rglob("*.html"))
    assert shared == sorted(p.relative_to(alone) for p in alone.rglob("*.html"))
    assert len(shared) > 100
    different = [
        str(p) for p in shared if (sample_portal / p).read_bytes() != (alone / p).read_bytes()
    ]
    assert different == []


Site = tuple[SharedParts, dict[str, Page], Navigation]


@pytest.fixture
def site(mini_site: Path) -> Site:
    """The mini site's navigation and pages: two course pages and an Academy page outside
    the navigation, a page whose folder holds a page of the navigation, and a link in the
    navigation to an item page (``courses/d/``) that is not in it."""
    config = loaded_config(mini_site)
    files = Files([])
    for src in (
        "index.md",
        "courses/index.md",
        "academy/index.md",
        "courses/a.md",
        "courses/b.md",
        "courses/d.md",
        "academy/c.md",
        "learn.md",
        "learn/deep.md",
    ):
        files.append(File(src, config.docs_dir, config.site_dir, use_directory_urls=True))
    config.nav = [
        "index.md",
        "courses/index.md",
        "academy/index.md",
        "learn/deep.md",
        {"Featured": "courses/d/"},
        {"Elsewhere": "https://example.com/courses/"},
    ]
    nav = get_navigation(files, config)
    pages = {f.src_uri: f.page or Page(None, f, config) for f in files}
    return SharedParts(), pages, nav


def test_pages_of_one_folder_share_a_place_and_others_do_not(site: Site) -> None:
    shared, pages, nav = site
    place = {src: shared.place(page, nav) for src, page in pages.items()}
    assert place["courses/a.md"] is not None
    assert place["courses/a.md"] == place["courses/b.md"]
    assert place["academy/c.md"] != place["courses/a.md"]
    # In the navigation, the folder of a page in it, or a link's target: drawn for itself.
    assert place["courses/index.md"] is None
    assert place["index.md"] is None
    assert place["learn.md"] is None
    assert place["courses/d.md"] is None
    # Which section is marked active is part of the place.
    pages["courses/index.md"].active = True
    assert shared.place(pages["courses/b.md"], nav) != place["courses/b.md"]


def test_a_target_besides_the_navigation_draws_its_folder_alone(site: Site) -> None:
    shared, pages, nav = site
    assert shared.place(pages["courses/a.md"], nav, ("courses/a/logo.png",)) is None
    assert shared.place(pages["courses/b.md"], nav, ("courses/a/logo.png",)) is not None


def recording(drawn: list[str], html: Callable[[str], str]) -> Callable[[str], Callable[[], str]]:
    """Callers for `text` that note in `drawn` each time they are drawn, and give `html(text)`."""

    def draw(text: str) -> Callable[[], str]:
        def caller() -> str:
            drawn.append(text)
            return html(text)

        return caller

    return draw


def test_a_part_is_drawn_once_per_name_place_and_key() -> None:
    shared = SharedParts()
    drawn: list[str] = []
    draw = recording(drawn, lambda text: f"<p>{text}</p>")

    courses, academy = ("courses",), ("academy",)
    assert shared("nav", courses, caller=draw("one")) == "<p>one</p>"
    assert shared("nav", courses, caller=draw("two")) == "<p>one</p>"
    assert shared("nav", academy, caller=draw("three")) == "<p>three</p>"
    assert shared("card", courses, "x", caller=draw("four")) == "<p>four</p>"
    assert shared("card", courses, "y", caller=draw("five")) == "<p>five</p>"
    # No place (a page of the navigation), or a template that lost it: every time.
    assert shared("nav", None, caller=draw("six")) == "<p>six</p>"
    assert shared("nav", None, caller=draw("seven")) == "<p>seven</p>"
    assert shared("nav", Undefined(name="gh_place"), caller=draw("eight")) == "<p>eight</p>"
    assert shared("nav", Undefined(name="gh_place"), caller=draw("nine")) == "<p>nine</p>"
    shared.clear()
    assert shared("nav", courses, caller=draw("ten")) == "<p>ten</p>"
    assert drawn == ["one", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    off = SharedParts(enabled=False)
    assert off("nav", courses, caller=draw("eleven")) == "<p>eleven</p>"
    assert off("nav", courses, caller=draw("twelve")) == "<p>twelve</p>"


def test_a_titled_part_is_drawn_once_per_place_with_each_page_s_title() -> None:
    shared = SharedParts()
    drawn: list[str] = []
    header = recording(
        drawn, lambda title: f'<a title="Greenhouse">Greenhouse</a><span>{title}</span>'
    )

    courses, academy = ("courses",), ("academy",)
    first = shared.titled("header", courses, "Kotlin", caller=header("Kotlin"))
    assert first == '<a title="Greenhouse">Greenhouse</a><span>Kotlin</span>'
    second = shared.titled("header", courses, "Rust &amp; C", caller=header("Rust &amp; C"))
    assert second == '<a title="Greenhouse">Greenhouse</a><span>Rust &amp; C</span>'
    assert drawn == ["Kotlin"]
    # Another place, no place, or a title not found exactly once: drawn for the page.
    shared.titled("header", academy, "Go", caller=header("Go"))
    shared.titled("header", None, "Zig", caller=header("Zig"))
    assert shared.titled("header", ("x",), "Greenhouse", caller=header("Greenhouse")) == (
        '<a title="Greenhouse">Greenhouse</a><span>Greenhouse</span>'
    )
    shared.titled("header", ("x",), "", caller=header(""))
    assert drawn == ["Kotlin", "Go", "Zig", "Greenhouse", ""]
    shared.titled("header", ("x",), "Ada", caller=header("Ada"))
    assert shared.titled("header", ("x",), "Lisp", caller=header("Lisp")).endswith("Lisp</span>")
    assert drawn[-1] == "Ada"
    shared.clear()
    shared.titled("header", courses, "Kotlin", caller=header("Kotlin"))
    assert drawn[-1] == "Kotlin"


def test_compiled_templates_are_reused_until_their_source_changes() -> None:
    compiled = CompiledTemplates()
    sources = {"page.html": "<p>{{ name }}</p>"}

    def environment() -> tuple[Environment, list[str]]:
        env = Environment(loader=DictLoader(sources), bytecode_cache=compiled)
        compiles: list[str] = []
        original = env.compile

        def counting(source: str, *args: object, **kwargs: object) -> object:
            compiles.append(source)
            return original(source, *args, **kwargs)  # type: ignore[arg-type]

        env.compile = counting  # type: ignore[method-assign]
        return env, compiles

    first, compiles = environment()
    assert first.get_template("page.html").render(name="a") == "<p>a</p>"
    assert len(compiles) == 1
    second, compiles = environment()  # the next rebuild: a new environment
    assert second.get_template("page.html").render(name="b") == "<p>b</p>"
    assert compiles == []
    sources["page.html"] = "<div>{{ name }}</div>"
    third, compiles = environment()
    assert third.get_template("page.html").render(name="c") == "<div>c</div>"
    assert len(compiles) == 1


MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"


@pytest.mark.parametrize("language", ["en", "sv", "si"])
def test_theme_texts_are_materials_own_with_its_fallback(language: str) -> None:
    """Every text Material's language.html gives, in a language that has them all (en),
    one that lacks a few (sv) and one that lacks many (si): the language's own, else
    English, else the key."""
    env = Environment(loader=FileSystemLoader(MATERIAL_TEMPLATES))
    english = (MATERIAL_TEMPLATES / "partials/languages/en.html").read_text(encoding="utf-8")
    keys = [*re.findall(r'^\s*"([a-z.]+)":', english, re.MULTILINE), "no.such.text"]
    materials = env.from_string(
        '{% import "partials/language.html" as lang with context %}'
        "{% for key in keys %}{{ lang.t(key) }}\n{% endfor %}"
    )
    expected = materials.render(config={"theme": {"language": language}}, keys=keys)
    texts = ThemeTranslations(env, language)
    assert "".join(f"{texts(key)}\n" for key in keys) == expected
    assert len(keys) > 50
    own = (MATERIAL_TEMPLATES / f"partials/languages/{language}.html").read_text("utf-8")
    assert texts("no.such.text") == "no.such.text"
    if language != "en":  # the fallback was needed, and taken
        assert any(f'"{key}"' not in own for key in keys[:-1])


def test_material_s_file_dates_show_when_a_plugin_gives_them(
    mini_site: Path, tmp_path: Path
) -> None:
    """Item pages leave out Material's source-file partial when there is nothing to show,
    and show it as Material does when a plugin (here a hook) dates the page."""
    hook = tmp_path / "dates.py"
    hook.write_text(
        "def on_page_markdown(markdown, page, **kwargs):\n"
        "    page.meta['git_revision_date_localized'] = 'Three days ago'\n"
        "    return markdown\n",
        encoding="utf-8",
    )
    result = run_build(mini_site)
    assert result.returncode == 0, result.stderr
    html = (mini_site / "site/courses/kotlin-basics/index.html").read_text(encoding="utf-8")
    assert "md-source-file" not in html
    write_site_config(mini_site, hooks=f"[{hook}]")
    result = run_build(mini_site)
    assert result.returncode == 0, result.stderr
    html = (mini_site / "site/courses/kotlin-basics/index.html").read_text(encoding="utf-8")
    aside = re.search(r'<aside class="md-source-file">(.*?)</aside>', html, re.DOTALL)
    assert aside is not None
    assert 'title="Last update"' in aside.group(1)
    assert "Three days ago" in aside.group(1)
