"""Read the emulator's bodies with Microsoft's own Python SDK models, as a client would.

The OpenAPI subsets next to this module are a 2022 cut of Graph's schema; the SDK
packages (``msgraph-sdk`` for v1.0, ``msgraph-beta-sdk`` for beta) are generated from
today's. A body passes when the SDK's model for it, chosen by ``@odata.type``, then
``@odata.context``, then the route:

* finds a home for every property: nothing lands in ``additional_data`` (where the SDK
  puts what its schema lacks) except OData annotations;
* keeps every value: written back out by the SDK's serialiser, each non-null value reads
  the same (a value of the wrong type, or an enum member the schema lacks, comes back
  missing).

The same body sent twice is read once: a suite sends the same calendars many times.
"""

from __future__ import annotations

import importlib
import json
import re
from dataclasses import dataclass, fields
from datetime import date, datetime, time
from enum import Enum
from functools import cache, lru_cache
from importlib.metadata import version as package_version
from typing import Any

from kiota_abstractions.date_utils import (
    datetime_from_iso_format_compat,
    time_from_iso_format_compat,
)
from kiota_abstractions.serialization import Parsable
from kiota_serialization_json.json_parse_node import JsonParseNode
from kiota_serialization_json.json_serialization_writer import JsonSerializationWriter

from app.graph.emulator.recording import SentBody
from tests.contract.departures import as_documented

_PACKAGES = {"v1.0": ("msgraph", "msgraph-sdk"), "beta": ("msgraph_beta", "msgraph-beta-sdk")}
# Navigation names (the last segment of an @odata.context, or of a route) to the SDK's
# model module and class.
_MODELS = {
    "users": ("user", "User"),
    "groups": ("group", "Group"),
    "calendars": ("calendar", "Calendar"),
    "calendar": ("calendar", "Calendar"),
    "calendarpermissions": ("calendar_permission", "CalendarPermission"),
    "events": ("event", "Event"),
    "calendarview": ("event", "Event"),
    "messages": ("message", "Message"),
    "mailboxsettings": ("mailbox_settings", "MailboxSettings"),
}
_ENUMS = {"microsoft.graph.calendarroletype": ("calendar_role_type", "CalendarRoleType")}
# Actions answering a collection of complex values (``Collection(microsoft.graph.X)``).
_COMPLEX = {"microsoft.graph.scheduleinformation": ("schedule_information",
                                                    "ScheduleInformation")}
_PAGE_KEYS = frozenset({"value", "@odata.context", "@odata.nextLink", "@odata.deltaLink",
                        "@odata.count"})
_CONTEXT = re.compile(r"\$metadata#(?P<path>.*)$")
_KEY = re.compile(r"\(.*?\)")
_COLLECTION_OF = re.compile(r"^Collection\((?P<type>[\w.]+)\)$")


@dataclass(frozen=True)
class Finding:
    """One thing the SDK could not take as the emulator sent it."""

    answer: str
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.answer}: {self.where or 'the body'}: {self.what}"


def sdk_versions() -> str:
    return ", ".join(f"{dist} {package_version(dist)}" for _, dist in _PACKAGES.values())


@dataclass(frozen=True)
class Heard:
    """A body as the emulator sent it, kept as its text: the tenant's objects live on."""

    answer: str
    version: str
    path: str
    text: str

    @classmethod
    def of(cls, sent: SentBody) -> Heard:
        # A quirk that breaks the contract (an enum member added later) is expected as
        # the contract check expects it: the SDK reads the rest (departures.py).
        body = as_documented(sent.departs, sent.body)
        return cls(str(sent), sent.version, sent.path, json.dumps(body))


def check(heard: Heard) -> tuple[Finding, ...]:
    """What the SDK's models drop or lack in one body (none: it reads whole)."""
    return _check(heard)


@lru_cache(maxsize=1024)
def _check(heard: Heard) -> tuple[Finding, ...]:
    version, path, answer = heard.version, heard.path, heard.answer
    body = json.loads(heard.text)
    problems: list[tuple[str, str]] = []
    if "error" in body:
        _check_object(version, ("o_data_errors.o_data_error", "ODataError"), body, "",
                      problems)
        return _findings(answer, problems)
    context = _context_path(body.get("@odata.context"))
    enum = _COLLECTION_OF.match(context or "")
    complex_type = _COMPLEX.get(enum.group("type").lower()) if enum else None
    if complex_type is not None:
        for index, item in enumerate(body.get("value") or []):
            _check_object(version, complex_type, item, f"value[{index}]", problems)
        return _findings(answer, problems)
    if enum:
        _check_enum_collection(version, enum.group("type"), body, problems)
        return _findings(answer, problems)
    model = _model_for(context, path)
    if model is None:
        problems.append(("", f"no SDK model known for @odata.context {context!r} or this route"))
    elif _is_page(body):
        problems.extend((key, "a collection page has no such property")
                        for key in body if key not in _PAGE_KEYS)
        for index, item in enumerate(body["value"]):
            _check_object(version, model, item, f"value[{index}]", problems)
    else:
        _check_object(version, model, body, "", problems)
    return _findings(answer, problems)


def _findings(answer: str, problems: list[tuple[str, str]]) -> tuple[Finding, ...]:
    return tuple(Finding(answer, where, what) for where, what in problems)


def _context_path(context: Any) -> str | None:
    if not isinstance(context, str):
        return None
    match = _CONTEXT.search(context)
    return match.group("path") if match else None


def _model_for(context: str | None, path: str) -> tuple[str, str] | None:
    """The SDK model a body is, by its context's last navigation, else by its route."""
    for where in (context, path):
        if not where:
            continue
        names = [_KEY.sub("", part).lower() for part in where.split("/")
                 if part and part != "$entity"]
        names = [n.removeprefix("microsoft.graph.") for n in names]
        for name in reversed(names):
            if name in _MODELS:
                return _MODELS[name]
    return None


def _is_page(body: dict[str, Any]) -> bool:
    return isinstance(body.get("value"), list) and all(
        key in _PAGE_KEYS or key.startswith("@") for key in body)


@cache
def _model_class(version: str, module: str, name: str) -> type:
    package = _PACKAGES[version][0]
    _quicker_entity_fields(package)
    return getattr(importlib.import_module(f"{package}.generated.models.{module}"), name)


@cache
def _quicker_entity_fields(package: str) -> None:
    """Spare every object the SDK's 15 ms of ``import`` statements it never needs.

    ``Entity.get_field_deserializers``, which every Graph object calls through
    ``super()``, repeats an import of each of the SDK's thousands of entity types before
    it names its two fields; reading a page of events took a second. The same two
    fields, read the same way, without the imports: and only while Entity still writes
    exactly those two (its serialiser and deserialisers are generated together), so a
    later SDK that adds one is read by its own code.
    """
    entity = importlib.import_module(f"{package}.generated.models.entity").Entity
    writer = JsonSerializationWriter()
    entity(id="id", odata_type="type").serialize(writer)
    if set(writer.writer) != {"id", "@odata.type"}:
        return

    def get_field_deserializers(self: Any) -> dict[str, Any]:
        return {
            "id": lambda n: setattr(self, "id", n.get_str_value()),
            "@odata.type": lambda n: setattr(self, "odata_type", n.get_str_value()),
        }

    entity.get_field_deserializers = get_field_deserializers


def _check_enum_collection(version: str, type_name: str, body: dict[str, Any],
                           problems: list[tuple[str, str]]) -> None:
    module = _ENUMS.get(type_name.lower())
    if module is None:
        problems.append(("", f"no SDK enum known for Collection({type_name})"))
        return
    members = {m.value for m in _model_class(version, *module)}
    for index, value in enumerate(body.get("value") or []):
        if value not in members:
            problems.append((f"value[{index}]", f"{value!r} is not a member of {module[1]}"))


# What the SDK has read whole before, so that an item of the same shape is read once:
# per (version, model, @odata.type), the paths where the SDK keeps any string as it came
# (free text: names, ids, addresses), and those where it reads a date or a time.
_FREE_TEXT: dict[tuple[str, str, str], set[tuple[str, ...]]] = {}
_INSTANTS: dict[tuple[str, str, str], dict[tuple[str, ...], Any]] = {}
_READ_WHOLE: set[tuple[str, str, str]] = set()
_INSTANT_PARSERS = ((datetime, datetime_from_iso_format_compat),
                    (time, time_from_iso_format_compat), (date, date.fromisoformat))


def _check_object(version: str, model: tuple[str, str], item: Any, where: str,
                  problems: list[tuple[str, str]]) -> None:
    if not isinstance(item, dict):
        problems.append((where, f"expected an object for {model[1]}, got {type(item).__name__}"))
        return
    kind = (version, model[1], str(item.get("@odata.type", "")))
    shape = json.dumps(_shape(item, (), _FREE_TEXT.get(kind, set()), _INSTANTS.get(kind, {})))
    if (*kind, shape) in _READ_WHOLE:
        return  # the same as one read whole before, but for free text and valid times
    factory = _model_class(version, *model)
    try:
        parsed = JsonParseNode(item).get_object_value(factory)
    except (ValueError, TypeError) as exc:
        problems.append((where, f"the SDK cannot read it as {model[1]}: {exc}"))
        return
    found = len(problems)
    _unknown_properties(parsed, item, where, (), kind, problems)
    writer = JsonSerializationWriter()
    writer.write_object_value(None, parsed)
    written = json.loads(writer.get_serialized_content() or b"{}")
    _lost_values(item, written, where, problems, type(parsed).__name__)
    if len(problems) == found:
        _READ_WHOLE.add((*kind, shape))


def _shape(value: Any, path: tuple[str, ...], free_text: set[tuple[str, ...]],
           instants: dict[tuple[str, ...], Any]) -> Any:
    """The item with what the SDK takes whatever it is blanked out: its shape."""
    if isinstance(value, dict):
        return {k: _shape(v, (*path, k), free_text, instants) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(v, path, free_text, instants) for v in value]
    if type(value) is str:
        if path in free_text:
            return ""
        parse = instants.get(path)
        if parse is not None:
            try:
                parse(value)
            except ValueError:
                return value
            return "<instant>"
    return value


def _unknown_properties(parsed: Any, sent: dict[str, Any], where: str,
                        path: tuple[str, ...], kind: tuple[str, str, str],
                        problems: list[tuple[str, str]]) -> None:
    """Properties the SDK's schema lacks land in ``additional_data``; annotations may.

    Walks the body sent and the SDK's object side by side, and learns on the way
    where the SDK keeps any string (free text) and where it reads a time.
    """
    extra = getattr(parsed, "additional_data", None) or {}
    attributes = _attributes(type(parsed))
    for key, value in sent.items():
        if key in extra:
            if not _is_annotation(key):
                problems.append((_join(where, key),
                                 f"{type(parsed).__name__} in the SDK has no property {key!r}"))
            continue
        if key.startswith("@") or value is None:
            continue
        held = getattr(parsed, attributes.get(_plain(key), ""), None)
        if type(value) is str:
            _learn(kind, (*path, key), value, held)
        elif isinstance(value, dict) and isinstance(held, Parsable):
            _unknown_properties(held, value, _join(where, key), (*path, key), kind, problems)
        elif isinstance(value, list) and isinstance(held, list) and len(held) == len(value):
            for index, (one, other) in enumerate(zip(value, held, strict=True)):
                if isinstance(one, dict) and isinstance(other, Parsable):
                    _unknown_properties(other, one, f"{_join(where, key)}[{index}]",
                                        (*path, key), kind, problems)
                elif type(one) is str:
                    _learn(kind, (*path, key), one, other)


def _learn(kind: tuple[str, str, str], path: tuple[str, ...], sent: str, held: Any) -> None:
    if type(held) is str and held == sent:
        _FREE_TEXT.setdefault(kind, set()).add(path)
        return
    for instant, parse in _INSTANT_PARSERS:
        if type(held) is instant:
            _INSTANTS.setdefault(kind, {})[path] = parse
            return


@cache
def _attributes(model: type) -> dict[str, str]:
    """A model's attribute names by their JSON names, as _plain spells both."""
    if not hasattr(model, "__dataclass_fields__"):
        return {}
    return {_plain(f.name): f.name for f in fields(model)}


def _plain(name: str) -> str:
    """``iCalUId`` and ``i_cal_u_id``, ``from`` and ``from_``, alike."""
    return name.lower().replace("_", "").replace("@", "").replace(".", "")


def _lost_values(sent: Any, written: Any, where: str, problems: list[tuple[str, str]],
                 model: str) -> None:
    """Each non-null value sent must come back from the SDK's serialiser, and the same."""
    if sent is None:
        return
    if written is None:
        problems.append((where, f"{_shown(sent)} is dropped by the SDK's {model}"))
        return
    if isinstance(sent, dict) and isinstance(written, dict):
        for key, value in sent.items():
            _lost_values(value, written.get(key), _join(where, key), problems, model)
    elif isinstance(sent, list) and isinstance(written, list) and len(sent) == len(written):
        for index, (one, other) in enumerate(zip(sent, written, strict=True)):
            _lost_values(one, other, f"{where}[{index}]", problems, model)
    elif not _same_value(sent, written):
        problems.append((where, f"{_shown(sent)} comes back from the SDK's {model} as "
                                f"{_shown(written)}"))


def _same_value(sent: Any, written: Any) -> bool:
    if sent == written and type(sent) is type(written):
        return True
    if isinstance(sent, (int, float)) and isinstance(written, (int, float)) \
            and not isinstance(sent, bool) and not isinstance(written, bool):
        return float(sent) == float(written)
    if isinstance(sent, str) and isinstance(written, str):
        return _as_instant(sent) is not None and _as_instant(sent) == _as_instant(written)
    return False


def _as_instant(text: str) -> datetime | time | None:
    """A date-time or a time of day, however many digits its fraction has."""
    for parse in (datetime_from_iso_format_compat, time_from_iso_format_compat):
        try:
            return parse(text)
        except ValueError:
            continue
    return None


def _is_annotation(key: str) -> bool:
    return key.startswith("@") or "@odata." in key


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _shown(value: Any) -> str:
    if isinstance(value, Enum):
        value = value.value
    text = json.dumps(value)
    return text if len(text) <= 60 else text[:57] + "..."
