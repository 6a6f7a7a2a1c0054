"""Graph URLs to tenant operations, and the results to Graph JSON.

Routing knows URL shapes and HTTP semantics only; every rule about who may do what is
in ``tenant``, ``access`` and ``meetings``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any
from urllib.parse import quote

from . import caseless, extended, meetings, odata, render, roles, schedule, schema, timezones
from .access import CalendarAccess, role_of
from .auth import Identity, Need
from .errors import GraphError, access_denied, invalid_request, not_found
from .model import Person
from .quirks import Quirks, departures
from .tenant import Tenant

_PREFER_TIMEZONE = re.compile(r'outlook\.timezone\s*=\s*"([^"]+)"', re.IGNORECASE)
_SHARING_ROLES = re.compile(r"^allowedcalendarsharingroles\(user='([^']*)'\)$", re.IGNORECASE)
_ACTIONS = ("accept", "tentativelyaccept", "decline", "cancel")
# The longest calendarView window the service answers (quirk calendar-view-five-years).
CALENDAR_VIEW_LIMIT = timedelta(days=1825)


@dataclass
class GraphRequest:
    """One Graph call, top-level or inside ``$batch``."""

    method: str
    version: str
    path: str
    params: dict[str, str]
    headers: dict[str, str]
    body: Any
    base_url: str

    def header(self, name: str) -> str | None:
        return caseless.lookup(self.headers, name)

    @property
    def segments(self) -> list[str]:
        return [_strip_namespace(s) for s in self.path.strip("/").split("/") if s]

    @cached_property
    def query(self) -> odata.Query:
        """The query options, parsed (and a bad one refused) once per request."""
        return odata.Query.parse(self.params)

    @property
    def beta(self) -> bool:
        return self.version == "beta"


@dataclass
class GraphResponse:
    status: int
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)


def _strip_namespace(segment: str) -> str:
    return (
        segment[len("microsoft.graph.") :]
        if segment.lower().startswith("microsoft.graph.")
        else segment
    )


def _no_sharing_accept(path: str) -> GraphResponse:
    """What the service answers to ``calendarSharingMessage/accept`` (quirk
    ``sharing-accept-unsupported``; microsoft-graph-docs-contrib#922 "Missing doc for
    accepting calendarSharingMessage"): the cast with its namespace is not parsed, the
    action without it is ambiguous. Either way nothing is accepted."""
    if "microsoft.graph.calendarsharingmessage" in path.lower():
        raise GraphError(
            400,
            "RequestBroker--ParseUri",
            "Resource not found for the segment "
            "'Microsoft.OutlookServices.CalendarSharingMessage'.",
        )
    raise GraphError(
        400,
        "BadRequest",
        "Multiple action overloads were found with the same binding parameter for "
        "'microsoft.graph.accept'.",
    )


class GraphRouter:
    """Serves Graph requests against one tenant. Callers hold ``tenant.lock``."""

    def __init__(self, tenant: Tenant, quirks: Quirks | None = None) -> None:
        self.tenant = tenant
        self.quirks = quirks if quirks is not None else Quirks()

    # ------------------------------------------------------------------ entry points

    def target_mailbox(self, identity: Identity, path: str) -> str | None:
        """The mailbox a request reaches, which Outlook throttles by; None for none."""
        parts = [s for s in path.strip("/").split("/") if s]
        if not parts:
            return None
        head = parts[0].lower()
        if head == "me":
            return identity.user_key
        if head in ("users", "groups") and len(parts) > 1:
            try:
                return self.tenant.person(parts[1]).key
            except GraphError:
                return None  # the request itself will answer ErrorInvalidUser
        return None

    def handle(self, identity: Identity, request: GraphRequest) -> GraphResponse:
        segments = request.segments
        if not segments:
            raise not_found("Resource not found for the segment ''.")
        head = segments[0].lower()
        if head == "me":
            return self._mailbox(identity, request, self.tenant.me(identity), segments[1:])
        if head == "users":
            if len(segments) == 1:
                return self._users(identity, request)
            person = self.tenant.person(segments[1])
            if person.is_group:
                raise GraphError(
                    404, "Request_ResourceNotFound", f"Resource '{segments[1]}' does not exist."
                )
            if len(segments) > 2:  # the mailbox, not the directory's entry
                self.tenant.open_mailbox(identity, person, segments[1])
            return self._mailbox(identity, request, person, segments[2:])
        if head == "groups" and len(segments) > 1:
            group = self.tenant.person(segments[1])
            if not group.is_group:
                raise GraphError(
                    404, "Request_ResourceNotFound", f"Resource '{segments[1]}' does not exist."
                )
            return self._mailbox(identity, request, group, segments[2:])
        raise GraphError(400, "BadRequest", f"Resource not found for the segment '{segments[0]}'.")

    # ------------------------------------------------------------------ helpers

    def _context(self, request: GraphRequest, mailbox: Person, tail: str) -> str:
        kind = "groups" if mailbox.is_group else "users"
        return f"{request.base_url}/{request.version}/$metadata#{kind}('{mailbox.id}'){tail}"

    def _collection(
        self,
        request: GraphRequest,
        mailbox: Person,
        tail: str,
        items: list[dict[str, Any]],
        known: frozenset[str],
    ) -> GraphResponse:
        query = request.query
        link_base = (
            f"{request.base_url}/{request.version}/{quote(request.path.strip('/'), safe='/@=')}"
        )
        body = {"@odata.context": self._context(request, mailbox, tail)}
        body.update(odata.page(items, query, link_base, known))
        return GraphResponse(200, body)

    def _collection_in_order(
        self,
        request: GraphRequest,
        mailbox: Person,
        tail: str,
        items: list[Any],
        render: Callable[[Any], dict[str, Any]],
        known: frozenset[str],
    ) -> GraphResponse:
        """A collection already in the order asked for; only the page asked is rendered."""
        link_base = (
            f"{request.base_url}/{request.version}/{quote(request.path.strip('/'), safe='/@=')}"
        )
        body = {"@odata.context": self._context(request, mailbox, tail)}
        body.update(odata.page_in_order(items, request.query, link_base, known, render))
        return GraphResponse(200, body)

    def _entity(
        self,
        request: GraphRequest,
        mailbox: Person,
        tail: str,
        item: dict[str, Any],
        known: frozenset[str] | None,
        status: int = 200,
    ) -> GraphResponse:
        query = request.query
        body = {"@odata.context": self._context(request, mailbox, tail + "/$entity")}
        body.update(odata.select(item, query.select, known, query.expand))
        return GraphResponse(status, body)

    @staticmethod
    def _time_zone(request: GraphRequest) -> tuple[str | None, dict[str, str]]:
        prefer = request.header("Prefer") or ""
        match = _PREFER_TIMEZONE.search(prefer)
        if not match:
            return None, {}
        timezones.zone(match.group(1))  # an unknown zone is a 400
        return match.group(1), {"Preference-Applied": f'outlook.timezone="{match.group(1)}"'}

    @staticmethod
    def _object_body(request: GraphRequest) -> dict[str, Any]:
        if not isinstance(request.body, dict):
            raise GraphError(
                400,
                "BadRequest",
                "Empty Payload. JSON content expected."
                if request.body is None
                else "The request body must be a JSON object.",
            )
        return request.body

    @staticmethod
    def _method(
        request: GraphRequest, handlers: dict[str, Callable[[], GraphResponse]]
    ) -> GraphResponse:
        handler = handlers.get(request.method)
        if handler is None:
            raise GraphError(
                405,
                "Request_BadRequest",
                f"The HTTP method '{request.method}' is not allowed on this resource.",
            )
        return handler()

    # ------------------------------------------------------------------ users

    def _users(self, identity: Identity, request: GraphRequest) -> GraphResponse:
        people = self.tenant.list_users(identity)  # by display name
        query = request.query
        link = f"{request.base_url}/{request.version}/users"
        body = {"@odata.context": f"{request.base_url}/{request.version}/$metadata#users"}
        if query.orderby:
            body.update(odata.page([render.user(p) for p in people], query, link, schema.USER))
        else:  # only the page asked for is rendered: each page costs the same at any size
            body.update(odata.page_in_order(people, query, link, schema.USER, render.user))
        return GraphResponse(200, body)

    # ------------------------------------------------------------------ a mailbox

    def _mailbox(
        self, identity: Identity, request: GraphRequest, mailbox: Person, rest: list[str]
    ) -> GraphResponse:
        tenant = self.tenant
        if not rest:
            if mailbox.is_group:
                return self._entity(request, mailbox, "", render.group(mailbox), None)
            person = tenant.get_user(identity, mailbox)
            body = {
                "@odata.context": f"{request.base_url}/{request.version}/$metadata#users/$entity"
            }
            body.update(
                odata.select(
                    render.user(person), request.query.select, schema.USER
                )
            )
            return GraphResponse(200, body)
        head = rest[0].lower()
        if head == "mailboxsettings" and len(rest) == 1:
            return self._settings(identity, request, mailbox)
        if head == "messages":
            return self._messages(identity, request, mailbox, rest[1:])
        if head == "calendars" and len(rest) == 1:
            return self._method(
                request,
                {
                    "GET": lambda: self._collection(
                        request,
                        mailbox,
                        "/calendars",
                        [
                            render.calendar(tenant, a, beta=request.beta)
                            for a in tenant.list_calendars(identity, mailbox)
                        ],
                        schema.CALENDAR_BETA if request.beta else schema.CALENDAR,
                    ),
                    "POST": lambda: self._entity(
                        request,
                        mailbox,
                        "/calendars",
                        render.calendar(
                            tenant,
                            tenant.new_calendar(identity, mailbox, self._object_body(request)),
                            beta=request.beta,
                        ),
                        None,
                        201,
                    ),
                },
            )
        if head == "calendar":
            access = tenant.reach_calendar(identity, mailbox, None)
            return self._calendar(request, access, rest[1:], "/calendar")
        if head == "calendars":
            access = tenant.reach_calendar(identity, mailbox, rest[1])
            return self._calendar(request, access, rest[2:], f"/calendars('{rest[1]}')")
        if head == "events" and len(rest) > 2 and rest[2].lower() == "calendar":
            # /events/{id}/calendar/...: the calendar that holds an event
            calendar_id = meetings.calendar_id_of_event(tenant, mailbox, rest[1])
            access = tenant.reach_calendar(identity, mailbox, calendar_id)
            return self._calendar(request, access, rest[3:], "/calendar")
        if head in ("events", "calendarview"):
            if len(rest) > 1:
                calendar_id = meetings.calendar_id_of_event(tenant, mailbox, rest[1])
                access = tenant.reach_calendar(identity, mailbox, calendar_id)
            else:
                access = tenant.reach_calendar(identity, mailbox, None)
            return self._events(request, access, rest, "")
        raise GraphError(400, "BadRequest", f"Resource not found for the segment '{rest[0]}'.")

    def _settings(
        self, identity: Identity, request: GraphRequest, mailbox: Person
    ) -> GraphResponse:
        tenant = self.tenant

        def get() -> GraphResponse:
            settings = tenant.mailbox_settings(identity, mailbox, write=False)
            body = {"@odata.context": self._context(request, mailbox, "/mailboxSettings")}
            query = request.query
            body.update(
                odata.select(
                    render.mailbox_settings(settings), query.select, schema.MAILBOX_SETTINGS
                )
            )
            body.pop("id", None)
            return GraphResponse(200, body)

        def patch() -> GraphResponse:
            changes = self._object_body(request)
            schema.reject_unknown(changes, schema.MAILBOX_SETTINGS, "mailboxSettings")
            applied = tenant.update_mailbox_settings(identity, mailbox, changes)
            body = {"@odata.context": self._context(request, mailbox, "/mailboxSettings")}
            body.update({k: v for k, v in applied.items() if not k.startswith("@odata.")})
            return GraphResponse(200, body)

        return self._method(request, {"GET": get, "PATCH": patch})

    # ------------------------------------------------------------------ calendars

    def _calendar(
        self, request: GraphRequest, access: CalendarAccess, tail: list[str], context: str
    ) -> GraphResponse:
        tenant, mailbox = self.tenant, access.mailbox
        known = schema.CALENDAR_BETA if request.beta else schema.CALENDAR
        if not tail:

            def patch() -> GraphResponse:
                changes = self._object_body(request)
                schema.reject_unknown(changes, known, "calendar")
                updated = tenant.update_calendar(access, changes)
                return self._entity(
                    request,
                    mailbox,
                    context,
                    render.calendar(tenant, updated, beta=request.beta),
                    None,
                )

            def delete() -> GraphResponse:
                tenant.delete_calendar(access)
                return GraphResponse(204)

            return self._method(
                request,
                {
                    "GET": lambda: self._entity(
                        request,
                        mailbox,
                        context,
                        render.calendar(tenant, tenant.get_calendar(access), beta=request.beta),
                        known,
                    ),
                    "PATCH": patch,
                    "DELETE": delete,
                },
            )
        head = tail[0].lower()
        if head == "calendarpermissions":
            return self._permissions(request, access, tail[1:], context + "/calendarPermissions")
        sharing_roles = _SHARING_ROLES.match(tail[0])
        if sharing_roles and len(tail) == 1:
            allowed = tenant.allowed_roles_for(access, sharing_roles.group(1))
            return GraphResponse(
                200,
                {
                    "@odata.context": f"{request.base_url}/{request.version}/$metadata"
                    "#Collection(microsoft.graph.calendarRoleType)",
                    "value": allowed,
                },
            )
        if head in ("events", "calendarview"):
            return self._events(request, access, tail, context)
        if head == "getschedule" and len(tail) == 1:
            return self._method(request, {"POST": lambda: self._schedule(request, access)})
        raise GraphError(400, "BadRequest", f"Resource not found for the segment '{tail[0]}'.")

    def _schedule(self, request: GraphRequest, access: CalendarAccess) -> GraphResponse:
        """Free/busy as the caller may see it (``schedule.py``), in the zone Prefer asks."""
        access.identity.require(Need.CALENDARS_READ)
        zone, headers = self._time_zone(request)
        viewer = None if access.identity.app_only else access.viewer
        found = schedule.get_schedule(self.tenant, viewer, self._object_body(request), zone,
                                      self.quirks)
        response = GraphResponse(200, {
            "@odata.context": f"{request.base_url}/{request.version}/$metadata"
                              "#Collection(microsoft.graph.scheduleInformation)",
            "value": found,
        })
        response.headers.update(headers)
        return response

    def _permissions(
        self, request: GraphRequest, access: CalendarAccess, tail: list[str], context: str
    ) -> GraphResponse:
        tenant, mailbox = self.tenant, access.mailbox

        def render_one(item: Any, status: int = 200) -> GraphResponse:
            answer = self._entity(
                request,
                mailbox,
                context,
                render.permission(tenant, access, item),
                schema.PERMISSION,
                status,
            )
            answer.headers.update(departures({item.quirk} - {None}))
            return answer

        def render_all() -> GraphResponse:
            items = tenant.list_permissions(access)
            answer = self._collection(
                request,
                mailbox,
                context,
                [render.permission(tenant, access, p) for p in items],
                schema.PERMISSION,
            )
            answer.headers.update(departures({p.quirk for p in items if p.quirk is not None}))
            return answer

        if not tail:
            return self._method(
                request,
                {
                    "GET": render_all,
                    # 201, as the contract says; the create page's example shows 200.
                    "POST": lambda: render_one(
                        tenant.grant(access, self._object_body(request)), 201
                    ),
                },
            )
        if len(tail) != 1:
            raise GraphError(400, "BadRequest", f"Resource not found for the segment '{tail[1]}'.")
        permission_id = tail[0]

        def delete() -> GraphResponse:
            tenant.revoke(access, permission_id)
            return GraphResponse(204)

        return self._method(
            request,
            {
                "GET": lambda: render_one(tenant.get_permission(access, permission_id)),
                "PATCH": lambda: render_one(
                    tenant.update_permission(access, permission_id, self._object_body(request))
                ),
                "DELETE": delete,
            },
        )

    # ------------------------------------------------------------------ events

    def _events(
        self, request: GraphRequest, access: CalendarAccess, tail: list[str], context: str
    ) -> GraphResponse:
        tenant, mailbox = self.tenant, access.mailbox
        zone, headers = self._time_zone(request)
        view = tail[0].lower() == "calendarview"
        context = context + ("/calendarView" if view else "/events")

        def rendered(event: Any, in_zone: str | None = zone) -> dict[str, Any]:
            return self._event(access, event, in_zone)

        # The service answers a create in the zone the event was written in and an
        # update in UTC, whatever Prefer asked (quirk timezone-ignored-on-writes).
        writes_ignore_zone = self.quirks.on("timezone-ignored-on-writes")

        if len(tail) == 1:

            def listing() -> GraphResponse:
                if view:
                    start, end = self._window(request, self.quirks)
                    found = meetings.calendar_view(access, start, end)
                else:
                    found = meetings.events_in(access)
                if request.query.orderby:
                    response = self._collection(
                        request, mailbox, context, [rendered(e) for e in found], schema.EVENT
                    )
                else:  # in start order already: only the page asked is rendered
                    response = self._collection_in_order(
                        request, mailbox, context, found, rendered, schema.EVENT
                    )
                response.headers.update(headers)
                return response

            def create() -> GraphResponse:
                if view:
                    raise GraphError(
                        405,
                        "Request_BadRequest",
                        "Events are created under /events, not /calendarView.",
                    )
                event = meetings.create_event(
                    tenant,
                    access,
                    self._object_body(request),
                    refuse_repeated_transaction=self.quirks.on("duplicate-transaction-id"),
                )
                body = rendered(event, event.start_zone) if writes_ignore_zone else rendered(event)
                response = self._entity(request, mailbox, context, body, None, 201)
                if not writes_ignore_zone:
                    response.headers.update(headers)
                return response

            return self._method(request, {"GET": listing, "POST": create})

        reached = meetings.reach_event(tenant, access, tail[1])
        if len(tail) == 3 and tail[2].lower() in _ACTIONS:
            action = tail[2].lower()

            def act() -> GraphResponse:
                body = request.body if request.body is not None else {}
                if not isinstance(body, dict):
                    raise invalid_request("The request body must be a JSON object.")
                if action == "cancel":
                    meetings.cancel(tenant, reached, body)
                else:
                    meetings.respond(tenant, reached, action, body)
                return GraphResponse(202)

            return self._method(request, {"POST": act})
        if len(tail) != 2:
            raise GraphError(400, "BadRequest", f"Resource not found for the segment '{tail[-1]}'.")

        def get() -> GraphResponse:
            meetings.get_event(reached)
            if (self.quirks.on("private-event-get-refused") and reached.event.private
                    and not roles.can_view_private(reached.calendar.role)):
                raise access_denied()
            response = self._entity(
                request, mailbox, context, rendered(reached.event), schema.EVENT
            )
            response.headers.update(headers)
            return response

        def patch() -> GraphResponse:
            event = meetings.update_event(tenant, reached, self._object_body(request))
            body = rendered(event, None) if writes_ignore_zone else rendered(event)
            response = self._entity(request, mailbox, context, body, None)
            if not writes_ignore_zone:
                response.headers.update(headers)
            return response

        def delete() -> GraphResponse:
            meetings.delete_event(tenant, reached)
            return GraphResponse(204)

        return self._method(request, {"GET": get, "PATCH": patch, "DELETE": delete})

    @staticmethod
    def _window(request: GraphRequest, quirks: Quirks) -> tuple[datetime, datetime]:
        query = request.query
        start, end = query.param("startDateTime"), query.param("endDateTime")
        if not start or not end:
            raise GraphError(
                400,
                "ErrorInvalidParameter",
                "This request requires a time window specified by the query string parameters "
                "StartDateTime and EndDateTime.",
            )
        window = (
            timezones.parse({"dateTime": start}, "startDateTime"),
            timezones.parse({"dateTime": end}, "endDateTime"),
        )
        if window[1] < window[0]:
            raise GraphError(400, "ErrorInvalidParameter", "endDateTime is before startDateTime.")
        if quirks.on("calendar-view-five-years") and window[1] - window[0] > CALENDAR_VIEW_LIMIT:
            raise GraphError(
                400,
                "ErrorInvalidRequest",
                "Your request can't be completed. The range between the start and end dates "
                f"is greater than the allowed range. Maximum number of days: "
                f"{CALENDAR_VIEW_LIMIT.days}",
            )
        return window

    # ------------------------------------------------------------------ messages

    def _messages(
        self, identity: Identity, request: GraphRequest, mailbox: Person, tail: list[str]
    ) -> GraphResponse:
        tenant = self.tenant
        query = request.query
        unknown = query.expand - {"event", extended.NAME}
        if unknown:
            raise GraphError(
                400,
                "BadRequest",
                f"Could not find a property named '{sorted(unknown)[0]}' to expand.",
            )
        self._refuse_uncast(query)
        if (
            "event" in query.expand
            and self.quirks.on("event-expand-needs-calendars")
            and not identity.app_only
            and not identity.has(Need.CALENDARS_READ)
        ):
            # microsoft-graph-docs #15507: Mail.Read alone expands no event, in any message.
            raise access_denied("Access is denied. Check credentials and try again.")

        # Prefer: outlook.timezone applies to the expanded events' times, as on Graph.
        zone, zone_headers = self._time_zone(request)
        property_ids = (
            extended.asked_ids(query.expand_options.get(extended.NAME))
            if extended.NAME in query.expand
            else None
        )

        def rendered(message: Any) -> dict[str, Any]:
            body = render.message(tenant, mailbox, message, beta=request.beta)
            if property_ids is not None:
                found = extended.values(message, property_ids)
                if found:  # a message without the asked property has none of this key
                    body[extended.NAME] = found
            if "event" in query.expand and message.event_ref is not None:
                if self.quirks.on("expand-fails-on-a-removed-meeting") and (
                    self._meeting_removed(message.event_ref)
                ):
                    # docs-contrib #8064: one such message fails the whole page.
                    raise GraphError(500, "InternalServerError", "Error while processing response.")
                event = self._message_event(identity, mailbox, message.event_ref, zone)
                if event is not None and message.odata_type == "eventMessageResponse" \
                        and self.quirks.on("empty-event-on-responses"):
                    event = {}  # python-o365 #422: the meeting exists; its details don't come
                if event is not None:
                    body["event"] = event
            return body

        def listing() -> GraphResponse:
            found = tenant.list_messages(identity, mailbox)  # newest first
            if query.orderby in ([], [("receivedDateTime", True)]):
                response = self._collection_in_order(
                    request, mailbox, "/messages", found, rendered, schema.MESSAGE
                )
            elif query.orderby == [("receivedDateTime", False)]:
                response = self._collection_in_order(
                    request, mailbox, "/messages", found[::-1], rendered, schema.MESSAGE
                )
            else:
                response = self._collection(
                    request, mailbox, "/messages", [rendered(m) for m in found], schema.MESSAGE
                )
            if "event" in query.expand:
                response.headers.update(zone_headers)
            return response

        if not tail:
            return self._method(request, {"GET": listing})
        message_id = tail[0]
        if len(tail) == 3 and [t.lower() for t in tail[1:]] == ["calendarsharingmessage", "accept"]:
            if self.quirks.on("sharing-accept-unsupported"):
                return self._method(request, {"POST": lambda: _no_sharing_accept(request.path)})
            return self._method(
                request,
                {
                    "POST": lambda: self._entity(
                        request,
                        mailbox,
                        "/calendars",
                        render.calendar(
                            tenant,
                            tenant.accept_sharing(identity, mailbox, message_id),
                            beta=request.beta,
                        ),
                        None,
                    ),
                },
            )
        if len(tail) != 1:
            raise GraphError(400, "BadRequest", f"Resource not found for the segment '{tail[-1]}'.")

        def delete() -> GraphResponse:
            tenant.delete_message(identity, mailbox, message_id)
            return GraphResponse(204)

        return self._method(
            request,
            {
                "GET": lambda: self._entity(
                    request,
                    mailbox,
                    "/messages",
                    rendered(tenant.get_message(identity, mailbox, message_id)),
                    schema.MESSAGE,
                ),
                "PATCH": lambda: self._entity(
                    request,
                    mailbox,
                    "/messages",
                    rendered(
                        tenant.update_message(
                            identity, mailbox, message_id, self._object_body(request)
                        )
                    ),
                    None,
                ),
                "DELETE": delete,
            },
        )

    def _refuse_uncast(self, query: odata.Query) -> None:
        """The service finds eventMessage's properties on /messages only in their cast
        form, ``microsoft.graph.eventMessage/meetingMessageType``."""
        if not self.quirks.on("derived-properties-need-cast"):
            return
        uncast = sorted(query.uncast & (schema.EVENT_MESSAGE_ONLY | schema.SHARING_MESSAGE_ONLY))
        if not uncast:
            return
        missing = (
            f"Could not find a property named '{uncast[0]}' on type 'microsoft.graph.message'."
        )
        if uncast[0] in query.expand:
            raise GraphError(
                400, "BadRequest", f"Parsing OData Select and Expand failed: {missing}"
            )
        raise GraphError(400, "RequestBroker--ParseUri", missing)

    def _meeting_removed(self, ref: tuple[str, int]) -> bool:
        """Is the meeting a message is about gone from its holder's calendar?"""
        holder = self.tenant.people.get(ref[0])
        return holder is None or ref[1] not in holder.mailbox.events

    def _message_event(
        self, identity: Identity, mailbox: Person, ref: tuple[str, int], zone: str | None = None
    ) -> dict[str, Any] | None:
        """The ``event`` navigation property, as the mailbox's owner sees that event."""
        tenant = self.tenant
        holder = tenant.people[ref[0]]
        event = holder.mailbox.events.get(ref[1])
        if event is None:
            return None  # cancelled or declined since
        calendar = holder.mailbox.calendars[event.calendar_serial]
        role = role_of(mailbox, holder, calendar)
        if (
            holder.key != mailbox.key
            and (holder.key, calendar.serial) not in mailbox.mailbox.copies
        ):
            return None  # the mailbox owner has no copy through which to reach it
        copy = mailbox.mailbox.copies.get((holder.key, calendar.serial))
        access = CalendarAccess(mailbox, holder, calendar, copy, mailbox, role, identity)
        return self._event(access, event, zone)

    def _event(self, access: CalendarAccess, event: Any, zone: str | None) -> dict[str, Any]:
        """An event as the service renders it; an all-day one, with the service, as
        midnight labelled UTC whatever zone was asked (microsoft-graph-docs #6003)."""
        body = render.event(access, event, zone)
        if event.is_all_day and self.quirks.on("all-day-as-utc-midnight"):
            own_zone = timezones.zone(event.start_zone)
            for key, moment in (("start", event.start), ("end", event.end)):
                day = moment.astimezone(own_zone).date()
                body[key] = {"dateTime": f"{day.isoformat()}T00:00:00.0000000", "timeZone": "UTC"}
        return body
