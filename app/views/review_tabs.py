"""The review window's tabs by name, for whoever names one without opening the review
(``deputy --screenshot --view findings``): the review's own modules load when it opens."""

REVIEW_VIEWS = ("review", "findings", "changes")
