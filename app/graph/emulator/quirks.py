"""Where the real Graph service answers otherwise than its pages say, as named quirks.

The emulator follows Microsoft's pages and contract first. The service does not always:
its public trackers (microsoftgraph/microsoft-graph-docs, microsoft-graph-docs-contrib,
the msgraph-sdk-* repositories, question-and-answer threads) record where. Each such
difference Deputy meets is one quirk below, with the public source it comes from. All
are on by default (the ``service`` profile), so the demo, the tests and the benchmarks
meet the service as a real tenant answers; ``none`` leaves the documented behaviour
alone, which the whole suite must also pass (Deputy copes with both).

Choose with ``deputy-emulator --quirks none|service|name,name``, the environment
variable ``DEPUTY_EMULATOR_QUIRKS`` (read by every emulator a process starts: the demo's,
the tests', ``deputy sync --emulator``'s) or ``POST /_emulator/quirks {"on": [...]}``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

ENVIRONMENT_VARIABLE = "DEPUTY_EMULATOR_QUIRKS"
# Names the quirks whose shapes an answer carries where they break the contract, so the
# tests' contract check (tests/contract/departures.py) expects them; Deputy ignores it.
DEPARTS_HEADER = "X-Emulator-Departs-From-Contract"
SERVICE = "service"
NONE = "none"


@dataclass(frozen=True)
class Quirk:
    """One way the service departs from its documentation.

    Attributes:
        name: what ``--quirks`` and the code call it.
        summary: what the service does, in one sentence.
        sources: the public reports it comes from (tracker#number and title, or a page).
        departs_from_contract: True when the answer breaks the contract in
            ``tests/contract`` (the contract checks know to expect it).
    """

    name: str
    summary: str
    sources: tuple[str, ...]
    departs_from_contract: bool = False


QUIRKS: dict[str, Quirk] = {}


def quirk(name: str, *, summary: str, sources: tuple[str, ...],
          departs_from_contract: bool = False) -> Quirk:
    """Register a quirk; each has a name of its own and at least one public source."""
    if name in QUIRKS:
        raise ValueError(f"Quirk {name!r} is registered twice.")
    if not sources:
        raise ValueError(f"Quirk {name!r} needs a public source.")
    QUIRKS[name] = Quirk(name, summary, sources, departs_from_contract)
    return QUIRKS[name]


# ------------------------------------------------------------------ the table
# Keep one entry per behaviour; the emulator's README section lists them from here.

quirk(
    "decimal-retry-after",
    summary="Retry-After on a throttled answer, a $batch sub-response's above all, can be a "
    "decimal number of seconds (\"0.249\"), which the HTTP standard does not allow.",
    sources=(
        "microsoftgraph/microsoft-graph-docs#3877 (Provide an example of a 429 response from "
        "Graph for supported resources: $batch 429s with Retry-After 0.249, 0.124)",
        "microsoftgraph/microsoft-graph-docs#17442 (Invalid Retry-After response header "
        "value: the throttling page's own sample said 2.128)",
    ),
)

quirk(
    "text-batch-body",
    summary="A `$batch` sub-response can carry a plain-text body (a JSON string such as "
    "\"Service Unavailable\") where a JSON object is expected; the emulator sends one for "
    "each sub-request that fails with a 5xx.",
    sources=(
        "microsoftgraph/msgraph-sdk-java#2472 (JsonSyntaxException in BatchResponseContent "
        "when batch response contains non-JSON body)",
        "microsoftgraph/msgraph-sdk-dotnet-core#22 (Add support for non-json bodies in "
        "Batch content)",
    ),
)

quirk(
    "sharing-accept-unsupported",
    summary="POST …/calendarSharingMessage/accept, listed in the generated contract but "
    "documented nowhere, answers 400 (\"Multiple action overloads were found with the same "
    "binding parameter for 'microsoft.graph.accept'\", or \"Resource not found for the "
    "segment …\"): a calendar shared with you is added in Outlook, not through Graph.",
    sources=(
        "microsoftgraph/microsoft-graph-docs-contrib#922 (Missing doc for accepting "
        "calendarSharingMessage)",
        "microsoftgraph/msgraph-sdk-dotnet#2056 ([Client bug]: No way to accept "
        "microsoft.graph.calendarSharingMessage)",
    ),
    departs_from_contract=True,
)

quirk(
    "duplicate-transaction-id",
    summary="Creating an event with a transactionId already used answers 400 "
    "ErrorDuplicateTransactionId (\"The TransactionId specified in the request has already "
    "been used to create a different event.\"), not the event the first request created.",
    sources=(
        "alcionai/corso#2490 ([Bug]: Restore of restored events crashes operation.)",
    ),
)

quirk(
    "bare-503",
    summary="A 503 can come without Retry-After and with an empty error message.",
    sources=(
        "SharePoint/sp-dev-docs#3320 (Can you please confirm that 503 errors contain a "
        "retry-after header?)",
        "microsoftgraph/msgraph-sdk-design#2 (Update RetryHandler.md: Graph's 503s and 504s "
        "come without retry-after)",
        "microsoftgraph/msgraph-sdk-dotnet#2169 (generalException, ServiceUnavailable, on "
        "calendarView delta)",
    ),
)

quirk(
    "throttled-after-running",
    summary="A write can be answered 429 after the service carried it out; the client's "
    "resend of a create then meets 409 ErrorItemAlreadyExists.",
    sources=(
        "rocketride-org/rocketride-server#2057 (review: Graph may have already applied a POST "
        "before answering 429 or 5xx; a replay creates it twice)",
    ),
)

# Shapes the pages don't show (issue 16, item 5). Each seeds entries that the ``none``
# profile leaves out (the tenant hides what a quirk that is off would show).
quirk(
    "custom-calendar-role",
    summary="A permission set in Outlook classic or with PowerShell (Add-MailboxFolderPermission) "
    "that no Graph role names comes back with role \"custom\", and \"custom\" in its "
    "allowedRoles; no example on the pages shows one.",
    sources=(
        "https://learn.microsoft.com/graph/api/resources/calendarpermission "
        "(custom among calendarRoleType's values, in no example)",
        "MicrosoftDocs/office-docs-powershell#3463 (Calendar example: folder permissions "
        "set with Add-MailboxFolderPermission AccessRights)",
    ),
)
quirk(
    "unknown-calendar-role",
    summary="A role added to calendarRoleType after a client was built comes back as a "
    "value the client's enum lacks (the emulator sends unknownFutureValue, Graph's "
    "sentinel for members added later).",
    sources=(
        "https://github.com/microsoft/api-guidelines/blob/vNext/graph/patterns/"
        "evolvable-enums.md (Microsoft Graph evolvable enums)",
        "allenporter/gcal_sync#703 (Google Calendar's API: one new access role, "
        "writerWithoutPrivateAccess, failed a client's whole calendar list)",
    ),
    departs_from_contract=True,
)
quirk(
    "orphaned-calendar-permission",
    summary="A permission whose person left the directory stays on the calendar, with "
    "emailAddress null or a name and no address, and isRemovable true.",
    sources=(
        "MicrosoftDocs/microsoft-365-docs#8094 (Missing steps on how to remove also the "
        "calendar permissions: a removed account's name still shows under calendar "
        "permissions)",
        "https://learn.microsoft.com/graph/api/resources/calendarpermission (emailAddress: "
        "the address is null only for My Organization, on the page)",
    ),
)
quirk(
    "calendar-owner-missing",
    summary="A calendar's owner can be null or absent (the page says only \"if set\"); the "
    "emulator sends null on some calendars in their owner's own list.",
    sources=(
        "https://learn.microsoft.com/graph/api/resources/calendar (owner: \"If set, this "
        "represents the user who created or added the calendar\")",
        "microsoftgraph/microsoft-graph-docs#5346 (The meaning of the calendar owner's "
        "email in Graph API)",
    ),
)

# Mailboxes Graph cannot open (issue 16, item 6). The users they concern are seeded
# (Contoso, and scale:N:…:unreachable) and hidden while their quirk is off.
quirk(
    "mailbox-not-enabled",
    summary="A guest, an unlicensed user, an on-premises or a soft-deleted mailbox answers "
    "404 MailboxNotEnabledForRESTAPI (\"The mailbox is either inactive, soft-deleted, or is "
    "hosted on-premise.\"; an on-premises one in the older words \"REST API is not yet "
    "supported for this mailbox.\") to every mailbox request, although /users lists the "
    "user.",
    sources=(
        "microsoftgraph/microsoft-graph-docs#17826 (Mailbox does not work for Guest users - "
        "MailboxNotEnabledForRESTAPI)",
        "microsoftgraph/microsoft-graph-docs-contrib#6519 (Settings object only applicable for "
        "users with Exchange Online mailboxes?: on-premises mailboxes answer 404 "
        "MailboxNotEnabledForRESTAPI)",
        "microsoftgraph/msgraph-sdk-javascript#1756 (The mailbox is either inactive, "
        "soft-deleted, or is hosted on-premise: a user without a license)",
        "microsoftgraph/microsoft-graph-docs-contrib#717 (EXO License required: \"REST API "
        "is not yet supported for this mailbox\" for an on-premises mailbox)",
    ),
)
quirk(
    "mailbox-by-upn-not-found",
    summary="Some users' mailboxes answer 404 ResourceNotFound (\"Resource could not be "
    "discovered.\") when addressed by userPrincipalName, and answer when addressed by "
    "object id.",
    sources=(
        "microsoftgraph/microsoft-graph-docs#5291 (The userPrincipleName returns via Graph "
        "API is unavailable: /users/{upn}/calendars answers ResourceNotFound, the id works)",
    ),
)
quirk(
    "application-access-policy",
    summary="An Exchange application access policy that leaves a mailbox out answers the "
    "app's app-only requests to it with 403 ErrorAccessDenied \"Access to OData is "
    "disabled.\"",
    sources=(
        "OfficeDev/office-js-docs-pr#2808 (Access to OData is disabled in Outlook REST API)",
        "microsoftgraph/microsoft-graph-docs#10103 (provide more detail on what exchange admin "
        "should do in this case)",
    ),
)
quirk(
    "room-calendar-permissions-not-supported",
    summary="Listing a room or resource mailbox's calendarPermissions can answer 400 "
    "ErrorNotSupported (\"Specified method is not supported.\"); reported for a delegated "
    "caller, played by the emulator for every caller.",
    sources=(
        "microsoftgraph/microsoft-graph-docs#20468 (Trying to get a list of permissions as per "
        "example yields \"Method not supported\" error)",
    ),
)


quirk(
    "derived-properties-need-cast",
    summary="On /messages, $select and $expand name a property of a derived type "
    "(eventMessage's meetingMessageType, startDateTime, event, ...) only in its cast form "
    "(microsoft.graph.eventMessage/meetingMessageType); the plain name answers 400 "
    "RequestBroker--ParseUri \"Could not find a property named '...' on type "
    "'microsoft.graph.message'\".",
    sources=(
        "microsoftgraph/microsoft-graph-docs#2018 ($select cannot get event info in message)",
        "microsoftgraph/microsoft-graph-docs#11241 (graph api list messages endpoint doesn't "
        "allow startDateTime in select list)",
        "microsoftgraph/msgraph-sdk-java#958 (Expanding event inside an event message object)",
    ),
)

quirk(
    "empty-event-on-responses",
    summary="$expand=microsoft.graph.eventMessage/event gives \"event\": {} (no id, no "
    "times) on meeting responses, though the meeting is still in the organizer's calendar.",
    sources=(
        "O365/python-o365#422 (Declined event messages not working)",
    ),
)

quirk(
    "event-expand-needs-calendars",
    summary="With delegated mail scopes alone, $expand=microsoft.graph.eventMessage/event "
    "answers 403 ErrorAccessDenied for the whole list; a calendar scope is needed too.",
    sources=(
        "microsoftgraph/microsoft-graph-docs#15507 (Getting \"Access Denied\" error on the "
        "expand query with *delegated* permissions)",
    ),
)
quirk(
    "cae-unquoted-authorization-uri",
    summary="A continuous-access-evaluation 401 writes `authorization_uri=https://…` "
    "unquoted in `WWW-Authenticate`, where Microsoft's page quotes every parameter.",
    sources=(
        "microsoftgraph/msgraph-sdk-dotnet#1416 (The SDK is not able to parse the CAE "
        "challenge)",
    ),
)



quirk(
    "timezone-ignored-on-writes",
    summary="Prefer: outlook.timezone is ignored on POST and PATCH of an event (no "
    "Preference-Applied): a created event comes back in the zone its start was written in, "
    "an updated one in UTC.",
    sources=(
        "microsoftgraph/microsoft-graph-docs-contrib#8645 (header \"Prefer: outlook.timezone\" "
        "is ignored when creating an event)",
        "microsoftgraph/microsoft-graph-docs-contrib#5029 (Response doesn't respect Header "
        "Prefer outlook.timezone)",
        "microsoftgraph/microsoft-graph-docs#116 (Start and End response objects.)",
    ),
)

quirk(
    "all-day-as-utc-midnight",
    summary="An all-day event's start and end come back as midnight labelled UTC whatever "
    "zone Prefer: outlook.timezone asks for (the dates are the calendar's dates, not UTC "
    "instants).",
    sources=(
        "microsoftgraph/microsoft-graph-docs#6003 (All day Outlook events have same start/end "
        "times despite timezone header)",
        "microsoftgraph/microsoft-graph-docs#1802 ('isAllDay' and 'dateTime' in all day event "
        "are not consistent)",
        "microsoftgraph/microsoft-graph-docs#16798 (Value of start.dateTime property for "
        "all-day events is NOT always UTC)",
    ),
)

quirk(
    "calendar-view-five-years",
    summary="calendarView refuses a window longer than 1,825 days (five years of 365 days: "
    "a window of five calendar years with a 29 February is refused) with 400 "
    "ErrorInvalidRequest \"The range between the start and end dates is greater than the "
    "allowed range. Maximum number of days: 1825\"; the calendarView pages name no limit.",
    sources=(
        "microsoftgraph/microsoft-graph-docs-contrib#6321 and microsoftgraph/"
        "microsoft-graph-docs#6284 (New date range limit has been introduced? \"The range "
        "between the start and end dates is greater than the allowed range. Maximum number "
        "of days: 1825\")",
    ),
)

quirk(
    "private-event-get-refused",
    summary="Reading one private event of someone else's calendar (GET .../events/{id}) "
    "answers 403 ErrorAccessDenied to a person whose access does not include private "
    "items, although the list and calendarView return the same event (as busy time).",
    sources=(
        "microsoftgraph/microsoft-graph-docs-contrib#2905 and microsoftgraph/"
        "microsoft-graph-docs#14494 (Get event for private events is not currently allowed)",
    ),
)


quirk(
    "expand-fails-on-a-removed-meeting",
    summary="A page of /messages with $expand=microsoft.graph.eventMessage/event answers 500 "
    "InternalServerError (\"Error while processing response.\") when one meeting message on "
    "it is about a meeting no longer in the calendar (declined or deleted).",
    sources=(
        "microsoftgraph/microsoft-graph-docs-contrib#8064 (Graph API not being able to "
        "expand deleted Calendar event mails)",
    ),
)


quirk(
    "schedule-null-interval-500",
    summary="getSchedule with \"availabilityViewInterval\": null answers 500 instead of "
    "taking the default 30 minutes (the page says the property is optional).",
    sources=(
        "microsoftgraph/microsoft-graph-docs#4494 (Get free/busy schedule API throws 500 if "
        "availabilityViewInterval is null; labelled serviceissue)",
        "microsoftgraph/microsoft-graph-docs-contrib#7208 (the same, moved)",
    ),
)

quirk(
    "schedule-working-elsewhere-as-free",
    summary="getSchedule's availabilityView writes an event shown as working elsewhere as "
    "free (0), where the page says 4; its scheduleItems say workingElsewhere.",
    sources=(
        "microsoftgraph/msgraph-metadata#598 (freeBusyStatus.workingElsewhere is suppose to be "
        "4 but does not shows so using a getschedule-request)",
        "microsoftgraph/microsoft-graph-docs-contrib#399 (availabilityView missing number)",
    ),
)

quirk(
    "private-meeting-mail-not-forwarded",
    summary="Meeting requests, cancellations and responses about a private meeting are not "
    "forwarded to the principal's delegates, whatever their access (the share-or-delegate "
    "page says delegates receive meeting requests and responses): the delegate rule Outlook "
    "writes forwards only meeting messages whose sensitivity is not private, and the "
    "principal keeps the request, actionable, whatever the delivery option.",
    sources=(
        "https://learn.microsoft.com/openspecs/exchange_server_protocols/ms-oxodlgt/"
        "992621d7-d747-45b8-9042-57b32be5ab7b ([MS-OXODLGT] 2.2.2.2.6 PidTagDelegateFlags) and "
        ".../ms-oxodlgt/68558d9e-1b33-4568-bc3a-1b1aae75663c (3.1.4.3.5 Setting the Delegate "
        "Rule: OP_DELEGATE)",
        "https://learn.microsoft.com/openspecs/exchange_server_protocols/ms-oxocal/"
        "162a791d-cbd6-4c14-bc05-a48fd83372df ([MS-OXOCAL] 3.1.5.6 Delegator Wants Copy: a "
        "private request stays actionable in the delegator's mailbox)",
        "https://github.com/Kopano-dev/kopano-core/blob/master/swig/python/kopano/kopano/"
        "delegation.py (writes Outlook's delegate rule, \"Schedule+ EMS Interface\": meeting "
        "messages whose PR_SENSITIVITY is absent or not 2, private)",
    ),
)


class Quirks:
    """The quirks one emulator plays; ask ``quirks.on(name)`` where a behaviour differs."""

    def __init__(self, names: frozenset[str] | set[str] | None = None) -> None:
        chosen = frozenset(QUIRKS) if names is None else frozenset(names)
        unknown = sorted(chosen - set(QUIRKS))
        if unknown:
            raise ValueError(
                f"Unknown quirks: {', '.join(unknown)}. Known: {', '.join(sorted(QUIRKS))}."
            )
        self.names = chosen

    @classmethod
    def parse(cls, text: str) -> Quirks:
        """``service`` (all), ``none``, or names separated by commas."""
        text = text.strip()
        if text.lower() in ("", SERVICE):
            return cls()
        if text.lower() == NONE:
            return cls(frozenset())
        return cls({part.strip() for part in text.split(",") if part.strip()})

    @classmethod
    def from_environment(cls) -> Quirks:
        """The profile ``DEPUTY_EMULATOR_QUIRKS`` asks for; the service's by default."""
        return cls.parse(os.environ.get(ENVIRONMENT_VARIABLE, SERVICE))

    def on(self, name: str) -> bool:
        if name not in QUIRKS:
            raise KeyError(f"No quirk named {name!r}; register it in quirks.py.")
        return name in self.names

    def without(self, *names: str) -> Quirks:
        """These quirks, less some: a test of what the documented service does."""
        return Quirks(self.names - set(names))

    def plus(self, *names: str) -> Quirks:
        return Quirks(self.names | set(names))

    def describe(self) -> str:
        if self.names == frozenset(QUIRKS):
            return SERVICE
        return ",".join(sorted(self.names)) or NONE

    def to_json(self) -> dict[str, object]:
        return {
            "profile": self.describe(),
            "on": sorted(self.names),
            "known": [
                {
                    "name": q.name,
                    "summary": q.summary,
                    "sources": list(q.sources),
                    "departsFromContract": q.departs_from_contract,
                }
                for q in QUIRKS.values()
            ],
        }


def departures(names: set[str] | frozenset[str]) -> dict[str, str]:
    """The header naming which of ``names`` (quirks shown in an answer) break the
    contract; empty when none does."""
    departing = sorted(n for n in names if n in QUIRKS and QUIRKS[n].departs_from_contract)
    return {DEPARTS_HEADER: ",".join(departing)} if departing else {}


def markdown_table() -> str:
    """The quirks as the README shows them (a test keeps the two the same)."""
    lines = [
        "| Quirk | What the service does | Public source | Departs from the contract |",
        "|---|---|---|---|",
    ]
    for q in sorted(QUIRKS.values(), key=lambda q: q.name):
        lines.append(
            f"| `{q.name}` | {q.summary} | {'; '.join(q.sources)} | "
            f"{'yes' if q.departs_from_contract else 'no'} |"
        )
    return "\n".join(lines)
