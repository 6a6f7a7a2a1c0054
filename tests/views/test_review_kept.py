"""A review's snapshot, once shown, lives as long as its window shows it: the GUI
thread's collector freezes it (``keep_what_lives_now``), so that the full collections
that come while a 100,000-mailbox review is open do not walk it again (0.3-0.5 s each
on the GUI thread)."""

from __future__ import annotations

import gc

from tests.views.test_matrix_find import contoso_review


def test_a_shown_snapshot_is_kept_out_of_later_collections(qtbot, offline_review):
    window = contoso_review(offline_review)
    assert window.current is not None
    walked = {id(o) for o in gc.get_objects()}
    for kept in (window.current, window.matrix_view.model.matrix,
                 window.matrix_view.model.matrix.people):
        assert id(kept) not in walked
