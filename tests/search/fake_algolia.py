"""An in-memory Algolia on 127.0.0.1 for tests, answering the official client's calls.

It serves the REST endpoints a sync uses (batch, browse with a cursor, settings, task,
copy/move, delete, list), checks the application ID and the API key with per-key ACLs
like a real application, counts record operations, remembers every state each index
went through, and injects faults: answers such as 429 or 503 a given number of
times, a batch that fails after applying part of its actions, and refused
connections (the listening socket is closed, then reopened on the same port).
"""

from __future__ import annotations

import gzip
import itertools
import json
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

WRITE_KEY_ACLS = frozenset({"addObject", "deleteObject", "browse", "settings", "editSettings"})
"""What docs/search-algolia.md tells people to grant the write key."""

SEARCH_KEY_ACLS = frozenset({"search"})

_ACL_BY_KIND = {
    "batch": "addObject",
    "browse": "browse",
    "get_settings": "settings",
    "set_settings": "editSettings",
    "operation": "addObject",
    "task": "addObject",
    "delete_index": "deleteIndex",
    "list_indices": "listIndexes",
}

_DEFAULT_SETTINGS: Mapping[str, Any] = {
    "minWordSizefor1Typo": 4,
    "minWordSizefor2Typos": 8,
    "hitsPerPage": 20,
    "maxValuesPerFacet": 100,
    "paginationLimitedTo": 1000,
    "exactOnSingleWordQuery": "attribute",
    "ranking": ["typo", "geo", "words", "filters", "proximity", "attribute", "exact", "custom"],
    "separatorsToIndex": "",
    "removeWordsIfNoResults": "none",
    "queryType": "prefixLast",
    "highlightPreTag": "<em>",
    "highlightPostTag": "</em>",
    "alternativesAsExact": ["ignorePlurals", "singleWordSynonym"],
}


@dataclass
class Call:
    """One request as the server saw it."""

    method: str
    path: str
    kind: str
    index: str | None
    body: Any
    status: int
    record_operations: int
    at: float


@dataclass
class Fault:
    """Answer `status` to the next `times` requests of `kind`, after letting `skip` pass."""

    kind: str
    status: int
    times: int
    skip: int = 0
    retry_after: str | None = None
    message: str | None = None
    apply_first: int = 0
    """For a batch: actions applied before failing, as if the server died midway."""
    html: bool = False
    """Answer with an HTML error page, as a proxy in front of Algolia might."""


@dataclass
class FakeIndex:
    """One index: records by objectID and the settings set on it."""

    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    created_at: str = field(default_factory=lambda: _now())


class FakeAlgolia:
    """The server; use as a context manager, then point `ALGOLIA_HOSTS` at `url`."""

    def __init__(
        self,
        app_id: str = "GREENHOUSETEST",
        api_key: str = "write-key-0123456789abcdef0123456789ab",
        search_key: str = "search-key-fedcba9876543210fedcba98",
        *,
        write_key_acls: Iterable[str] = WRITE_KEY_ACLS,
    ) -> None:
        self.app_id = app_id
        self.api_key = api_key
        self.search_key = search_key
        self.acls = {api_key: frozenset(write_key_acls), search_key: SEARCH_KEY_ACLS}
        self.indices: dict[str, FakeIndex] = {}
        self.calls: list[Call] = []
        self.history: list[tuple[str, frozenset[tuple[str, str | None]] | None]] = []
        """(index, its objectID/hash pairs or None once deleted) after every change."""
        self.faults: list[Fault] = []
        self.repeat_cursor = False
        """Answer every browse page with the cursor of the first, as a broken server might."""
        self._tasks = itertools.count(1000)
        self._lock = threading.RLock()
        self._port = 0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # lifecycle

    def __enter__(self) -> FakeAlgolia:
        self.accept_connections()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.refuse_connections()

    @property
    def url(self) -> str:
        """The base URL to put in `ALGOLIA_HOSTS`."""
        return f"http://127.0.0.1:{self._port}"

    def accept_connections(self) -> None:
        """Listen (again, on the same port once one was chosen)."""
        if self._server is not None:
            return
        fake = self

        class Handler(_Handler):
            server_fake = fake

        server = ThreadingHTTPServer(("127.0.0.1", self._port), Handler)
        server.daemon_threads = True
        self._port = server.server_address[1]
        self._server = server
        # A short poll keeps `refuse_connections` (shutdown) from taking half a second.
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()

    def refuse_connections(self) -> None:
        """Close the listening socket: connections are refused until reopened."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        assert self._thread is not None
        self._thread.join()
        self._server = None

    # state for tests

    def seed(
        self,
        index: str,
        records: Iterable[Mapping[str, Any]],
        settings: Mapping[str, Any] | None = None,
    ) -> None:
        """Create `index` holding `records`, as if an earlier sync had written them."""
        with self._lock:
            self.indices[index] = FakeIndex(
                records={str(r["objectID"]): dict(r) for r in records},
                settings=dict(settings or {}),
            )
            self._remember(index)

    def records(self, index: str) -> dict[str, dict[str, Any]]:
        """A copy of the records of `index` by objectID (empty when it does not exist)."""
        with self._lock:
            found = self.indices.get(index)
            return {k: dict(v) for k, v in found.records.items()} if found else {}

    def hashes(self, index: str) -> dict[str, Any]:
        """`objectID -> hash` of `index`."""
        return {object_id: r.get("hash") for object_id, r in self.records(index).items()}

    def settings(self, index: str) -> dict[str, Any]:
        """The settings set on `index`."""
        with self._lock:
            return dict(self.indices[index].settings)

    def calls_of(self, kind: str) -> list[Call]:
        """The requests of one kind (`batch`, `browse`, `set_settings`, ...)."""
        with self._lock:
            return [call for call in self.calls if call.kind == kind]

    def record_operations(self) -> int:
        """Record operations applied so far, as Algolia would bill them."""
        with self._lock:
            return sum(call.record_operations for call in self.calls)

    def writes(self) -> list[Call]:
        """Every request that would change something (answered or not)."""
        with self._lock:
            return [
                c
                for c in self.calls
                if c.kind in ("batch", "set_settings", "operation", "delete_index")
            ]

    def states_of(self, index: str) -> list[frozenset[tuple[str, str | None]] | None]:
        """Every state `index` went through, in order."""
        with self._lock:
            return [state for name, state in self.history if name == index]

    def reset_log(self) -> None:
        """Forget the requests and states seen so far (the indices stay)."""
        with self._lock:
            self.calls.clear()
            self.history.clear()

    # faults

    def fail(
        self,
        kind: str,
        status: int,
        *,
        times: int = 1,
        skip: int = 0,
        retry_after: str | None = None,
        message: str | None = None,
        apply_first: int = 0,
        html: bool = False,
    ) -> None:
        """Answer `status` to `times` requests of `kind`, after `skip` succeed."""
        with self._lock:
            self.faults.append(
                Fault(kind, status, times, skip, retry_after, message, apply_first, html)
            )

    def clear_faults(self) -> None:
        """Behave again."""
        with self._lock:
            self.faults.clear()

    # request handling (called from the server threads)

    def handle(
        self, method: str, target: str, headers: Mapping[str, str], body: Any
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        path = urlsplit(target).path
        kind, index, task = _route(method, path)
        with self._lock:
            call = Call(method, path, kind, index, body, 0, 0, time.monotonic())
            self.calls.append(call)
            status, payload, extra = self._answer(kind, index, task, headers, body, call)
            call.status = status
            return status, payload, extra

    def _answer(
        self,
        kind: str,
        index: str | None,
        task: int | None,
        headers: Mapping[str, str],
        body: Any,
        call: Call,
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        key = headers.get("x-algolia-api-key", "")
        if headers.get("x-algolia-application-id") != self.app_id or key not in self.acls:
            return _error(403, "Invalid Application-ID or API key")
        needed = _ACL_BY_KIND.get(kind)
        actions = {r.get("action") for r in body.get("requests", [])} if kind == "batch" else set()
        if (needed and needed not in self.acls[key]) or (
            "deleteObject" in actions and "deleteObject" not in self.acls[key]
        ):
            return _error(403, "Method not allowed with this API key")

        fault = self._due_fault(kind)
        if fault is not None:
            if fault.apply_first and kind == "batch" and index is not None:
                partial = {"requests": body["requests"][: fault.apply_first]}
                call.record_operations = self._batch(index, partial)
            extra = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            if fault.html:
                return fault.status, {_HTML: "<html>Blocked. Quote this message ID: 7</html>"}, {}
            message = fault.message or {429: "Too Many Requests"}.get(fault.status, "Unavailable")
            return (*_error(fault.status, message)[:2], extra)

        if kind == "unknown" or (index is None and kind != "list_indices"):
            return _error(404, "Not found")
        if kind == "list_indices":
            return (
                200,
                {"items": [self._describe(n) for n in sorted(self.indices)], "nbPages": 1},
                {},
            )
        assert index is not None
        if kind == "batch":
            call.record_operations = self._batch(index, body)
            ids = [str(r.get("body", {}).get("objectID")) for r in body["requests"]]
            return 200, {"taskID": next(self._tasks), "objectIDs": ids}, {}
        if kind == "task":
            return 200, {"status": "published", "pendingTask": False, "taskID": task}, {}
        if kind == "set_settings":
            self.indices.setdefault(index, FakeIndex()).settings.update(body)
            self._remember(index)
            return 200, {"taskID": next(self._tasks), "updatedAt": _now()}, {}
        if kind == "operation":
            return self._operation(index, body)
        found = self.indices.get(index)
        if found is None:
            if kind == "delete_index":
                return 200, {"taskID": next(self._tasks), "deletedAt": _now()}, {}
            return _error(404, "Index does not exist")
        if kind == "get_settings":
            return 200, {**_DEFAULT_SETTINGS, **found.settings}, {}
        if kind == "browse":
            return self._browse(found, body)
        if kind == "delete_index":
            del self.indices[index]
            self.history.append((index, None))
            return 200, {"taskID": next(self._tasks), "deletedAt": _now()}, {}
        return _error(404, "Not found")

    def _due_fault(self, kind: str) -> Fault | None:
        for fault in self.faults:
            if fault.kind != kind or fault.times <= 0:
                continue
            if fault.skip > 0:
                fault.skip -= 1
                return None
            fault.times -= 1
            return fault
        return None

    def _batch(self, index: str, body: Mapping[str, Any]) -> int:
        target = self.indices.setdefault(index, FakeIndex())
        for request in body["requests"]:
            action, record = request["action"], request["body"]
            object_id = str(record["objectID"])
            if action in ("addObject", "updateObject"):
                target.records[object_id] = dict(record)
            elif action == "partialUpdateObject":
                target.records.setdefault(object_id, {}).update(record)
            elif action == "deleteObject":
                target.records.pop(object_id, None)
            else:
                raise ValueError(f"the fake does not support the batch action {action!r}")
        self._remember(index)
        return len(body["requests"])

    def _browse(self, found: FakeIndex, body: Mapping[str, Any]) -> tuple[int, dict, dict]:
        params = dict(body)
        if isinstance(params.get("params"), str):
            params.update({k: _maybe_json(v) for k, v in parse_qsl(params.pop("params"))})
        per_page = min(int(params.get("hitsPerPage", 1000)), 1000)
        start = int(str(params.get("cursor") or "c0")[1:])
        wanted = params.get("attributesToRetrieve", ["*"])
        ids = sorted(found.records)
        hits = []
        for object_id in ids[start : start + per_page]:
            record = found.records[object_id]
            if "*" in wanted:
                hits.append(dict(record))
            else:
                hits.append(
                    {"objectID": object_id, **{a: record[a] for a in wanted if a in record}}
                )
        payload: dict[str, Any] = {
            "hits": hits,
            "page": 0,
            "nbHits": len(ids),
            "nbPages": 1,
            "hitsPerPage": per_page,
            "processingTimeMS": 1,
            "query": "",
            "params": "",
        }
        if self.repeat_cursor and len(self.calls_of("browse")) < 50:
            # Ends after 50 pages, so that a sync that does not notice fails instead of hanging.
            payload["cursor"] = "c0"
        elif start + per_page < len(ids):
            payload["cursor"] = f"c{start + per_page}"
        return 200, payload, {}

    def _operation(self, index: str, body: Mapping[str, Any]) -> tuple[int, dict, dict]:
        operation, destination = body.get("operation"), str(body.get("destination"))
        source = self.indices.get(index)
        if operation == "copy":
            original = source or FakeIndex()
            scope = body.get("scope")
            if scope:
                target = self.indices.setdefault(destination, FakeIndex())
                if "settings" in scope:
                    target.settings = dict(original.settings)
            else:
                self.indices[destination] = FakeIndex(
                    records={k: dict(v) for k, v in original.records.items()},
                    settings=dict(original.settings),
                )
            self._remember(destination)
        elif operation == "move":
            if source is not None:
                self.indices[destination] = self.indices.pop(index)
                self.history.append((index, None))
                self._remember(destination)
        else:
            return _error(400, f"Invalid operation {operation!r}")
        return 200, {"taskID": next(self._tasks), "updatedAt": _now()}, {}

    def _describe(self, name: str) -> dict[str, Any]:
        found = self.indices[name]
        return {
            "name": name,
            "createdAt": found.created_at,
            "updatedAt": _now(),
            "entries": len(found.records),
            "dataSize": 0,
            "fileSize": 0,
            "lastBuildTimeS": 0,
            "numberOfPendingTasks": 0,
            "pendingTask": False,
        }

    def _remember(self, index: str) -> None:
        found = self.indices[index]
        state = frozenset((k, v.get("hash")) for k, v in found.records.items())
        self.history.append((index, state))


class _Handler(BaseHTTPRequestHandler):
    server_fake: FakeAlgolia

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def _serve(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if self.headers.get("Content-Encoding") == "gzip":
            raw = gzip.decompress(raw)
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            status, payload, extra = _error(400, "Invalid JSON")
        else:
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, payload, extra = self.server_fake.handle(method, self.path, headers, body)
        if _HTML in payload:
            data, content_type = str(payload[_HTML]).encode(), "text/html"
        else:
            data, content_type = json.dumps(payload).encode(), "application/json; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in extra.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: pytest shows what matters."""


def _route(method: str, path: str) -> tuple[str, str | None, int | None]:
    parts = [unquote(p) for p in path.strip("/").split("/")]
    if parts[:2] != ["1", "indexes"]:
        return "unknown", None, None
    if len(parts) == 2:
        return ("list_indices" if method == "GET" else "unknown"), None, None
    index, rest = parts[2], parts[3:]
    routes = {
        ("POST", "batch"): "batch",
        ("POST", "browse"): "browse",
        ("GET", "browse"): "browse",
        ("GET", "settings"): "get_settings",
        ("PUT", "settings"): "set_settings",
        ("POST", "operation"): "operation",
    }
    if not rest:
        return ("delete_index" if method == "DELETE" else "unknown"), index, None
    if rest[0] == "task" and len(rest) == 2 and method == "GET":
        return "task", index, int(rest[1])
    return routes.get((method, rest[0]), "unknown"), index, None


_HTML = "__html__"
"""Payload key whose value the handler sends as an HTML page instead of JSON."""


def _error(status: int, message: str) -> tuple[int, dict[str, Any], dict[str, str]]:
    return status, {"message": message, "status": status}, {}


def _maybe_json(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
