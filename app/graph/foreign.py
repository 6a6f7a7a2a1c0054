"""Answers that aren't Graph's, told apart from Graph's own.

Graph answers JSON, errors included. What answers otherwise is something on the way:
a captive portal (hotel or guest Wi-Fi) answering 200 with its sign-in page, a
company proxy refusing a site (403, 502) or wanting a password (407), each with an
HTML page of its own. A ``$batch`` sub-response can also carry a plain-text body
instead of a JSON object (microsoftgraph/msgraph-sdk-java#2472, "JsonSyntaxException
in BatchResponseContent when batch response contains non-JSON body";
msgraph-sdk-dotnet#2661, "Graph API appears to be returning HTML"). Reading such
an answer as Graph's would end in a JSON exception, or worse, in "you don't have
permission" for a proxy's 403. Each becomes one error with its own words instead.

This module only classifies and words them; ``app.graph.http`` decides when.
"""

from __future__ import annotations

import html
import re
from typing import Any

FOREIGN = "ForeignAnswer"  # something between this computer and Graph answered
UNREADABLE = "UnreadableAnswer"  # Graph's envelope, with a body that isn't JSON
PROXY_AUTHENTICATION = "ProxyAuthenticationRequired"
UNTRUSTED = "UntrustedCertificate"  # TLS failed: the certificate shown isn't trusted here
CODES = frozenset({FOREIGN, UNREADABLE, PROXY_AUTHENTICATION, UNTRUSTED})

PROXY_AUTHENTICATION_SENTENCE = (
    "The proxy server of this network asked Deputy for a user name and password "
    "(407 Proxy Authentication Required). Ask your IT department to let Deputy "
    "reach login.microsoftonline.com and graph.microsoft.com without one, or set "
    "HTTPS_PROXY to the proxy's address with your user name and password in it, "
    "then try again."
)
UNTRUSTED_SENTENCE = (
    "This computer does not trust the certificate Microsoft 365's address answered "
    "with. On a company network that inspects connections, the company's root "
    "certificate must be in this computer's certificate store: ask your IT department. "
    "Elsewhere, someone may be intercepting the connection: don't continue on this network."
)

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_SCRIPT = re.compile(r"<(script|style)[^>]*>.*?</\1>", re.IGNORECASE | re.DOTALL)
_EXCERPT = 120


def is_graph_answer(response: Any) -> bool:
    """True when a ``requests.Response`` looks like Graph's: JSON, or no body at all."""
    if not response.content:
        return True
    return "json" in response.headers.get("Content-Type", "").lower()


def code_of(status: int) -> str:
    return PROXY_AUTHENTICATION if status == 407 else FOREIGN


def describe(text: str) -> str:
    """A short plain-text excerpt of someone else's page: its title, or its first words.

    The page is hostile text: tags and entities are removed, angle brackets too (a
    label could take what is left for rich text), and the excerpt is bounded.
    """
    found = _TITLE.search(text)
    words = found.group(1) if found else _TAG.sub(" ", _SCRIPT.sub(" ", text))
    words = html.unescape(words).replace("<", " ").replace(">", " ")
    words = " ".join(words.split())
    if len(words) > _EXCERPT:
        words = words[: _EXCERPT - 1].rstrip() + "…"
    return words


def unreadable_body(status: int, text: str) -> tuple[int, dict[str, Any]]:
    """A sub-response's text body as a Graph-shaped failure: (status, body).

    A success that can't be read is not a success: it counts as a 502, so a request
    safe to repeat is sent again, and one that stays unreadable says why.
    """
    return (status if status >= 400 else 502), {
        "error": {"code": UNREADABLE, "message": describe(text) or "(empty)"}
    }


def foreign_sentence(seen: str) -> str:
    return (
        f"Something between this computer and Microsoft 365 answered instead: {seen}. "
        "If this network needs you to sign in or accept terms in a web browser, do "
        "that, then try again; otherwise ask your IT department whether a proxy or "
        "firewall blocks Microsoft 365."
    )


def message_for(status: int, code: str, detail: str) -> str | None:
    """The sentence for the user, or None when the answer was Graph's own."""
    if code == PROXY_AUTHENTICATION:
        return PROXY_AUTHENTICATION_SENTENCE
    if code == UNTRUSTED:
        return UNTRUSTED_SENTENCE
    if code == FOREIGN:
        seen = f"“{detail}” (HTTP {status})" if detail else f"an empty page (HTTP {status})"
        return foreign_sentence(seen)
    if code == UNREADABLE:
        return (
            "Microsoft 365 answered in a form Deputy can't read"
            + (f" (“{detail}”)" if detail else "")
            + ". Try again in a few minutes; if it keeps happening, the request-id in "
            "Deputy's log helps Microsoft support."
        )
    return None
