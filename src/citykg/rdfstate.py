"""The RDF stage's merge, kept between builds: a rebuild folds in only the chunks that changed.

:func:`citykg.chunkstage.build_chunks` folds every document's chunk into sorted lines — the
shared triples, the default graph, the objects of the statement nodes, the statement
blocks — and into totals (namespaces, statement figures). For 2,000 documents that was
370,000 lines read back from 2,000 chunk files and sorted again, to change three of them.
So the stage keeps what it merged, each line with its *count* (how many chunks hold it),
and every chunk's figures, in ``OUT/.citykg-cache/rdf-state/``: a rebuild subtracts the
chunks that are gone (read from the chunk store, where they still are), adds the new
ones and streams the result, a line leaving when its count falls to zero. That is the
multiset union a fold of every chunk makes, so the files are the same bytes (the tests
compare rebuilds with clean builds).

The files are sorted lines (``line NUL count``; NUL sorts before any character a term can
hold, so the order is that of the lines). A manifest, written last and checked like every
cache file, names them with their SHA-256, the chunk keys they were merged from and the
code and base they were made with; a state that is missing, does not check out or is
another code's is not used: the stage folds every chunk, as a first build does.
"""

from __future__ import annotations

import contextlib
import hashlib
import heapq
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .cache import file_sha256, read_entry, write_entry

#: Bumped when the state's files change.
FORMAT = 1
#: The name of the manifest (its key, checked when it is read).
_MANIFEST = "MANIFEST"
#: The merged files.
KINDS = ("triples", "default", "objects", "blocks")


@dataclass
class Prior:
    """A previous build's state: its files and, per chunk key, the chunk's figures."""

    directory: Path
    files: dict[str, str]  # kind -> file name
    figures: dict[str, list]  # chunk key -> figures (citykg.chunkstage._figures)
    #: chunk key -> whether the store holds it intact, when checked ahead (prefetch)
    intact: dict[str, bool] = field(default_factory=dict)

    def path(self, kind: str) -> Path:
        return self.directory / self.files[kind]


@dataclass
class Writer:
    """The files of the state being made, written beside the previous one; :meth:`commit`
    writes the manifest that names them and removes what it no longer names."""

    directory: Path
    key: str
    files: dict[str, str] = field(default_factory=dict)

    def open(self, kind: str):
        """A file for one kind of lines (text, ``\\n`` line ends)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f"{kind}-", suffix=".lines", dir=self.directory)
        self.files[kind] = Path(tmp).name
        return os.fdopen(fd, "w", encoding="utf-8", newline="\n", buffering=1 << 16)

    def path(self, kind: str) -> Path:
        return self.directory / self.files[kind]

    def commit(self, figures: dict[str, list]) -> None:
        """Name the files and the chunks' figures in the manifest (through a rename), then
        remove the files of earlier states."""
        body = {
            "files": {
                k: [name, file_sha256(self.directory / name)] for k, name in self.files.items()
            },
            "figures": figures,
        }
        raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        write_entry(self.directory / _MANIFEST, self.key, raw)
        keep = {*self.files.values(), _MANIFEST}
        for entry in self.directory.iterdir():
            if entry.name not in keep:
                with contextlib.suppress(OSError):
                    entry.unlink()


def state_key(code: str, base: str) -> str:
    """What a state is valid for: the chunks' code, the base and this module's format."""
    return hashlib.sha256(f"citykg-rdfstate-{FORMAT}\n{code}\n{base}\n".encode()).hexdigest()


def load(directory: Path, key: str) -> Prior | None:
    """The state in ``directory`` made for ``key``, its files checked; None otherwise."""
    try:
        body = read_entry(directory / _MANIFEST, key)
        if body is None:
            return None
        row = json.loads(body)
        files = {}
        for kind in KINDS:
            name, sha = row["files"][kind]
            if file_sha256(directory / name) != sha:
                return None
            files[kind] = name
        return Prior(directory, files, row["figures"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def read_counted(path: Path) -> Iterator[tuple[str, int]]:
    """The ``(line, count)`` pairs of a counted file, in order."""
    with open(path, encoding="utf-8", newline="\n", buffering=1 << 16) as fh:
        for raw in fh:
            line, _, count = raw[:-1].rpartition("\x00")
            yield line, int(count)


def read_lines(path: Path) -> Iterator[str]:
    """The lines of a counted file (each once), in order."""
    for line, _ in read_counted(path):
        yield line


def counted(lines: Iterable[str]) -> Iterator[tuple[str, int]]:
    """Sorted lines, each once with how many times it came."""
    last, n = None, 0
    for line in lines:
        if line == last:
            n += 1
            continue
        if last is not None:
            yield last, n
        last, n = line, 1
    if last is not None:
        yield last, n


def updated(old: Iterable[tuple[str, int]], delta: dict[str, int]) -> Iterator[tuple[str, int]]:
    """``old``'s counts plus ``delta``'s (a line's change), in order; a line whose count is
    no longer positive leaves."""
    changes = sorted(delta.items())
    merged = heapq.merge(old, ((line, d) for line, d in changes if d), key=lambda lc: lc[0])
    for line, n in counted_pairs(merged):
        if n > 0:
            yield line, n


def counted_pairs(pairs: Iterable[tuple[str, int]]) -> Iterator[tuple[str, int]]:
    """Sorted ``(line, count)`` pairs with the counts of equal lines added up."""
    last, total = None, 0
    for line, n in pairs:
        if line == last:
            total += n
            continue
        if last is not None:
            yield last, total
        last, total = line, n
    if last is not None:
        yield last, total


def write_counted(fh, pairs: Iterable[tuple[str, int]]) -> Iterator[str]:
    """Write ``pairs`` to ``fh`` and yield their lines (a pass writes and tallies at once)."""
    for line, n in pairs:
        fh.write(f"{line}\x00{n}\n")
        yield line
