"""Where Deputy's log goes, for the window and for ``deputy sync`` alike (no Qt here)."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from io import TextIOWrapper
from pathlib import Path

from app import paths
from app.private_files import user_only


class _UserOnlyLog(logging.handlers.RotatingFileHandler):
    """The log, and each one rotation starts, readable by the user alone: it names the
    people whose mailboxes Deputy reads."""

    def _open(self) -> TextIOWrapper:
        user_only(Path(self.baseFilename))
        return super()._open()


def configure_logging() -> None:
    """INFO and above to the log file; errors also to stderr. Never a token: the Graph
    client logs methods, URLs without queries, codes and request-ids only."""
    root = logging.getLogger()
    wanted = str(paths.log_file())
    ours = [h for h in root.handlers if getattr(h, "deputy", False)]
    if any(getattr(h, "baseFilename", None) == wanted for h in ours):
        return
    for handler in ours:  # set up for another Deputy home (tests run many in one process)
        root.removeHandler(handler)
        handler.close()
    file_handler = _UserOnlyLog(user_only(paths.log_file()), maxBytes=1_000_000,
                                backupCount=3, encoding="utf-8")
    file_handler.setLevel(logging.INFO)
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    file_handler.deputy = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    errors = logging.StreamHandler(sys.stderr)
    errors.setLevel(logging.ERROR)
    errors.setFormatter(logging.Formatter("deputy: %(message)s"))
    errors.deputy = True  # type: ignore[attr-defined]
    root.addHandler(errors)
    root.setLevel(logging.INFO)
