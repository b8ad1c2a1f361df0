"""Sync the built search records to an Algolia index, sending only what changed.

This is the only module of the portal that talks to Algolia. It compares the records
the build wrote (`site/search/records.json`) with the live index by `objectID` and
content `hash` (worked out here as the records are read: the build needs none), and
sends the additions, changes and deletions in as few batch calls as possible: an
unchanged rebuild sends no record operation at all.

The write key comes from the environment and is never printed: every message that
could carry text from the network passes through `_Connection.redact`.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import math
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Final, Literal, TypeVar
from urllib.parse import urlsplit

from algoliasearch.http.exceptions import AlgoliaUnreachableHostException, RequestException
from algoliasearch.http.hosts import Host, HostsCollection
from algoliasearch.search.client import SearchClientSync
from algoliasearch.search.config import SearchConfig

from greenhouse import __version__

__all__ = [
    "BATCH_SIZE",
    "ENV_API_KEY",
    "ENV_APP_ID",
    "ENV_HOSTS",
    "ENV_INDEX_NAME",
    "INDEX_SETTINGS",
    "AlgoliaSettings",
    "ConfigurationError",
    "Record",
    "RetryPolicy",
    "SyncError",
    "SyncPlan",
    "SyncReport",
    "load_records",
    "plan_sync",
    "record_hash",
    "settings_to_update",
    "sync",
]

Record = Mapping[str, Any]
"""One search record: a JSON object with at least `objectID`, and `hash` once read."""

Echo = Callable[[str], None]
Strategy = Literal["new index", "in place", "temporary index"]
_T = TypeVar("_T")

ENV_APP_ID: Final = "ALGOLIA_APP_ID"
ENV_API_KEY: Final = "ALGOLIA_API_KEY"
ENV_INDEX_NAME: Final = "ALGOLIA_INDEX_NAME"
ENV_HOSTS: Final = "ALGOLIA_HOSTS"

BATCH_SIZE: Final = 1000
"""Record operations per batch call: Algolia's own helpers chunk at 1,000 too."""

INDEX_SETTINGS: Final[Mapping[str, Any]] = {
    # Titles match wherever the word sits in them; in the body text an early match
    # means the section is about the word, so `content` keeps word position.
    "searchableAttributes": [
        "unordered(lvl0)",
        "unordered(lvl1)",
        "unordered(lvl2)",
        "unordered(lvl3)",
        "content",
    ],
    # Competencies and areas have many values, so people search within the facet;
    # the small closed lists are plain facets with counts. The catalogue shows a count
    # for `upcoming` too; `archived` only filters (current items by default).
    "attributesForFaceting": [
        "type",
        "searchable(competencies)",
        "searchable(area)",
        "level",
        "format",
        "language",
        "upcoming",
        "filterOnly(archived)",
    ],
    # One hit per page: a page yields a record per section.
    "attributeForDistinct": "page_id",
    "distinct": True,
    # The catalogue's order: upcoming sessions soonest first, then by title (records.py).
    "customRanking": ["desc(catalogue_rank)", "asc(lvl1)"],
}
"""The settings the portal's search UI relies on; applied only when they differ."""

# A settings value Algolia may hand back in another but equivalent shape.
_UNORDERED_SETTINGS: Final = frozenset({"attributesForFaceting"})


class SyncError(Exception):
    """The sync could not run or did not finish; the message says why, for people."""


class ConfigurationError(SyncError):
    """Missing or wrong configuration: environment, records file or credentials."""


# --- configuration --------------------------------------------------------------------


@dataclass(frozen=True)
class AlgoliaSettings:
    """Where to sync: the application, the write key, the index and optional hosts."""

    app_id: str
    api_key: str = field(repr=False)
    index_name: str
    hosts: tuple[str, ...] = ()
    """Base URLs that replace Algolia's own hosts (a corporate proxy, a local server)."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> AlgoliaSettings:
        """Read `ALGOLIA_APP_ID`, `ALGOLIA_API_KEY`, `ALGOLIA_INDEX_NAME`, `ALGOLIA_HOSTS`.

        Raises `ConfigurationError` naming every missing variable; values are never
        quoted in messages except for the hosts, which are not secret.
        """
        required = (ENV_APP_ID, ENV_API_KEY, ENV_INDEX_NAME)
        missing = [name for name in required if not environ.get(name, "").strip()]
        if missing:
            raise ConfigurationError(
                f"cannot sync to Algolia: {_join(missing)} {_be(len(missing))} not set. "
                f"Set {ENV_APP_ID}, {ENV_API_KEY} (a write key) and {ENV_INDEX_NAME}; "
                "see docs/search-algolia.md. Without Algolia the portal's built-in "
                "search works as it is."
            )
        index_name = environ[ENV_INDEX_NAME].strip()
        if any(character.isspace() for character in index_name):
            raise ConfigurationError(
                f"{ENV_INDEX_NAME}: '{index_name}' contains whitespace; "
                "use a plain index name such as 'greenhouse'"
            )
        return cls(
            app_id=environ[ENV_APP_ID].strip(),
            api_key=environ[ENV_API_KEY].strip(),
            index_name=index_name,
            hosts=_parse_hosts(environ.get(ENV_HOSTS, "")),
        )

    @property
    def temporary_index_name(self) -> str:
        """The index a large change is written to before it is moved into place."""
        return f"{self.index_name}_tmp"

    def describe_hosts(self) -> str:
        """Where requests go, for messages: the custom hosts or Algolia's write host."""
        return ", ".join(self.hosts) if self.hosts else f"https://{self.app_id}.algolia.net"


def _parse_hosts(value: str) -> tuple[str, ...]:
    hosts: list[str] = []
    for raw in (part.strip() for part in value.split(",")):
        if not raw:
            continue
        parts = urlsplit(raw)
        if parts.username or parts.password:
            # Not quoted: the value holds a password.
            raise ConfigurationError(
                f"{ENV_HOSTS}: a host URL must not contain a user name or password"
            )
        try:
            port = parts.port
        except ValueError:
            port = -1
        if (
            parts.scheme not in ("http", "https")
            or not parts.hostname
            or port == -1
            or parts.path not in ("", "/")
            or parts.query
            or parts.fragment
        ):
            raise ConfigurationError(
                f"{ENV_HOSTS}: '{raw}' is not a host URL; expected a scheme, host and "
                "optional port such as 'http://127.0.0.1:8089' or "
                "'https://algolia-proxy.example.com', comma-separated for several"
            )
        hosts.append(raw.rstrip("/"))
    return tuple(hosts)


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try when Algolia is busy or out of reach.

    Everything transient (429, 5xx, timeouts, refused connections) is retried here,
    each request up to `attempts` times, waiting `first_delay`, then twice as long each
    time, up to `max_delay`. The client's own waits on a 429 are turned off: it sleeps
    for as long as any `Retry-After` asks (an hour, a day), and a sync in CI must end.
    """

    attempts: int = 5
    first_delay: float = 1.0
    max_delay: float = 30.0
    sleep: Callable[[float], None] = time.sleep

    def delay(self, failed_attempt: int) -> float:
        """Seconds to wait after attempt number `failed_attempt` (1-based) failed."""
        # No jitter: one CI job syncs at a time, so there is no herd to spread out.
        return min(self.max_delay, self.first_delay * 2 ** (failed_attempt - 1))


# --- records and plan -----------------------------------------------------------------


def record_hash(record: Mapping[str, Any]) -> str:
    """sha1 of the record's canonical JSON, leaving out ``hash`` itself: it changes
    exactly when something in the record changes, so a sync can skip what did not."""
    canonical = json.dumps(
        {k: v for k, v in record.items() if k != "hash"},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha1(canonical.encode("utf-8")).hexdigest()


def load_records(path: Path | str) -> list[dict[str, Any]]:
    """Read the records file the build wrote: a JSON array of objects, each given its
    `hash` (`record_hash`; one already in the file is worked out again).

    Raises `ConfigurationError` with the path when it is missing or not such an array.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigurationError(
            f"{path}: no search records here; build the site first (mkdocs build) "
            "so that it writes search/records.json"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigurationError(f"{path}: cannot read the search records: {error}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ConfigurationError(
            f"{path}:{error.lineno}: not valid JSON ({error.msg}); rebuild the site to rewrite it"
        ) from None
    if not isinstance(data, list):
        raise ConfigurationError(
            f"{path}: expected a JSON array of records, found a {_json_type(data)}"
        )
    for position, record in enumerate(data):
        if not isinstance(record, dict):
            raise ConfigurationError(
                f"{path}: record {position + 1} is a {_json_type(record)}, "
                "expected an object with 'objectID'"
            )
        record["hash"] = record_hash(record)
    return data


@dataclass(frozen=True)
class SyncPlan:
    """What a sync sends: the records to add or replace and the objectIDs to delete."""

    added: tuple[Record, ...]
    changed: tuple[Record, ...]
    deleted: tuple[str, ...]
    unchanged: tuple[str, ...]

    @property
    def operations(self) -> int:
        """Record operations the plan costs: each add, update and delete is one."""
        return len(self.added) + len(self.changed) + len(self.deleted)

    def batch_calls(self, batch_size: int = BATCH_SIZE) -> int:
        """How many batch calls carry the plan."""
        return math.ceil(self.operations / batch_size)

    def batch_requests(self) -> list[dict[str, Any]]:
        """The plan as batch actions, writes before deletes.

        A renamed page is added before its old objectID goes, so a search in
        between still finds it.
        """
        writes = [{"action": "addObject", "body": dict(r)} for r in (*self.added, *self.changed)]
        deletes = [{"action": "deleteObject", "body": {"objectID": i}} for i in self.deleted]
        return writes + deletes

    def summary(self, batch_size: int = BATCH_SIZE) -> str:
        """The plan in one line: `plan: 3 added, ... -> 4 record operations in 1 batch call`."""
        return (
            f"plan: {len(self.added)} added, {len(self.changed)} changed, "
            f"{len(self.deleted)} deleted, {len(self.unchanged)} unchanged -> "
            f"{_count(self.operations, 'record operation')} in "
            f"{_count(self.batch_calls(batch_size), 'batch call')}"
        )


def plan_sync(local_records: Iterable[Record], live_hashes: Mapping[str, str | None]) -> SyncPlan:
    """Compare the built records with the live index's `objectID -> hash`.

    A live record without a hash counts as changed. Raises `SyncError` for a record
    without a string `objectID` or `hash`, or for two records sharing an `objectID`.
    """
    added: list[Record] = []
    changed: list[Record] = []
    unchanged: list[str] = []
    seen: set[str] = set()
    for position, record in enumerate(local_records):
        object_id, content_hash = record.get("objectID"), record.get("hash")
        if not isinstance(object_id, str) or not object_id:
            raise SyncError(f"record {position + 1} has no 'objectID' string")
        if not isinstance(content_hash, str) or not content_hash:
            raise SyncError(f"record '{object_id}' has no 'hash' string")
        if object_id in seen:
            raise SyncError(
                f"two records share the objectID '{object_id}'; each page section "
                "needs its own anchor"
            )
        seen.add(object_id)
        if object_id not in live_hashes:
            added.append(record)
        elif live_hashes[object_id] != content_hash:
            changed.append(record)
        else:
            unchanged.append(object_id)
    deleted = sorted(set(live_hashes) - seen)

    def by_id(record: Record) -> str:
        return str(record["objectID"])

    return SyncPlan(
        added=tuple(sorted(added, key=by_id)),
        changed=tuple(sorted(changed, key=by_id)),
        deleted=tuple(deleted),
        unchanged=tuple(sorted(unchanged)),
    )


def settings_to_update(live_settings: Mapping[str, Any]) -> dict[str, Any]:
    """The entries of `INDEX_SETTINGS` whose live value differs; empty when all match."""
    return {
        name: wanted
        for name, wanted in INDEX_SETTINGS.items()
        if _comparable(name, live_settings.get(name)) != _comparable(name, wanted)
    }


def _comparable(name: str, value: Any) -> Any:
    if isinstance(value, bool):
        # Algolia accepts `distinct: true` and may report it back as 1.
        return int(value)
    if name in _UNORDERED_SETTINGS and isinstance(value, list):
        return sorted(map(str, value))
    return value


# --- the sync -------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncReport:
    """What a sync found and did."""

    plan: SyncPlan
    strategy: Strategy
    settings_updated: tuple[str, ...]
    record_operations: int
    """Record operations sent (0 for a dry run)."""
    batch_calls: int
    index_operations: int
    """Settings updates, copies and moves sent: one operation each."""
    dry_run: bool

    @property
    def operations(self) -> int:
        """Every operation sent."""
        return self.record_operations + self.index_operations


def sync(
    records: Sequence[Record],
    settings: AlgoliaSettings,
    *,
    dry_run: bool = False,
    allow_mass_delete: bool = False,
    max_delete_share: float = 0.2,
    rebuild_share: float = 0.5,
    batch_size: int = BATCH_SIZE,
    retry: RetryPolicy | None = None,
    echo: Echo = print,
) -> SyncReport:
    """Bring the live index in line with `records`, printing the plan first.

    Refuses (`SyncError`) an empty record set, and a plan deleting more than
    `max_delete_share` of the live records unless `allow_mass_delete`. A plan touching
    more than `rebuild_share` of the live records is written to a copy of the index,
    which then replaces it in one move, so searches never see it half-applied.
    `dry_run` prints the plan and sends nothing.
    """
    if not records:
        raise SyncError(
            "refusing to sync an empty record set: it would empty the live index. "
            "The build wrote no search records; check that it built the content."
        )
    if settings.api_key and settings.api_key in json.dumps(records, ensure_ascii=False):
        raise SyncError(
            f"refusing to sync: a search record contains the value of {ENV_API_KEY}, "
            "and records are readable with the search-only key. Remove the write key "
            "from the content or the build."
        )
    with _Connection(settings, retry or RetryPolicy(), echo) as algolia:
        live_settings = algolia.read_settings()
        live_hashes = algolia.read_hashes() if live_settings is not None else {}
        plan = plan_sync(records, live_hashes)
        settings_update = settings_to_update(live_settings or {})
        live_count = len(live_hashes)
        if live_settings is None:
            strategy: Strategy = "new index"
        elif live_count and plan.operations > rebuild_share * live_count:
            strategy = "temporary index"
        else:
            strategy = "in place"

        _echo_plan(
            echo,
            settings,
            plan,
            live_exists=live_settings is not None,
            live_count=live_count,
            settings_update=settings_update,
            strategy=strategy,
            batch_size=batch_size,
        )
        _check_deletions(plan, live_count, max_delete_share, allow_mass_delete)

        if dry_run:
            echo("dry run: nothing was sent to Algolia")
            return SyncReport(plan, strategy, tuple(settings_update), 0, 0, 0, dry_run=True)
        if not plan.operations and not settings_update:
            echo(f"done: '{settings.index_name}' is up to date; nothing was sent")
            return SyncReport(plan, strategy, (), 0, 0, 0, dry_run=False)

        if strategy == "temporary index":
            index_operations = algolia.write_through_temporary_index(
                plan, settings_update, batch_size
            )
        else:
            index_operations = algolia.write_in_place(plan, settings_update, batch_size)
    batch_calls = plan.batch_calls(batch_size)
    echo(
        f"done: sent {_count(plan.operations, 'record operation')} in "
        f"{_count(batch_calls, 'batch call')}"
        + (f" and {_count(index_operations, 'index operation')}" if index_operations else "")
        + f"; '{settings.index_name}' holds {_count(len(records), 'record')}"
    )
    return SyncReport(
        plan=plan,
        strategy=strategy,
        settings_updated=tuple(settings_update),
        record_operations=plan.operations,
        batch_calls=batch_calls,
        index_operations=index_operations,
        dry_run=False,
    )


def _echo_plan(
    echo: Echo,
    settings: AlgoliaSettings,
    plan: SyncPlan,
    *,
    live_exists: bool,
    live_count: int,
    settings_update: Mapping[str, Any],
    strategy: Strategy,
    batch_size: int,
) -> None:
    echo(
        f"index: '{settings.index_name}' of application {settings.app_id}"
        + (f" via {settings.describe_hosts()}" if settings.hosts else "")
    )
    echo(
        f"live: {_count(live_count, 'record')}"
        if live_exists
        else "live: the index does not exist yet; this run creates it"
    )
    echo(plan.summary(batch_size))
    if settings_update:
        echo(f"settings: {', '.join(settings_update)} to update (1 operation)")
    else:
        echo("settings: up to date")
    if strategy == "temporary index":
        echo(
            f"strategy: the plan touches {plan.operations} of {live_count} live records, so "
            f"it goes to the temporary index '{settings.temporary_index_name}', a copy of "
            "the live one, which then replaces it in one move (+2 operations: copy, move)"
        )


def _check_deletions(
    plan: SyncPlan, live_count: int, max_delete_share: float, allow_mass_delete: bool
) -> None:
    deleted = len(plan.deleted)
    if allow_mass_delete or not live_count or deleted <= max_delete_share * live_count:
        return
    raise SyncError(
        f"refusing to delete {deleted} of {live_count} live records "
        f"({deleted / live_count:.0%}, more than the {max_delete_share:.0%} allowed); "
        "nothing was sent. If so much content really went away, re-run with "
        "--allow-mass-delete."
    )


class _Connection:
    """An Algolia client for one sync, with bounded retries and messages for people."""

    def __init__(self, settings: AlgoliaSettings, retry: RetryPolicy, echo: Echo) -> None:
        self._settings = settings
        self._retry = retry
        self._echo = echo
        config = SearchConfig(settings.app_id, settings.api_key)
        # A 429 comes straight to `_call`, whose waits are bounded; the client would
        # sleep for whatever Retry-After says, with no upper limit.
        config.max_rate_limit_retries = 0
        if settings.hosts:
            config.hosts = HostsCollection([_host(url) for url in settings.hosts])
            if all(_is_loopback(url) for url in settings.hosts):
                # The client copies HTTP(S)_PROXY into every request and ignores
                # NO_PROXY; a local server must be reached directly.
                config.proxies = {}
        self._config = config
        self._client = SearchClientSync.create_with_config(config=config)
        self._client.add_user_agent("greenhouse", __version__)

    def __enter__(self) -> _Connection:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._client.close()

    # reading

    def read_settings(self) -> dict[str, Any] | None:
        """The live index's settings, or None when the index does not exist."""
        index = self._settings.index_name
        try:
            response = self._call(
                f"reading the settings of '{index}'",
                partial(self._client.get_settings, index_name=index),
                missing_ok=True,
            )
        except _IndexMissing:
            return None
        return response.to_dict()

    def read_hashes(self) -> dict[str, str | None]:
        """`objectID -> hash` of every live record, browsing 1,000 at a time."""
        index = self._settings.index_name
        hashes: dict[str, str | None] = {}
        cursor: str | None = None
        seen_cursors: set[str] = set()
        page = 1
        while True:
            params: dict[str, Any] = {"attributesToRetrieve": ["hash"], "hitsPerPage": 1000}
            if cursor:
                params["cursor"] = cursor
            response = self._call(
                f"reading the live records of '{index}' (page {page})",
                partial(self._client.browse, index_name=index, browse_params=params),
            )
            for hit in response.hits:
                content_hash = hit.to_dict().get("hash")
                hashes[hit.object_id] = content_hash if isinstance(content_hash, str) else None
            cursor = response.cursor
            if not cursor:
                return hashes
            if cursor in seen_cursors:
                # A server that hands back a cursor it already gave would be browsed
                # forever, thousands of calls a minute.
                raise SyncError(
                    f"Algolia answered page {page} of '{index}' with a browse cursor it had "
                    f"already given, so reading the live records would never end; "
                    f"stopped after {_count(page, 'page')} ({_count(len(hashes), 'record')}). "
                    "Nothing was sent. Re-run the sync; if it happens again, check that "
                    f"{ENV_HOSTS} ({self._settings.describe_hosts()}) leads to Algolia."
                )
            seen_cursors.add(cursor)
            page += 1

    # writing

    def write_in_place(
        self, plan: SyncPlan, settings_update: Mapping[str, Any], batch_size: int
    ) -> int:
        """Send the plan to the live index; return the index operations sent."""
        index = self._settings.index_name
        accepted = 0
        settings_accepted = not settings_update
        batches = list(_chunks(plan.batch_requests(), batch_size))
        try:
            tasks = []
            if settings_update:
                tasks.append(self._set_settings(index, settings_update))
                settings_accepted = True
            for number, batch in enumerate(batches, start=1):
                tasks.append(self._send_batch(index, batch, number, len(batches)))
                accepted = number
            for task_id in tasks:
                self._wait(index, task_id)
        except SyncError as error:
            state = _write_state(accepted, len(batches), settings_accepted)
            raise type(error)(
                f"{error}. The live index still serves search; {state}. Re-run the "
                "sync (greenhouse index): it compares again and sends only what is "
                "still missing."
            ) from None
        return 1 if settings_update else 0

    def write_through_temporary_index(
        self, plan: SyncPlan, settings_update: Mapping[str, Any], batch_size: int
    ) -> int:
        """Copy the live index, apply the plan to the copy, move it over the live one."""
        index, temporary = self._settings.index_name, self._settings.temporary_index_name
        batches = list(_chunks(plan.batch_requests(), batch_size))
        move_task: int | None = None
        try:
            # A full copy (records too) replaces whatever a failed run left in the
            # temporary index, and costs one operation instead of one per record.
            self._wait(temporary, self._operation(index, "copy", temporary))
            tasks = []
            if settings_update:
                tasks.append(self._set_settings(temporary, settings_update))
            for number, batch in enumerate(batches, start=1):
                tasks.append(self._send_batch(temporary, batch, number, len(batches)))
            for task_id in tasks:
                self._wait(temporary, task_id)
            move_task = self._operation(temporary, "move", index)
            self._wait(temporary, move_task)
        except SyncError as error:
            if move_task is not None:
                # The move was accepted: the live index is the old one or the new one.
                raise type(error)(
                    f"{error}. The move into place was sent, so the live index is either "
                    "the old or the new one; re-run the sync (greenhouse index) to check."
                ) from None
            self._discard(temporary)
            raise type(error)(
                f"{error}. The live index is unchanged; re-run the sync (greenhouse index)."
            ) from None
        return 2 + (1 if settings_update else 0)

    def _set_settings(self, index: str, settings_update: Mapping[str, Any]) -> int:
        response = self._call(
            f"updating the settings of '{index}'",
            partial(
                self._client.set_settings, index_name=index, index_settings=dict(settings_update)
            ),
        )
        return int(response.task_id)

    def _send_batch(self, index: str, batch: list[dict[str, Any]], number: int, total: int) -> int:
        response = self._call(
            f"sending batch call {number} of {total} to '{index}'",
            partial(self._client.batch, index_name=index, batch_write_params={"requests": batch}),
        )
        return int(response.task_id)

    def _operation(self, source: str, operation: str, destination: str) -> int:
        verb = "copying" if operation == "copy" else "moving"
        response = self._call(
            f"{verb} '{source}' to '{destination}'",
            partial(
                self._client.operation_index,
                index_name=source,
                operation_index_params={"operation": operation, "destination": destination},
            ),
        )
        return int(response.task_id)

    def _wait(self, index: str, task_id: int) -> None:
        what = f"waiting for Algolia to apply task {task_id} on '{index}'"
        try:
            self._call(what, partial(self._client.wait_for_task, index_name=index, task_id=task_id))
        except Exception as error:
            # The helper gives up with a bare Exception after its polling budget;
            # our own errors and anything unexpected pass through.
            if type(error) is not Exception:
                raise
            raise SyncError(
                f"Algolia had not applied task {task_id} on '{index}' after a long wait; "
                "it may still complete"
            ) from None

    def _discard(self, temporary: str) -> None:
        try:
            self._client.delete_index(temporary)
        except Exception:
            # Optional tidying: the key may lack deleteIndex, and the next run's copy
            # overwrites the leftover anyway.
            self._echo(
                f"note: the temporary index '{temporary}' was left behind; the next run "
                "overwrites it, or delete it in the Algolia dashboard"
            )

    # retries and messages

    def _call(self, what: str, request: Callable[[], _T], *, missing_ok: bool = False) -> _T:
        attempts = max(1, self._retry.attempts)
        for attempt in range(1, attempts + 1):
            try:
                return request()
            except RequestException as error:
                if missing_ok and error.status_code == 404:
                    raise _IndexMissing from None
                if not _is_transient(error.status_code):
                    raise self._refusal(error, what) from None
                failure = f"answered HTTP {error.status_code} ({self._server_message(error)})"
            except AlgoliaUnreachableHostException:
                # With one host, a 5xx or a timeout marks it down and the client gives
                # up at once; the hosts are reset before the next attempt.
                failure = "failed on every host (a server error or a timeout)"
            except OSError as error:
                # Refused and dropped connections come through as `requests` errors,
                # which are OSErrors, and the client does not retry them.
                failure = f"could not be reached ({_network_reason(error)})"
            except ValueError as error:
                # The client parses any refusal whose body mentions "message" as JSON,
                # so a proxy's HTML error page surfaces as a JSONDecodeError.
                raise SyncError(
                    self.redact(
                        f"the answer while {what} is not Algolia's JSON "
                        f"({type(error).__name__}); check that {ENV_HOSTS} "
                        f"({self._settings.describe_hosts()}) leads to Algolia and that no "
                        "proxy in between answers in its place"
                    )
                ) from None
            if attempt == attempts:
                raise SyncError(
                    self.redact(
                        f"gave up {what} after {_count(attempts, 'attempt')}: Algolia {failure} "
                        f"at {self._settings.describe_hosts()}"
                    )
                )
            delay = self._retry.delay(attempt)
            self._echo(
                self.redact(
                    f"retry: Algolia {failure} while {what}; trying again in {delay:g} s "
                    f"(attempt {attempt + 1} of {attempts})"
                )
            )
            self._reset_hosts()
            self._retry.sleep(delay)
        raise AssertionError("the retry loop always returns or raises")

    def _reset_hosts(self) -> None:
        # A host marked down stays down for minutes inside the client; our own
        # backoff already spaces the attempts.
        if self._config.hosts is not None:
            for host in (*self._config.hosts.read(), *self._config.hosts.write()):
                host.reset()

    def _refusal(self, error: RequestException, what: str) -> SyncError:
        status, message = error.status_code, self._server_message(error)
        if status in (401, 403) and "invalid application-id or api key" in message.lower():
            return ConfigurationError(
                f"Algolia rejected the credentials while {what}: {ENV_APP_ID} or "
                f"{ENV_API_KEY} is wrong. {ENV_API_KEY} must hold a write key of "
                f"application {self._settings.app_id}, not the search-only key."
            )
        if status in (401, 403):
            return ConfigurationError(
                f"Algolia refused {what} (HTTP {status}: {message}). The key in "
                f"{ENV_API_KEY} needs the ACLs addObject, deleteObject, browse, settings "
                f"and editSettings on '{self._settings.index_name}' and "
                f"'{self._settings.temporary_index_name}'; see docs/search-algolia.md."
            )
        return SyncError(f"Algolia rejected {what} (HTTP {status}: {message})")

    def _server_message(self, error: RequestException) -> str:
        return self.redact(str(error.message or "no message"))

    def redact(self, text: str) -> str:
        """`text` with the write key blanked out, in case a server or proxy echoed it."""
        key = self._settings.api_key
        return text.replace(key, "[redacted]") if key else text


class _IndexMissing(Exception):
    """The index does not exist (Algolia answered 404)."""


def _write_state(accepted: int, total: int, settings_accepted: bool) -> str:
    """What a failed in-place write may have changed, as far as the answers tell.

    A call that failed may still have been applied, wholly or in part: a 5xx or a
    timeout can come after the server wrote some of the batch.
    """
    if not settings_accepted:
        return (
            "the settings update failed and may or may not have been applied; "
            "no batch call was sent"
        )
    if accepted == total:
        every = "the batch call was" if total == 1 else f"all {total} batch calls were"
        return (
            f"{every} accepted, but Algolia had not confirmed applying them; "
            "they may still complete"
        )
    failed = accepted + 1
    parts = []
    if accepted == 1:
        parts.append(f"batch call 1 of {total} was accepted")
    elif accepted:
        parts.append(f"batch calls 1 to {accepted} of {total} were accepted")
    parts.append(
        f"batch call {failed} of {total} failed and may have been applied in part or not at all"
    )
    if failed < total:
        parts.append(
            f"batch call {total} was not sent"
            if failed + 1 == total
            else f"batch calls {failed + 1} to {total} were not sent"
        )
    return "; ".join(parts)


def _is_transient(status: int | None) -> bool:
    return status is None or status == 429 or status >= 500


def _network_reason(error: OSError) -> str:
    # requests nests the socket error deep inside a long message with the URL; the
    # innermost `[Errno ...] reason` is what a person needs.
    text = str(error)
    marker = text.rfind("] ")
    if "[Errno" in text and marker != -1:
        return text[marker + 2 :].rstrip("')\"").strip() or type(error).__name__
    return type(error).__name__


def _host(url: str) -> Host:
    parts = urlsplit(url)
    return Host(url=parts.hostname or "", scheme=parts.scheme, port=parts.port)


def _is_loopback(url: str) -> bool:
    hostname = urlsplit(url).hostname or ""
    if hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(hostname).is_loopback
    except ValueError:
        return False


def _chunks(items: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _be(number: int) -> str:
    return "is" if number == 1 else "are"


def _join(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _json_type(value: object) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")
