"""The vendored Decap CMS bundle: where it is, and which of its files the site serves.

``scripts/setup.d/node`` unpacks the pinned release's ``dist/`` (``npm pack``, never a
CDN) into ``.cache/decap-cms-<version>/``. The build copies the main script, its lazily
loaded chunks and wasm files next to ``/admin/index.html``, where the script loads
them from.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: The Decap CMS release the site serves; scripts/node/package.json pins the same one
#: (a test checks that they agree).
DECAP_CMS_VERSION = "3.16.3"
MAIN_SCRIPT = "decap-cms.js"

#: The checkout this package runs from, when it is installed in editable mode.
_CHECKOUT = Path(__file__).resolve().parents[3]


def default_cache_dir(version: str = DECAP_CMS_VERSION) -> str:
    return f".cache/decap-cms-{version}"


@dataclass(frozen=True)
class Bundle:
    """An unpacked Decap ``dist/`` folder."""

    folder: Path
    version: str

    def files(self) -> Iterator[str]:
        """Names of the files the browser may load: scripts, chunks, wasm, licences.

        Source maps and the duplicate ``cms.js`` build are left out (about 60 MB).
        """
        for path in sorted(self.folder.iterdir()):
            name = path.name
            if not path.is_file() or name.endswith(".map"):
                continue
            if name.endswith((".decap-cms.js", ".wasm")) or name in (
                MAIN_SCRIPT,
                f"{MAIN_SCRIPT}.LICENSE.txt",
            ):
                yield name


def find_bundle(configured: str | None, config_dir: Path) -> Bundle | None:
    """The bundle at `configured` (relative to the mkdocs.yml), or in the usual cache.

    Looks in ``.cache/`` beside the mkdocs.yml, then in the checkout this package is
    installed from (a site that inherits the portal's mkdocs.yml from elsewhere).
    None when it is not there: the site still builds, and /admin/ says how to add it.
    """
    candidates = (
        [config_dir / configured]
        if configured
        else [config_dir / default_cache_dir(), _CHECKOUT / default_cache_dir()]
    )
    for folder in candidates:
        if (folder / MAIN_SCRIPT).is_file():
            return Bundle(folder.resolve(), _version_of(folder))
    return None


def _version_of(folder: Path) -> str:
    marker = folder / "VERSION"
    return marker.read_text(encoding="utf-8").strip() if marker.is_file() else "unknown"
