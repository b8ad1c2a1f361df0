"""Stems: the index (PyPI snowballstemmer) and the browser (npm snowball-stemmers, as
scripts/setup vendors it) must stem every word alike, or a query misses its pages."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from greenhouse.search.index import terms
from greenhouse.search.stemming import (
    STEMMERS_VERSION,
    find_stemmers_script,
    stemmer,
)

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("language", "inflected", "plain"),
    [
        ("en", "courses", "course"),
        ("en", "workshops", "workshop"),
        ("en", "testing", "tests"),
        ("sv", "kurserna", "kurser"),
        ("sv", "kursen", "kurser"),
        ("sv", "föreläsningar", "föreläsning"),
    ],
)
def test_inflections_share_a_stem(language: str, inflected: str, plain: str) -> None:
    stem = stemmer(language)
    assert stem is not None
    assert stem(inflected) == stem(plain)


def test_a_language_without_a_stemmer_has_none() -> None:
    assert stemmer("fi") is None


def test_the_browser_stemmers_are_the_pinned_release() -> None:
    package = json.loads((REPO / "scripts" / "node" / "package.json").read_text(encoding="utf-8"))
    assert package["greenhouse"]["vendor"]["snowball-stemmers"]["version"] == STEMMERS_VERSION


def sample_words() -> list[str]:
    """Every word of the sample content and the test fixtures, folded as the index folds."""
    found: set[str] = set()
    for folder in (REPO / "content", REPO / "tests" / "fixtures"):
        for path in folder.rglob("*"):
            if path.suffix in {".md", ".yml"}:
                found.update(terms(path.read_text(encoding="utf-8")))
    found.update(["courses", "kurserna", "workshoppar", "föreläsningar", "added", "köket"])
    return sorted(terms(" ".join(found)))


def test_python_and_the_browser_stem_the_samples_words_alike(tmp_path: Path) -> None:
    script = find_stemmers_script(REPO)
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: scripts/setup vendors the stemmers with it")
    assert script is not None, "run scripts/setup: it cuts the stemmers from snowball-stemmers"
    words = sample_words()
    assert len(words) > 1500
    # The script is an ES module, as the browser imports it (a copy named .mjs, so
    # that Node reads it as one too).
    module = tmp_path / "stemmers.mjs"
    shutil.copyfile(script, module)
    program = (
        "const s = await import(process.argv[1]);"
        "const words = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify({en: words.map(s.en), sv: words.map(s.sv)}));"
    )
    result = subprocess.run(
        [node, "--input-type=commonjs", "-e", f"(async () => {{ {program} }})()", module.as_uri()],
        input=json.dumps(words),
        capture_output=True,
        text=True,
        check=True,
    )
    browser = json.loads(result.stdout)
    for language in ("en", "sv"):
        stem = stemmer(language)
        assert stem is not None
        differ = [
            (w, stem(w), b) for w, b in zip(words, browser[language], strict=True) if stem(w) != b
        ]
        assert not differ, f"{language}: {differ[:20]}"
