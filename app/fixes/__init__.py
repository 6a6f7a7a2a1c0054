"""Fixing what the review finds, many permissions at once, as safely as one.

A fix goes plan -> preview -> apply, and can be undone from the change journal:

- ``plan``: which permissions to change, and to what, from a rule's findings, a CSV
  or rows picked in the review; nothing is read from the tenant yet.
- ``preview``: each planned change checked against the live tenant (what changed since
  the snapshot, which roles the live permission allows) and what people will notice.
- ``apply``: the ready changes as one flow of ``$batch`` calls, each recorded in the
  change journal with Graph's request-id and outcome.
- ``undo``: a run's changes turned back into a plan of their own, previewed the same way.
"""
