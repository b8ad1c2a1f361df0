"""The editor's local backend confines decap-server to content/, against the real server.

Each test starts decap-server's own middleware (from scripts/node) behind our guard, as
`greenhouse cms` does, on a copy of the mini site, and talks to it as the editor's page
or another page of this machine would.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from greenhouse.cms.server import decap_server

PORTAL = "http://127.0.0.1:8765"
WORKSHOP = "content/workshops/intro-to-kotlin.md"
COMMIT = {"commitMessage": "Edit"}


@dataclass
class Api:
    """The local backend's /api/v1, called with the editor page's headers by default."""

    address: str

    def call(
        self,
        action: str,
        params: dict[str, Any] | None = None,
        *,
        host: str | None = None,
        origin: str | None = PORTAL,
    ) -> tuple[int, Any]:
        headers = {"Content-Type": "application/json", "Host": host or self.address}
        if origin is not None:
            headers["Origin"] = origin
        body = {"action": action, "params": {"branch": "main", **(params or {})}}
        hostname, port = self.address.split(":")
        connection = http.client.HTTPConnection(hostname, int(port), timeout=30)
        try:
            connection.request("POST", "/api/v1", json.dumps(body), headers)
            response = connection.getresponse()
            return response.status, json.loads(response.read() or b"null")
        finally:
            connection.close()

    def persist(self, path: str, raw: str, **options: Any) -> tuple[int, Any]:
        entry = {"slug": Path(path).stem, "path": path, "raw": raw}
        params = {
            "dataFiles": [entry],
            "assets": [],
            "options": {**COMMIT, "useWorkflow": False, "status": "draft"},
        }
        return self.call("persistEntry", params, **options)


@pytest.fixture
def api(mini_site: Path, server_command: list[str], tmp_path: Path) -> Iterator[Api]:
    (mini_site / ".git" / "hooks").mkdir(parents=True)
    (mini_site / ".git" / "config").write_text("[core]\n\tsecret = 1\n", encoding="utf-8")
    (mini_site / "overrides").mkdir()
    (mini_site / "README.md").write_text("# Portal\n", encoding="utf-8")
    log = tmp_path / "server.log"
    with decap_server(
        mini_site, mode="fs", origins=[PORTAL], command=server_command, log=log
    ) as backend:
        yield Api(urlsplit(backend.url).netloc)


def test_the_editor_reads_and_writes_content(api: Api, mini_site: Path) -> None:
    status, entries = api.call(
        "entriesByFolder", {"folder": "content/workshops", "extension": "md", "depth": 1}
    )
    assert status == 200
    assert WORKSHOP in {entry["file"]["path"] for entry in entries}

    status, _ = api.persist(WORKSHOP, "---\ntitle: Edited\n---\n")
    assert status == 200
    assert (mini_site / WORKSHOP).read_text(encoding="utf-8") == "---\ntitle: Edited\n---\n"

    image = {"path": "content/images/x.png", "content": base64.b64encode(b"png").decode()}
    status, _ = api.call(
        "persistMedia", {"asset": {**image, "encoding": "base64"}, "options": COMMIT}
    )
    assert status == 200
    assert (mini_site / "content" / "images" / "x.png").read_bytes() == b"png"


@pytest.mark.parametrize(
    ("action", "params"),
    [
        ("getEntry", {"path": ".git/config"}),
        ("getMediaFile", {"path": ".git/config"}),
        ("entriesByFiles", {"files": [{"path": "content/../.git/config"}]}),
        ("entriesByFolder", {"folder": ".git", "extension": "", "depth": 1}),
        ("getMedia", {"mediaFolder": "."}),
    ],
    ids=["getEntry", "getMediaFile", "dot-dot", "entriesByFolder", "getMedia"],
)
def test_nothing_outside_content_can_be_read(api: Api, action: str, params: dict) -> None:
    status, answer = api.call(action, params)

    assert status == 403, answer
    assert "secret" not in json.dumps(answer)


def test_git_hooks_overrides_and_scripts_cannot_be_written(api: Api, mini_site: Path) -> None:
    for target in (".git/hooks/pre-commit", "overrides/x", "scripts/serve", "mkdocs.yml"):
        status, answer = api.persist(target, "#!/bin/sh\necho owned\n")
        assert status == 403, (target, answer)
        assert "outside the content folder" in answer["error"]
    # Smuggled as the new path of a content file (a rename), or as a media file.
    status, _ = api.call(
        "persistEntry",
        {
            "dataFiles": [
                {"slug": "a", "path": WORKSHOP, "raw": "x", "newPath": ".git/hooks/post-checkout"}
            ],
            "assets": [{"path": ".git/hooks/pre-push", "content": "eA==", "encoding": "base64"}],
            "options": {**COMMIT, "useWorkflow": False, "status": "draft"},
        },
    )
    assert status == 403
    assert not list((mini_site / ".git" / "hooks").iterdir())
    assert not (mini_site / "overrides" / "x").exists()
    assert (mini_site / WORKSHOP).read_text(encoding="utf-8") != "x"


def test_readme_cannot_be_deleted(api: Api, mini_site: Path) -> None:
    status, _ = api.call("deleteFile", {"path": "README.md", "options": COMMIT})
    assert status == 403
    status, _ = api.call("deleteFiles", {"paths": [WORKSHOP, "README.md"], "options": COMMIT})
    assert status == 403
    assert (mini_site / "README.md").is_file()
    assert (mini_site / WORKSHOP).is_file(), "a refused request changes nothing"


def test_a_link_inside_content_does_not_lead_out(api: Api, mini_site: Path) -> None:
    os.symlink(mini_site / ".git", mini_site / "content" / "g")
    os.symlink(mini_site / ".git" / "config", mini_site / "content" / "config.md")

    assert api.call("getEntry", {"path": "content/config.md"})[0] == 403
    assert api.persist("content/g/hooks/pre-commit", "#!/bin/sh\n")[0] == 403
    assert not (mini_site / ".git" / "hooks" / "pre-commit").exists()


@pytest.mark.parametrize(
    ("host", "origin"),
    [
        ("attacker.example:80", PORTAL),  # DNS rebinding: the page's own name
        (None, "http://attacker.example"),  # another site calling across origins
        (None, "http://127.0.0.1:1"),  # another local server
        (None, "null"),
    ],
)
def test_requests_from_elsewhere_are_refused(
    api: Api, mini_site: Path, host: str | None, origin: str
) -> None:
    status, answer = api.persist(WORKSHOP, "owned", host=host, origin=origin)

    assert status == 403, answer
    assert (mini_site / WORKSHOP).read_text(encoding="utf-8") != "owned"
    assert api.call("info", host=host, origin=origin)[0] == 403


def test_a_local_tool_without_origin_is_served(api: Api) -> None:
    status, answer = api.call("info", origin=None)
    assert status == 200
    assert answer["type"] == "local_fs"


def test_actions_of_the_editorial_workflow_are_refused_in_fs_mode(api: Api) -> None:
    status, answer = api.call("publishUnpublishedEntry", {"collection": "x", "slug": "y"})
    assert status == 422
    assert "not one the editor uses" in answer["error"]


def test_git_mode_is_confined_to_content_too(scratch_clone: Path, server_command, git) -> None:
    (scratch_clone / "overrides").mkdir()
    with decap_server(
        scratch_clone, mode="git", origins=[PORTAL], command=server_command
    ) as backend:
        api = Api(urlsplit(backend.url).netloc)
        assert api.call("getEntry", {"path": ".git/config"})[0] == 403
        assert api.persist(".git/hooks/pre-commit", "#!/bin/sh\n")[0] == 403
        assert api.persist("overrides/x", "owned")[0] == 403
        assert api.call("info", host="attacker.example:80")[0] == 403
        status, entry = api.call("getEntry", {"path": WORKSHOP})
        assert status == 200
        assert entry["data"].startswith("---")

    assert not (scratch_clone / ".git" / "hooks" / "pre-commit").exists()
    assert not (scratch_clone / "overrides" / "x").exists()
    assert git(scratch_clone, "status", "--porcelain") == ""
