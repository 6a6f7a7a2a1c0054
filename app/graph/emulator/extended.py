"""Extended (MAPI) properties of messages, asked for with ``$expand``.

Graph gives a message's MAPI properties that have no Graph name through
``$expand=singleValueExtendedProperties($filter=id eq 'Integer 0x0036')`` (the
singleValueLegacyExtendedProperty pages: the ``$filter`` on ``id`` is required). The
emulator knows one: PidTagSensitivity, the meeting's sensitivity that every meeting
message carries ([MS-OXCMSG] 2.2.1.13), which ``message`` itself does not expose.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import GraphError
from .model import Message

NAME = "singleValueExtendedProperties"
SENSITIVITY_TAG = 0x0036
SENSITIVITY_VALUES = {"normal": 0, "personal": 1, "private": 2, "confidential": 3}
_ID_FILTER = re.compile(r"^id\s+eq\s+'([^']*)'$", re.IGNORECASE)
_TAG_ID = re.compile(r"^integer\s+0x([0-9a-f]{1,4})$", re.IGNORECASE)


def asked_ids(options: str | None) -> list[str]:
    """The property ids an expand's options ask for: ``$filter=id eq '…'`` (or ``or``
    of several); without a filter the service refuses the request."""
    name, _, condition = (options or "").partition("=")
    if name.strip().lower() != "$filter" or not condition.strip():
        raise GraphError(
            400,
            "BadRequest",
            f"Expanding {NAME} needs a $filter on its id, e.g. $filter=id eq 'Integer 0x0036'.",
        )
    ids = []
    for clause in re.split(r"\s+or\s+", condition.strip(), flags=re.IGNORECASE):
        match = _ID_FILTER.match(clause.strip())
        if match is None:
            raise GraphError(400, "BadRequest", f"Invalid filter clause '{clause.strip()}'.")
        ids.append(match.group(1))
    return ids


def values(message: Message, ids: list[str]) -> list[dict[str, Any]]:
    """The asked properties this message has, each with the id as it was asked."""
    found = []
    for asked in ids:
        tag = _TAG_ID.match(asked.strip())
        if tag is not None and int(tag.group(1), 16) == SENSITIVITY_TAG:
            number = SENSITIVITY_VALUES.get(message.sensitivity, 0)
            found.append({"id": asked, "value": str(number)})
    return found
