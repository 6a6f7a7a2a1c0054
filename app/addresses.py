"""Email addresses as people type them (is it one, is it inside the organization?), and
as Deputy shows them beside a name.

The check is deliberately plain (something@domain.tld): Graph has the last word on
whether the person exists; this only stops a typo before a request goes out.
"""

from __future__ import annotations

import re

_ADDRESS = re.compile(r"^[^@\s,;<>\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")


def address_problem(text: str) -> str:
    """What is wrong with ``text`` as an email address, or "" when nothing is."""
    text = text.strip()
    if not text:
        return "Type the person's email address."
    if "@" not in text:
        return (f"“{text}” is not an email address: it needs an @ and a domain, like "
                "name@contoso.com.")
    if not _ADDRESS.match(text):
        return f"“{text}” is not a valid email address. Check for spaces or a missing domain."
    return ""


def domain_of(address: str) -> str:
    return address.rpartition("@")[2].casefold()


def is_inside(address: str, organization_domain: str) -> bool:
    """Same domain as the organization's (a hint: a tenant may own several domains)."""
    return bool(organization_domain) and domain_of(address) == organization_domain.casefold()


def name_and_address(name: str | None, address: str | None) -> str:
    """"Alex Wilber <AlexW@contoso.com>", or what is known (a guest's address only)."""
    if name and address and name.casefold() != address.casefold():
        return f"{name} <{address}>"
    return name or address or "Someone unknown"
