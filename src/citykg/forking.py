"""A function called in a forked process, its result piped back (posix).

The build's global stages run on one core while the second is often idle (a rebuild's
extraction is done, the TriG not begun), so a few of them hand half of their work to a
forked copy of the process: the copy shares everything loaded so far without pickling it,
runs one function, sends its result back through a pipe and ends without the parent's
clean-ups (``os._exit``). A fork that cannot start, fails or dies gives no result, and
the caller does that work itself: the output never depends on whether the fork ran.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from typing import Any


class ForkedCall:
    """A call running in a forked process; :meth:`result` waits for it."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid = pid
        self.fd = fd

    def result(self) -> Any | None:
        """What the call returned, or None if the process failed (an exception, a death)."""
        try:
            with os.fdopen(self.fd, "rb") as fh:
                got = pickle.load(fh)
        except (EOFError, OSError, pickle.UnpicklingError):
            got = None
        _, status = os.waitpid(self.pid, 0)
        return got if status == 0 else None


def fork_call(func: Callable[[], Any]) -> ForkedCall | None:
    """Start ``func()`` in a forked process; None where there is no fork (not posix, or
    the fork failed). ``func`` should return something other than None: None is how a
    failed call reads."""
    if not hasattr(os, "fork"):
        return None
    r, w = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(r)
        os.close(w)
        return None
    if pid == 0:  # the forked process: the call, its result sent back, then out
        os.close(r)
        code = 1
        try:
            value = func()
            with os.fdopen(w, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)
    os.close(w)
    return ForkedCall(pid, r)
