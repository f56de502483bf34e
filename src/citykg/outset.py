"""A build's output directory, replaced as one set, by one build at a time.

Replacing ``citykg.ttl``, ``citykg.trig``, ``index.html`` and ``report.json`` one by one
leaves a mix of two builds after a kill between two renames (and ``query`` prefers the
TriG, so it would answer from the old one). So the build writes the whole set into a
staging directory beside ``--out`` and swaps the two directories in one step
(``renameat2(RENAME_EXCHANGE)`` on Linux; elsewhere two renames, with a window where the
directory is briefly absent but never mixed). Whatever else lives in ``--out`` (views and
exports written there later, the query cache) is moved back into the new directory.

A lock file beside ``--out`` (``flock``, released by the kernel if the build is killed)
makes a second concurrent build into the same directory fail at once with a clear
message. Leftovers of a killed build (a staging directory, an old directory not yet
removed) are cleaned up — their foreign files moved back — by the next build.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
import tempfile
from pathlib import Path

from .errors import CityKGError

try:
    import fcntl
except ImportError:  # pragma: no cover - not posix: no lock
    fcntl = None  # type: ignore[assignment]

_STAGING = "citykg-staging"


def _sibling_prefix(out: Path) -> str:
    return f".{out.name}.{_STAGING}-"


def lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.citykg-lock"


def check_out_dir(out: Path) -> None:
    """Refuse at once, in one line, an ``--out`` the build could not replace."""
    if out.exists() and not out.is_dir():
        raise CityKGError(f"{out}: --out is a file, not a directory")
    if out.is_dir() and not os.access(out, os.W_OK | os.X_OK):
        raise CityKGError(f"{out}: cannot write into the output directory (not writable)")
    parent = out.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent  # created when the outputs are staged, not before
    if not parent.is_dir():
        raise CityKGError(f"{out}: cannot create the output directory ({parent} is a file)")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise CityKGError(
            f"{out}: cannot write beside the output directory ({parent} is not writable; "
            "the new outputs are staged there and swapped in at once)"
        )


class OutputSet:
    """``with OutputSet(out) as outset:`` hold the lock; write into ``outset.stage``;
    ``outset.commit()`` swaps it in. Leaving the block without a commit leaves ``out`` as
    it was and removes the staging directory."""

    def __init__(self, out: str | os.PathLike) -> None:
        self.out = Path(os.path.abspath(out))
        self.given = Path(out)  # as the user wrote it, for messages and the report
        self._fd: int | None = None
        self._stage: Path | None = None

    def __enter__(self) -> OutputSet:
        check_out_dir(self.out)
        if not self.out.parent.is_dir():  # nothing to lock or recover yet
            return self
        self._lock()
        try:
            recover(self.out)
        except BaseException:
            self._unlock()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self._stage is not None and self._stage.exists():
                shutil.rmtree(self._stage, ignore_errors=True)
        finally:
            self._unlock()

    @property
    def stage(self) -> Path:
        """The staging directory (created on first use, beside ``out``)."""
        if self._stage is None:
            try:
                self.out.parent.mkdir(parents=True, exist_ok=True)
                self._stage = Path(
                    tempfile.mkdtemp(prefix=_sibling_prefix(self.out), dir=self.out.parent)
                )
            except OSError as exc:
                raise CityKGError(f"{self.out}: cannot stage the outputs: {_why(exc)}") from None
            os.chmod(self._stage, 0o755)
        return self._stage

    def commit(self) -> None:
        """Make the staged set the content of ``out`` in one step."""
        stage = self.stage
        try:
            if not self.out.exists():
                os.rename(stage, self.out)
            elif _exchange(stage, self.out):
                _move_foreign(stage, self.out)
                shutil.rmtree(stage, ignore_errors=True)
            else:  # no atomic exchange: never a mix, but ``out`` is absent for a moment
                old = Path(tempfile.mkdtemp(prefix=_sibling_prefix(self.out), dir=self.out.parent))
                os.rename(self.out, old / "old")
                os.rename(stage, self.out)
                _move_foreign(old / "old", self.out)
                shutil.rmtree(old, ignore_errors=True)
        except OSError as exc:
            raise CityKGError(f"{self.out}: cannot replace the outputs: {_why(exc)}") from None
        self._stage = None
        _fsync_dir(self.out.parent)

    # ------------------------------------------------------------------ lock
    def _lock(self) -> None:
        if fcntl is None:  # pragma: no cover
            return
        path = lock_path(self.out)
        while True:
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise CityKGError(f"{path}: cannot create the build lock: {_why(exc)}") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                os.close(fd)
                who = f" (pid {holder})" if holder.isdigit() else ""
                raise CityKGError(
                    f"{self.out}: another build is writing into this directory{who}; "
                    f"wait for it to finish (lock {path.name})"
                ) from None
            # the holder before us may have removed the file after we opened it
            mine = os.fstat(fd)
            try:
                now = os.stat(path)
            except FileNotFoundError:
                os.close(fd)
                continue
            if (now.st_dev, now.st_ino) != (mine.st_dev, mine.st_ino):
                os.close(fd)
                continue
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            self._fd = fd
            return

    def _unlock(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.unlink(lock_path(self.out))
        os.close(self._fd)
        self._fd = None


def recover(out: Path) -> None:
    """Clean up after a build that was killed: staged or old directories beside ``out``.
    An old directory whose swap did not finish gives back ``out`` (when ``out`` is gone)
    or its foreign files; staged outputs that were never swapped in are dropped."""
    for leftover in sorted(out.parent.glob(_sibling_prefix(out) + "*")):
        if not leftover.is_dir():
            continue
        old = leftover / "old"
        if old.is_dir():
            if not out.exists():
                os.rename(old, out)
            else:
                _move_foreign(old, out)
        elif _looks_like_old_set(leftover, out):
            _move_foreign(leftover, out)
        shutil.rmtree(leftover, ignore_errors=True)


#: Names a build writes; anything else in ``--out`` is someone else's and is kept.
SET_NAMES = frozenset(
    {"citykg.ttl", "citykg.trig", "index.html", "map.html", "report.json", "timings.json"}
)
_TEMP = re.compile(r"^\..+\.tmp$")


def _move_foreign(src: Path, dst: Path) -> None:
    """Move what is not part of a build's output set from ``src`` into ``dst``."""
    for entry in sorted(src.iterdir()):
        if entry.name in SET_NAMES or _TEMP.match(entry.name):
            continue
        target = dst / entry.name
        if target.exists() or target.is_symlink():
            continue
        os.rename(entry, target)


def _looks_like_old_set(leftover: Path, out: Path) -> bool:
    """After an exchange, the staging name holds the *old* directory: it has files that
    are not part of any output set, or a query cache. A staging directory has only set
    files (and temp files)."""
    return any(not (e.name in SET_NAMES or _TEMP.match(e.name)) for e in leftover.iterdir())


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux ``renameat2``); False when not available here."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)
