"""The frozen app's entry point: the same command line as the ``deputy`` console script.

``deputy``, ``deputy sync ...`` and ``deputy report ...`` all go through
``app.cli.main``, which dispatches the subcommands itself. With
``DEPUTY_SELF_CHECK=1`` the frozen app instead checks that the pieces PyInstaller
can miss (keyring backends, msal, cryptography, time-zone data, resources, Qt
plugins) are inside it; ``packaging/smoke_test.sh`` runs that first.
"""

from __future__ import annotations

import os
import sys


def main() -> int:
    if os.environ.get("DEPUTY_SELF_CHECK") == "1":
        import self_check

        return self_check.main()
    from app.cli import main as deputy

    return deputy()


if __name__ == "__main__":
    sys.exit(main())
