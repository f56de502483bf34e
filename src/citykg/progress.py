"""The build's progress: a bar on a terminal, log lines with ``-v``, silence otherwise.

A bar that starts counting while the spaCy model loads (seconds, before any document)
shows a rate and an ETA that mean nothing. So the bar first prints a ``loading model …``
line, and its clock starts when the first document comes back: the rate and the ETA are
measured over documents only. Only files that must be extracted count (cache hits are
not work); a build where everything hits shows no bar and loads no model.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import TextIO

from .model import DocExtraction

log = logging.getLogger("citykg.build")


def _clock(seconds: float) -> str:
    seconds = int(max(0, seconds))
    return f"{seconds // 60:d}:{seconds % 60:02d}"


class Progress:
    """``start(total)`` when the work is known, ``progress(x)`` per extraction, ``close()``.

    ``tty``: draw a bar on ``stream``; ``verbose``: log every tenth of the work."""

    def __init__(self, stream: TextIO | None = None, *, tty: bool | None = None, verbose=False):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.verbose = verbose
        self.total = 0
        self.done = 0
        self.t_first: float | None = None
        self._next_log = 0
        self._drawn = False

    def start(self, total: int) -> None:
        self.total = total
        if not total:
            return
        if self.tty:
            self.stream.write(f"loading model … ({total} document file(s) to extract)\n")
            self.stream.flush()
        elif self.verbose:
            log.info("loading model … (%d document file(s) to extract)", total)

    def __call__(self, x: DocExtraction) -> None:
        now = time.perf_counter()
        if self.t_first is None:
            self.t_first = now
        self.done += 1
        if self.tty:
            self._draw(now)
        elif self.verbose and self.done >= self._next_log:
            self._next_log = self.done + max(1, self.total // 10)
            log.info("extracted %d/%d document(s) %s", self.done, self.total, self._rate(now))

    def _rate(self, now: float) -> str:
        """docs/s and ETA over the documents after the first (the first one paid for the
        model loading and the first batch)."""
        if self.t_first is None or self.done < 2 or now <= self.t_first:
            return ""
        rate = (self.done - 1) / (now - self.t_first)
        left = max(0, self.total - self.done)
        return f"{rate:.1f} docs/s ETA {_clock(left / rate)}"

    def _draw(self, now: float) -> None:
        width = 30
        total = max(self.total, self.done, 1)
        filled = int(width * self.done / total)
        bar = "#" * filled + "-" * (width - filled)
        line = f"\rextracting [{bar}] {self.done}/{total} {self._rate(now)}"
        self.stream.write(line.ljust(78))
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False
