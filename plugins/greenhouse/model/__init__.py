"""The content model: one typed, immutable view of content/, read once.

Nothing here imports MkDocs: the plugins, the CLI, the CMS config and the search
records all build on :func:`load_content`.
"""

from greenhouse.model.loader import LoadResult, content_files, item_specs, load_content
from greenhouse.model.pages import TopPage
from greenhouse.model.problems import ContentError, Problem
from greenhouse.model.settings import Settings
from greenhouse.model.types import (
    FOLDER_TYPES,
    TYPE_FOLDERS,
    Area,
    CareerStep,
    Competency,
    Content,
    Framework,
    Item,
    Person,
    Session,
    Track,
)

__all__ = [
    "FOLDER_TYPES",
    "TYPE_FOLDERS",
    "Area",
    "CareerStep",
    "Competency",
    "Content",
    "ContentError",
    "Framework",
    "Item",
    "LoadResult",
    "Person",
    "Problem",
    "Session",
    "Settings",
    "TopPage",
    "Track",
    "content_files",
    "item_specs",
    "load_content",
]
