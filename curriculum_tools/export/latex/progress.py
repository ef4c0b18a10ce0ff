"""Progress of a long PDF build: the caller's callback (a bar on a terminal), else a line on
stderr every few files, every :data:`EVERY_SECONDS` while a long file (the course book) is still
compiling, and at the end, so a long run is never silent."""

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
        self.running: list[str] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None

    def start(self, label: str) -> None:
        """A file starts compiling; without a callback, a heartbeat names it while it runs."""
        with self._lock:
            self.running.append(label)
            if self.callback is None and self._beat is None:
                self._beat = threading.Thread(target=self._heartbeat, daemon=True)
                self._beat.start()

    def _heartbeat(self) -> None:
        while not self._stop.wait(EVERY_SECONDS / 3):
            with self._lock:
                if self.running and time.monotonic() - self.last >= EVERY_SECONDS:
                    self.last = time.monotonic()
                    self._line()

    def done(self, label: str, *, cached: bool = False) -> None:
        with self._lock:
            if label in self.running:
                self.running.remove(label)
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
        self._stop.set()
        if self._beat is not None:
            self._beat.join()
        if self.callback is None and self.total and self.printed != self.count:
            self._line()

    def _line(self) -> None:
        self.printed = self.count
        seconds = time.monotonic() - self.started
        busy = f"; compiling {', '.join(self.running)}" if self.running else ""
        print(
            f"latex: {self.count}/{self.total} PDFs ({self.cached} unchanged) in {seconds:.0f} s"
            + busy,
            file=sys.stderr,
            flush=True,
        )
