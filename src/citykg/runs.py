"""Sorted runs on disk and their k-way merge: the build's files without the graph in memory.

``citykg.ttl`` is every distinct triple of the build, sorted; the RDF stage used to hold
them all (and every document's chunk) in memory to sort them, which made a build's peak
grow by ~100 KiB per document. Here the triples are *lines* whose plain string order is
the written order (:func:`triple_line`): each document's are added to a
:class:`SortedRuns`, which keeps a bounded buffer and spills it, sorted, to a run file;
:meth:`SortedRuns.merged` is ``heapq.merge`` over the run files, so the merged, distinct
stream costs one line per run in memory however large the corpus. The writers then turn
consecutive lines back into triples a batch at a time and let Oxigraph write them
(:func:`written_blocks`): Oxigraph's Turtle/TriG writer is streaming (a subject's block
depends only on its own triples and the prefix map), so the pieces are the same bytes as
serialising everything at once.
"""

from __future__ import annotations

import heapq
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
#: Characters a run buffer holds before it is written out (a few MiB of lines).
RUN_CHARS = 2_000_000
#: Triples Oxigraph writes per call (cut at a subject boundary).
BATCH = 4_000


def triple_line(s: object, p: object, o: object) -> str:
    """A triple as one line whose string order is :func:`citykg.graphio._quad_key`'s within a
    graph: subject, predicate (``rdf:type`` first, as an empty field), object, each in its
    N-Triples form, separated by NUL (which sorts before any character a term can hold, so
    a field that is a prefix of another sorts first, as in a tuple)."""
    pred = _PREDICATES.get(p)
    if pred is None:  # a build has a few dozen predicates: each one's field made once
        pred = str(p)
        pred = "" if pred == _RDF_TYPE else pred
        if len(_PREDICATES) < 4096:
            _PREDICATES[p] = pred
    return f"{s}\x00{pred}\x00{o}"


_PREDICATES: dict[object, str] = {}


def line_fields(line: str) -> tuple[str, str, str]:
    """Subject, predicate and object of a :func:`triple_line` (N-Triples forms)."""
    s, p, o = line.split("\x00")
    return s, p or _RDF_TYPE, o


def line_triples(lines: Iterable[str]) -> list[ox.Triple]:
    """Oxigraph triples of lines, in their order (parsed as N-Triples)."""
    text = "".join("{} {} {} .\n".format(*line_fields(line)) for line in lines)
    if not text:
        return []
    return [q.triple for q in ox.parse(input=text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]


class SortedRuns:
    """Lines (without ``\\n``) sorted on disk: :meth:`add` buffers them and writes a sorted
    run file when the buffer holds ``limit`` characters; :meth:`merged` yields every line
    in order."""

    def __init__(self, directory: str | os.PathLike, name: str, limit: int | None = None) -> None:
        self.dir = Path(directory)
        self.name = name
        self.limit = limit or RUN_CHARS
        self.buffer: list[str] = []
        self._chars = 0
        self.files: list[Path] = []
        self.lines = 0  # every line added (the accounting the tests read)

    def add(self, line: str) -> None:
        self.buffer.append(line)
        self.lines += 1
        self._chars += len(line)
        if self._chars >= self.limit:
            self.spill()

    def extend(self, lines: Iterable[str]) -> None:
        """:meth:`add` of each line: at once when they fit in the buffer (no spill would
        happen among them), one by one otherwise (the spills where :meth:`add` makes them)."""
        lines = list(lines)
        size = sum(map(len, lines))
        if self._chars + size < self.limit:
            self.buffer.extend(lines)
            self.lines += len(lines)
            self._chars += size
            return
        for line in lines:
            self.add(line)

    def spill(self) -> None:
        """Write the buffer out as one sorted run."""
        if not self.buffer:
            return
        self.buffer.sort()
        fd, tmp = tempfile.mkstemp(prefix=f"{self.name}-", suffix=".run", dir=self.dir)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.writelines(line + "\n" for line in self.buffer)
        self.files.append(Path(tmp))
        self.buffer, self._chars = [], 0

    def merged(self, *, distinct: bool = False) -> Iterator[str]:
        """Every line in order (each once with ``distinct``): the runs merged from disk,
        the buffer sorted in memory."""
        self.buffer.sort()
        streams: list[Iterable[str]] = [_read(path) for path in self.files]
        streams.append(iter(self.buffer))
        stream = heapq.merge(*streams)
        return unique(stream) if distinct else stream

    def close(self) -> None:
        for path in self.files:
            path.unlink(missing_ok=True)
        self.files, self.buffer = [], []


def _read(path: Path) -> Iterator[str]:
    with open(path, encoding="utf-8", newline="\n", buffering=1 << 16) as fh:
        for line in fh:
            yield line[:-1]


def unique(lines: Iterable[str]) -> Iterator[str]:
    """Sorted lines, each once."""
    last = None
    for line in lines:
        if line != last:
            yield line
            last = line


def by_subject(lines: Iterable[str], size: int = BATCH) -> Iterator[list[str]]:
    """Sorted triple lines in batches of about ``size``, never splitting a subject."""
    batch: list[str] = []
    subject = None
    for line in lines:
        s = line[: line.index("\x00")]
        if len(batch) >= size and s != subject:
            yield batch
            batch = []
        batch.append(line)
        subject = s
    if batch:
        yield batch


def written(lines: Iterable[str], fmt: ox.RdfFormat, prefix_map: dict[str, str]) -> Iterator[str]:
    """Sorted triple lines written by Oxigraph (Turtle, or TriG's default graph), without
    the ``@prefix`` header, a batch at a time."""
    for batch in by_subject(lines):
        triples = line_triples(batch)
        items = triples if fmt == ox.RdfFormat.TURTLE else [ox.Quad(*t) for t in triples]
        yield without_prefixes(ox.serialize(items, format=fmt, prefixes=prefix_map))


def written_blocks(lines: Iterable[str], prefix_map: dict[str, str]) -> Iterator[tuple[str, str]]:
    """Sorted triple lines as Turtle, one ``(subject, block)`` per subject."""
    for batch in by_subject(lines):
        subjects: list[str] = []
        for line in batch:
            s = line[: line.index("\x00")]
            if not subjects or subjects[-1] != s:
                subjects.append(s)
        text = without_prefixes(
            ox.serialize(line_triples(batch), format=ox.RdfFormat.TURTLE, prefixes=prefix_map)
        )
        yield from cut_blocks(text, subjects)


def without_prefixes(data: bytes) -> str:
    """A serialisation without its ``@prefix`` header."""
    text = data.decode("utf-8")
    start = 0
    while text.startswith("@prefix ", start):
        start = text.index("\n", start) + 1
    return text[start:]


def cut_blocks(text: str, subjects: list[str]) -> Iterator[tuple[str, str]]:
    """Cut a Turtle body into its subjects' blocks (a block's first line is not indented;
    literals are single-line, so a line never starts inside one)."""
    if not text:  # a document without relations has no statement block
        if subjects:
            raise AssertionError(f"no Turtle blocks for {len(subjects)} subjects")
        return
    starts = [0]
    pos = text.find("\n")
    while pos != -1 and pos + 1 < len(text):
        if text[pos + 1] != "\t":
            starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    if len(starts) != len(subjects):
        raise AssertionError(f"{len(starts)} Turtle blocks for {len(subjects)} subjects")
    ends = [*starts[1:], len(text)]
    yield from zip(subjects, (text[a:b] for a, b in zip(starts, ends, strict=True)), strict=True)
