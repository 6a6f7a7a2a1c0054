"""Reviewing a snapshot: who sees whose calendar, what an auditor asks about, what changed.

Plain Python over the rows a ``SnapshotStore`` holds, with no Qt, so the review
views, the reports and ``deputy report`` all compute the same answers.
"""
