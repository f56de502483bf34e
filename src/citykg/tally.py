"""The figures of the merged triples, counted in one pass over their sorted lines.

:func:`citykg.export.content_stats` and :func:`citykg.netgraph.graph_counts` compute them from
a set of triples; the chunked RDF stage (:mod:`citykg.chunks`) has the merged, distinct
lines in subject order instead, so they are read here from the stream: what is kept grows
with the entities (their IRIs), not with the triples.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable
from functools import cache
from typing import Any

import pyoxigraph as ox

from . import export
from .netgraph import GRAPH_PROPERTIES, GraphCounts, is_entity
from .runs import SortedRuns, line_fields, unique
from .vocab import CKG, TOPIC_SCHEME

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class Tally:
    """The figures :func:`citykg.export.content_stats` and :func:`citykg.netgraph.graph_counts`
    compute from a set of triples, read here from the merged, distinct lines in subject
    order: what is kept grows with the entities (their IRIs), not with the triples."""

    def __init__(self, base: str, objects: SortedRuns) -> None:
        self.base = f"<{base}"
        self.objects = objects
        self.triples = self.subjects = 0
        self.predicates: Counter = Counter()
        self.classes: Counter = Counter()
        self.documents: list[str] = []
        self.first: dict[str, str] = {}  # class -> its alphabetically first member in base
        self.entities: set[str] = set()
        self.targets: Counter = Counter()  # objects of graph edges leaving an entity
        self._subject: str | None = None
        self._types: set[str] = set()
        self._edges: list[str] = []
        self._props = {f"<{p}>" for p in GRAPH_PROPERTIES}

    def add(self, line: str) -> None:
        s, p, o = line_fields(line)
        if s != self._subject:
            self._close()
            self._subject = s
            self.subjects += 1
        self.triples += 1
        self.predicates[p] += 1
        self.objects.add(o)
        if not o.startswith("<"):
            return
        if p == _TYPE_NT:
            self.classes[o] += 1
            if s.startswith("<"):
                self._types.add(o[1:-1])
            if o == _DOCUMENT_NT:
                self.documents.append(s[1:-1])
            if s.startswith(self.base) and (o not in self.first or s[1:-1] < self.first[o]):
                self.first[o] = s[1:-1]
        elif p in self._props and s.startswith("<"):
            self._edges.append(o[1:-1])

    def _close(self) -> None:
        if self._subject is not None and self._types:
            node = self._subject[1:-1]
            if node != _SCHEME and _is_entity(frozenset(self._types)):
                self.entities.add(node)
                self.targets.update(self._edges)
        self._types, self._edges = set(), []

    def finish(
        self, gathered: Any, statement_objects: Iterable[str]
    ) -> tuple[GraphCounts, export.ContentStats]:
        """The counts and the content statistics, with the statement nodes' figures
        (``gathered``: :class:`citykg.chunks._Pass`) and their objects, sorted, each once."""
        self._close()
        relations = sum(n for o, n in self.targets.items() if o in self.entities)
        counts = GraphCounts(self.triples + gathered.st_triples, len(self.entities), relations)
        predicates = Counter({ox.NamedNode(p[1:-1]): n for p, n in self.predicates.items()})
        predicates.update({ox.NamedNode(p): n for p, n in gathered.st_preds.items()})
        classes = Counter({ox.NamedNode(c[1:-1]): n for c, n in self.classes.items()})
        classes.update({ox.NamedNode(c): n for c, n in gathered.st_classes.items()})
        members = {ox.NamedNode(c[1:-1]): [ox.NamedNode(m)] for c, m in self.first.items()}
        every = heapq.merge(self.objects.merged(), statement_objects)
        objects = sum(1 for _ in unique(every))
        self.objects.close()
        stats = export.ContentStats(
            self.triples + gathered.st_triples,
            self.subjects + gathered.statements,
            objects,
            dict(predicates),
            dict(classes),
            [ox.NamedNode(d) for d in sorted(self.documents)],
            export._examples(members, self.base[1:]),
        )
        return counts, stats


_TYPE_NT = f"<{_RDF_TYPE}>"
_DOCUMENT_NT = f"<{CKG.Document}>"


_SCHEME = str(TOPIC_SCHEME)


@cache
def _is_entity(types: frozenset[str]) -> bool:
    """:func:`citykg.netgraph.is_entity` by types alone (a few distinct sets in a build)."""
    return is_entity(types)
