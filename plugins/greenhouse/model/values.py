"""Checking front-matter values against their specs and turning them into typed values."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

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
    close = difflib.get_close_matches(str(wrong).lower(), [str(k) for k in known], n=1, cutoff=0.7)
    return f" (did you mean '{close[0]}'?)" if close else ""


def parse_duration(value: Any) -> int | None:
    """Minutes from ``90``, ``"90m"``, ``"1h30m"``, ``"2h"`` or ``"45 min"``; else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
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
}
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
    return None


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
        for name in data:
            if name not in field_specs and name not in allowed_extra:
                ok = False
                self._unknown(key, str(name), type_name, field_specs, model)
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
        text = raw.strip()
        if s.kind == "string" and "\n" in text:
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
        if isinstance(raw, str) and re.fullmatch(r"\s*[0-9]+\s*", raw):
            raw = int(raw)
        if not isinstance(raw, int):
            return self.report(key, f"must be a whole number, not '{raw}'")
        return self._range(s, raw, key)

    def _number(self, s: FieldSpec, raw: Any, key: Key) -> Any:
        if not isinstance(raw, (int, float)):
            return self.report(key, f"must be a number, not '{raw}'")
        return self._range(s, raw, key)

    def _range(self, s: FieldSpec, number: float, key: Key) -> Any:
        if s.min is not None and number < s.min:
            return self.report(key, f"must be at least {s.min}, not {number}")
        if s.max is not None and number > s.max:
            return self.report(key, f"must be at most {s.max}, not {number}")
        return number

    def _duration(self, s: FieldSpec, raw: Any, key: Key) -> Any:
        minutes = parse_duration(raw)
        if minutes is None:
            return self.report(key, f"'{raw}' is not a duration; write minutes (90) or 1h30m")
        return self._range(s, minutes, key)

    def _url(self, s: FieldSpec, raw: Any, key: Key) -> Any:
        if isinstance(raw, str) and _URL_RE.match(raw.strip()):
            return raw.strip()
        return self.report(key, f"'{raw}' is not a web address; start it with https://")

    def _contact(self, s: FieldSpec, raw: Any, key: Key) -> Any:
        if isinstance(raw, str) and _CONTACT_RE.match(raw.strip()):
            return raw.strip()
        return self.report(key, f"'{raw}' is neither a web address nor mailto:name@example.com")

    def _datetime(self, s: FieldSpec, raw: Any, key: Key) -> Any:
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
        if isinstance(raw, datetime):
            return raw.date()
        if isinstance(raw, date):
            return raw
        if isinstance(raw, str):
            try:
                return date.fromisoformat(raw.strip())
            except ValueError:
                pass
        return self.report(key, f"'{raw}' is not a date; write e.g. 2027-03-04")

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
            return text
        return self.report(key, f"'{raw}' is not an edition; write e.g. 2026 or 2026-autumn")

    def _image(self, s: FieldSpec, raw: Any, key: Key) -> Any:
        if not isinstance(raw, str) or raw.startswith(("/", "http:", "https:")):
            return self.report(key, "must be a path relative to this file, e.g. images/card.png")
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
