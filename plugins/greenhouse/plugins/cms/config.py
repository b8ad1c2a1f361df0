"""Options of the ``greenhouse/cms`` plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class BackendConfig(Config):
    """Where the editor opens pull requests; see docs/cms.md."""

    name = c.Choice(("github", "gitlab", "gitea", "bitbucket"), default="github")
    repo = c.Type(str, default="")
    """owner/name of the portal's repository."""
    branch = c.Type(str, default="main")
    """The branch pull requests go to."""
    base_url = c.Optional(c.Type(str))
    """The OAuth helper's address (GitHub), or a self-hosted GitLab."""
    auth_endpoint = c.Optional(c.Type(str))
    """The helper's path when it is not ``auth``."""
    api_root = c.Optional(c.Type(str))
    """The API of a GitHub Enterprise or self-hosted GitLab."""
    auth_type = c.Optional(c.Choice(("pkce", "implicit")))
    """GitLab only: ``pkce`` logs in with no helper, given `app_id`."""
    app_id = c.Optional(c.Type(str))
    """GitLab only: the OAuth application's id."""
    open_authoring = c.Type(bool, default=False)
    """Let people without write access edit through a fork (GitHub only)."""


class CmsConfig(Config):
    backend = c.SubConfig(BackendConfig)
    bundle = c.Optional(c.Type(str))
    """The unpacked Decap CMS dist/ folder, relative to mkdocs.yml; default
    ``.cache/decap-cms-<pinned version>`` as scripts/setup.d/node makes it."""
