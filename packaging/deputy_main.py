"""The frozen app's entry point: the same command line as the ``deputy`` console script.

``deputy``, ``deputy sync ...`` and ``deputy report ...`` all go through
``app.cli.main``, which dispatches the subcommands itself. With
``DEPUTY_SELF_CHECK=1`` the frozen app instead checks that the pieces PyInstaller
can miss (keyring backends, msal, cryptography, time-zone data, resources, Qt
plugins, the sync's own process) are inside it; ``packaging/smoke_test.sh`` runs
that first.
"""

from __future__ import annotations

import multiprocessing
import os
import sys


def main() -> int:
    # The window's sync runs in a process of its own (app.review.sync_process): frozen,
    # that process is this executable again, and this call runs its part and exits.
    multiprocessing.freeze_support()
    if os.environ.get("DEPUTY_SELF_CHECK") == "1":
        import self_check

        return self_check.main()
    from app.cli import main as deputy

    return deputy()


if __name__ == "__main__":
    sys.exit(main())
