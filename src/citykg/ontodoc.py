"""The ontology and the topic scheme as one self-contained HTML page (``citykg publish``).

Generated from the Turtle files rather than written by hand so that the page can never
disagree with the ontology it documents. The page loads nothing remote (inline CSS, no
scripts) and every piece of text from the files is HTML-escaped: labels and comments are
data, and data is not trusted markup.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib import OWL, RDF, RDFS, SKOS, BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, NamespaceManager

from .validate import load_turtle
from .vocab import CKG, ONTOLOGY_IRI, TOPIC, bind_prefixes

_CKG = str(CKG._NS)

_TEXT = {
    "en": {
        "classes": "Classes",
        "object": "Object properties",
        "datatype": "Datatype properties",
        "annotation": "Annotation properties",
        "topics": "Topics",
        "sub": "Subclass of",
        "equiv": "Equivalent to",
        "disjoint": "Disjoint with",
        "subprop": "Sub-property of",
        "domain": "Domain",
        "range": "Range",
        "chars": "Characteristics",
        "labels": "Labels",
        "see": "See also",
        "broader": "Broader",
        "alt": "Also matched as",
        "contents": "Contents",
        "version": "Version",
        "license": "Licence",
    },
    "fr": {
        "classes": "Classes",
        "object": "Propriétés d'objet",
        "datatype": "Propriétés de données",
        "annotation": "Propriétés d'annotation",
        "topics": "Thèmes",
        "sub": "Sous-classe de",
        "equiv": "Équivalente à",
        "disjoint": "Disjointe de",
        "subprop": "Sous-propriété de",
        "domain": "Domaine",
        "range": "Portée",
        "chars": "Caractéristiques",
        "labels": "Libellés",
        "see": "Voir aussi",
        "broader": "Plus large",
        "alt": "Reconnu aussi comme",
        "contents": "Sommaire",
        "version": "Version",
        "license": "Licence",
    },
}

_CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
line-height:1.45;color:#1b1b1b}
h1{font-size:1.6rem}h2{border-bottom:2px solid #2a7a4b;padding-bottom:.2rem;margin-top:2.5rem}
section.term{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;margin:1rem 0}
section.term h3{margin:.2rem 0}code{background:#f3f3f3;padding:0 .2rem;border-radius:3px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}
dt{font-weight:600}dd{margin:0}.iri{color:#555;font-size:.85rem}nav a{margin-right:.8rem}
"""


@dataclass(frozen=True)
class _Doc:
    """The two parsed files and how to print their terms."""

    ontology: rdflib.Graph
    topics: rdflib.Graph
    nsm: NamespaceManager
    lang: str


def render_ontology_html(
    ontology_path: Path | None = None, topics_path: Path | None = None, lang: str = "en"
) -> str:
    """One HTML page documenting every class, property and topic concept, anchored by name
    (``#City``, ``#participant``, ``#topic-zero-emission-buses``)."""
    lang = lang if lang in _TEXT else "en"
    ontology = load_turtle(ontology_path, "citykg.ttl")
    topics = load_turtle(topics_path, "topics.ttl")
    nsm_graph = rdflib.Graph()
    bind_prefixes(nsm_graph)
    doc = _Doc(ontology, topics, nsm_graph.namespace_manager, lang)
    t = _TEXT[lang]
    kinds = [
        ("classes", OWL.Class, _class_rows),
        ("object", OWL.ObjectProperty, _property_rows),
        ("datatype", OWL.DatatypeProperty, _property_rows),
        ("annotation", OWL.AnnotationProperty, _property_rows),
    ]
    title = _pick(ontology.objects(ONTOLOGY_IRI, DCTERMS.title), lang) or "citykg ontology"
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        _ontology_header(doc),
        "<nav>" + " ".join(f'<a href="#{key}">{_e(t[key])}</a>' for key, *_ in kinds),
        f'<a href="#topics">{_e(t["topics"])}</a></nav>',
    ]
    for key, owl_type, rows in kinds:
        terms = sorted(
            (s for s in ontology.subjects(RDF.type, owl_type) if str(s).startswith(_CKG)),
            key=str,
        )
        parts.append(f'<h2 id="{key}">{_e(t[key])}</h2>')
        parts.extend(_term_section(doc, term, rows(doc, term)) for term in terms)
    parts.append(f'<h2 id="topics">{_e(t["topics"])}</h2>')
    concepts = sorted(set(topics.subjects(SKOS.inScheme, None)), key=str)
    parts.extend(_topic_section(doc, concept) for concept in concepts)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _ontology_header(doc: _Doc) -> str:
    g, t = doc.ontology, _TEXT[doc.lang]
    description = _pick(g.objects(ONTOLOGY_IRI, DCTERMS.description), doc.lang)
    rows = [
        ("IRI", f"<code>{_e(str(ONTOLOGY_IRI))}</code>"),
        (t["version"], _e(str(g.value(ONTOLOGY_IRI, OWL.versionInfo) or "-"))),
        (t["license"], _links(doc, g.objects(ONTOLOGY_IRI, DCTERMS.license))),
    ]
    return f"<p>{_e(description or '')}</p>" + _dl(rows)


def _term_section(doc: _Doc, term: URIRef, rows: list[tuple[str, str]]) -> str:
    g = doc.ontology
    name = _local(term)
    label = _pick(g.objects(term, RDFS.label), doc.lang) or name
    comments = sorted(g.objects(term, RDFS.comment), key=lambda c: (c.language != doc.lang, str(c)))
    labels = ", ".join(
        f"{_e(str(lit))} <small>@{_e(lit.language or '-')}</small>"
        for lit in sorted(
            g.objects(term, RDFS.label), key=lambda lit: (lit.language or "", str(lit))
        )
    )
    head = [(_TEXT[doc.lang]["labels"], labels)]
    see = list(g.objects(term, RDFS.seeAlso))
    tail = [(_TEXT[doc.lang]["see"], _links(doc, see))] if see else []
    body = "".join(f"<p>{_e(str(c))} <small>@{_e(c.language or '-')}</small></p>" for c in comments)
    return (
        f'<section class="term" id="{_e(name)}"><h3>{_e(label)} <code>ckg:{_e(name)}</code></h3>'
        f'<div class="iri">{_e(str(term))}</div>{body}{_dl(head + rows + tail)}</section>'
    )


def _class_rows(doc: _Doc, term: URIRef) -> list[tuple[str, str]]:
    g, t = doc.ontology, _TEXT[doc.lang]
    rows = []
    supers = [o for o in g.objects(term, RDFS.subClassOf)]
    if supers:
        rows.append((t["sub"], _links(doc, supers)))
    equivalents = list(g.objects(term, OWL.equivalentClass))
    if equivalents:
        rows.append((t["equiv"], "; ".join(_expr(doc, e) for e in equivalents)))
    disjoint = set(g.objects(term, OWL.disjointWith)) | set(g.subjects(OWL.disjointWith, term))
    for axiom in g.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(Collection(g, g.value(axiom, OWL.members)))
        if term in members:
            disjoint |= {m for m in members if m != term}
    if disjoint:
        rows.append((t["disjoint"], _links(doc, disjoint)))
    return rows


def _property_rows(doc: _Doc, term: URIRef) -> list[tuple[str, str]]:
    g, t = doc.ontology, _TEXT[doc.lang]
    rows = []
    for key, predicate in (
        ("subprop", RDFS.subPropertyOf),
        ("domain", RDFS.domain),
        ("range", RDFS.range),
    ):
        values = list(g.objects(term, predicate))
        if values:
            rows.append((t[key], "; ".join(_expr(doc, v) for v in sorted(values, key=str))))
    chars = sorted(
        _local(c)
        for c in g.objects(term, RDF.type)
        if c in (OWL.TransitiveProperty, OWL.FunctionalProperty, OWL.SymmetricProperty)
    )
    if chars:
        rows.append((t["chars"], _e(", ".join(chars))))
    return rows


def _topic_section(doc: _Doc, concept: URIRef) -> str:
    g, t = doc.topics, _TEXT[doc.lang]
    slug = str(concept)[len(str(TOPIC)) :]
    pref = sorted(
        g.objects(concept, SKOS.prefLabel), key=lambda lit: (lit.language or "", str(lit))
    )
    label = _pick(pref, doc.lang) or slug
    alts = sorted(
        g.objects(concept, SKOS.altLabel), key=lambda lit: (lit.language or "", str(lit).lower())
    )
    rows = [
        (
            t["labels"],
            ", ".join(f"{_e(str(x))} <small>@{_e(x.language or '-')}</small>" for x in pref),
        ),
        (
            t["alt"],
            ", ".join(f"{_e(str(x))} <small>@{_e(x.language or '-')}</small>" for x in alts),
        ),
    ]
    broader = sorted(g.objects(concept, SKOS.broader), key=str)
    if broader:
        rows.append((t["broader"], ", ".join(_topic_link(g, b, doc.lang) for b in broader)))
    definition = _pick(g.objects(concept, SKOS.definition), doc.lang) or ""
    return (
        f'<section class="term" id="topic-{_e(slug)}"><h3>{_e(label)} <code>topic:{_e(slug)}</code>'
        f'</h3><div class="iri">{_e(str(concept))}</div>'
        f"<p>{_e(definition)}</p>{_dl(rows)}</section>"
    )


def _topic_link(g: rdflib.Graph, concept: URIRef, lang: str) -> str:
    slug = str(concept)[len(str(TOPIC)) :]
    label = _pick(g.objects(concept, SKOS.prefLabel), lang) or slug
    return f'<a href="#topic-{_e(slug)}">{_e(label)}</a>'


def _expr(doc: _Doc, node: object) -> str:
    """A class expression in words: unions, intersections, restrictions, datatype facets."""
    g = doc.ontology
    if not isinstance(node, BNode):
        return _links(doc, [node])
    union = g.value(node, OWL.unionOf)
    if union is not None:
        return " or ".join(_expr(doc, m) for m in Collection(g, union))
    intersection = g.value(node, OWL.intersectionOf)
    if intersection is not None:
        return " and ".join(_expr(doc, m) for m in Collection(g, intersection))
    prop = g.value(node, OWL.onProperty)
    if prop is not None:
        inverse = g.value(prop, OWL.inverseOf) if isinstance(prop, BNode) else None
        prop_text = f"inverse of {_expr(doc, inverse)}" if inverse is not None else _expr(doc, prop)
        filler = g.value(node, OWL.someValuesFrom)
        return f"({prop_text} some {_expr(doc, filler)})"
    base = g.value(node, OWL.onDatatype)
    if base is not None:
        facets = []
        for facet in Collection(g, g.value(node, OWL.withRestrictions)):
            for p, o in g.predicate_objects(facet):
                facets.append(f"{_local(p)} {o}")
        return f"{_expr(doc, base)} [{_e(', '.join(facets))}]"
    return "(anonymous expression)"


def _links(doc: _Doc, terms: Iterable[object]) -> str:
    out = []
    for term in sorted(terms, key=str):
        if isinstance(term, URIRef) and str(term).startswith(_CKG):
            out.append(f'<a href="#{_e(_local(term))}">ckg:{_e(_local(term))}</a>')
        elif isinstance(term, URIRef) and str(term).startswith(("http://", "https://")):
            name = term.n3(doc.nsm)
            text = str(term) if name.startswith("<") else name
            out.append(f'<a href="{_e(str(term))}">{_e(text)}</a>')
        elif isinstance(term, URIRef):
            out.append(_e(term.n3(doc.nsm)))
        elif isinstance(term, BNode):
            out.append(_expr(doc, term))
        else:
            out.append(_e(str(term)))
    return ", ".join(out)


def _dl(rows: list[tuple[str, str]]) -> str:
    return "<dl>" + "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def _pick(literals: Iterable[object], lang: str) -> str | None:
    """The literal in ``lang``, else English, else any: deterministic."""
    values = sorted((x for x in literals if isinstance(x, Literal)), key=str)
    for wanted in (lang, "en"):
        for value in values:
            if value.language == wanted:
                return str(value)
    return str(values[0]) if values else None


def _local(term: object) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1] if "#" in text else text.rstrip("/").rsplit("/", 1)[-1]


def _e(text: str) -> str:
    return html.escape(text, quote=True)
