"""Checking front-matter values against their specs and turning them into typed values."""

from __future__ import annotations

import contextlib
import difflib
import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from dateutil.parser import parse as parse_datetime
from dateutil.rrule import rrulestr

from greenhouse.model.fields import (
    CONTACT_PATTERN,
    CURRENCY_PATTERN,
    DURATION_PATTERN,
    EDITION_PATTERN,
    URL_PATTERN,
    FieldSpec,
    spec_map,
    specs,
)
from greenhouse.model.problems import Problem
from greenhouse.model.reader import Document, Key, field_name, read_markdown
from greenhouse.model.settings import Settings

INVALID: Any = object()  # a value that failed its check; the problem is already recorded

#: Characters no text of the site may hold: C0 controls but tab, line feed and carriage
#: return (line breaks), DEL, C1 controls (U+0085 among them), lone surrogates and the
#: two non-characters that XML 1.0 refuses. Feeds and calendars would break.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: Line breaks: a single-line field refuses them; text turns each run into a space.
_LINE_BREAK = re.compile(r"[\n\r\u2028\u2029]")
_LINE_BREAKS = re.compile(r"\s*[\n\r\u2028\u2029]\s*")
#: Unknown fields reported one by one in a file; the rest are counted in one problem.
MAX_UNKNOWN = 20
#: The largest number a field without a maximum of its own takes (seats, minutes, cost).
MAX_NUMBER = 1_000_000_000
#: Years a date may have: wider than any session, narrower than what breaks arithmetic.
YEARS = (1970, 2200)

_DURATION_RE = re.compile(DURATION_PATTERN)
_TIME_RE = re.compile(r"[T ][0-9]{1,2}:[0-9]{2}")
_URL_RE = re.compile(URL_PATTERN)
_CONTACT_RE = re.compile(CONTACT_PATTERN)
_CURRENCY_RE = re.compile(CURRENCY_PATTERN)
_EDITION_RE = re.compile(EDITION_PATTERN)

# Active ISO 4217 codes.
CURRENCIES = frozenset(
    [
        "AED",
        "AFN",
        "ALL",
        "AMD",
        "ANG",
        "AOA",
        "ARS",
        "AUD",
        "AWG",
        "AZN",
        "BAM",
        "BBD",
        "BDT",
        "BGN",
        "BHD",
        "BIF",
        "BMD",
        "BND",
        "BOB",
        "BRL",
        "BSD",
        "BTN",
        "BWP",
        "BYN",
        "BZD",
        "CAD",
        "CDF",
        "CHF",
        "CLP",
        "CNY",
        "COP",
        "CRC",
        "CUP",
        "CVE",
        "CZK",
        "DJF",
        "DKK",
        "DOP",
        "DZD",
        "EGP",
        "ERN",
        "ETB",
        "EUR",
        "FJD",
        "FKP",
        "GBP",
        "GEL",
        "GHS",
        "GIP",
        "GMD",
        "GNF",
        "GTQ",
        "GYD",
        "HKD",
        "HNL",
        "HTG",
        "HUF",
        "IDR",
        "ILS",
        "INR",
        "IQD",
        "IRR",
        "ISK",
        "JMD",
        "JOD",
        "JPY",
        "KES",
        "KGS",
        "KHR",
        "KMF",
        "KPW",
        "KRW",
        "KWD",
        "KYD",
        "KZT",
        "LAK",
        "LBP",
        "LKR",
        "LRD",
        "LSL",
        "LYD",
        "MAD",
        "MDL",
        "MGA",
        "MKD",
        "MMK",
        "MNT",
        "MOP",
        "MRU",
        "MUR",
        "MVR",
        "MWK",
        "MXN",
        "MYR",
        "MZN",
        "NAD",
        "NGN",
        "NIO",
        "NOK",
        "NPR",
        "NZD",
        "OMR",
        "PAB",
        "PEN",
        "PGK",
        "PHP",
        "PKR",
        "PLN",
        "PYG",
        "QAR",
        "RON",
        "RSD",
        "RUB",
        "RWF",
        "SAR",
        "SBD",
        "SCR",
        "SDG",
        "SEK",
        "SGD",
        "SHP",
        "SLE",
        "SOS",
        "SRD",
        "SSP",
        "STN",
        "SVC",
        "SYP",
        "SZL",
        "THB",
        "TJS",
        "TMT",
        "TND",
        "TOP",
        "TRY",
        "TTD",
        "TWD",
        "TZS",
        "UAH",
        "UGX",
        "USD",
        "UYU",
        "UZS",
        "VES",
        "VND",
        "VUV",
        "WST",
        "XAF",
        "XCD",
        "XOF",
        "XPF",
        "YER",
        "ZAR",
        "ZMW",
        "ZWL",
    ]
)


@cache
def _timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def suggest(wrong: str, known: Any) -> str:
    """`` (did you mean 'kotlin'?)`` when something close exists, else nothing."""
    if len(str(wrong)) > 64:  # no name is that long, and comparing would cost
        return ""
    close = difflib.get_close_matches(str(wrong).lower(), [str(k) for k in known], n=1, cutoff=0.7)
    return f" (did you mean '{close[0]}'?)" if close else ""


def control_character_problem(text: str) -> str | None:
    """Why `text` cannot be shown on the site (a control character), or None."""
    found = _CONTROL.search(text)
    if found is None:
        return None
    return (
        f"contains the control character U+{ord(found.group()):04X} at character "
        f"{found.start() + 1}; remove it (it breaks the feed and calendars)"
    )


def year_problem(moment: date) -> str | None:
    """Why the year of `moment` is not one a date on the site may have, or None."""
    low, high = YEARS
    if low <= moment.year <= high:
        return None
    return f"the year {moment.year:04d} is not between {low} and {high}; check the date"


def parse_duration(value: Any) -> int | None:
    """Minutes from ``90``, ``"90m"``, ``"1h30m"``, ``"2h"`` or ``"45 min"``; else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and len(value) <= 40:  # longer is no duration (nor an int)
        match = _DURATION_RE.match(value)
        if match and any(match.groups()):
            plain, hours, minutes = (int(g) if g else 0 for g in match.groups())
            return plain or hours * 60 + minutes
    return None


#: Rule parts and the values a session series may use. Anything else could make the
#: expansion run for ever (INTERVAL=0) or search for dates that never come (BYMONTH=13).
_RRULE_FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_RRULE_RANGES = {
    "INTERVAL": (1, 1000),
    "COUNT": (1, 1000),
    "BYMONTH": (1, 12),
    "BYMONTHDAY": (-31, 31),
    "BYYEARDAY": (-366, 366),
    "BYWEEKNO": (-53, 53),
    "BYSETPOS": (-366, 366),
    "BYHOUR": (0, 23),
    "BYMINUTE": (0, 59),
    "BYSECOND": (0, 59),
}
_RRULE_PARTS = frozenset({*_RRULE_RANGES, "FREQ", "UNTIL", "BYDAY", "WKST"})
#: A series may happen at most this often: on one day, and in any year.
MAX_PER_DAY = 24
MAX_PER_YEAR = 1000
#: A series must first happen, and end (UNTIL), within this long after its start.
SERIES_HORIZON = timedelta(days=3660)
#: The Gregorian calendar repeats exactly every 400 years (146,097 days, whole weeks).
_CALENDAR_CYCLE = 400
_RRULE_DAY = re.compile(r"^([+-]?[0-9]{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")


def rrule_problem(rule: str) -> str | None:
    """Why `rule` cannot describe a series of sessions, or None when it can."""
    parts: dict[str, str] = {}
    for part in rule.upper().split(";"):
        name, _, value = part.partition("=")
        if not value:
            return f"'{part}' is not NAME=VALUE"
        parts[name] = value
    if "DTSTART" in parts:
        return "leave out DTSTART: the session's start is the first occurrence"
    unknown = sorted(set(parts) - _RRULE_PARTS)
    if unknown:
        return f"{unknown[0]} is not a rule part a session can use"
    if parts.get("FREQ") not in _RRULE_FREQS:
        return "FREQ must be one of " + ", ".join(_RRULE_FREQS)
    for name, (low, high) in _RRULE_RANGES.items():
        for value in parts.get(name, "").split(",") if name in parts else ():
            if (
                not re.fullmatch(r"[+-]?[0-9]+", value)
                or not low <= int(value) <= high
                or (int(value) == 0 and low < 0)
            ):
                return f"{name}={value} is out of range ({low} to {high})"
    for day in parts.get("BYDAY", "").split(",") if "BYDAY" in parts else ():
        match = _RRULE_DAY.match(day)
        if not match or (match.group(1) and not 1 <= abs(int(match.group(1))) <= 53):
            return f"BYDAY={day} is not a weekday such as FR or 1FR"
    given = [n for n in _TIME_PARTS if n in parts]
    per_day = math.prod(len(set(parts[n].split(","))) for n in given)
    if per_day > MAX_PER_DAY and "BYSETPOS" not in parts:  # BYSETPOS picks fewer
        return (
            f"it would happen {per_day} times a day ({' x '.join(given)}); "
            f"a session series may happen at most {MAX_PER_DAY} times a day"
        )
    return None


_TIME_PARTS = ("BYHOUR", "BYMINUTE", "BYSECOND")


def check_series(rule: str, start: datetime) -> tuple[str | None, int]:
    """Why the series of `rule` from `start` cannot be a session's (or None when it can),
    and how often it happens in its first year. It cannot when it never happens in
    `SERIES_HORIZON`, happens more than `MAX_PER_YEAR` times in a year, or its UNTIL is
    before its first time or beyond the horizon.

    Bounded whatever the rule: dateutil looks for the next occurrence until the year
    9999, so the rule is tried on a copy of the start moved by whole 400-year cycles
    (the same weekdays and leap years) to between 10 and 410 years before then.
    """
    parts = dict(part.partition("=")[::2] for part in rule.upper().split(";"))
    until, count = parts.pop("UNTIL", None), parts.pop("COUNT", None)
    wall = start.replace(tzinfo=None)
    shift = (datetime.max.year - 10 - wall.year) // _CALENDAR_CYCLE * _CALENDAR_CYCLE
    moved = wall.replace(year=wall.year + shift)
    probe = rrulestr(";".join(f"{k}={v}" for k, v in parts.items()), dtstart=moved)
    first: datetime | None = None
    per_year = 0
    on_one_day: Counter[date] = Counter()
    for number, moment in enumerate(probe, start=1):
        if first is None:
            first = moment
            if first - moved > SERIES_HORIZON:
                break
        elif moment - first >= timedelta(days=365):
            break
        if number > MAX_PER_YEAR:
            problem = (
                f"it would happen more than {MAX_PER_YEAR} times in a year; "
                "a session series may happen at most that often"
            )
            return problem, number
        per_year = number
        on_one_day[moment.date()] += 1
        if on_one_day[moment.date()] > MAX_PER_DAY:
            problem = (
                f"it would happen more than {MAX_PER_DAY} times on {moment:%d %B}; "
                f"a session series may happen at most {MAX_PER_DAY} times a day"
            )
            return problem, number
    years = SERIES_HORIZON.days // 365
    if first is None or first - moved > SERIES_HORIZON:
        return f"it never happens in the {years} years after the session's start", 0
    if until is not None:
        end = parse_datetime(until)
        limit = start if end.tzinfo is not None else wall
        if end > limit + SERIES_HORIZON:
            return f"UNTIL={until} is more than {years} years after the session's start", 0
        if next(iter(rrulestr(rule, dtstart=start)), None) is None:
            return f"UNTIL={until} is before the first time it happens", 0
    return None, min(per_year, int(count)) if count else per_year


@dataclass(frozen=True)
class Reference:
    """A reference to resolve once every file is read.

    Its line is found only if it fails to resolve, by reading its file again: nearly
    every reference resolves, and locating each one would cost validation a fifth more.
    """

    target: str  # competency, person, item or track
    id: str
    path: str  # as shown to people
    key: Key
    source: str  # the file on disk

    @property
    def field(self) -> str:
        return field_name(self.key)

    def problem(self, message: str) -> Problem:
        """A located problem about this reference."""
        doc = read_markdown(self.source, self.path, Path(self.source).parent)
        line = doc.line(self.key) if isinstance(doc, Document) else 1
        return Problem(self.path, line, self.field, message)


class Checker:
    """Checks one document's values, recording problems and references as it goes."""

    def __init__(self, doc: Document, settings: Settings, problems: list[Problem]) -> None:
        self.doc = doc
        self.settings = settings
        self.problems = problems
        self.references: list[Reference] = []

    def report(self, key: Key, message: str) -> Any:
        """Record a problem at `key`'s line; returns INVALID so checks can `return` it."""
        self.problems.append(Problem(self.doc.path, self.doc.line(key), field_name(key), message))
        return INVALID

    def fields(
        self,
        model: type,
        type_name: str,
        data: dict[str, Any],
        key: Key = (),
        *,
        allowed_extra: frozenset[str] = frozenset(),
    ) -> dict[str, Any] | None:
        """Check every field of `model` that belongs to `type_name`; None if any failed."""
        field_specs = spec_map(model, type_name)
        ok = True
        unknown = [n for n in data if n not in field_specs and n not in allowed_extra]
        for name in unknown[:MAX_UNKNOWN]:
            ok = False
            self._unknown(key, str(name), type_name, field_specs, model)
        if len(unknown) > MAX_UNKNOWN:
            self.report(
                (*key, str(unknown[MAX_UNKNOWN])),
                f"and {len(unknown) - MAX_UNKNOWN} more fields are not fields of a {type_name}",
            )
        values: dict[str, Any] = {}
        for name, field_spec in field_specs.items():
            raw = data.get(name)
            if raw is None or raw == "" or raw == []:
                if field_spec.required_for(type_name):
                    where = "is empty" if name in data else "is required"
                    self.report((*key, name), f"{where}: {field_spec.help}")
                    ok = False
                elif field_spec.kind == "language":
                    values[name] = self.settings.default_language
                elif field_spec.kind == "timezone":
                    values[name] = self.settings.timezone
                continue
            value = self.value(field_spec, raw, (*key, name))
            if value is INVALID:
                ok = False
            else:
                values[name] = value
        return values if ok else None

    def _unknown(
        self, key: Key, name: str, type_name: str, known: dict[str, FieldSpec], model: type
    ) -> None:
        elsewhere = [s.types for s in specs(model) if s.name == name]
        if elsewhere:
            kinds = ", ".join(sorted(elsewhere[0]))
            self.report((*key, name), f"is not a field of a {type_name} (only of: {kinds})")
        else:
            self.report((*key, name), f"is not a field of a {type_name}{suggest(name, known)}")

    def value(self, field_spec: FieldSpec, raw: Any, key: Key) -> Any:
        """Check one value; return it typed, or INVALID after recording why."""
        if isinstance(raw, bool) and field_spec.kind not in ("list", "object"):
            written = self.doc.booleans.get(key)
            if written is not None:
                read_as = f"{written} was read as {'true' if raw else 'false'} (a YAML yes/no)"
                allowed = self._allowed(field_spec)
                if allowed:
                    return self.report(key, f"{read_as}; write one of {', '.join(allowed)}")
                return self.report(key, f'{read_as}; put it in quotes: {key[-1]}: "{written}"')
            return self.report(key, f"must be {_expected(field_spec)}, not {str(raw).lower()}")
        check = getattr(self, f"_{field_spec.kind}")
        return check(field_spec, raw, key)

    def _allowed(self, field_spec: FieldSpec) -> tuple[str, ...]:
        """The values a field may take, when they are a short list."""
        if field_spec.kind == "language":
            return self.settings.languages
        return field_spec.choices

    # One method per kind, named after it.

    def _string(self, s: FieldSpec, raw: Any, key: Key) -> Any:
        if isinstance(raw, (int, float, date)):
            raw = str(raw)
        if not isinstance(raw, str):
            return self.report(key, f"must be {_expected(s)}, not a {_kind(raw)}")
        problem = control_character_problem(raw)
        if problem is not None:
            return self.report(key, problem)
        text = raw.strip()
        if s.kind == "text":
            # Plain text that may wrap (the web editor's summary is a text area): its
            # line breaks are spaces, as on a card, in the feed and in calendars.
            text = _LINE_BREAKS.sub(" ", text)
        elif _LINE_BREAK.search(text):
            return self.report(key, "must be a single line")
        return self._length(s, text, key)

    _text = _string

    def _length(self, s: FieldSpec, text: str, key: Key) -> Any:
        if s.min is not None and len(text) < s.min:
            return self.report(key, f"is too short ({len(text)} characters; at least {s.min})")
        if s.max is not None and len(text) > s.max:
            return self.report(key, f"is too long ({len(text)} characters; at most {s.max})")
        return text

    def _enum(self, s: FieldSpec, raw: Any, key: Key) -> Any:
        if raw in s.choices:
            return raw
        choices = ", ".join(s.choices)
        return self.report(key, f"'{raw}' is not one of {choices}{suggest(str(raw), s.choices)}")

    def _integer(self, s: FieldSpec, raw: Any, key: Key) -> Any:
        if isinstance(raw, str) and re.fullmatch(r"\s*[0-9]{1,12}\s*", raw):
            raw = int(raw)
        if not isinstance(raw, int):
            return self.report(key, f"must be a whole number, not '{raw}'")
        return self._range(s, raw, key)

    def _number(self, s: FieldSpec, raw: Any, key: Key) -> Any:
        if not isinstance(raw, (int, float)):
            return self.report(key, f"must be a number, not '{raw}'")
        if not math.isfinite(raw):
            return self.report(key, f"must be a number, not {raw} (YAML's .nan or .inf)")
        return self._range(s, raw, key)

    def _range(self, s: FieldSpec, number: float, key: Key) -> Any:
        if s.min is not None and number < s.min:
            return self.report(key, f"must be at least {s.min}, not {number}")
        high = s.max if s.max is not None else MAX_NUMBER
        if number > high:
            return self.report(key, f"must be at most {high}, not {number}")
        return number

    def _duration(self, s: FieldSpec, raw: Any, key: Key) -> Any:
        minutes = parse_duration(raw)
        if minutes is None:
            return self.report(key, f"'{raw}' is not a duration; write minutes (90) or 1h30m")
        return self._range(s, minutes, key)

    def _url(self, s: FieldSpec, raw: Any, key: Key) -> Any:
        if isinstance(raw, str) and (problem := control_character_problem(raw)):
            return self.report(key, problem)
        if isinstance(raw, str) and _URL_RE.match(raw.strip()):
            return raw.strip()
        return self.report(key, f"'{raw}' is not a web address; start it with https://")

    def _contact(self, s: FieldSpec, raw: Any, key: Key) -> Any:
        if isinstance(raw, str) and (problem := control_character_problem(raw)):
            return self.report(key, problem)
        if isinstance(raw, str) and _CONTACT_RE.match(raw.strip()):
            return raw.strip()
        return self.report(key, f"'{raw}' is neither a web address nor mailto:name@example.com")

    def _datetime(self, s: FieldSpec, raw: Any, key: Key) -> Any:
        moment = self._moment(raw, key)
        if moment is not INVALID and (problem := year_problem(moment)):
            return self.report(key, problem)
        return moment

    def _moment(self, raw: Any, key: Key) -> Any:
        if isinstance(raw, datetime):
            return raw
        if isinstance(raw, date):
            return self.report(
                key, f"needs a time as well as the date, e.g. {raw.isoformat()}T09:00"
            )
        if isinstance(raw, str):
            text = raw.strip()
            if not _TIME_RE.search(text) and _is_date(text):
                # fromisoformat would read a bare date as midnight: a time must be written.
                return self.report(key, f"needs a time as well as the date, e.g. {text}T09:00")
            try:
                return datetime.fromisoformat(text)
            except ValueError:
                pass
        return self.report(key, f"'{raw}' is not a date and time; write e.g. 2027-03-04T09:00")

    def _date(self, s: FieldSpec, raw: Any, key: Key) -> Any:
        day: date | None = None
        if isinstance(raw, datetime):
            day = raw.date()
        elif isinstance(raw, date):
            day = raw
        elif isinstance(raw, str):
            with contextlib.suppress(ValueError):
                day = date.fromisoformat(raw.strip())
        if day is None:
            return self.report(key, f"'{raw}' is not a date; write e.g. 2027-03-04")
        if problem := year_problem(day):
            return self.report(key, problem)
        return day

    def _timezone(self, s: FieldSpec, raw: Any, key: Key) -> Any:
        if isinstance(raw, str) and raw in _timezones():
            return raw
        return self.report(
            key,
            f"'{raw}' is not an IANA time zone such as Europe/Stockholm"
            f"{suggest(str(raw), _timezones())}",
        )

    def _rrule(self, s: FieldSpec, raw: Any, key: Key) -> Any:
        if not isinstance(raw, str):
            return self.report(key, "must be a rule like FREQ=MONTHLY;BYDAY=1FR;COUNT=6")
        rule = raw.strip().removeprefix("RRULE:")
        problem = rrule_problem(rule)
        if problem is None:
            try:
                # Whether UNTIL fits the start is checked later, with the real start.
                rrulestr(rule, ignoretz=True)
            except (ValueError, TypeError) as exc:
                problem = str(exc)
        if problem is not None:
            return self.report(key, f"'{raw}' is not a usable RRULE: {problem}")
        return rule

    def _language(self, s: FieldSpec, raw: Any, key: Key) -> Any:
        if raw in self.settings.languages:
            return raw
        known = ", ".join(self.settings.languages)
        return self.report(
            key,
            f"'{raw}' is not one of the site's languages ({known})"
            f"{suggest(str(raw), self.settings.languages)}",
        )

    def _currency(self, s: FieldSpec, raw: Any, key: Key) -> Any:
        if isinstance(raw, str) and _CURRENCY_RE.match(raw) and raw in CURRENCIES:
            return raw
        hint = " (write it in capitals)" if str(raw).upper() in CURRENCIES else ""
        return self.report(
            key, f"'{raw}' is not an ISO 4217 currency code such as SEK or EUR{hint}"
        )

    def _edition(self, s: FieldSpec, raw: Any, key: Key) -> Any:
        text = str(raw).strip()
        if _EDITION_RE.match(text):
            year = int(text[:4])
            if not YEARS[0] <= year <= YEARS[1]:
                return self.report(
                    key, f"the year {text[:4]} is not between {YEARS[0]} and {YEARS[1]}"
                )
            return text
        return self.report(key, f"'{raw}' is not an edition; write e.g. 2026 or 2026-autumn")

    def _image(self, s: FieldSpec, raw: Any, key: Key) -> Any:
        if not isinstance(raw, str) or raw.startswith(("/", "http:", "https:")):
            return self.report(key, "must be a path relative to this file, e.g. images/card.png")
        if problem := control_character_problem(raw):
            return self.report(key, problem)
        return raw

    def _ref(self, s: FieldSpec, raw: Any, key: Key) -> Any:
        if not isinstance(raw, str):
            return self.report(key, f"must be {_expected(s)}, not a {_kind(raw)}")
        assert s.ref is not None
        self.references.append(Reference(s.ref, raw.strip(), self.doc.path, key, self.doc.source))
        return raw.strip()

    def _list(self, s: FieldSpec, raw: Any, key: Key) -> Any:
        if not isinstance(raw, list):
            example = f"[{raw}]" if isinstance(raw, str) else "[...]"
            return self.report(key, f"must be a list, e.g. {key[-1]}: {example}")
        assert s.of is not None
        if s.min is not None and len(raw) < s.min:
            return self.report(key, f"needs at least {s.min} entries, has {len(raw)}")
        if s.max is not None and len(raw) > s.max:
            return self.report(key, f"has {len(raw)} entries; at most {s.max}")
        values = [self.value(s.of, element, (*key, i)) for i, element in enumerate(raw)]
        if INVALID in values:
            return INVALID
        if s.unique:
            seen: set[Any] = set()
            for i, v in enumerate(values):
                if v in seen:
                    return self.report((*key, i), f"'{v}' is listed twice")
                seen.add(v)
        return tuple(values)

    def _object(self, s: FieldSpec, raw: Any, key: Key) -> Any:
        assert s.model is not None
        if not isinstance(raw, dict):
            return self.report(key, f"must be a set of fields ({_fields_of(s.model)})")
        type_name = s.model.__name__.lower()
        values = self.fields(s.model, type_name, raw, key)
        if values is None:
            return INVALID
        if hasattr(s.model, "line"):
            values["line"] = self.doc.line(key)
        return _Partial(s.model, values)


@dataclass(frozen=True)
class _Partial:
    """An object whose values are checked; built once cross-field rules have run."""

    model: type
    values: dict[str, Any]


def _expected(s: FieldSpec) -> str:
    return {
        "ref": f"a {s.ref} id",
        "string": "text",
        "text": "text",
        "enum": "one of " + ", ".join(s.choices),
    }.get(s.kind, s.kind)


def _kind(value: Any) -> str:
    names: dict[type, str] = {dict: "set of fields", list: "list"}
    return names.get(type(value), type(value).__name__)


def _fields_of(model: type) -> str:
    return ", ".join(s.name for s in specs(model))


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def unresolved(target: str, ref_id: str, known: Any, prefix: str) -> str:
    """Why `ref_id` does not resolve among the `known` ids of a `target` (competency,
    person, item, track), naming where they are kept and the nearest id."""
    where = {
        "competency": "framework/competencies.yml",
        "person": "people/",
        "item": "",
        "track": "framework/careers.yml",
    }
    return f"'{ref_id}' is not in {prefix}{where[target]}{suggest(ref_id, known)}"


def image_exists(doc_file: str, image: str) -> bool:
    return (Path(doc_file).parent / image).is_file()


def localize(moment: datetime, zone: str) -> datetime:
    """A naive time is in `zone`; an aware one is converted to it."""
    tz = ZoneInfo(zone)
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)
