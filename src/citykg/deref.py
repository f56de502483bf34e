"""Dereferenceable linked data: every citykg IRI answers with a page or RDF.

A resource IRI such as ``https://w3id.org/citykg/resource/city/mumbai`` is served at the
path ``/resource/city/mumbai`` (the IRI minus the site root ``https://w3id.org/citykg/``);
topics at ``/topic/…``; the ontology, whose terms are hash IRIs (``…/ontology#City``), at
``/ontology`` (its HTML documentation is anchored by term name).

Content negotiation answers **200 directly** (no 303 round trip): the representation the
``Accept`` header prefers — ``text/html`` by default, ``text/turtle``,
``application/ld+json``, ``application/n-triples`` — with ``Vary: Accept`` and a
``Content-Location`` naming the file-like URL of that representation (``….ttl``,
``….jsonld``, ``….nt``, ``….html``), which can also be asked for directly. A client that
accepts none of them gets 406; an unknown resource 404.

:func:`publish_site` writes the same as a static site (a page, a ``.ttl`` and a ``.jsonld``
per resource) with content-negotiation rules for Apache (``.htaccess``) and nginx.
"""

from __future__ import annotations

import functools
import html
import importlib.resources
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urlsplit

import pyoxigraph as ox

from . import store as kgstore
from .graphio import write_atomic
from .netgraph import local_name, property_label
from .vocab import CKG, DEFAULT_BASE, ONTOLOGY_IRI

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_SUBJECT = "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"
RDF_PREDICATE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate"
RDF_OBJECT = "http://www.w3.org/1999/02/22-rdf-syntax-ns#object"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
DC_TITLE = "http://purl.org/dc/terms/title"
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
EVIDENCE, CONFIDENCE = str(CKG.evidence), str(CKG.confidence)
SOURCE_PATH, MENTIONED = str(CKG.sourcePath), str(CKG.mentionedIn)

#: Media type → (file extension, Oxigraph format; None for HTML).
MEDIA: dict[str, tuple[str, ox.RdfFormat | None]] = {
    "text/html": ("html", None),
    "text/turtle": ("ttl", ox.RdfFormat.TURTLE),
    "application/ld+json": ("jsonld", ox.RdfFormat.JSON_LD),
    "application/n-triples": ("nt", ox.RdfFormat.N_TRIPLES),
}
EXTENSIONS = {ext: media for media, (ext, _fmt) in MEDIA.items()}
#: Media types some clients send for the same formats.
ALIASES = {
    "application/xhtml+xml": "text/html",
    "application/x-turtle": "text/turtle",
    "application/json": "application/ld+json",
    "text/plain": "application/n-triples",
}
_DEFAULT_GRAPH = ox.DefaultGraph()
_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'"


@dataclass
class Answer:
    """One HTTP answer: status, headers and body (empty for HEAD)."""

    status: int
    media: str = "text/plain"
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------- negotiation


def _accepted(accept: str) -> list[tuple[str, float, int]]:
    out = []
    for order, part in enumerate((accept or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = ALIASES.get(fields[0].lower(), fields[0].lower())
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        out.append((media, q, order))
    return out


def choose(accept: str | None) -> str | None:
    """The media type to answer with; ``text/html`` when the client does not say; None
    when it accepts none of ours (→ 406). Exact types beat wildcards at equal q."""
    ranges = _accepted(accept or "")
    if not ranges:
        return "text/html"
    best: tuple[float, int, int, str] | None = None
    for offered_order, media in enumerate(MEDIA):
        for rng, q, order in ranges:
            major = rng.split("/")[0]
            exact = rng == media
            if not (exact or rng == "*/*" or rng == f"{major}/*" and media.startswith(major)):
                continue
            if q <= 0:
                continue
            key = (q, 1 if exact else 0, -order if exact else -offered_order, media)
            if best is None or key > best:
                best = key
    return best[3] if best else None


# --------------------------------------------------------------------------- naming


@dataclass(frozen=True)
class Site:
    """How IRIs map to paths: ``site`` + path; ``base`` is where resources live."""

    site: str
    base: str

    def iri(self, path: str) -> str:
        """The IRI a request path names (percent-decoding then re-encoding as rdf.py does)."""
        return self.site + quote(unquote(path.lstrip("/")), safe="/-._~")

    def path(self, iri: str) -> str | None:
        """The site path of an IRI of this site (``resource/city/mumbai``,
        ``ontology#City``), else None."""
        if not iri.startswith(self.site):
            return None
        rest = iri[len(self.site) :]
        return rest or None


def site_for(base: str = DEFAULT_BASE) -> Site:
    """``https://w3id.org/citykg/resource/`` → site root ``https://w3id.org/citykg/``."""
    root = base[: -len("resource/")] if base.endswith("resource/") else base
    return Site(root, base)


def detect_base(st: ox.Store) -> str:
    """The resource base a graph was built with (from its documents' IRIs)."""
    doc = ox.NamedNode(str(CKG.Document))
    for q in st.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), doc, _DEFAULT_GRAPH):
        if isinstance(q.subject, ox.NamedNode) and "/document/" in q.subject.value:
            return q.subject.value.rsplit("document/", 1)[0]
    return DEFAULT_BASE


# --------------------------------------------------------------------------- description


def _quads(st: ox.Store, s=None, p=None, o=None) -> list[ox.Quad]:
    return list(st.quads_for_pattern(s, p, o, _DEFAULT_GRAPH))


def exists(st: ox.Store, iri: str) -> bool:
    """Whether the graph says anything about ``iri`` (as a subject) or it names a graph."""
    node = ox.NamedNode(iri)
    first = next(iter(st.quads_for_pattern(node, None, None, _DEFAULT_GRAPH)), None)
    return first is not None or st.contains_named_graph(node)


def _graph_triples(st: ox.Store, node: ox.NamedNode) -> list[ox.Quad]:
    """A named graph's content (a document's extraction), as triples."""
    if not st.contains_named_graph(node):
        return []
    return [
        ox.Quad(q.subject, q.predicate, q.object)
        for q in st.quads_for_pattern(None, None, None, node)
    ]


def describe(st: ox.Store, iri: str) -> list[ox.Quad]:
    """What a resource's RDF holds: its own triples, the triples pointing at it, the
    statements (evidence, document, confidence) about either, and the labels of the
    resources it links to, so the description reads on its own."""
    node = ox.NamedNode(iri)
    out = _quads(st, node) + _quads(st, None, None, node) + _graph_triples(st, node)
    for role in (RDF_SUBJECT, RDF_OBJECT):
        for q in _quads(st, None, ox.NamedNode(role), node):
            out += _quads(st, q.subject)
    seen = {t for q in out for t in (q.subject, q.object) if isinstance(t, ox.NamedNode)}
    for term in sorted(seen - {node}, key=lambda t: t.value):
        out += _quads(st, term, ox.NamedNode(RDFS_LABEL))
    return [ox.Quad(q.subject, q.predicate, q.object) for q in out]


def serialize(quads: Iterable[ox.Quad], media: str, base: str) -> bytes:
    """Deterministic RDF of a description in one of the offered RDF media types."""
    fmt = MEDIA[media][1]
    assert fmt is not None
    return kgstore.serialize_quads(quads, fmt, base=base)


# --------------------------------------------------------------------------- HTML pages


@dataclass
class _Rel:
    predicate: str
    other: str
    outgoing: bool
    evidence: list[tuple[str, str, str]] = field(default_factory=list)  # sentence, doc, conf


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _label_of(st: ox.Store, iri: str, lang: str = "en") -> str:
    found: dict[str, list[str]] = defaultdict(list)
    for pred in (RDFS_LABEL, SKOS_PREF, DC_TITLE):
        for q in _quads(st, ox.NamedNode(iri), ox.NamedNode(pred)):
            if isinstance(q.object, ox.Literal):
                found[(q.object.language or "")[:2]].append(q.object.value)
        if found:
            break
    for key in (lang, "en", "fr", ""):
        if found.get(key):
            return sorted(found[key])[0]
    return next(iter(sorted(v for vs in found.values() for v in vs)), "") or local_name(iri)


def _evidence(st: ox.Store, s: str, p: str, o: str) -> list[tuple[str, str, str]]:
    """(sentence, document IRI, confidence) of every statement of ``s p o``."""
    rows = []
    for q in _quads(st, None, ox.NamedNode(RDF_SUBJECT), ox.NamedNode(s)):
        stmt = q.subject
        values: dict[str, list[str]] = defaultdict(list)
        for t in _quads(st, stmt):
            values[t.predicate.value].append(t.object.value)
        if p not in values.get(RDF_PREDICATE, []) or o not in values.get(RDF_OBJECT, []):
            continue
        doc = min(values.get(DERIVED, [""]))
        conf = min(values.get(CONFIDENCE, [""]))
        for sentence in sorted(values.get(EVIDENCE, [])) or [""]:
            rows.append((sentence, doc, conf))
    return sorted(set(rows))


def _relations(st: ox.Store, iri: str) -> list[_Rel]:
    node = ox.NamedNode(iri)
    rels = []
    for q in _quads(st, node):
        if isinstance(q.object, ox.NamedNode) and q.predicate.value not in (RDF_TYPE, SAME_AS):
            if q.predicate.value == MENTIONED:
                continue
            rel = _Rel(q.predicate.value, q.object.value, True)
            rel.evidence = _evidence(st, iri, rel.predicate, rel.other)
            rels.append(rel)
    for q in _quads(st, None, None, node):
        if q.predicate.value in (RDF_SUBJECT, RDF_OBJECT, MENTIONED, DERIVED, RDF_TYPE):
            continue
        if isinstance(q.subject, ox.NamedNode):
            rel = _Rel(q.predicate.value, q.subject.value, False)
            rel.evidence = _evidence(st, rel.other, rel.predicate, iri)
            rels.append(rel)
    return sorted(rels, key=lambda r: (not r.outgoing, r.predicate, r.other))


def _pred_name(pred: str) -> str:
    if pred.startswith(str(CKG._NS)):
        return property_label(local_name(pred), "en")
    return local_name(pred)


def _web(iri: str) -> bool:
    return urlsplit(iri).scheme in ("http", "https")


def resource_html(st: ox.Store, iri: str, site: Site, href: Callable[[str], str]) -> str:
    """The page of one resource: labels, classes, links out, every relation with its
    evidence sentence, document and confidence, and links to the related resources.
    ``href`` turns an IRI of this site into a link (absolute path or relative file)."""

    def link(target: str, text: str | None = None) -> str:
        text = text if text is not None else _label_of(st, target)
        local = site.path(target)
        if local is not None or target.startswith(str(ONTOLOGY_IRI)):
            return f'<a href="{_e(href(target))}">{_e(text)}</a>'
        if _web(target):
            return f'<a href="{_e(target)}" rel="noopener noreferrer">{_e(text)}</a>'
        return _e(text)

    node = ox.NamedNode(iri)
    own = _quads(st, node)
    label = _label_of(st, iri)
    types = sorted(q.object.value for q in own if q.predicate.value == RDF_TYPE)
    kinds = ", ".join(local_name(t) for t in types) or "Resource"
    rows = []
    for q in own:
        if isinstance(q.object, ox.Literal):
            lang = f" ({q.object.language})" if q.object.language else ""
            rows.append((local_name(q.predicate.value), _e(q.object.value) + _e(lang)))
    rows.sort()
    same = sorted(q.object.value for q in own if q.predicate.value == SAME_AS)
    rows += [("same as", link(s, s)) for s in same if _web(s)]
    rows += [("class", link(t, local_name(t))) for t in types]
    docs = sorted(q.object.value for q in own if q.predicate.value == MENTIONED)
    rows += [("mentioned in", link(d)) for d in docs]
    parts = [
        f"<p class=kind>{_e(kinds)}</p><h1>{_e(label)}</h1>",
        f"<p class=iri>{_e(iri)}</p>",
        "<dl>" + "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>",
    ]
    content = _graph_triples(st, node)
    if content:
        subjects = sorted({q.subject.value for q in content if isinstance(q.subject, ox.NamedNode)})
        items = "".join(f"<li>{link(x)}</li>" for x in subjects)
        parts.append(
            f"<h2>Named graph: {len(content):,} triples about {len(subjects):,} resources</h2>"
            f"<ul>{items}</ul>"
        )
    rels = _relations(st, iri)
    for outgoing, heading in ((True, "Relations"), (False, "Referenced by")):
        items = []
        for r in (r for r in rels if r.outgoing is outgoing):
            arrow = "→" if outgoing else "←"
            body = f"{_e(_pred_name(r.predicate))} {arrow} {link(r.other)}"
            for sentence, doc, conf in r.evidence:
                if sentence:
                    body += f"<blockquote>{_e(sentence)}</blockquote>"
                meta = []
                if doc:
                    meta.append("document " + link(doc))
                if conf:
                    meta.append(f"confidence {_e(conf)}")
                if meta:
                    body += f"<div class=meta>{' · '.join(meta)}</div>"
            items.append(f"<li>{body}</li>")
        if items:
            parts.append(f"<h2>{heading} ({len(items)})</h2><ul class=rel>{''.join(items)}</ul>")
    base_href = href(iri)
    stem = base_href[: -len(".html")] if base_href.endswith(".html") else base_href
    formats = " ".join(
        f'<a href="{_e(stem)}.{ext}" type="{media}">{ext}</a>'
        for media, (ext, fmt) in MEDIA.items()
        if fmt is not None
    )
    parts.append(f"<h2>Formats</h2><p class=formats>{formats}</p>")
    return _page(label, "\n".join(parts), stem)


@functools.lru_cache(maxsize=1)
def _css() -> str:
    return importlib.resources.files("citykg").joinpath("static/resource.css").read_text("utf-8")


def _page(title: str, body: str, stem: str = "") -> str:
    alternates = "".join(
        f'<link rel="alternate" type="{media}" href="{_e(stem)}.{ext}">'
        for media, (ext, fmt) in MEDIA.items()
        if fmt is not None and stem
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_PAGE_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title>{alternates}<style>{_css()}</style></head>"
        f"<body>\n{body}\n</body></html>\n"
    )


# --------------------------------------------------------------------------- ontology


@functools.lru_cache(maxsize=1)
def _ontology_files() -> tuple[bytes, bytes]:
    root = importlib.resources.files("citykg").joinpath("data/ontology")
    return root.joinpath("citykg.ttl").read_bytes(), root.joinpath("topics.ttl").read_bytes()


@functools.lru_cache(maxsize=1)
def ontology_store() -> ox.Store:
    """The shipped ontology and topic scheme, for ``/ontology`` and unknown topics."""
    st = ox.Store()
    for data in _ontology_files():
        st.load(data, format=ox.RdfFormat.TURTLE, base_iri=str(ONTOLOGY_IRI))
    return st


def ontology_answer(media: str) -> Answer:
    if media == "text/html":
        from .ontodoc import render_ontology_html

        return Answer(200, media, render_ontology_html(lang="en").encode("utf-8"))
    quads = list(ontology_store())
    return Answer(200, media, serialize(quads, media, DEFAULT_BASE))


# --------------------------------------------------------------------------- HTTP


def _split_extension(path: str) -> tuple[str, str | None]:
    head, _, last = path.rpartition("/")
    stem, dot, ext = last.rpartition(".")
    if dot and stem and ext in EXTENSIONS:
        return f"{head}/{stem}", ext
    return path, None


def answer(st: ox.Store, path: str, accept: str | None, site: Site | None = None) -> Answer | None:
    """The linked-data answer for a request path, or None when the path is not one
    (``/``, ``/sparql`` and the views ``/NAME.html`` stay with the server's other routes)."""
    path = "/" + path.lstrip("/")
    if path in ("/", "/sparql") or ("/" not in path[1:] and path.endswith(".html")):
        return None
    site = site or site_for(detect_base(st))
    stem, ext = _split_extension(path)
    media = EXTENSIONS[ext] if ext else choose(accept)
    if media is None:
        offered = ", ".join(MEDIA)
        return Answer(
            406, "text/plain", f"not acceptable; this resource is offered as {offered}\n".encode()
        )
    headers = {"Content-Location": f"{stem}.{MEDIA[media][0]}"}
    if not ext:
        headers["Vary"] = "Accept"
    headers["Link"] = ", ".join(
        f'<{stem}.{e}>; rel="alternate"; type="{m}"' for m, (e, _f) in MEDIA.items()
    )
    if stem == "/ontology":
        found = ontology_answer(media)
        found.headers.update(headers)
        return _typed(found)
    iri = site.iri(stem)
    source = st if exists(st, iri) else None
    if source is None and exists(ontology_store(), iri):
        source = ontology_store()
    if source is None:
        return Answer(404, "text/plain", f"{stem}: no such resource in this graph\n".encode())
    if media == "text/html":

        def href(target: str) -> str:
            local = site.path(target)
            return "/" + local if local is not None else target

        body = resource_html(source, iri, site, href).encode("utf-8")
    else:
        body = serialize(describe(source, iri), media, site.base)
    return _typed(Answer(200, media, body, headers))


def _typed(found: Answer) -> Answer:
    if found.media == "text/html":
        found.headers.setdefault("Content-Security-Policy", _PAGE_CSP)
    found.media = f"{found.media}; charset=utf-8"
    return found


def respond(handler, st: ox.Store, path: str) -> bool:
    """Answer a request on ``handler`` (a ``BaseHTTPRequestHandler``) if ``path`` is a
    linked-data path; False when it is not (the server routes it as before)."""
    found = answer(st, path, handler.headers.get("Accept"))
    if found is None:
        return False
    handler.send_response(found.status)
    cors = getattr(handler, "_cors", None)
    if callable(cors):
        cors()
    handler.send_header("Content-Type", found.media)
    handler.send_header("Content-Length", str(len(found.body)))
    handler.send_header("X-Content-Type-Options", "nosniff")
    for key, value in sorted(found.headers.items()):
        handler.send_header(key, value)
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(found.body)
    return True


# --------------------------------------------------------------------------- static site


def _safe_parts(local: str) -> list[str] | None:
    parts = [unquote(p) for p in local.split("/")]
    if not parts or any(p in ("", ".", "..") or "\\" in p or "\x00" in p for p in parts):
        return None
    return parts


def site_resources(st: ox.Store, site: Site) -> list[str]:
    """Every IRI of this site the graph says something about, except the ontology's."""
    found = {
        q.subject.value
        for q in st.quads_for_pattern(None, None, None, _DEFAULT_GRAPH)
        if isinstance(q.subject, ox.NamedNode)
    }
    found |= {g.value for g in st.named_graphs() if isinstance(g, ox.NamedNode)}
    ontology = str(ONTOLOGY_IRI)
    return sorted(i for i in found if site.path(i) and not i.startswith(ontology) and "#" not in i)


def _relative(from_parts: list[str], to_parts: list[str], suffix: str) -> str:
    here = PurePosixPath(*from_parts).parent
    target = PurePosixPath(*to_parts[:-1], to_parts[-1] + suffix)
    up = len(here.parts)
    rel = "/".join([".."] * up + [quote(p, safe="") for p in target.parts])
    return rel


def publish_site(data, out_dir: Path, *, base: str = DEFAULT_BASE) -> list[Path]:
    """Write a page, a ``.ttl``, a ``.jsonld`` and a ``.nt`` per resource, ``.htaccess`` and
    ``nginx.conf``; return the files written (every one atomically)."""
    from .netgraph import as_store

    st = data if isinstance(data, ox.Store) else as_store(data)
    site = site_for(base)
    out_dir = Path(out_dir)
    written: list[Path] = []
    resources = {iri: _safe_parts(site.path(iri) or "") for iri in site_resources(st, site)}
    resources = {iri: parts for iri, parts in resources.items() if parts}
    for iri, parts in resources.items():

        def href(target: str, parts: list[str] = parts) -> str:
            if target.startswith(str(ONTOLOGY_IRI)):
                fragment = target[len(str(ONTOLOGY_IRI)) :]
                return _relative(parts, ["ontology", "index"], ".html") + fragment
            other = resources.get(target)
            if other is None:
                return target
            return _relative(parts, other, ".html")

        stem = out_dir.joinpath(*parts)
        page = resource_html(st, iri, site, href)
        written.append(write_atomic(stem.with_name(stem.name + ".html"), page))
        quads = describe(st, iri)
        for media in ("text/turtle", "application/ld+json", "application/n-triples"):
            ext = MEDIA[media][0]
            written.append(
                write_atomic(stem.with_name(f"{stem.name}.{ext}"), serialize(quads, media, base))
            )
    static = importlib.resources.files("citykg").joinpath("static")
    for name, target in (("htaccess.txt", ".htaccess"), ("nginx.conf.txt", "nginx.conf")):
        written.append(write_atomic(out_dir / target, static.joinpath(name).read_text("utf-8")))
    written.append(write_atomic(out_dir / "resources.html", resources_index(st, resources)))
    return written


def resources_index(st: ox.Store, resources: dict[str, list[str]]) -> str:
    """One page listing every published resource, grouped by its first path segment."""
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for iri, parts in resources.items():
        kind = parts[1] if parts[0] == "resource" and len(parts) > 2 else parts[0]
        href = "/".join(quote(p, safe="") for p in parts) + ".html"
        groups[kind].append((_label_of(st, iri), href))
    body = ["<h1>Resources</h1><p><a href=index.html>← dataset</a></p><nav>"]
    body += [f'<a href="#{_e(k)}">{_e(k)} ({len(v)})</a>' for k, v in sorted(groups.items())]
    body.append("</nav>")
    for kind, items in sorted(groups.items()):
        links = "".join(f'<li><a href="{_e(h)}">{_e(t)}</a></li>' for t, h in sorted(items))
        body.append(f'<h2 id="{_e(kind)}">{_e(kind)} ({len(items)})</h2><ul>{links}</ul>')
    return _page("citykg resources", "\n".join(body))


def landing_page(out_dir: Path, files: Iterable[Path], triples: int, title: str) -> str:
    """The published site's styled front page: what it holds, how to get it."""
    rows = []
    shown = ("citykg.", "void.ttl", "ontology/", "view.html", "map.html", "network.html")
    for path in sorted(files, key=lambda p: p.relative_to(out_dir).as_posix()):
        rel = path.relative_to(out_dir).as_posix()
        if not rel.startswith(shown):
            continue
        href = "/".join(quote(s, safe="") for s in rel.split("/"))
        rows.append(
            f'<tr><td><a href="{_e(href)}">{_e(rel)}</a></td>'
            f"<td>{path.stat().st_size:,} bytes</td></tr>"
        )
    body = (
        f"<p class=kind>linked open data</p><h1>{_e(title)}</h1>"
        f"<p>{triples:,} triples about cities' climate cooperation, each relation with the "
        "evidence sentence and document it was extracted from. Licence: "
        '<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>.</p>'
        '<nav><a href="view.html">interactive view</a><a href="resources.html">browse the '
        'resources</a><a href="ontology/index.html">ontology</a></nav>'
        "<h2>Downloads</h2><table><tr><th>file</th><th>size</th></tr>"
        + "".join(rows)
        + "</table><h2>Dereferencing</h2><p>Every resource has a page, a Turtle, an N-Triples and a "
        "JSON-LD file (<code>resource/city/mumbai.html</code>, <code>.ttl</code>, "
        "<code>.jsonld</code>, <code>.nt</code>); <code>.htaccess</code> (Apache) and <code>nginx.conf</code> "
        "serve the one the client's <code>Accept</code> header asks for.</p>"
    )
    return _page(title, body)
