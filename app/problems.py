"""Every failure in the person's words, and what to do: the one place that decides.

Views, the main window's parts, the review and the command line all turn an error into
words here, so the same failure reads the same everywhere, and its details are logged
once: Graph's request-id (what Microsoft support asks for) with a Graph error, the
traceback with an error Deputy did not expect. No Qt: the CLIs use it too.
"""

from __future__ import annotations

import logging

from app.graph.auth.errors import SignInError
from app.graph.errors import GraphError
from app.graph.tokens import InteractionRequired

log = logging.getLogger(__name__)

SIGN_IN_AGAIN = "Microsoft 365 wants you to sign in again before Deputy can do this."
UNEXPECTED = "Something went wrong inside Deputy. The details are in the log."


class Said(Exception):  # noqa: N818 - a kind of error, named for what it carries
    """An error whose ``str()`` is already a sentence for the person: what happened and
    what to do ("Another Deputy is writing the snapshots: …")."""


# Deputy's errors whose words are a sentence for the person: ``Said`` and, from the
# Graph client's layer (which knows nothing of this module), a failed sign-in's.
_SENTENCES = (Said, SignInError)


def user_words(error: BaseException | None) -> str:
    """What a failure is called in front of the person (and in the change journal),
    without logging anything."""
    if isinstance(error, GraphError):
        return error.message
    if isinstance(error, InteractionRequired):
        return SIGN_IN_AGAIN
    if isinstance(error, _SENTENCES):
        return str(error)
    return UNEXPECTED


def told(error: BaseException | None, what: str = "") -> str:
    """The words to show for ``error``, its details logged: ``what`` Deputy was doing
    ("read this snapshot") names the failure Deputy did not expect."""
    if isinstance(error, GraphError):
        log.info("Shown to the user: %s [%s]", error.message, error.log_line)
    elif isinstance(error, InteractionRequired | Said | SignInError):
        log.info("Shown to the user: %s", user_words(error))
    else:
        log.error("Unexpected failure%s", f" (could not {what})" if what else "",
                  exc_info=error)
        if what:
            return f"Deputy could not {what}. The details are in the log."
    return user_words(error)


def os_reason(error: BaseException | None) -> str:
    """The operating system's words ("Permission denied"); the rest is in the log."""
    return getattr(error, "strerror", None) or "the details are in the log"
