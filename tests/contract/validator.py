"""Check emulator responses against the vendored Microsoft Graph OpenAPI subsets.

The emulator is only useful if what it answers is what Graph answers, so every response
the tests see can be passed through :func:`validate_response` (and every ``$batch``
through :func:`validate_batch`). The contract is the pair of OpenAPI 3.0 files next to
this module; ``README.md`` in this folder says where they came from and where the
generated 2022 document differs from the real service.

The generated schemas cannot be fed to a JSON Schema validator as they are:

* every object carries ``additionalProperties: {type: object}``. Combined with ``allOf``
  that rejects real bodies (``entity`` does not declare ``name``, so a calendar's string
  ``name`` is an "additional property" that is not an object), and on its own it lets any
  misspelt property through as long as its value is an object;
* OpenAPI 3.0 ``nullable`` is not JSON Schema;
* single-valued ``$ref`` properties say nothing about null, although CSDL properties are
  nullable by default and Graph does send ``"recurrence": null``; newer generators wrap
  them as ``anyOf: [{$ref}, {type: object, nullable: true}]``, which taken literally
  would accept *any* object;
* derived types (``eventMessage`` under ``/messages``) are chosen by ``@odata.type``,
  which the 2022 document does not model at all.

So the component schemas are rewritten once per API version into strict JSON Schema
2020-12: ``$ref`` resolved, ``allOf`` flattened, unknown properties rejected (OData
annotations excepted), nullability made explicit and ``@odata.type`` dispatched to the
derived schema. Nothing is marked ``required`` on Graph types, because ``$select``
legitimately drops properties.

References are resolved to *shared* dict objects, so recursive types (event -> calendar
-> events -> event) become cyclic Python structures rather than infinite copies.
jsonschema only walks them as deep as the instance goes, and there is no ``$ref`` lookup
while validating. Nullability is put in ``type`` rather than in a wrapper and the
``@odata.type`` switch is one dict lookup (a vendor keyword), so validation costs about
one jsonschema step per JSON value: a full event takes about 0.3 ms.

Everything is loaded lazily on first use and cached for the life of the process.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml
from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError, best_match
from jsonschema.protocols import Validator

__all__ = ["ContractViolation", "known_properties", "validate_batch", "validate_response"]

_HERE = Path(__file__).resolve().parent
_SPEC_FILES = {
    "v1.0": "openapi-v1.0-calendar-subset.yaml",
    "beta": "openapi-beta-calendar-subset.yaml",
}
# Derived types missing from a version are taken from this one (README: the eventMessage
# family was added to v1.0 only, from the current CSDL).
_FALLBACK_VERSION = "v1.0"

# Properties the service sends that a vendored document lacks, per version and type, as
# raw OpenAPI schemas. Kept to the minimum, each with its evidence: the documents stay
# the contract, this only patches what they demonstrably get wrong.
_CONTRACT_GAPS: dict[str, dict[str, dict[str, Any]]] = {
    "beta": {
        # The 2022 beta document (not refreshed, README) has `uid` but no `iCalUId`; the
        # beta event resource page lists both, and v1.0 has had iCalUId all along.
        "microsoft.graph.event": {"iCalUId": {"type": "string", "nullable": True}},
        # The eventMessage family comes from v1.0 here (above), whose meetingMessageType
        # keeps the first spelling "meetingTenativelyAccepted"; beta's own schema spells
        # it right (msgraph-beta-sdk, generated from the current beta CSDL).
        "microsoft.graph.eventMessage": {"meetingMessageType": {
            "type": "string", "nullable": True,
            "enum": ["none", "meetingRequest", "meetingCancelled", "meetingAccepted",
                     "meetingTentativelyAccepted", "meetingDeclined"]}},
    },
}

_NS = "microsoft.graph."
_COMPONENT_REF = "#/components/schemas/"
_JSON_CONTENT = "application/json"


# --------------------------------------------------------------------------------------
# The exception
# --------------------------------------------------------------------------------------


class ContractViolation(AssertionError):  # noqa: N818 - the name is the public API
    """A response that the contract says Graph would never send.

    An AssertionError so that pytest reports it as a failed check, with its message.

    Attributes:
        version: "v1.0" or "beta".
        method: the HTTP method, upper case.
        template: the matched path template, e.g. ``/me/calendars/{calendar-id}``.
        status: the HTTP status that was checked.
        pointer: JSON pointer (RFC 6901) of the failing element; "" is the whole body.
        detail: the validator's message, without the context above.
    """

    def __init__(
        self,
        detail: str,
        *,
        version: str,
        method: str,
        template: str,
        status: int,
        pointer: str = "",
    ) -> None:
        self.version = version
        self.method = method
        self.template = template
        self.status = status
        self.pointer = pointer
        self.detail = detail
        where = f'at "{pointer}"' if pointer else "at the body root"
        super().__init__(f"{version} {method} {template} -> {status}: {where}: {detail}")


# --------------------------------------------------------------------------------------
# Schema conversion: OpenAPI 3.0 components -> strict, $ref-free JSON Schema 2020-12
# --------------------------------------------------------------------------------------

# Any key that is an OData annotation: "@odata.etag" on the object itself, or
# "name@odata.type" on one of its properties. A single regex for both, because jsonschema
# runs every patternProperties regex against every key of every object.
_ANNOTATION_KEY = r"^[^@]*@odata\."

# The control annotations Graph sends, with the JSON type OData gives them. Any other
# "@odata.*" key is let through by _ANNOTATION_KEY without a type check.
_ANNOTATION_PROPERTIES: dict[str, Any] = {
    "@odata.context": {"type": "string"},
    "@odata.etag": {"type": "string"},
    "@odata.id": {"type": "string"},
    "@odata.editLink": {"type": "string"},
    "@odata.readLink": {"type": "string"},
    "@odata.nextLink": {"type": "string"},
    "@odata.deltaLink": {"type": "string"},
    "@odata.count": {"type": "integer", "minimum": 0},
}

# Edm.Date and Edm.TimeOfDay as OData JSON writes them; the generator leaves these as
# bare `format`s, which jsonschema ignores (date-time properties already carry a pattern).
_FORMAT_PATTERNS = {
    "date": r"^-?[0-9]{4,}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$",
    "time": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,12})?)?$",
}

# Keywords copied as they are; everything else (description, title, x-*, example, format,
# readOnly, ...) is documentation for humans or generators, not a constraint we check.
_PLAIN_KEYWORDS = (
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "const",
)


def _odata_type(name: str) -> str:
    """The ``@odata.type`` value Graph writes for a type: '#microsoft.graph.event'."""
    return "#" + name


def _ref_name(node: Mapping[str, Any]) -> str:
    ref = node["$ref"]
    if not ref.startswith(_COMPONENT_REF):
        raise ValueError(f"unsupported $ref {ref!r} (only {_COMPONENT_REF}* is used)")
    return ref[len(_COMPONENT_REF) :]


def _is_null_placeholder(node: Any) -> bool:
    """True for the ``{type: object, nullable: true}`` member of a nullable-ref anyOf.

    Newer Graph generators write a nullable reference as
    ``anyOf: [{$ref: X}, {type: object, nullable: true}]``. The second member means
    "or null"; read literally it would accept any object and void the check.
    """
    return (
        isinstance(node, Mapping)
        and node.get("nullable") is True
        and "$ref" not in node
        and not node.get("properties")
        and not node.get("allOf")
        and node.get("type", "object") == "object"
    )


def _uses_nullable_anyof(node: Any) -> bool:
    """True if any schema below ``node`` is an anyOf/oneOf with a null placeholder."""
    if isinstance(node, Mapping):
        for key in ("anyOf", "oneOf"):
            if any(_is_null_placeholder(m) for m in node.get(key) or ()):
                return True
        return any(_uses_nullable_anyof(v) for v in node.values())
    if isinstance(node, list):
        return any(_uses_nullable_anyof(v) for v in node)
    return False


def _or_null(schema: Any) -> dict[str, Any]:
    """Allow null in addition to ``schema``.

    if/else rather than anyOf, so that a non-null value that fails is reported with the
    precise error from ``schema`` instead of "is not valid under any of the given schemas".
    """
    return {"if": {"type": "null"}, "else": schema}


# Vendor keyword: {"types": {"#microsoft.graph.X": schema}, "default": schema}. Picks the
# schema of the instance's @odata.type in one dict lookup; a chain of if/then/else would
# evaluate (and build an error for) every derived type the instance is not.
_DISPATCH = "x-odata-type-dispatch"


def _dispatch_keyword(
    validator: Any, spec: Mapping[str, Any], instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    target = spec["default"]
    if isinstance(instance, dict):
        odata_type = instance.get("@odata.type")
        if isinstance(odata_type, str):
            target = spec["types"].get(odata_type, target)
    yield from validator.descend(instance, target)


_GraphValidator = validators.extend(Draft202012Validator, {_DISPATCH: _dispatch_keyword})


def _strict_object(properties: dict[str, Any], title: str | None = None) -> dict[str, Any]:
    """A closed object schema: declared properties plus OData annotations, nothing else."""
    schema: dict[str, Any] = {}
    if title:
        # Ignored by the validator; shown in ContractViolation messages.
        schema["title"] = title
    schema["type"] = "object"
    schema["properties"] = {**_ANNOTATION_PROPERTIES, **properties}
    schema["patternProperties"] = {_ANNOTATION_KEY: True}
    schema["additionalProperties"] = False
    return schema


class _SchemaCompiler:
    """Converts the component schemas of one API version, each exactly once.

    Every named type has up to three shared schemas: ``concrete`` (exactly this type),
    ``reference`` (what a ``$ref`` means: the type or, by ``@odata.type``, one of its
    subtypes) and the nullable variant of ``reference`` used for single-valued properties.

    Attributes:
        components: raw OpenAPI component schemas by name ("microsoft.graph.event").
        bare_refs_nullable: whether a bare ``$ref`` property may be null (see __init__).
    """

    def __init__(
        self,
        components: Mapping[str, Any],
        gaps: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        self.components = components
        self._gaps = gaps or {}
        self._concrete: dict[str, dict[str, Any]] = {}
        self._reference: dict[str, dict[str, Any]] = {}
        self._nullable: dict[str, dict[str, Any]] = {}
        self._flat: dict[str, dict[str, Any]] = {}
        self._built = False
        self._subtypes = self._find_subtypes()
        # The 2022 generator writes every single-valued reference as a bare $ref and says
        # nothing about null; newer ones mark nullable ones with an anyOf wrapper, and then
        # a bare $ref really means "never null".
        self.bare_refs_nullable = not _uses_nullable_anyof(components)

    # -- type hierarchy ----------------------------------------------------------------

    def _base_of(self, name: str) -> str | None:
        for member in self.components[name].get("allOf", ()):
            if "$ref" in member:
                return _ref_name(member)
        return None

    def _find_subtypes(self) -> dict[str, list[str]]:
        """Every type's transitive subtypes, from the allOf chains (sorted, stable)."""
        subtypes: dict[str, list[str]] = {}
        for name in sorted(self.components):
            base = self._base_of(name)
            while base is not None:
                subtypes.setdefault(base, []).append(name)
                base = self._base_of(base)
        return subtypes

    def subtypes(self, name: str) -> list[str]:
        return self._subtypes.get(name, [])

    # -- flattening --------------------------------------------------------------------

    def flat_properties(self, name: str) -> dict[str, Any]:
        """Raw property schemas of a component with its allOf bases merged in, base first."""
        if name not in self._flat:
            flat = self._flatten(self.components[name])
            flat.update(self._gaps.get(name, {}))
            self._flat[name] = flat
        return self._flat[name]

    def _flatten(self, node: Mapping[str, Any]) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        for member in node.get("allOf", ()):
            if "$ref" in member:
                properties.update(self.flat_properties(_ref_name(member)))
            else:
                properties.update(self._flatten(member))
        properties.update(node.get("properties") or {})
        return properties

    # -- named types -------------------------------------------------------------------

    def build(self) -> None:
        """Convert every component, then fill in the nullable variants.

        Eagerly, because a nullable variant is a copy of the finished schema and the
        recursive types are only finished once every type they reach is.
        """
        for name in self.components:
            self.reference(name)
            self.nullable_reference(name)
        for name, variant in self._nullable.items():
            variant.update(self._make_nullable(name))
        self._built = True

    def reference(self, name: str) -> dict[str, Any]:
        """The schema a ``$ref`` to ``name`` stands for, derived types included."""
        if name not in self._reference:
            self._reference[name] = self._with_dispatch(name, self.concrete(name))
        return self._reference[name]

    def nullable_reference(self, name: str) -> dict[str, Any]:
        """Like :meth:`reference`, null allowed. Empty until :meth:`build` fills it."""
        if name not in self._nullable:
            self._nullable[name] = {}
            if self._built:
                self._nullable[name].update(self._make_nullable(name))
        return self._nullable[name]

    def _with_dispatch(self, name: str, base: dict[str, Any]) -> dict[str, Any]:
        """``base``, or for a type with subtypes a switch on ``@odata.type`` around it."""
        if not self.subtypes(name):
            return base
        types = {_odata_type(sub): self.concrete(sub) for sub in self.subtypes(name)}
        return {_DISPATCH: {"types": types, "default": base}}

    def _make_nullable(self, name: str) -> dict[str, Any]:
        concrete = self.concrete(name)
        if isinstance(concrete.get("type"), str):
            # Null passes "type"; properties/additionalProperties/enum... ignore it or,
            # for enum, are told about it. No wrapper, so no extra validation step.
            variant = {**concrete, "type": [concrete["type"], "null"]}
            if "enum" in variant and None not in variant["enum"]:
                variant["enum"] = [*variant["enum"], None]
        else:
            variant = _or_null(concrete)
        return self._with_dispatch(name, variant)

    def concrete(self, name: str) -> dict[str, Any]:
        """The schema of exactly this type, ignoring any ``@odata.type`` dispatch."""
        if name in self._concrete:
            return self._concrete[name]
        raw = self.components[name]
        # Register the (still empty) dict first so that recursive references resolve to it.
        schema = self._concrete[name] = {}
        if "enum" in raw:
            schema.update(self.convert(raw))
            schema["title"] = name
        elif name.startswith(_NS) and ("properties" in raw or "allOf" in raw):
            properties = {
                prop: self.convert(sub, in_property=True)
                for prop, sub in self.flat_properties(name).items()
            }
            # The type itself or a derived type that dispatch did not pick (because it is
            # not in the subset): listing the allowed values makes the error readable.
            properties["@odata.type"] = {
                "type": "string",
                "enum": [_odata_type(n) for n in (name, *self.subtypes(name))],
            }
            schema.update(_strict_object(properties, title=name))
        else:
            # Not a Graph type (jsonBatch.*, odata.error*): keep it as declared.
            schema.update(self.convert(raw))
        return schema

    # -- anonymous schemas -------------------------------------------------------------

    def convert(self, node: Any, *, in_property: bool = False) -> Any:
        """Convert one OpenAPI schema node.

        ``in_property``: the node is the schema of a single-valued property, where a bare
        ``$ref`` is nullable in the 2022 document (CSDL's default, and what Graph sends:
        ``"recurrence": null``). Collection members are never null, so ``items`` are
        converted without it.
        """
        if isinstance(node, bool):
            return node
        if "$ref" in node:
            name = _ref_name(node)
            if in_property and self.bare_refs_nullable:
                return self.nullable_reference(name)
            return self.reference(name)
        for combinator in ("anyOf", "oneOf"):
            if combinator in node:
                return self._convert_combinator(node, combinator)
        if "allOf" in node:
            return _strict_object(
                {p: self.convert(s, in_property=True) for p, s in self._flatten(node).items()}
            )
        return self._convert_plain(node)

    def _convert_combinator(self, node: Mapping[str, Any], key: str) -> Any:
        members = node[key]
        real = [m for m in members if not _is_null_placeholder(m)]
        nullable = len(real) < len(members) or node.get("nullable") is True
        converted = [self.convert(m) for m in real]
        schema = converted[0] if len(converted) == 1 else {key: converted}
        return _or_null(schema) if nullable else schema

    def _convert_plain(self, node: Mapping[str, Any]) -> dict[str, Any]:
        nullable = node.get("nullable") is True
        out: dict[str, Any] = {}
        if "type" in node:
            out["type"] = [node["type"], "null"] if nullable else node["type"]
        if "enum" in node:
            values = list(node["enum"])
            if nullable and None not in values:
                values.append(None)
            out["enum"] = values
        for keyword in _PLAIN_KEYWORDS:
            if keyword in node:
                out[keyword] = node[keyword]
        if node.get("format") in _FORMAT_PATTERNS and "pattern" not in node:
            out["pattern"] = _FORMAT_PATTERNS[node["format"]]
        if "items" in node:
            out["items"] = self.convert(node["items"])
        properties = {
            p: self.convert(s, in_property=True) for p, s in (node.get("properties") or {}).items()
        }
        additional = node.get("additionalProperties")
        if additional == {"type": "object"}:
            # The generator's marker for "an open Graph type": close it (see module doc).
            out.pop("type", None)
            out.update(_strict_object(properties))
        else:
            if properties:
                out["properties"] = properties
            if additional is not None:
                out["additionalProperties"] = self.convert(additional)
        if "required" in node:
            out["required"] = list(node["required"])
        return out


# --------------------------------------------------------------------------------------
# The error body the service really sends (README: not the generated odata.error)
# --------------------------------------------------------------------------------------

_ERROR_SCHEMA: dict[str, Any] = {
    "title": "Graph error response",
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "innerError"],
            "properties": {
                "code": {"type": "string", "minLength": 1},
                "message": {"type": "string"},
                "innerError": {
                    "type": "object",
                    "required": ["date", "request-id"],
                    "properties": {
                        # "2024-05-01T09:30:00": ISO 8601, Graph writes no offset here.
                        "date": {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T"},
                        "request-id": {"type": "string", "minLength": 1},
                        "client-request-id": {"type": "string"},
                    },
                    "additionalProperties": False,
                },
                # Part of the OData JSON error format, and sent by some Graph workloads.
                "target": {"type": "string"},
                "details": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["code", "message"],
                        "properties": {
                            "code": {"type": "string"},
                            "message": {"type": "string"},
                            "target": {"type": "string"},
                        },
                        "additionalProperties": False,
                    },
                },
            },
            "additionalProperties": False,
        }
    },
    "additionalProperties": False,
}

# A removed item in a delta page: {"@odata.type"?, "id", "@removed": {"reason"}}.
_REMOVED_ITEM: dict[str, Any] = {
    "type": "object",
    "required": ["id", "@removed"],
    "properties": {
        "id": {"type": "string"},
        "@removed": {
            "type": "object",
            "required": ["reason"],
            "properties": {"reason": {"enum": ["changed", "deleted"]}},
            "additionalProperties": False,
        },
    },
    "patternProperties": {_ANNOTATION_KEY: True},
    "additionalProperties": False,
}


# --------------------------------------------------------------------------------------
# Path matching
# --------------------------------------------------------------------------------------


def _normalize_segment(segment: str) -> str:
    """Graph path segments are case-insensitive and bound operations may drop their
    namespace ("tentativelyAccept" = "microsoft.graph.tentativelyAccept"), and a function
    without parameters may drop its "()" ("delta" = "delta()")."""
    segment = segment.lower()
    if segment.startswith(_NS):
        segment = segment[len(_NS) :]
    if segment.endswith("()"):
        segment = segment[:-2]
    return segment


class _Node:
    """One level of the path-template trie."""

    __slots__ = ("literals", "param", "patterns", "template")

    def __init__(self) -> None:
        self.literals: dict[str, _Node] = {}
        self.patterns: list[tuple[re.Pattern[str], _Node]] = []
        self.param: _Node | None = None
        self.template: str | None = None


class _Router:
    """Finds the template of a concrete path; literal segments win over parameters."""

    def __init__(self, templates: Iterable[str]) -> None:
        self._root = _Node()
        for template in templates:
            self._add(template)

    def _add(self, template: str) -> None:
        node = self._root
        for segment in template.strip("/").split("/"):
            if segment.startswith("{") and segment.endswith("}") and segment.count("{") == 1:
                node.param = node.param or _Node()
                node = node.param
            elif "{" in segment:
                # A function with parameters: allowedCalendarSharingRoles(User='{User}').
                parts = re.split(r"\{[^}]*\}", _normalize_segment(segment))
                regex = re.compile("(.+)".join(re.escape(p) for p in parts))
                for existing, child in node.patterns:
                    if existing.pattern == regex.pattern:
                        node = child
                        break
                else:
                    child = _Node()
                    node.patterns.append((regex, child))
                    node = child
            else:
                node = node.literals.setdefault(_normalize_segment(segment), _Node())
        node.template = template

    def match(self, path: str) -> str | None:
        path = path.split("?", 1)[0].split("#", 1)[0].strip("/")
        if not path:
            return None
        # Split before unquoting: an id may contain an encoded "/" (%2F).
        segments = [unquote(s) for s in path.split("/")]
        return self._walk(self._root, segments, 0)

    def _walk(self, node: _Node, segments: list[str], index: int) -> str | None:
        if index == len(segments):
            return node.template
        raw = segments[index]
        key = _normalize_segment(raw)
        child = node.literals.get(key)
        if child is not None:
            found = self._walk(child, segments, index + 1)
            if found is not None:
                return found
        for regex, child in node.patterns:
            if regex.fullmatch(key):
                found = self._walk(child, segments, index + 1)
                if found is not None:
                    return found
        # An id never looks like a namespaced operation or type cast.
        if node.param is not None and raw and not raw.lower().startswith(_NS):
            return self._walk(node.param, segments, index + 1)
        return None


# --------------------------------------------------------------------------------------
# One API version: router, schemas and the compiled checks
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Check:
    """What one (template, method, status) may answer.

    Attributes:
        validator: checks a JSON body; None when no body is allowed.
        body_required: a missing body is a violation.
        problem: a violation whatever the body is (undeclared method, unsupported call).
    """

    validator: Validator | None
    body_required: bool
    problem: str | None = None


_ERROR_VALIDATOR = Draft202012Validator(_ERROR_SCHEMA)
_HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


def _error_check() -> _Check:
    return _Check(_ERROR_VALIDATOR, body_required=True)


def _is_unsupported(method: str, template: str) -> str | None:
    """Operations present in the document that the README says Graph does not offer."""
    if method == "post" and template.lower().endswith("/calendarview"):
        return "POST on calendarView is a generator artifact, not a Graph API (README)"
    return None


def _json_schema_of(response: Mapping[str, Any]) -> Any | None:
    content = response.get("content") or {}
    return (content.get(_JSON_CONTENT) or {}).get("schema")


class _Contract:
    """Everything needed to validate responses of one API version."""

    def __init__(self, version: str) -> None:
        document = _load_document(version)
        components = dict(document["components"]["schemas"])
        if version != _FALLBACK_VERSION:
            for name, raw in _load_document(_FALLBACK_VERSION)["components"]["schemas"].items():
                components.setdefault(name, raw)
        self.version = version
        self.compiler = _SchemaCompiler(components, _CONTRACT_GAPS.get(version))
        self.compiler.build()
        self.paths: dict[str, dict[str, Any]] = document["paths"]
        self.router = _Router(self.paths)
        self._checks: dict[tuple[str, str, int], _Check] = {}
        self._lock = threading.Lock()

    def check_for(self, template: str, method: str, status: int) -> _Check:
        key = (template, method, status)
        check = self._checks.get(key)
        if check is None:
            with self._lock:
                check = self._checks.get(key)
                if check is None:
                    check = self._checks[key] = self._build_check(template, method, status)
        return check

    def _build_check(self, template: str, method: str, status: int) -> _Check:
        operations = self.paths[template]
        operation = operations.get(method)
        success = 200 <= status < 300
        if status >= 400:
            # Whatever the document declares, errors come in the service's shape (README).
            return _error_check()
        if operation is None:
            if success:
                declared = ", ".join(m.upper() for m in operations if m in _HTTP_METHODS)
                problem = f"{method.upper()} is not declared here (only {declared})"
                return _Check(None, body_required=False, problem=problem)
            return _error_check()
        if success and (problem := _is_unsupported(method, template)):
            return _Check(None, body_required=False, problem=problem)
        responses: dict[str, Any] = operation.get("responses", {})
        response = responses.get(str(status))
        if response is None and success:
            # README: actions answer 202 where the document says 204, and create
            # calendarPermission 201/200; any declared success stands for the others.
            declared = sorted(code for code in responses if code.startswith("2"))
            response = responses[declared[0]] if declared else None
        if response is None:
            if "default" in responses:
                return _error_check()
            return _Check(None, body_required=False, problem=f"status {status} is not declared")
        if "$ref" in response:  # components/responses/error
            return _error_check()

        schema = _json_schema_of(response)
        if schema is None and method in ("patch", "put"):
            # Graph answers an update with 200 and the updated entity where the generator
            # wrote 204; that entity is what a GET of the same path returns.
            get_ok = (operations.get("get") or {}).get("responses", {}).get("200")
            get_schema = _json_schema_of(get_ok) if get_ok else None
            if get_schema is not None:
                return _Check(self._compile(get_schema, template), body_required=False)
        if schema is None:
            return _Check(None, body_required=False)
        return _Check(self._compile(schema, template), body_required=status not in (202, 204))

    def _compile(self, schema: Mapping[str, Any], template: str) -> Validator:
        return _GraphValidator(self._response_schema(schema, template))

    def _response_schema(self, schema: Mapping[str, Any], template: str) -> Any:
        compiler = self.compiler
        delta = _normalize_segment(template.rsplit("/", 1)[-1]) == "delta"
        if schema.get("type") == "array":
            # Functions returning a collection (delta, allowedCalendarSharingRoles): the
            # document says "array", the service wraps it like any collection.
            items = compiler.convert(schema["items"])
            if delta:
                items = {
                    "if": {"type": "object", "required": ["@removed"]},
                    "then": _REMOVED_ITEM,
                    "else": items,
                }
            envelope = _strict_object({"value": {"type": "array", "items": items}})
            envelope["title"] = "collection"
            envelope["required"] = ["value"]
            return envelope
        converted = compiler.convert(schema)
        value = (schema.get("properties") or {}).get("value")
        if schema.get("type") == "object" and value and value.get("type") == "array":
            # A generated "Collection of X": the service always sends `value`.
            converted = {**converted, "title": schema.get("title"), "required": ["value"]}
        return converted


_CONTRACT_LOCK = threading.Lock()


@cache
def _load_document(version: str) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with (_HERE / _SPEC_FILES[version]).open(encoding="utf-8") as stream:
        return yaml.load(stream, Loader=loader)


@cache
def _contract_unlocked(version: str) -> _Contract:
    return _Contract(version)


def _contract(version: str) -> _Contract:
    if version not in _SPEC_FILES:
        raise ValueError(f"unknown Graph version {version!r}; expected one of {list(_SPEC_FILES)}")
    # functools.cache does not stop two threads from building the same contract at once.
    with _CONTRACT_LOCK:
        return _contract_unlocked(version)


# --------------------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------------------


def _pointer(parts: Iterable[Any]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _describe(error: ValidationError) -> tuple[str, str]:
    """(JSON pointer, message) for the most relevant error, naming the offending key."""
    path = list(error.absolute_path)
    message = error.message
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    if error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
        allowed = schema.get("properties") or {}
        pattern = "|".join(schema.get("patternProperties") or ()) or None
        extras = [
            key
            for key in error.instance
            if key not in allowed and not (pattern and re.search(pattern, key))
        ]
        if extras:
            path.append(extras[0])
            names = ", ".join(repr(k) for k in extras)
            message = (
                f"unknown propert{'ies' if len(extras) > 1 else 'y'} {names}: not declared "
                "by the type and not an @odata annotation"
            )
    title = schema.get("title")
    if title:
        message = f"{message} [{title}]"
    return _pointer(path), message


def _raise_for(validator: Validator, body: Any, context: dict[str, Any]) -> None:
    errors = list(validator.iter_errors(body))
    if not errors:
        return
    error = best_match(errors)
    pointer, detail = _describe(error)
    if len(errors) > 1:
        detail += f" (and {len(errors) - 1} more)"
    raise ContractViolation(detail, pointer=pointer, **context)


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------


def validate_response(
    version: str, method: str, path: str, status: int, body: object | None
) -> bool:
    """Validate one Graph response against the contract of ``version``.

    Args:
        version: "v1.0" or "beta".
        method: the request's HTTP method, any case.
        path: the URL path after the version prefix, e.g. "/me/calendars/AAMk...=/events";
            may be percent-encoded, any case; a query string is ignored.
        status: the HTTP status of the response.
        body: the parsed JSON body, or None when there was none.

    Returns:
        True if a path template matched and the response was checked; False if the path
        is not in the subset (``/me``, ``/users``, ...), so callers can count coverage.
        An error status (4xx/5xx) on such a path still has its body checked against the
        service's error format.

    Raises:
        ContractViolation: the body (or its absence) does not match the contract.
        ValueError: unknown version, or a path that still has the version prefix.
    """
    contract = _contract(version)
    if path.lstrip("/").split("/", 1)[0].lower() in _SPEC_FILES:
        # Would silently match nothing and make every response look "not in the subset".
        raise ValueError(f"path {path!r} must not include the version prefix")
    if body in ("", b""):
        body = None
    template = contract.router.match(path)
    if template is None:
        if status >= 400:
            # Not a template of the subset, but an error is an error: the emulator must
            # speak Graph's error format on every path.
            _check_body(
                _error_check(),
                body,
                {
                    "version": version,
                    "method": method.upper(),
                    "template": f"(not in the subset: {path})",
                    "status": status,
                },
            )
        return False
    method = method.lower()
    context = {"version": version, "method": method.upper(), "template": template, "status": status}
    _check_body(contract.check_for(template, method, status), body, context)
    return True


def _check_body(check: _Check, body: object | None, context: dict[str, Any]) -> None:
    if check.problem:
        raise ContractViolation(check.problem, **context)
    if body is None:
        if check.body_required:
            raise ContractViolation("a JSON body is required but there is none", **context)
        return
    if check.validator is None:
        raise ContractViolation(f"no body is allowed, got {type(body).__name__}", **context)
    _raise_for(check.validator, body, context)


def validate_batch(version: str, request_json: dict, response_json: dict) -> int:
    """Validate a ``$batch`` response: the envelope, then every sub-response.

    Each sub-response is checked like a response of its own, against the method and URL
    of the sub-request with the same ``id`` and its own ``status``.

    Returns:
        How many sub-responses matched a path template of the subset and were checked
        (bodies or, for 202/204, their absence).

    Raises:
        ContractViolation: the envelope or a sub-response breaks the contract, or the
            responses do not answer the requests one to one.
    """
    validate_response(version, "POST", "/$batch", 200, response_json)
    context = {"version": version, "method": "POST", "template": "/$batch", "status": 200}
    requests = {str(r["id"]): r for r in request_json.get("requests", ())}
    seen: set[str] = set()
    checked = 0
    for index, item in enumerate(response_json.get("responses", ())):
        item_id = str(item["id"])
        request = requests.get(item_id)
        if request is None:
            raise ContractViolation(
                f"response id {item_id!r} answers no request",
                pointer=f"/responses/{index}/id",
                **context,
            )
        if item_id in seen:
            raise ContractViolation(
                f"request id {item_id!r} is answered twice",
                pointer=f"/responses/{index}/id",
                **context,
            )
        seen.add(item_id)
        url = urlsplit(str(request["url"]))
        path = "/" + url.path.lstrip("/")
        try:
            if validate_response(
                version, str(request["method"]), path, int(item["status"]), item.get("body")
            ):
                checked += 1
        except ContractViolation as violation:
            raise ContractViolation(
                f"batch request {item_id!r} ({violation.method} {violation.template} -> "
                f"{violation.status}): {violation.detail}",
                pointer=f"/responses/{index}/body{violation.pointer}",
                **context,
            ) from violation
    missing = sorted(set(requests) - seen)
    if missing and "@odata.nextLink" not in response_json:
        raise ContractViolation(
            f"no response for request id(s) {missing}", pointer="/responses", **context
        )
    return checked


def known_properties(type_name: str, version: str = "v1.0") -> set[str]:
    """The property names of a Graph type, inherited ones included.

    ``type_name`` may be "event" or "microsoft.graph.event". In beta, a derived type the
    beta document lacks (eventMessage, ...) comes from v1.0, on the beta base type.

    Raises:
        KeyError: the type is not in the subset, or is an enum.
    """
    name = type_name if type_name.startswith(_NS) else _NS + type_name
    compiler = _contract(version).compiler
    raw = compiler.components.get(name)
    if raw is None or "enum" in raw:
        raise KeyError(f"{type_name!r} is not a structured type of the {version} subset")
    return set(compiler.flat_properties(name))
