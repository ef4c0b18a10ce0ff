"""Progress of a long PDF build: the caller's callback (a bar on a terminal), else a line on
stderr every few files and at the end, so a long run is never silent."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable

EVERY_FILES = 10
EVERY_SECONDS = 15.0


class Progress:
    """Counts finished compilations (from worker threads)."""

    def __init__(self, total: int, callback: Callable[[str], None] | None) -> None:
        self.total = total
        self.callback = callback
        self.count = 0
        self.cached = 0
        self.started = self.last = time.monotonic()
        self.printed = -1
        self._lock = threading.Lock()

    def done(self, label: str, *, cached: bool = False) -> None:
        with self._lock:
            self.count += 1
            self.cached += cached
            if self.callback is not None:
                self.callback(label)
                return
            now = time.monotonic()
            if self.count % EVERY_FILES == 0 or now - self.last >= EVERY_SECONDS:
                self.last = now
                self._line()

    def finish(self) -> None:
        if self.callback is None and self.total and self.printed != self.count:
            self._line()

    def _line(self) -> None:
        self.printed = self.count
        seconds = time.monotonic() - self.started
        print(
            f"latex: {self.count}/{self.total} PDFs ({self.cached} unchanged) in {seconds:.0f} s",
            file=sys.stderr,
            flush=True,
        )
