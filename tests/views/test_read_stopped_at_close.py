"""A read still running as Deputy's window closes is stopped by the task runner's
shutdown (it makes no further request); its end is not a failure to tell anyone."""

from __future__ import annotations

import threading

from tests.views.conftest import LOAD_TIMEOUT_MS

ADELE = "AdeleV@contoso.com"


def test_a_read_stopped_as_the_window_closes_is_not_told_as_a_failure(open_deputy, qtbot):
    window = open_deputy(ADELE)
    jobs = window.workspace.jobs
    started = threading.Event()

    def read_on(task):
        started.set()
        task.cancel_requested.wait(LOAD_TIMEOUT_MS / 1000)
        return jobs.session.service.me()  # stopped: the client sends nothing more

    values = []
    jobs.load("slow", "Reading on", read_on, values.append)
    assert started.wait(LOAD_TIMEOUT_MS / 1000)
    assert jobs.runner.shutdown()  # as closing the window does
    qtbot.waitUntil(lambda: not jobs.loading, timeout=LOAD_TIMEOUT_MS)
    assert values == []
    assert window.message_bar.message == ""  # and no "unexpected failure" logged
