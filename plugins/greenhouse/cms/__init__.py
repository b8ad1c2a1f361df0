"""The web editor at /admin/: Decap CMS configured from the content model.

Plain Python with no MkDocs import: the ``greenhouse/cms`` plugin and
``greenhouse cms`` are thin layers over it.
"""

from greenhouse.cms.bundle import DECAP_CMS_VERSION, Bundle, find_bundle
from greenhouse.cms.config import Backend, LocalBackend, cms_config, cms_config_yaml

__all__ = [
    "DECAP_CMS_VERSION",
    "Backend",
    "Bundle",
    "LocalBackend",
    "cms_config",
    "cms_config_yaml",
    "find_bundle",
]
