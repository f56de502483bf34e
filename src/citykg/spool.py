"""A build's extractions on disk, and resolution from them one document at a time.

Holding every document's extractions until the RDF stage made a build's memory grow by
~26 KiB per document (entities with their label dicts and alias sets, relations with
their evidence sentences), and the resolved relations by as much again. So the build
writes each document's entities and relations to a :class:`Spool` (one JSON line in a
temporary file) as soon as it has them and keeps a compact record (the document's
metadata, where its line is, its counts: :class:`SpooledExtraction`).

:func:`resolve_spooled` then reads the spool in input order — once for the event dates
and initiative leaders that name events and initiatives, once for the entities — and
keeps only the entity table, the renames (mention keys whose final key differs) and, per
document, the cities GeoNames places in a country. A document's relations are made when
the RDF stage asks for them (:meth:`SpooledResolved.relations_for`), by the same rules
as :func:`citykg.resolve.resolve`, so the outputs are the same bytes.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .cache import extraction_row, parse_entities, parse_relations, parse_row
from .extract.gazetteer import Gazetteer, load_gazetteer
from .model import DocExtraction, Entity, Relation
from .resolve import (
    Resolved,
    _final_key,
    _fold,
    _in_country,
    _renamed,
    _unique_slugs,
    placed_cities,
)


@dataclass
class SpooledExtraction(DocExtraction):
    """What a build holds of a document's extractions: its metadata, its counts, and where
    its entities and relations are in the :class:`Spool` (its ``entities`` and
    ``relations`` are empty, its document's text is dropped)."""

    spooled: tuple[int, int, int] = (0, 0, 0)  # (offset, entities, relations)


def entity_count(x: DocExtraction) -> int:
    return x.spooled[1] if isinstance(x, SpooledExtraction) else len(x.entities)


def relation_count(x: DocExtraction) -> int:
    return x.spooled[2] if isinstance(x, SpooledExtraction) else len(x.relations)


class Spool:
    """Extractions on disk, a line per document; ``written`` counts them (the tests read
    it to check that the build holds records, not extractions)."""

    def __init__(self) -> None:
        # open as long as the build's result may make its relations (closed with it)
        self._fh = tempfile.TemporaryFile()  # noqa: SIM115
        self.written = 0

    def keep(self, group: list[DocExtraction]) -> list[DocExtraction]:
        """The records to keep in memory for a file's extractions (written out here)."""
        return [self._keep(x) for x in group]

    def _keep(self, x: DocExtraction) -> DocExtraction:
        if not x.ok or x.document is None or isinstance(x, SpooledExtraction):
            return x
        line = extraction_row(x).encode("utf-8")
        return self.keep_row(x, line, (len(x.entities), len(x.relations)))

    def keep_row(self, x: DocExtraction, line: bytes, counts: tuple[int, int]) -> DocExtraction:
        """The record of an extraction whose entities and relations are ``line`` (an
        :func:`citykg.cache.extraction_row`, as a cache entry holds it: written as it is)."""
        self._fh.seek(0, os.SEEK_END)
        offset = self._fh.tell()
        self._fh.write(line + b"\n")
        self.written += 1
        # the text is the only large field, and nothing after extraction reads it
        doc = dataclasses.replace(x.document, text="", doc_id=sys.intern(x.document.doc_id))
        return SpooledExtraction(doc, x.path, seconds=x.seconds, spooled=(offset, *counts))

    def read(self, x: SpooledExtraction) -> tuple[list[Entity], list[Relation]]:
        """A record's entities and relations, as extracted."""
        return parse_row(self._line(x))

    def relations(self, x: SpooledExtraction) -> list[Relation]:
        """A record's relations, as extracted (its entities are not made: resolution and
        the RDF stage read a document's relations twice as often as its entities)."""
        return parse_relations(json.loads(self._line(x)))

    def entities(self, x: SpooledExtraction) -> list[Entity]:
        """A record's entities, as extracted (its relations are not made: resolution
        reads them in a pass of their own)."""
        return parse_entities(json.loads(self._line(x)))

    def _line(self, x: SpooledExtraction) -> bytes:
        """A record's line, read at its offset with ``pread``: the file's position is not
        moved, so a forked process can read the spool while this one does
        (:func:`citykg.chunks.chunk_keys`)."""
        self._fh.flush()  # what keep_row wrote (nothing once the extraction is done)
        fd, pos = self._fh.fileno(), x.spooled[0]
        parts: list[bytes] = []
        while True:
            block = os.pread(fd, 1 << 16, pos)
            cut = block.find(b"\n")
            if cut >= 0 or not block:
                parts.append(block if cut < 0 else block[: cut + 1])
                return b"".join(parts)
            parts.append(block)
            pos += len(block)

    def close(self) -> None:
        self._fh.close()


class SpooledResolved(Resolved):
    """:class:`Resolved` whose relations are made per document from the spool. Reading
    :attr:`relations` makes them all (for API users; the build never does)."""

    def __init__(
        self,
        entities: dict[str, Entity],
        spool: Spool,
        records: dict[str, SpooledExtraction],
        rename: dict[str, str],
        cities: dict[str, list[str]],
        strays: dict[str, list[Relation]],
        gazetteer: Gazetteer,
        min_confidence: float,
    ) -> None:
        self.entities = entities
        self._spool, self._records, self._rename = spool, records, rename
        self._cities, self._strays, self._gaz = cities, strays, gazetteer
        self._min = min_confidence
        self._all: list[Relation] | None = None
        self._last: tuple[str, list[Relation]] | None = None
        self._counted: set[str] = set()
        self._predicates: Counter = Counter()

    @property
    def relations(self) -> list[Relation]:  # type: ignore[override]
        if self._all is None:
            rels = [r for doc_id in self._records for r in self.relations_for(doc_id)]
            rels.sort(key=lambda r: (r.subject, r.predicate, r.obj or "", r.value or "", r.doc_id))
            self._all = rels
        return self._all

    @relations.setter
    def relations(self, value: list[Relation]) -> None:
        self._all = value

    def relations_for(self, doc_id: str) -> list[Relation]:
        """One document's resolved relations, sorted as in :func:`resolve`."""
        if self._last is not None and self._last[0] == doc_id:
            return self._last[1]
        x = self._records.get(doc_id)
        rels = list(self._strays.get(doc_id, ()))
        if x is not None:
            rels = [r for r in self._spool.relations(x) if r.doc_id == doc_id] + rels
        for city in self._cities.get(doc_id, ()):
            ckey = f"country:{self._gaz.entries[city].country}"
            rels.append(
                _in_country(city, ckey, doc_id, self._gaz.entries[city], self.entities[ckey])
            )
        out = _renamed(rels, self._rename, self.entities, self._min)
        if doc_id not in self._counted:
            self._counted.add(doc_id)
            self._predicates.update(r.predicate for r in out)
        self._last = (doc_id, out)
        return out

    def by_document(self) -> Callable[[str], list[Relation]]:
        return self.relations_for

    def counted(self) -> tuple[set[str], Counter]:
        """The documents whose relations' predicates are counted, and the counts (what a
        forked process that made relations hands back: :meth:`absorb`)."""
        return self._counted, self._predicates

    def absorb(self, doc_ids: Iterable[str], predicates: Counter) -> None:
        """Count as made here the relations another process made of ``doc_ids`` (their
        ``predicates``), so that :meth:`predicate_counts` does not make them again."""
        fresh = [d for d in doc_ids if d not in self._counted]
        if len(fresh) == len(set(doc_ids)):
            self._counted.update(fresh)
            self._predicates.update(predicates)

    def predicate_counts(self) -> dict[str, int]:
        for doc_id in self._records:
            if doc_id not in self._counted:
                self.relations_for(doc_id)
        return dict(self._predicates)


def resolve_spooled(
    records: Iterable[DocExtraction],
    spool: Spool,
    *,
    gazetteer: Gazetteer | None = None,
    min_confidence: float = 0.0,
) -> SpooledResolved:
    """:func:`citykg.resolve.resolve` over spooled records (see the module docstring)."""
    gaz = gazetteer or load_gazetteer()
    ok = [x for x in records if isinstance(x, SpooledExtraction) and x.document is not None]
    starts: dict[str, str] = {}
    leaders: dict[str, str] = {}
    strays: dict[str, list[Relation]] = {}  # relations naming another document than theirs
    for x in ok:
        for r in spool.relations(x):
            if r.predicate == "startDate" and r.subject not in starts:
                starts[r.subject] = r.value or ""
            if r.predicate == "ledBy" and r.subject not in leaders and r.obj:
                leaders[r.subject] = r.obj
            if r.doc_id != x.document.doc_id:  # type: ignore[union-attr]
                strays.setdefault(r.doc_id, []).append(r)
    rename: dict[str, str] = {}
    entities: dict[str, Entity] = {}
    for x in ok:
        for ent in spool.entities(x):
            final = _final_key(ent, starts, leaders, x, gaz)
            if final == ent.key:
                rename.pop(ent.key, None)  # the last mention's key wins, as in resolve()
            else:
                rename[ent.key] = final
            _fold(entities, ent, final)
    cities = _placed_cities(entities, gaz)
    _unique_slugs(entities)
    records_by_id = {x.document.doc_id: x for x in ok}  # type: ignore[union-attr]
    return SpooledResolved(
        entities, spool, records_by_id, rename, cities, strays, gaz, min_confidence
    )


def _placed_cities(entities: dict[str, Entity], gaz: Gazetteer) -> dict[str, list[str]]:
    """Per document, the cities it names that GeoNames places in a country (whose node
    is added to the table, as :func:`citykg.resolve.resolve` does)."""
    cities: dict[str, list[str]] = {}
    for key, ent, _, _ in placed_cities(entities, gaz):
        for doc_id in sorted(ent.docs):
            cities.setdefault(doc_id, []).append(key)
    return cities
