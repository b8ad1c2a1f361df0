"""The plugins use only public names of MkDocs, Material, Jinja and Python-Markdown, and
never fork by hand: a minor release of any of them (or a move to a successor) must not
break the build silently."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PLUGINS = REPO / "plugins" / "greenhouse"

LIBRARIES = ("mkdocs", "material", "jinja2", "markdown", "markupsafe")
_LIBRARY = "(?:" + "|".join(LIBRARIES) + ")"
#: What each pattern catches, and the pattern. No line may opt out: fix the code instead.
FORBIDDEN = {
    "a private module or attribute of a library": re.compile(rf"\b{_LIBRARY}(?:\.\w+)*\._[A-Za-z]"),
    "Python-Markdown's private _register": re.compile(r"\._register\("),
    "a compiled Jinja template's render function": re.compile(r"\broot_render_func\b"),
    "a compiled Jinja template's blocks": re.compile(r"\.blocks\["),
    "MkDocs' private page of the build": re.compile(r"\b_current_page\b"),
    "MkDocs' private title of a page": re.compile(r"\b_title_from_render\b"),
    "a hand-made fork": re.compile(r"\bos\.fork\b"),
    "frozen garbage collection": re.compile(r"\bgc\.freeze\b"),
}


def private_uses(root: Path, paths: list[Path] | None = None) -> list[str]:
    """``path:line: what: the line`` for every forbidden use in Python files under `root`
    (or in `paths`, shown relative to `root`'s grandparent)."""
    found = []
    for path in sorted(root.rglob("*.py") if paths is None else paths):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        shown = path.relative_to(root.parent.parent)
        uses = [(node.lineno, what) for node, what in _private_imports(ast.parse(text))]
        for number, line in enumerate(lines, start=1):
            uses += [(number, what) for what, pattern in FORBIDDEN.items() if pattern.search(line)]
        found += [f"{shown}:{n}: {what}: {lines[n - 1].strip()}" for n, what in sorted(uses)]
    return found


def _private_imports(tree: ast.AST) -> list[tuple[ast.alias, str]]:
    """Names starting with ``_`` imported from a library (or a library's private module)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] not in LIBRARIES:
                continue
            for alias in node.names:
                if alias.name.startswith("_") or "._" in f".{node.module}":
                    found.append((alias, "a private name of a library imported"))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in LIBRARIES and "._" in alias.name:
                    found.append((alias, "a private module of a library imported"))
    return found


def test_the_plugins_use_only_public_names_and_do_not_fork_by_hand() -> None:
    found = private_uses(PLUGINS)
    assert not found, "\n".join(found)


def test_the_scripts_and_tests_use_only_public_names_too() -> None:
    # The benchmarks and tests run against the next MkDocs as much as the plugins do.
    here = Path(__file__).resolve()
    paths = [
        *REPO.glob("scripts/*.py"),
        *(p for p in REPO.glob("tests/**/*.py") if p != here and "fixtures" not in p.parts),
    ]
    found = private_uses(PLUGINS, paths)
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "line",
    [
        "from mkdocs.structure.pages import Page, _RawHTMLPreprocessor",
        "from mkdocs.structure.pages import (\n    Page,\n    _ExtractTitleTreeprocessor,\n)",
        "title._register(md)",
        "template.root_render_func = wrapped",
        "template.blocks['config'] = wrapped",
        "config._current_page = page",
        "page._title_from_render = title",
        "pid = os.fork()",
        "gc.freeze()",
        "mkdocs.commands.build._build_page(page)",
    ],
)
def test_each_kind_of_private_use_is_named_with_its_place(tmp_path: Path, line: str) -> None:
    package = tmp_path / "plugins" / "greenhouse"
    package.mkdir(parents=True)
    (package / "fine.py").write_text("from mkdocs.structure.pages import Page\n")
    (package / "plugin.py").write_text(f"import os\n\n{line}\n")
    places = {use.split(": ")[0] for use in private_uses(package)}
    assert places in ({"plugins/greenhouse/plugin.py:3"}, {"plugins/greenhouse/plugin.py:5"})
