"""SHACL validation, HermiT consistency, materialisation and `citykg validate` on the sample.

Every check runs the real thing: pyshacl on the shipped shapes, HermiT in a real Java process.
Broken variants are made from a copy of tests/data/sample.trig, never by editing it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib import OWL, RDF, RDFS, Literal, URIRef
from rdflib.namespace import XSD

from citykg.cli import main
from citykg.errors import CityKGError
from citykg.graphio import load_dataset
from citykg.validate import (
    Violation,
    check_consistency,
    materialise,
    validate,
    validate_shapes,
)
from citykg.vocab import CKG, DEFAULT_BASE, TOPIC

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
RES = rdflib.Namespace(DEFAULT_BASE)
MUMBAI = RES["city/mumbai"]
KIGALI = RES["city/kigali"]
BAKU = RES["city/baku"]
INDIA = RES["country/india"]
P2P = RES["event/2023-07-11-echange-de-pair-a-pair-dans-les-bus-a-zero-emission"]
COP29 = RES["event/cop29"]
STATEMENT = RES["statement/a1"]
P2P_GRAPH = RES["graph/p2p-zeb"]


def sample() -> rdflib.Dataset:
    return load_dataset(SAMPLE)


def variant(tmp_path: Path, remove=(), add=()) -> Path:
    """A copy of the sample with triples removed (patterns) and added (in the p2p graph)."""
    ds = sample()
    for pattern in remove:
        for s, p, o, c in list(ds.quads(pattern)):
            ds.remove((s, p, o, c))
    graph = ds.graph(P2P_GRAPH)
    for triple in add:
        graph.add(triple)
    path = tmp_path / "variant.trig"
    ds.serialize(path, format="trig")
    return path


def lines(path: Path) -> list[str]:
    return [v.line() for v in validate_shapes(load_dataset(path))]


# ------------------------------------------------------------------------------ SHACL


def test_sample_conforms() -> None:
    assert validate_shapes(sample()) == []


def test_missing_label_is_reported(tmp_path: Path) -> None:
    path = variant(tmp_path, remove=[(KIGALI, RDFS.label, None, None)])
    assert lines(path) == [
        "Violation: city:kigali rdfs:label: needs at least one rdfs:label, "
        "and every label must have a language tag"
    ]


def test_label_without_language_tag_is_reported(tmp_path: Path) -> None:
    path = variant(tmp_path, add=[(MUMBAI, RDFS.label, Literal("Mumbai"))])
    assert any(line.startswith("Violation: city:mumbai rdfs:label:") for line in lines(path))


def test_bad_date_datatype_is_reported(tmp_path: Path) -> None:
    path = variant(
        tmp_path,
        remove=[(P2P, CKG.startDate, None, None)],
        add=[(P2P, CKG.startDate, Literal("2023-07-11"))],
    )
    found = lines(path)
    assert len(found) == 1
    assert found[0].startswith("Violation: event:2023-07-11-echange")
    assert found[0].endswith("ckg:startDate: ckg:startDate must be one xsd:date")


def test_end_before_start_is_reported(tmp_path: Path) -> None:
    path = variant(
        tmp_path,
        remove=[(P2P, CKG.endDate, None, None)],
        add=[(P2P, CKG.endDate, Literal("2023-07-01", datatype=XSD.date))],
    )
    found = lines(path)
    assert len(found) == 1
    assert "ckg:endDate: ckg:endDate 2023-07-01 is before ckg:startDate 2023-07-11" in found[0]


def test_topic_as_participant_is_reported(tmp_path: Path) -> None:
    path = variant(tmp_path, add=[(P2P, CKG.participant, TOPIC["zero-emission-buses"])])
    found = lines(path)
    assert found == [
        f"Violation: {found[0].split()[1]} ckg:participant: "
        "ckg:participant must be a Place or an Agency"
    ]
    assert found[0].split()[1].startswith("event:2023-07-11")


def test_subclass_instances_satisfy_class_constraints(tmp_path: Path) -> None:
    # a side session (Exchange) partOf a Conference: sh:class ckg:Event needs the hierarchy
    path = variant(tmp_path, add=[(P2P, CKG.partOf, COP29)])
    assert lines(path) == []


def test_non_geonames_same_as_on_city_is_reported(tmp_path: Path) -> None:
    path = variant(
        tmp_path, add=[(MUMBAI, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q1156"))]
    )
    assert lines(path) == [
        "Violation: city:mumbai owl:sameAs: City/Country owl:sameAs must be a GeoNames IRI "
        "(https://sws.geonames.org/<id>/)"
    ]


def test_document_and_assertion_shapes(tmp_path: Path) -> None:
    doc = RES["document/p2p-zeb"]
    path = variant(
        tmp_path,
        remove=[(doc, CKG.sha256, None, None), (STATEMENT, CKG.confidence, None, None)],
        add=[
            (doc, CKG.sha256, Literal("XYZ")),
            (STATEMENT, CKG.confidence, Literal("1.5", datatype=XSD.decimal)),
            (STATEMENT, RDF.object, MUMBAI),
        ],
    )
    found = lines(path)
    assert (
        "Violation: document:p2p-zeb ckg:sha256: Document needs exactly one ckg:sha256 of 64 "
        "lowercase hex characters" in found
    )
    assert (
        "Violation: statement:a1 ckg:confidence: ckg:confidence must be one xsd:decimal "
        "between 0 and 1" in found
    )
    assert "Violation: statement:a1 rdf:object: Assertion needs exactly one rdf:object" in found
    assert len(found) == 3


def test_topic_outside_the_scheme_is_reported(tmp_path: Path) -> None:
    stray = URIRef("https://example.org/topics/buses")
    path = variant(
        tmp_path,
        add=[
            (stray, RDF.type, CKG.Topic),
            (stray, RDFS.label, Literal("buses", lang="en")),
            (P2P, CKG.topic, stray),
        ],
    )
    found = lines(path)
    assert len(found) == 1
    assert found[0].endswith(
        "ckg:topic: ckg:topic must be a Topic of the citykg scheme (topic:<slug>)"
    )


def test_custom_and_broken_shapes_files(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix ckg: <https://w3id.org/citykg/ontology#> .\n"
        "<#s> a sh:NodeShape ; sh:targetClass ckg:City ;\n"
        '  sh:property [ sh:path ckg:locatedIn ; sh:maxCount 0 ; sh:message "no" ] .\n'
    )
    found = validate_shapes(sample(), shapes)
    assert {v.focus for v in found} == {"city:mumbai", "city:kigali", "city:durban", "city:baku"}
    shapes.write_text("this is not turtle")
    with pytest.raises(CityKGError, match=r"shapes\.ttl: cannot parse as Turtle"):
        validate_shapes(sample(), shapes)


def test_violation_line_format() -> None:
    v = Violation("Violation", "city:x", "rdfs:label", "City needs a language-tagged label")
    assert v.line() == "Violation: city:x rdfs:label: City needs a language-tagged label"


# ------------------------------------------------------------------------------ HermiT


def test_sample_is_consistent() -> None:
    consistent, message = check_consistency(sample())
    assert consistent, message
    assert message.startswith("consistent in ")


def test_disjoint_types_are_inconsistent() -> None:
    data = sample()
    data.graph(P2P_GRAPH).add((KIGALI, RDF.type, CKG.Topic))
    consistent, message = check_consistency(data)
    assert not consistent
    assert "city:kigali is both ckg:Place and ckg:Topic, which are disjoint" in message


def test_range_violation_is_inconsistent() -> None:
    # a Topic at the end of ckg:participant must be a Place or an Agency: impossible
    data = sample()
    data.graph(P2P_GRAPH).add((P2P, CKG.participant, TOPIC["zero-emission-buses"]))
    consistent, message = check_consistency(data)
    assert not consistent
    assert (
        "topic:zero-emission-buses is the object of ckg:participant but cannot be "
        "a ckg:Agency or ckg:Place"
    ) in message


def test_confidence_outside_unit_interval_is_inconsistent() -> None:
    data = sample()
    graph = data.graph(P2P_GRAPH)
    graph.remove((STATEMENT, CKG.confidence, None))
    graph.add((STATEMENT, CKG.confidence, Literal("1.5", datatype=XSD.decimal)))
    consistent, message = check_consistency(data)
    assert not consistent
    assert "statement:a1 has confidence 1.5 outside [0, 1]" in message


def test_missing_java_is_an_error_not_a_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    import owlready2

    monkeypatch.setattr(owlready2, "JAVA_EXE", "/nonexistent/java")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(CityKGError, match="java: not found"):
        check_consistency(sample())


def test_reasoner_timeout_is_an_error_not_a_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    import citykg.validate

    monkeypatch.setattr(citykg.validate, "REASONER_TIMEOUT_S", 0.05)
    with pytest.raises(CityKGError, match="HermiT failed or timed out"):
        check_consistency(sample())


# ------------------------------------------------------------------------------ materialise


def test_materialise_infers_host_and_learning_cities() -> None:
    inferred = materialise(sample())
    hosts = set(inferred.subjects(RDF.type, CKG.HostCity))
    assert hosts == {MUMBAI, BAKU}
    learners = set(inferred.subjects(RDF.type, CKG.LearningCity))
    assert {KIGALI, MUMBAI, RES["city/durban"], RES["city/beijing"]} == learners
    assert (P2P, RDF.type, CKG.Event) in inferred  # Exchange ⊑ Event
    assert (INDIA, RDF.type, CKG.Place) in inferred
    flat = {(s, p, o) for s, p, o, _ in sample().quads((None, None, None, None))}
    assert not set(inferred) & flat, "only new triples"


def test_materialise_closes_located_in_and_part_of(tmp_path: Path) -> None:
    bandra = RES["place/bandra"]
    session = RES["event/session"]
    path = variant(
        tmp_path,
        add=[
            (bandra, RDF.type, CKG.Place),
            (bandra, RDFS.label, Literal("Bandra", lang="en")),
            (bandra, CKG.locatedIn, MUMBAI),
            (session, RDF.type, CKG.Exchange),
            (session, CKG.partOf, RES["event/2024-11-21-beijing-actions-and-results"]),
        ],
    )
    inferred = materialise(load_dataset(path))
    assert (bandra, CKG.locatedIn, INDIA) in inferred
    assert (session, CKG.partOf, COP29) in inferred
    assert inferred.serialize(format="nt") == materialise(load_dataset(path)).serialize(format="nt")


def test_materialise_refuses_inconsistent_data() -> None:
    data = sample()
    data.graph(P2P_GRAPH).add((KIGALI, RDF.type, CKG.Agency))
    with pytest.raises(CityKGError, match="cannot materialise"):
        materialise(data)


# ------------------------------------------------------------------------------ API + CLI


def test_validate_report_ok() -> None:
    report = validate(SAMPLE)
    assert report.ok and report.conforms and report.consistent
    no_reason = validate(SAMPLE, reason=False)
    assert no_reason.ok and "not checked" in no_reason.consistency_message


def test_cli_conforming_exits_zero() -> None:
    result = CliRunner().invoke(main, ["validate", "--graph", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "conforms: 0 violations; OWL consistency (HermiT): consistent in "
    )


def test_cli_violations_exit_one(tmp_path: Path) -> None:
    path = variant(tmp_path, remove=[(KIGALI, RDFS.label, None, None)])
    result = CliRunner().invoke(main, ["validate", "--graph", str(path), "--no-reason"])
    assert result.exit_code == 1
    out = result.output.splitlines()
    assert out[0].startswith("Violation: city:kigali rdfs:label:")
    assert out[-1] == (
        "does not conform: 1 violation; OWL consistency (HermiT): not checked (--no-reason)"
    )


def test_cli_inconsistent_exits_one_json(tmp_path: Path) -> None:
    path = variant(tmp_path, add=[(KIGALI, RDF.type, CKG.Topic)])
    result = CliRunner().invoke(main, ["validate", "--graph", str(path), "--format", "json"])
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert payload["consistent"] is False and payload["ok"] is False
    assert "city:kigali is both" in payload["consistency_message"]


def test_cli_missing_file_is_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--graph", str(tmp_path / "nope.ttl")])
    assert result.exit_code == 1
    assert "nope.ttl: no such graph file or directory" in result.output
    assert "Traceback" not in result.output
