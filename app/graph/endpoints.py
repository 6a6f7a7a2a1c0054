"""The Microsoft endpoints Deputy talks to, named once.

Everything else takes a base URL from configuration, so that pointing Deputy at the
emulator (or at a national cloud) changes configuration, not code.
"""

from __future__ import annotations

GRAPH_BASE_URL = "https://graph.microsoft.com"
LOGIN_AUTHORITY_HOST = "https://login.microsoftonline.com"
GRAPH_DEFAULT_SCOPE = "https://graph.microsoft.com/.default"
