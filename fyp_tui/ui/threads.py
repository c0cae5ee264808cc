"""The app's worker threads end with the app: leaving it never waits for a long build.

Textual runs thread workers (and ``asyncio.to_thread``) in the event loop's default
executor, whose threads the interpreter joins at exit. A search index built on first
use takes 72 s at 1,000 plans and 20 minutes at 10,000, and corpus weights minutes
more: quitting the app while one ran cleared the screen and then left the terminal
with no prompt until it was done. ``DaemonExecutor`` runs each call in a daemon
thread of its own instead, so the process ends when the app does. A build cut short
this way is what a killed process leaves: every store file is written aside and
renamed into place, and the cache sweeps an abandoned build's files later.
"""

from __future__ import annotations

import itertools
import threading
from concurrent.futures import Future, ThreadPoolExecutor

_count = itertools.count(1)


class DaemonExecutor(ThreadPoolExecutor):
    """A ``ThreadPoolExecutor`` (what asyncio accepts as a loop's default) whose every
    call runs in a new daemon thread, and whose shutdown does not wait for them."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        fut: Future = Future()

        def run() -> None:
            if not fut.set_running_or_notify_cancel():
                return
            try:
                result = fn(*args, **kwargs)
            except BaseException as e:  # the caller gets it from the future, as from a pool
                fut.set_exception(e)
            else:
                fut.set_result(result)

        threading.Thread(target=run, name=f"fyp-worker-{next(_count)}", daemon=True).start()
        return fut

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        pass  # nothing pooled to wait for: the threads end with the process
