"""One build of the mini site for the catalogue tests, with a few extra items added in tmp_path:
an archived course, a course whose title tries to inject script, a draft, and hack-week
projects of a coming and of a past edition."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from greenhouse_testing import MINI, run_build, write_site_config

HOSTILE_TITLE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'

EXTRA = {
    "courses/old-kotlin.md": """---
title: Old Kotlin course
summary: Replaced by Kotlin basics.
competencies: [kotlin]
level: intro
format: online
status: archived
---
Kept for reference.
""",
    "courses/hostile.md": f"""---
title: '{HOSTILE_TITLE}'
summary: '<b onmouseover="window.__pwned=3">bold</b> summary'
competencies: [testing]
level: advanced
format: online
cost: {{amount: 1200, currency: SEK}}
---
Nothing to see.
""",
    "workshops/secret-draft.md": """---
title: Secret draft workshop
summary: Not ready.
competencies: [kotlin]
level: intro
format: self-paced
facilitators: [asa-lindqvist]
status: draft
---
Draft.
""",
    "hack-week/test-garden.md": """---
title: Test garden
summary: Grow test data from production shapes.
competencies: [testing]
edition: 2027-spring
team: [omar-haddad]
stage: idea
---
Next spring.
""",
    "hack-week/ancient-hack.md": """---
title: Ancient hack
summary: Last year's build radiator.
competencies: [testing]
edition: 2025-autumn
team: [asa-lindqvist]
stage: shipped
---
Done.
""",
}

#: Small pages so that "show more" and the plain-list pages appear with a handful of items.
PLUGINS = (
    "[{greenhouse/content: {languages: [en, sv], timezone: Europe/Stockholm}}, "
    "{greenhouse/catalog: {page_size: 3, list_size: 4, chunk_size: 2, "
    "request_form: 'https://forms.example.com/request?course={title}&url={url}'}}]"
)


@pytest.fixture(scope="session")
def catalog_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built mini site (``root/site``) with the extra items; built once per worker."""
    root = tmp_path_factory.mktemp("catalog")
    shutil.copytree(MINI / "content", root / "content")
    for name, text in EXTRA.items():
        (root / "content" / name).write_text(text, encoding="utf-8")
    write_site_config(root, plugins=PLUGINS)
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"
