"""The Algolia sync, end to end: the real `algoliasearch` client against a local fake.

Each test starts its own in-memory Algolia on 127.0.0.1 (an ephemeral port), points
`ALGOLIA_HOSTS` at it and runs `greenhouse index` through `run_index`, then checks
what a person would notice: the live index, the operations Algolia would bill, the
printed plan, the exit code, and that the write key never shows.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fake_algolia import FakeAlgolia

from greenhouse.model import Settings, load_content
from greenhouse.search.algolia import (
    INDEX_SETTINGS,
    AlgoliaSettings,
    ConfigurationError,
    RetryPolicy,
    SyncError,
    load_records,
    plan_sync,
    record_hash,
    settings_to_update,
    sync,
)
from greenhouse.search.cli import run_index
from greenhouse.search.records import site_records
from greenhouse_testing import MINI

INDEX = "greenhouse"
TEMPORARY = "greenhouse_tmp"


def make_record(number: int, *, text: str = "", page: str | None = None) -> dict[str, Any]:
    """A record shaped like the build's, with its content hash."""
    page_id = page or f"workshops/session-{number:03d}"
    record: dict[str, Any] = {
        "objectID": f"{page_id}#overview",
        "page_id": page_id,
        "url": f"/{page_id}/#overview",
        "lvl0": "Workshops",
        "lvl1": f"Session {number}",
        "lvl2": "Overview",
        "lvl3": None,
        "content": text or f"What session {number} covers and who it is for.",
        "type": "workshop",
        "competencies": ["kotlin", "testing"],
        "area": ["engineering"],
        "level": "intermediate",
        "format": "in-person",
        "language": "en",
        "upcoming": number % 2 == 0,
        "sort_key": number,
    }
    return rehash(record)


def rehash(record: dict[str, Any]) -> dict[str, Any]:
    """`record` with the `hash` the sync gives it when it reads the records file."""
    return {**record, "hash": record_hash(record)}


def edited(record: dict[str, Any], text: str) -> dict[str, Any]:
    return rehash({**record, "content": text})


@dataclass
class Portal:
    """A built site's records file and a way to run `greenhouse index` on it."""

    fake: FakeAlgolia
    records_path: Path
    output: list[str] = field(default_factory=list)
    sleeps: list[float] = field(default_factory=list)

    @property
    def environ(self) -> dict[str, str]:
        return {
            "ALGOLIA_APP_ID": self.fake.app_id,
            "ALGOLIA_API_KEY": self.fake.api_key,
            "ALGOLIA_INDEX_NAME": INDEX,
            "ALGOLIA_HOSTS": self.fake.url,
        }

    def build(self, records: list[dict[str, Any]]) -> None:
        self.records_path.write_text(json.dumps(records), encoding="utf-8")

    def index(
        self,
        *,
        dry_run: bool = False,
        allow_mass_delete: bool = False,
        environ: Mapping[str, str] | None = None,
        retry: RetryPolicy | None = None,
    ) -> int:
        """Run `greenhouse index`; the output of this run replaces the previous one."""
        self.output.clear()
        code = run_index(
            self.records_path,
            dry_run=dry_run,
            allow_mass_delete=allow_mass_delete,
            environ=self.environ if environ is None else environ,
            echo=self.output.append,
            retry=retry or self.retry(),
        )
        for key in (self.fake.api_key, (environ or {}).get("ALGOLIA_API_KEY")):
            assert not key or key not in self.text, "the write key was printed"
        return code

    def retry(self, **overrides: Any) -> RetryPolicy:
        """Retries that record their waits instead of sleeping."""
        options: dict[str, Any] = {"attempts": 3, "first_delay": 0.5, "sleep": self.sleeps.append}
        return RetryPolicy(**{**options, **overrides})

    @property
    def text(self) -> str:
        return "\n".join(self.output)

    def line(self, prefix: str) -> str:
        lines = [line for line in self.output if line.startswith(prefix)]
        assert lines, f"no line starting with {prefix!r} in:\n{self.text}"
        return lines[-1]


@pytest.fixture
def fake() -> Iterator[FakeAlgolia]:
    with FakeAlgolia() as server:
        yield server


@pytest.fixture
def portal(fake: FakeAlgolia, tmp_path: Path) -> Portal:
    (tmp_path / "search").mkdir()
    return Portal(fake, tmp_path / "search" / "records.json")


RECORDS = [make_record(n) for n in range(1, 41)]


@pytest.fixture
def synced(portal: Portal) -> Portal:
    """A portal whose 40 records are already live, with the request log cleared."""
    portal.build(RECORDS)
    assert portal.index() == 0
    portal.fake.reset_log()
    return portal


def by_id(records: list[dict[str, Any]]) -> dict[str, Any]:
    return {r["objectID"]: r["hash"] for r in records}


# --- syncing ---------------------------------------------------------------------------


def test_first_sync_creates_the_index_with_settings_and_every_record(portal: Portal) -> None:
    portal.build(RECORDS)

    assert portal.index() == 0

    assert portal.fake.records(INDEX) == {r["objectID"]: r for r in RECORDS}
    assert portal.fake.settings(INDEX) == dict(INDEX_SETTINGS)
    assert portal.line("plan:") == (
        "plan: 40 added, 0 changed, 0 deleted, 0 unchanged -> 40 record operations in 1 batch call"
    )
    assert "does not exist yet" in portal.line("live:")
    assert portal.fake.record_operations() == 40
    assert len(portal.fake.calls_of("batch")) == 1
    assert len(portal.fake.calls_of("set_settings")) == 1


def test_unchanged_rebuild_sends_nothing(synced: Portal) -> None:
    assert synced.index() == 0

    assert synced.line("plan:") == (
        "plan: 0 added, 0 changed, 0 deleted, 40 unchanged -> 0 record operations in 0 batch calls"
    )
    assert synced.line("settings:") == "settings: up to date"
    assert synced.fake.writes() == []
    assert synced.fake.record_operations() == 0


def test_the_live_index_is_read_for_objectid_and_hash_only(synced: Portal) -> None:
    synced.index()

    (browse,) = synced.fake.calls_of("browse")
    assert browse.body["attributesToRetrieve"] == ["hash"]


def test_browsing_follows_the_cursor_over_many_pages(portal: Portal) -> None:
    many = [make_record(n) for n in range(1, 2502)]
    portal.fake.seed(INDEX, many, INDEX_SETTINGS)
    portal.build(many)

    assert portal.index() == 0

    assert len(portal.fake.calls_of("browse")) == 3
    assert "2501 unchanged -> 0 record operations" in portal.line("plan:")


def test_a_browse_cursor_that_repeats_stops_with_a_clear_error(synced: Portal) -> None:
    synced.fake.repeat_cursor = True

    assert synced.index() == 1

    assert synced.line("error:").startswith(
        f"error: Algolia answered page 2 of '{INDEX}' with a browse cursor it had already "
        "given, so reading the live records would never end; stopped after 2 pages"
    )
    assert "Nothing was sent" in synced.line("error:")
    assert len(synced.fake.calls_of("browse")) == 2
    assert not synced.fake.writes()


def test_one_edited_file_sends_one_record_operation(synced: Portal) -> None:
    records = [*RECORDS]
    records[6] = edited(records[6], "Now with a hands-on lab on coroutines.")
    synced.build(records)

    assert synced.index() == 0

    assert synced.line("plan:") == (
        "plan: 0 added, 1 changed, 0 deleted, 39 unchanged -> 1 record operation in 1 batch call"
    )
    assert synced.fake.record_operations() == 1
    live = synced.fake.records(INDEX)[records[6]["objectID"]]
    assert live["content"] == "Now with a hands-on lab on coroutines."


def test_one_deleted_file_sends_one_delete(synced: Portal) -> None:
    gone = RECORDS[10]
    synced.build([r for r in RECORDS if r is not gone])

    assert synced.index() == 0

    assert "0 added, 0 changed, 1 deleted, 39 unchanged -> 1 record operation" in (
        synced.line("plan:")
    )
    (batch,) = synced.fake.calls_of("batch")
    assert batch.body["requests"] == [
        {"action": "deleteObject", "body": {"objectID": gone["objectID"]}}
    ]
    assert gone["objectID"] not in synced.fake.records(INDEX)
    assert len(synced.fake.records(INDEX)) == 39


def test_a_renamed_page_is_added_before_its_old_record_goes(synced: Portal) -> None:
    old = RECORDS[3]
    new = rehash(
        {
            **old,
            "objectID": "workshops/kotlin-basics#overview",
            "page_id": "workshops/kotlin-basics",
            "url": "/workshops/kotlin-basics/#overview",
        }
    )
    synced.build([new if r is old else r for r in RECORDS])

    assert synced.index() == 0

    assert "1 added, 0 changed, 1 deleted, 39 unchanged -> 2 record operations in 1 batch" in (
        synced.line("plan:")
    )
    (batch,) = synced.fake.calls_of("batch")
    assert [(r["action"], r["body"]["objectID"]) for r in batch.body["requests"]] == [
        ("addObject", new["objectID"]),
        ("deleteObject", old["objectID"]),
    ]
    assert synced.fake.hashes(INDEX) == by_id([new if r is old else r for r in RECORDS])


def test_settings_that_already_match_are_not_sent_again(portal: Portal) -> None:
    # The same settings as Algolia may report them: distinct as 1, facets reordered.
    live_settings = {
        **INDEX_SETTINGS,
        "distinct": 1,
        "attributesForFaceting": list(reversed(INDEX_SETTINGS["attributesForFaceting"])),
    }
    portal.fake.seed(INDEX, RECORDS, live_settings)
    portal.build(RECORDS)

    assert portal.index() == 0

    assert portal.line("settings:") == "settings: up to date"
    assert portal.fake.calls_of("set_settings") == []


def test_settings_changed_in_the_dashboard_are_put_back(synced: Portal) -> None:
    synced.fake.indices[INDEX].settings["customRanking"] = ["asc(lvl1)"]

    assert synced.index() == 0

    assert synced.line("settings:") == "settings: customRanking to update (1 operation)"
    (put,) = synced.fake.calls_of("set_settings")
    assert put.body == {"customRanking": INDEX_SETTINGS["customRanking"]}
    assert synced.fake.record_operations() == 0


def test_dry_run_prints_the_plan_and_sends_nothing(synced: Portal) -> None:
    records = [edited(r, "Rewritten.") if n < 3 else r for n, r in enumerate(RECORDS)]
    synced.build(records)

    assert synced.index(dry_run=True) == 0

    assert "0 added, 3 changed, 0 deleted, 37 unchanged -> 3 record operations" in (
        synced.line("plan:")
    )
    assert synced.line("dry run:") == "dry run: nothing was sent to Algolia"
    assert synced.fake.writes() == []
    assert synced.fake.hashes(INDEX) == by_id(RECORDS)


def test_a_large_change_replaces_the_live_index_in_one_move(synced: Portal) -> None:
    records = [
        edited(r, "Revised for the new framework.") if n < 30 else r for n, r in enumerate(RECORDS)
    ]
    synced.build(records)

    assert synced.index() == 0

    assert "temporary" in synced.line("strategy:")
    assert synced.fake.hashes(INDEX) == by_id(records)
    assert TEMPORARY not in synced.fake.indices
    assert synced.fake.settings(INDEX) == dict(INDEX_SETTINGS)
    # Searches saw the old index, then the new one, never a mix.
    old, new = frozenset(by_id(RECORDS).items()), frozenset(by_id(records).items())
    assert set(synced.fake.states_of(INDEX)) <= {old, new, None}
    # Billed: the 30 changed records, plus one copy and one move.
    assert synced.fake.record_operations() == 30
    assert [c.body["operation"] for c in synced.fake.calls_of("operation")] == ["copy", "move"]


# --- safety ----------------------------------------------------------------------------


def test_an_empty_record_set_is_refused(synced: Portal) -> None:
    synced.build([])

    assert synced.index() == 1

    assert "refusing to sync an empty record set" in synced.line("error:")
    assert synced.fake.calls == []
    assert len(synced.fake.records(INDEX)) == 40


def test_deleting_a_large_share_needs_allow_mass_delete(synced: Portal) -> None:
    kept = RECORDS[:28]
    synced.build(kept)

    assert synced.index() == 1

    assert synced.line("error:") == (
        "error: refusing to delete 12 of 40 live records (30%, more than the 20% allowed); "
        "nothing was sent. If so much content really went away, re-run with "
        "--allow-mass-delete."
    )
    assert synced.fake.writes() == []

    assert synced.index(allow_mass_delete=True) == 0

    assert synced.fake.hashes(INDEX) == by_id(kept)


def test_a_record_holding_the_write_key_is_never_uploaded(synced: Portal) -> None:
    leaked = edited(RECORDS[0], f"Paste {synced.fake.api_key} into the config.")
    synced.build([leaked, *RECORDS[1:]])

    assert synced.index() == 1

    assert "contains the value of ALGOLIA_API_KEY" in synced.line("error:")
    assert synced.fake.calls == []


# --- failures and retries --------------------------------------------------------------


def test_a_429_asking_to_wait_an_hour_is_retried_after_a_bounded_wait(synced: Portal) -> None:
    synced.fake.fail("batch", 429, retry_after="3600")
    records = [edited(RECORDS[0], "Moved to room 4."), *RECORDS[1:]]
    synced.build(records)
    codes: list[int] = []

    # Were Retry-After followed, the run would sleep for an hour: it runs beside the
    # test, which stops waiting long before that.
    worker = threading.Thread(target=lambda: codes.append(synced.index()), daemon=True)
    worker.start()
    worker.join(timeout=120)

    assert codes == [0], "the sync slept for as long as Retry-After asked"
    assert synced.sleeps == [0.5]
    assert "HTTP 429" in synced.line("retry:")
    assert [c.status for c in synced.fake.calls_of("batch")] == [429, 200]
    assert synced.fake.hashes(INDEX) == by_id(records)
    assert synced.fake.record_operations() == 1


def test_429_is_backed_off_with_growing_waits(synced: Portal) -> None:
    synced.fake.fail("batch", 429, times=2)
    records = [edited(RECORDS[0], "Moved to room 4."), *RECORDS[1:]]
    synced.build(records)

    assert synced.index() == 0

    assert synced.sleeps == [0.5, 1.0]
    assert "HTTP 429" in synced.line("retry:")
    assert synced.fake.hashes(INDEX) == by_id(records)


def test_503_then_success(synced: Portal) -> None:
    synced.fake.fail("batch", 503)
    records = [edited(RECORDS[0], "Moved to room 4."), *RECORDS[1:]]
    synced.build(records)

    assert synced.index() == 0

    assert [c.status for c in synced.fake.calls_of("batch")] == [503, 200]
    assert synced.sleeps == [0.5]
    assert "attempt 2 of 3" in synced.line("retry:")
    assert synced.fake.hashes(INDEX) == by_id(records)


def test_a_refused_connection_is_retried_until_the_server_is_back(synced: Portal) -> None:
    synced.fake.refuse_connections()
    reopen = RetryPolicy(
        attempts=3, first_delay=0.5, sleep=lambda _: synced.fake.accept_connections()
    )

    assert synced.index(retry=reopen) == 0

    assert "Connection refused" in synced.line("retry:")
    assert synced.line("plan:").endswith("0 record operations in 0 batch calls")


def test_an_unreachable_server_gives_a_clear_error(synced: Portal) -> None:
    synced.fake.refuse_connections()

    assert synced.index() == 1

    assert synced.line("error:") == (
        f"error: gave up reading the settings of '{INDEX}' after 3 attempts: Algolia "
        f"could not be reached (Connection refused) at {synced.fake.url}"
    )
    assert synced.sleeps == [0.5, 1.0]


def test_a_failure_midway_leaves_search_working_and_a_rerun_converges(
    synced: Portal,
) -> None:
    records = [edited(r, "Updated agenda.") if n < 12 else r for n, r in enumerate(RECORDS)]
    synced.build(records)
    synced.fake.fail("batch", 500, apply_first=5, times=99)

    assert synced.index() == 1

    error = synced.line("error:")
    assert "The live index still serves search; batch call 1 of 1 failed and may have " in error
    assert "applied in part or not at all" in error
    assert "no batch call" not in error
    assert "Re-run the sync" in error
    assert all(state for state in synced.fake.states_of(INDEX)), "the index went empty"
    assert len(synced.fake.records(INDEX)) == 40

    synced.fake.clear_faults()
    synced.fake.reset_log()
    assert synced.index() == 0

    assert synced.line("plan:") == (
        "plan: 0 added, 7 changed, 0 deleted, 33 unchanged -> 7 record operations in 1 batch call"
    )
    assert synced.fake.hashes(INDEX) == by_id(records)
    assert synced.index() == 0
    assert synced.line("plan:").endswith("0 record operations in 0 batch calls")


def test_a_failed_second_batch_call_is_finished_by_the_next_run(fake: FakeAlgolia) -> None:
    settings = AlgoliaSettings(fake.app_id, fake.api_key, INDEX, (fake.url,))
    fast = RetryPolicy(attempts=2, first_delay=0, sleep=lambda _: None)
    fake.seed(INDEX, RECORDS, INDEX_SETTINGS)
    records = [edited(r, "Updated agenda.") if n < 15 else r for n, r in enumerate(RECORDS)]
    fake.fail("batch", 503, skip=1, times=2, apply_first=2)
    output: list[str] = []

    with pytest.raises(
        SyncError,
        match=r"batch call 1 of 2 was accepted; batch call 2 of 2 failed and may have been "
        r"applied in part or not at all\. Re-run",
    ):
        sync(records, settings, batch_size=10, retry=fast, echo=output.append)

    assert "15 record operations in 2 batch calls" in output[2]
    report = sync(records, settings, batch_size=10, retry=fast, echo=output.append)
    assert report.record_operations == 3
    assert fake.hashes(INDEX) == by_id(records)


def test_a_failed_large_change_leaves_the_live_index_untouched(synced: Portal) -> None:
    records = [edited(r, "Revised.") if n < 30 else r for n, r in enumerate(RECORDS)]
    synced.build(records)
    synced.fake.fail("batch", 503, times=99)

    assert synced.index() == 1

    assert "The live index is unchanged" in synced.line("error:")
    assert synced.fake.hashes(INDEX) == by_id(RECORDS)
    # The recommended key cannot delete indices, so the copy stays for the next run.
    assert f"'{TEMPORARY}' was left behind" in synced.line("note:")

    synced.fake.clear_faults()
    assert synced.index() == 0
    assert synced.fake.hashes(INDEX) == by_id(records)
    assert TEMPORARY not in synced.fake.indices


def test_a_lost_answer_after_the_move_says_which_states_are_possible(synced: Portal) -> None:
    records = [edited(r, "Revised.") if n < 30 else r for n, r in enumerate(RECORDS)]
    synced.build(records)
    # Task checks: the copy, the batch, then the move, whose answers never arrive.
    synced.fake.fail("task", 503, skip=2, times=99)

    assert synced.index() == 1

    assert "the live index is either the old or the new one" in synced.line("error:")
    assert synced.fake.hashes(INDEX) == by_id(records)
    assert synced.index() == 0
    assert synced.line("plan:").endswith("0 record operations in 0 batch calls")


# --- configuration and credentials -----------------------------------------------------


def test_a_local_server_is_reached_directly_despite_a_proxy_setting(
    synced: Portal, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The client sends every request through HTTP_PROXY and ignores NO_PROXY.
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")

    assert synced.index() == 0

    assert synced.line("plan:").endswith("0 record operations in 0 batch calls")


def test_a_bad_key_gives_a_clear_error_without_the_key(synced: Portal) -> None:
    wrong = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"

    code = synced.index(environ={**synced.environ, "ALGOLIA_API_KEY": wrong})

    assert code == 2
    error = synced.line("error:")
    assert "ALGOLIA_API_KEY" in error and "Algolia rejected the credentials" in error
    assert wrong not in synced.text
    assert len(synced.fake.calls) == 1, "a rejected key is not worth retrying"


def test_the_search_only_key_is_refused_with_the_acls_it_lacks(synced: Portal) -> None:
    code = synced.index(environ={**synced.environ, "ALGOLIA_API_KEY": synced.fake.search_key})

    assert code == 2
    assert "needs the ACLs addObject, deleteObject, browse, settings and editSettings" in (
        synced.line("error:")
    )


def test_a_key_echoed_back_by_a_server_is_redacted(synced: Portal) -> None:
    synced.fake.fail("browse", 403, message=f"Key {synced.fake.api_key} is not allowed here")

    assert synced.index() == 2

    assert "Key [redacted] is not allowed here" in synced.line("error:")


def test_a_proxy_error_page_is_explained(synced: Portal) -> None:
    synced.fake.fail("get_settings", 403, html=True)

    assert synced.index() == 1

    assert "is not Algolia's JSON" in synced.line("error:")
    assert "ALGOLIA_HOSTS" in synced.line("error:")


def test_missing_environment_variables_are_named(portal: Portal) -> None:
    portal.build(RECORDS)

    assert portal.index(environ={"ALGOLIA_APP_ID": "GREENHOUSETEST"}) == 2

    assert portal.line("error:").startswith(
        "error: cannot sync to Algolia: ALGOLIA_API_KEY and ALGOLIA_INDEX_NAME are not set."
    )
    assert portal.fake.calls == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no search records here; build the site first"),
        ("[{]", "records.json:1: not valid JSON"),
        ('{"objectID": "a"}', "expected a JSON array of records, found a object"),
        ('["a"]', "record 1 is a string, expected an object"),
    ],
)
def test_a_missing_or_broken_records_file_is_a_usage_error(
    portal: Portal, content: str | None, expected: str
) -> None:
    if content is not None:
        portal.records_path.write_text(content, encoding="utf-8")

    assert portal.index() == 2

    assert str(portal.records_path) in portal.line("error:")
    assert expected in portal.line("error:")
    assert portal.fake.calls == []


# --- the pure parts --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("local", "live", "expected"),
    [
        ({"a": "1"}, {}, ({"a"}, set(), set(), {"a": 0})),
        ({"a": "1"}, {"a": "1"}, (set(), set(), set(), {"a": 1})),
        ({"a": "2"}, {"a": "1"}, (set(), {"a"}, set(), {"a": 0})),
        ({"a": "1"}, {"a": None}, (set(), {"a"}, set(), {"a": 0})),
        ({}, {"a": "1"}, (set(), set(), {"a"}, {})),
        ({"b": "1"}, {"a": "1"}, ({"b"}, set(), {"a"}, {"b": 0})),
    ],
    ids=["new", "same", "edited", "live-without-hash", "removed", "renamed"],
)
def test_plan_sync(
    local: dict[str, str],
    live: dict[str, str | None],
    expected: tuple[set[str], set[str], set[str], dict[str, int]],
) -> None:
    plan = plan_sync([{"objectID": k, "hash": v} for k, v in local.items()], live)

    added, changed, deleted, unchanged = expected
    assert {r["objectID"] for r in plan.added} == added
    assert {r["objectID"] for r in plan.changed} == changed
    assert set(plan.deleted) == deleted
    assert len(plan.unchanged) == sum(unchanged.values())
    assert plan.operations == len(added) + len(changed) + len(deleted)


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ([{"hash": "1"}], "record 1 has no 'objectID' string"),
        ([{"objectID": "a"}], "record 'a' has no 'hash' string"),
        (
            [{"objectID": "a", "hash": "1"}, {"objectID": "a", "hash": "2"}],
            "two records share the objectID 'a'",
        ),
    ],
)
def test_plan_sync_rejects_records_it_cannot_track(
    records: list[dict[str, Any]], message: str
) -> None:
    with pytest.raises(SyncError, match=message):
        plan_sync(records, {})


def test_plan_counts_batch_calls_of_a_thousand() -> None:
    plan = plan_sync([{"objectID": str(n), "hash": "h"} for n in range(2001)], {})

    assert plan.batch_calls() == 3
    assert plan.summary().endswith("2001 record operations in 3 batch calls")


def test_settings_to_update_names_only_what_differs() -> None:
    assert settings_to_update(INDEX_SETTINGS) == {}
    assert settings_to_update({**INDEX_SETTINGS, "distinct": 1}) == {}
    assert settings_to_update({**INDEX_SETTINGS, "distinct": False}) == {"distinct": True}
    assert set(settings_to_update({})) == set(INDEX_SETTINGS)


def test_settings_never_show_the_key() -> None:
    settings = AlgoliaSettings.from_env(
        {
            "ALGOLIA_APP_ID": "APP",
            "ALGOLIA_API_KEY": "s3cr3t-write-key",
            "ALGOLIA_INDEX_NAME": "greenhouse",
        }
    )

    assert "s3cr3t" not in repr(settings)
    assert settings.hosts == ()


@pytest.mark.parametrize(
    ("hosts", "message"),
    [
        ("127.0.0.1:8089", "'127.0.0.1:8089' is not a host URL"),
        ("ftp://algolia.example.com", "'ftp://algolia.example.com' is not a host URL"),
        ("http://127.0.0.1:8089/1/indexes", "is not a host URL"),
        ("https://user:pa55@proxy.example.com", "must not contain a user name or password"),
    ],
)
def test_bad_algolia_hosts_are_explained(hosts: str, message: str) -> None:
    environ = {
        "ALGOLIA_APP_ID": "APP",
        "ALGOLIA_API_KEY": "key",
        "ALGOLIA_INDEX_NAME": "greenhouse",
        "ALGOLIA_HOSTS": hosts,
    }

    with pytest.raises(ConfigurationError, match=message) as raised:
        AlgoliaSettings.from_env(environ)

    assert "pa55" not in str(raised.value)


def test_load_records_reads_the_build_output_and_hashes_each_record(tmp_path: Path) -> None:
    built = [{k: v for k, v in r.items() if k != "hash"} for r in RECORDS[:3]]
    built[2]["hash"] = "left by an older build"
    path = tmp_path / "records.json"
    path.write_text(json.dumps(built), encoding="utf-8")

    assert load_records(path) == RECORDS[:3]
    assert len({r["hash"] for r in RECORDS[:3]}) == 3


def test_a_record_hash_changes_exactly_when_the_record_does() -> None:
    record = {k: v for k, v in RECORDS[0].items() if k != "hash"}
    same = dict(reversed(record.items()))  # the order of the keys is not content

    assert record_hash(same) == record_hash(record) == record_hash({**record, "hash": "x"})
    assert record_hash({**record, "content": record["content"] + "!"}) != record_hash(record)
    assert record_hash({**record, "upcoming": not record["upcoming"]}) != record_hash(record)
    assert len(record_hash(record)) == 40  # sha1, as the size limit of a record allows for


def test_index_settings_count_every_catalogue_facet_and_filter_archived() -> None:
    from greenhouse.catalog import FACETS as CATALOGUE_FACETS

    declared = INDEX_SETTINGS["attributesForFaceting"]
    countable = {
        a.removeprefix("searchable(").removesuffix(")")
        for a in declared
        if not a.startswith("filterOnly(")
    }
    attribute = {"competency": "competencies"}
    assert {attribute.get(f, f) for f in CATALOGUE_FACETS} <= countable
    assert "filterOnly(archived)" in declared


def test_competency_and_career_track_records_sync_and_an_unchanged_rebuild_sends_nothing(
    portal: Portal,
) -> None:
    loaded = load_content(MINI / "content", Settings.from_options({"languages": ["en", "sv"]}))
    now = datetime(2026, 11, 22, 12, tzinfo=ZoneInfo("Europe/Stockholm"))
    records = site_records(loaded.content, {}, now, "en")
    framework = {r["objectID"]: r for r in records if r["type"] in {"competency", "track"}}
    assert framework["competencies/kotlin#"]["lvl0"] == "Competency"
    assert framework["competencies/kotlin#"]["lvl1"] == "Kotlin"
    assert framework["competencies/kotlin#"]["url"] == "competencies/kotlin/"
    assert framework["careers/backend-engineer#"]["lvl0"] == "Career track"
    step = framework["careers/backend-engineer#step-1"]
    assert step["url"] == "careers/backend-engineer/#step-1" and step["lvl2"].startswith("Step 1: ")
    portal.build(records)
    assert portal.index() == 0
    live = portal.fake.records(INDEX)
    assert {k: live[k] for k in framework} == {k: rehash(r) for k, r in framework.items()}

    # The same build again (a rebuild with nothing changed): nothing is sent.
    portal.fake.reset_log()
    portal.build(site_records(loaded.content, {}, now, "en"))
    assert portal.index() == 0
    assert "0 record operations" in portal.line("plan:")
    assert portal.fake.record_operations() == 0
