"""Private meetings' messages, as someone who may not see private events receives them.

Outlook's delegate rule forwards no meeting message about a private meeting to the
principal's delegates (quirk ``private-meeting-mail-not-forwarded``), so on the service
such a message reaches an assistant only in a tenant or client that forwards it anyway:
a rule someone wrote, an older Outlook, a future change. Deputy does not rely on it. A
delegated message about a private meeting keeps its subject, description and place only
when the service shows the signed-in person that meeting in full; otherwise they are
removed here, as soon as the message is read, so no view, tooltip, journal entry, log
line or export can carry them.
"""

from __future__ import annotations

from dataclasses import replace

from .resources import EventMessage

PRIVATE_SUBJECT = "Private meeting"
PRIVATE_SENSITIVITIES = frozenset({"private", "confidential"})


def hidden_from_me(message: EventMessage) -> bool:
    """Is this message about a private meeting of a principal whose private events the
    signed-in person may not see?

    My own meeting messages are mine to read. For a delegated one the expanded meeting
    tells: the service gives a private meeting's subject only to those who may see it
    (free/busy otherwise). With no meeting to ask (withheld, declined, cancelled), the
    sensitivity the message carries decides, and a private one stays hidden: Deputy
    can't tell that this person may see it.
    """
    if not message.is_delegated:
        return False
    event = message.event
    if event is not None:
        return event.is_private and event.subject is None
    return message.sensitivity in PRIVATE_SENSITIVITIES


def withhold_private(message: EventMessage) -> EventMessage:
    """The message as this person may see it: unchanged, or without subject, body and
    place (the times stay: free/busy shows them to everyone)."""
    if not hidden_from_me(message):
        return message
    extra = {k: v for k, v in message.extra.items() if k != "bodyPreview"}
    return replace(message, subject=PRIVATE_SUBJECT, body=None, location=None,
                   extra=extra, private_withheld=True)
