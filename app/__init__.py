"""Deputy: manage Outlook calendar sharing and delegation through Microsoft Graph."""

__version__ = "0.1.0"
APP_NAME = "Deputy"
