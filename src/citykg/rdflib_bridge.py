"""The one crossing between citykg's Oxigraph terms and rdflib's.

citykg's RDF path is Oxigraph from the RDF stage on (see :mod:`citykg.rdf`). Some
libraries only speak rdflib (pyshacl, owlready2's loader, the scorer's schema reading) and
notebooks may hold rdflib graphs; they cross here, once, in either direction, so no other
module converts terms by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef

from .errors import CityKGError
from .vocab import bind_prefixes

_RDFLIB_DEFAULT = "urn:x-rdflib:default"


def to_rdflib(term: Any) -> URIRef | BNode | Literal:
    """An Oxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise CityKGError(f"unsupported RDF term {term!r}")


def to_ox(term: Any) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as an Oxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise CityKGError(f"unsupported RDF term {term!r}")


def quads_from_rdflib(data: Graph) -> Iterator[ox.Quad]:
    """The quads of an rdflib ``Graph`` or ``Dataset`` (rdflib's default graph becomes the
    default graph)."""
    if isinstance(data, Dataset):
        for s, p, o, ctx in data.quads((None, None, None, None)):
            name = getattr(ctx, "identifier", ctx)
            if name is None or str(name) == _RDFLIB_DEFAULT:
                yield ox.Quad(to_ox(s), to_ox(p), to_ox(o))
            else:
                yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(name))
    else:
        for s, p, o in data:
            yield ox.Quad(to_ox(s), to_ox(p), to_ox(o))


def triples_to_rdflib(triples: Iterable[tuple], graph: Graph) -> Graph:
    """Add Oxigraph triples to an rdflib graph."""
    for s, p, o in triples:
        graph.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
    return graph


def to_rdflib_dataset(data: Any) -> Dataset:
    """A :class:`citykg.rdf.GraphTriples` as an rdflib ``Dataset``, citykg's prefixes bound."""
    ds = Dataset()
    bind_prefixes(ds, data.base)
    triples_to_rdflib(data.default, ds.default_graph)
    for name, triples in data.named.items():
        triples_to_rdflib(triples, ds.graph(URIRef(name.value)))
    return ds


def merged_rdflib_graph(data: Any) -> Graph:
    """All triples of a ``GraphTriples`` or an rdflib ``Dataset`` in one rdflib ``Graph``."""
    g = Graph()
    if isinstance(data, Dataset):
        for prefix, ns in data.namespaces():
            g.bind(prefix, ns, override=True, replace=True)
        for s, p, o, _ in data.quads((None, None, None, None)):
            g.add((s, p, o))
        return g
    if isinstance(data, Graph):
        return data
    bind_prefixes(g, data.base)
    return triples_to_rdflib(data.merged(), g)
