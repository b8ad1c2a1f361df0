"""Options of the ``greenhouse/content`` plugin, made from the model's `Settings`.

Each option is declared once, as a field of :class:`greenhouse.model.settings.Settings`
(`setting_options`); this module only turns those declarations into MkDocs config
options, so the build, ``greenhouse validate`` and the documentation agree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from greenhouse.model.settings import SettingOption, setting_options


def config_option(option: SettingOption) -> c.BaseConfigOption[Any]:
    """The MkDocs option for one setting, typed after its default."""
    if option.default is None:
        return c.Optional(c.Type(str))
    if isinstance(option.default, tuple):
        return c.ListOfItems(c.Type(str), default=list(option.default))
    return c.Type(type(option.default), default=option.default)


if TYPE_CHECKING:

    class ContentConfig(Config):
        """The plugin's options (see `setting_options`)."""

else:
    ContentConfig = type(
        "ContentConfig",
        (Config,),
        {
            "__doc__": "The plugin's options (see `setting_options`).",
            "__module__": __name__,
            **{option.name: config_option(option) for option in setting_options()},
        },
    )
