"""The main window's parts for one signed-in session (``parts.Workspace`` makes them)."""
