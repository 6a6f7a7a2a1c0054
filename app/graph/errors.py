"""The one error type the Graph client raises, with a message a user can act on.

Graph's own messages are for developers ("Access is denied. Check credentials and
try again."). The client keeps them, with the status, code and ``request-id``, for
the log, and puts beside them a sentence for the person at the keyboard.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import foreign


@dataclass
class GraphError(Exception):
    """A Graph call that failed for good (after any retries).

    Attributes:
        status: HTTP status, or 0 when no answer came (network down, timeout).
        code: Graph's error code, for example ``ErrorAccessDenied``.
        message: the sentence to show the user: what happened and what to do.
        request_id: Graph's ``request-id``, for the log and for Microsoft support.
        detail: Graph's own message, for the log.
        method: the HTTP method of the failed call.
        url: the URL of the failed call.
    """

    status: int
    code: str
    message: str
    request_id: str | None = None
    detail: str = ""
    method: str = ""
    url: str = ""

    def __str__(self) -> str:
        return self.message

    @property
    def log_line(self) -> str:
        """Everything a support person needs, and nothing secret."""
        return (f"{self.method} {self.url} -> {self.status} {self.code} "
                f"(request-id {self.request_id or 'none'}): {self.detail or self.message}")


@dataclass(frozen=True)
class ErrorBody:
    """What Graph's error body says, read from its JSON where it comes in:
    ``{"error": {"code", "message", "innerError": {"request-id"}}}``. Each is None when
    the body does not say it as text (another shape, a null, a proxy's JSON).
    """

    code: str | None = None
    message: str | None = None
    request_id: str | None = None

    @classmethod
    def of(cls, body: object) -> ErrorBody:
        error = body.get("error") if isinstance(body, dict) else None
        if not isinstance(error, dict):
            return cls()
        inner = error.get("innerError")
        return cls(_text(error.get("code")), _text(error.get("message")),
                   _text(inner.get("request-id")) if isinstance(inner, dict) else None)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


# Mailboxes Microsoft Graph can't open (issue 16, item 6), in words an administrator acts
# on: never "no longer exists", which Graph's 404 would otherwise read as.
NOT_EXCHANGE_ONLINE = ("Not an Exchange Online mailbox (a guest, an unlicensed or "
                       "on-premises user, or a deleted mailbox): Microsoft Graph can't open it.")
APPLICATION_ACCESS_POLICY = ("Blocked by an application access policy: ask your Exchange "
                             "administrator for Deputy's app to be added to it.")
NOT_FOUND_BY_ADDRESS = ("Microsoft Graph could not find this mailbox by its address; some "
                        "mailboxes are found only by their object id.")
# How the sync words a part of a mailbox it could not read: "Could not read the
# calendars: <why>" (``deputy sync`` regroups them by reason).
PART_NOT_READ = "Could not read the "
NOT_SUPPORTED = ("Microsoft Graph doesn't do this for this mailbox (a room or resource "
                 "mailbox's calendar permissions, for one); see them in the Exchange admin "
                 "center or with Get-MailboxFolderPermission.")


def user_message(status: int, code: str, detail: str, action: str | None = None) -> str:
    """A sentence for the user; ``action`` is a service's own wording for a refusal."""
    not_graphs = foreign.message_for(status, code, detail)
    if not_graphs is not None:
        return not_graphs
    if code == "MailboxNotEnabledForRESTAPI":
        return NOT_EXCHANGE_ONLINE
    if status == 403 and "Access to OData is disabled" in detail:
        return APPLICATION_ACCESS_POLICY
    if code == "ErrorNotSupported":
        return NOT_SUPPORTED
    if status == 404 and detail == "Resource could not be discovered.":
        return NOT_FOUND_BY_ADDRESS
    if status == 403 and action:
        return action
    if status == 401:
        return "Your sign-in has expired or was revoked. Sign in again to continue."
    if status == 403:
        return ("You don't have permission to do this. Ask the calendar's owner or your "
                "administrator for access.")
    if status == 404 and code == "ErrorInvalidUser":
        return "There is no such person in your organization. Check the address."
    if status == 404:
        return "This item no longer exists. Refresh to see the current state."
    if status == 409:
        return f"That already exists. {detail}".strip()
    if status == 429:
        return "Microsoft 365 is busy and asked Deputy to slow down. Try again in a minute."
    if status in (500, 502, 503, 504) or status == 0:
        return ("Microsoft 365 could not be reached or did not answer. Check your connection "
                "and try again.")
    if status == 400 and detail:
        return detail  # Graph's 400 messages say what was wrong with the input
    return f"The request failed ({status} {code})."
