"""Property test: any text file goes through the whole pipeline into parseable RDF."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph

from citykg.errors import CityKGError
from citykg.extract import extract
from citykg.extract.gazetteer import Gazetteer, load_gazetteer
from citykg.ingest import read_document
from citykg.rdf import graph_triples, merged_turtle, to_trig
from citykg.resolve import resolve

GENRE = [
    "Échange entre pairs à Bombay",
    "Du 5 au 7 mars 2024, des représentants de Dakar, Kigali et Accra",
    "organisé par C40 Cities",
    "avec le soutien de la Banque mondiale",
    "« Villes et chaleur extrême » à la COP28",
    "Location: Cape Town, South Africa",
    "d'ici 2030",
    '<script>alert("Paris")</script>',
    "<h1>Titre</h1>",
    '"quoted" \\ back\\slash \\u0041 \\n',
    "'''triple''' \"\"\"quotes\"\"\"",
    "🌍🚌 émojis",
    "\x01\x07\x1b\x7f control",
    "\u2028\u2029\u200b\ufeff",
    "<http://x> ; . , [] @fr ^^xsd:date",
]

fragments = st.one_of(st.sampled_from(GENRE), st.text(max_size=40))
texts = st.lists(fragments, min_size=1, max_size=10).map(lambda parts: " ".join(parts))
joiners = st.sampled_from(["\n", " ", "\r\n", "\n\n", "\t"])


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def ox_count(data: bytes, fmt: pyoxigraph.RdfFormat) -> int:
    return sum(1 for _ in pyoxigraph.parse(data, format=fmt))


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=texts, joiner=joiners, title=st.sampled_from(GENRE))
def test_arbitrary_text_roundtrips_to_rdf(
    gaz: Gazetteer, body: str, joiner: str, title: str
) -> None:
    content = (
        title + joiner + body + joiner + "Des représentants de Lima et Nairobi y ont participé."
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.txt"
        try:
            path.write_text(content, encoding="utf-8", errors="surrogatepass")
            doc = read_document(path)
        except (CityKGError, UnicodeEncodeError) as exc:
            # lone surrogates are not UTF-8: they must be reported as a one-line CityKGError
            assert isinstance(exc, UnicodeEncodeError) or "\n" not in str(exc)
            return
    x = extract(doc, gazetteer=gaz)
    assert x.ok, x.error
    resolved = resolve([x], gazetteer=gaz)
    triples = graph_triples(resolved, [doc], gazetteer=gaz)

    ttl = merged_turtle(triples)  # citykg's one serialiser: Oxigraph's, sorted
    g = Graph().parse(data=ttl, format="turtle")
    assert len(g) == len(triples.merged())
    assert ox_count(ttl, pyoxigraph.RdfFormat.TURTLE) == len(g)

    trig = to_trig(triples)
    ds2 = Dataset()
    ds2.parse(data=trig, format="trig")
    n = len(set(triples.quads()))
    assert len(list(ds2.quads((None, None, None, None)))) == n
    assert ox_count(trig, pyoxigraph.RdfFormat.TRIG) == n
