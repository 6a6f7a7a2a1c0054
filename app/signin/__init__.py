"""Signing in: the demo and work accounts, and the tenant's configuration."""
