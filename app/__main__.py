"""``python -m app`` runs the same command line as ``deputy``."""

import sys

from app.cli import main

sys.exit(main())
