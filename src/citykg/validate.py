"""Check a graph against the citykg shapes (SHACL) and ontology (OWL, HermiT); materialise.

Two complementary checks, because they catch different mistakes:

- SHACL (pyshacl) checks the *data as written*: labels present and language-tagged, the
  right datatypes, the right kinds of things at the end of each edge, dates in order. It is
  closed-world: a missing label is a violation.
- OWL (HermiT through owlready2) checks that the data is *logically possible* under the
  ontology: nothing is both a Place and a Topic, a confidence is in [0, 1], ... It is
  open-world: a missing label is fine, a contradiction is not.

The ontology is mixed into the SHACL data graph (``ont_graph``) with *no* inference, so
``sh:class ckg:Event`` accepts a ``ckg:Exchange`` (through ``rdfs:subClassOf`` in the mixed-in
ontology) while ``rdfs:domain``/``rdfs:range`` are *not* used to invent types: an RDFS pass
would type the Topic at the end of ``ckg:locatedIn`` as a Place and hide the error.
"""

from __future__ import annotations

import logging
import os
import shlex
import shutil
import stat
import tempfile
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import rdflib
from rdflib import OWL, RDF, RDFS, BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import NamespaceManager

from .errors import CityKGError
from .graphio import load_dataset
from .vocab import CKG, bind_prefixes

log = logging.getLogger(__name__)

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")

#: Wall-clock limit for one HermiT run; a reasoner that hangs is reported, not waited on.
REASONER_TIMEOUT_S = 300

#: Data predicates that carry no meaning for the reasoner (long texts) and are left out.
_NOT_FOR_REASONER = {CKG.evidence}

_CKG_NS = str(CKG._NS)


# --------------------------------------------------------------------------- data types


@dataclass(frozen=True)
class Violation:
    """One SHACL result, with its terms already shortened to prefixed names."""

    severity: str
    focus: str
    path: str
    message: str

    def line(self) -> str:
        """One readable line: ``Violation: city:x rdfs:label: City needs a ...``."""
        return f"{self.severity}: {self.focus} {self.path}: {self.message}"


@dataclass
class ValidationReport:
    """What ``citykg validate`` found: SHACL results and the OWL consistency verdict."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    consistent: bool = True
    consistency_message: str = "not checked"

    @property
    def ok(self) -> bool:
        """Whether the graph passes: no SHACL violation and no OWL contradiction."""
        return self.conforms and self.consistent


# --------------------------------------------------------------------------- files


def ontology_file(name: str = "citykg.ttl") -> Path:
    """Path of a file shipped in ``ontology/`` (``citykg.ttl``, ``shapes.ttl``, ``topics.ttl``)."""
    return Path(str(resources.files("citykg") / "data" / "ontology" / name))


def load_turtle(path: Path | None, default: str) -> rdflib.Graph:
    """Parse one of the ontology files, failing with one line naming the file."""
    path = Path(path) if path is not None else ontology_file(default)
    graph = rdflib.Graph()
    try:
        graph.parse(path, format="turtle")
    except FileNotFoundError:
        raise CityKGError(f"{path}: no such file") from None
    except Exception as exc:  # rdflib raises many parser exception types
        reason = " ".join(str(exc).split())[:300] or type(exc).__name__
        raise CityKGError(f"{path}: cannot parse as Turtle: {reason}") from exc
    return graph


def flatten(data: rdflib.Graph | rdflib.Dataset) -> rdflib.Graph:
    """All triples of a graph or of every graph of a dataset, as one plain graph."""
    flat = rdflib.Graph()
    bind_prefixes(flat)
    if isinstance(data, rdflib.Dataset):
        for s, p, o, _ in data.quads((None, None, None, None)):
            flat.add((s, p, o))
    else:
        for triple in data:
            flat.add(triple)
    return flat


def _namespaces() -> NamespaceManager:
    graph = rdflib.Graph()
    bind_prefixes(graph)
    return graph.namespace_manager


def short(term: object, nsm: NamespaceManager | None = None) -> str:
    """A term as a prefixed name when citykg knows the prefix, else in N-Triples form."""
    if term is None:
        return "-"
    if isinstance(term, URIRef | Literal | BNode):
        return term.n3(nsm or _namespaces())
    return str(term)


# --------------------------------------------------------------------------- SHACL


def validate_shapes(
    data: rdflib.Graph | rdflib.Dataset, shapes_path: Path | None = None
) -> list[Violation]:
    """Run pyshacl with citykg's shapes; return the results, violations first, sorted."""
    import pyshacl  # slow import, only needed here

    shapes = load_turtle(shapes_path, "shapes.ttl")
    ontology = load_turtle(None, "citykg.ttl")
    flat = flatten(data)
    try:
        _conforms, results, _text = pyshacl.validate(
            flat,
            shacl_graph=shapes,
            ont_graph=ontology,
            inference="none",
            advanced=True,
            allow_warnings=True,
        )
    except Exception as exc:  # pyshacl raises ReportableRuntimeError and friends
        raise CityKGError(
            f"SHACL validation failed to run: {' '.join(str(exc).split())[:300]}"
        ) from exc
    return _violations(results)


def _violations(results: rdflib.Graph) -> list[Violation]:
    nsm = _namespaces()
    found = set()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        severity_name = str(severity).rsplit("#", 1)[-1] if severity else "Violation"
        message = results.value(result, SH.resultMessage) or "does not conform"
        path = results.value(result, SH.resultPath)
        found.add(
            Violation(
                severity=severity_name,
                focus=short(results.value(result, SH.focusNode), nsm),
                path=_path_text(results, path, nsm),
                message=" ".join(str(message).split()),
            )
        )
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    return sorted(found, key=lambda v: (order.get(v.severity, 3), v.focus, v.path, v.message))


def _path_text(results: rdflib.Graph, path: object, nsm: NamespaceManager) -> str:
    if path is None:
        return "-"
    if isinstance(path, BNode):
        inverse = results.value(path, SH.inversePath)
        if inverse is not None:
            return "^" + short(inverse, nsm)
        return "(complex path)"
    return short(path, nsm)


# --------------------------------------------------------------------------- OWL / HermiT


def reasoner_input(
    ontology: rdflib.Graph, data: rdflib.Graph | None, *, identity: bool = True
) -> rdflib.Graph:
    """The ontology and the part of the data HermiT needs, as one OWL 2 DL graph.

    Left out: ``ckg:Assertion ⊑ rdf:Statement`` and the ``rdf:subject/predicate/object``
    triples (reserved vocabulary in OWL 2 DL), labels and other annotations, long evidence
    texts, and blank nodes. Kept: types from the ontology's classes, ckg property values and,
    with ``identity``, ``owl:sameAs``/``owl:differentFrom`` links (identity can cause
    contradictions too, but owlready2 turns merged individuals into synthetic classes, so
    materialisation leaves them out).
    """
    identity_props = (OWL.sameAs, OWL.differentFrom) if identity else ()
    graph = rdflib.Graph()
    for s, p, o in ontology:
        if p == RDFS.subClassOf and o == RDF.Statement:
            continue
        graph.add((s, p, o))
    if data is None:
        return graph
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    object_props = set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    data_props = set(ontology.subjects(RDF.type, OWL.DatatypeProperty)) - _NOT_FOR_REASONER
    individuals: set[URIRef] = set()
    for s, p, o in data:
        if not isinstance(s, URIRef):
            continue
        if p == RDF.type and o in classes:
            graph.add((s, p, o))
        elif (p in object_props or p in identity_props) and isinstance(o, URIRef):
            graph.add((s, p, o))
            individuals.add(o)
        elif p in data_props and isinstance(o, Literal):
            graph.add((s, p, o))
        else:
            continue
        individuals.add(s)
    for individual in individuals:
        graph.add((individual, RDF.type, OWL.NamedIndividual))
    return graph


def _java() -> str:
    import owlready2

    java = shutil.which(owlready2.JAVA_EXE) or shutil.which("java")
    if not java:
        raise CityKGError("java: not found on PATH; HermiT (OWL consistency) needs Java 11+")
    return java


def _timeout_wrapper(tmpdir: Path, java: str, seconds: float) -> str:
    """A ``java`` that coreutils ``timeout`` kills after ``seconds``: owlready2 has no timeout
    option, but it runs whatever ``owlready2.JAVA_EXE`` names."""
    timeout = shutil.which("timeout")
    if not timeout:
        return java
    wrapper = tmpdir / "java-with-timeout"
    command = " ".join(shlex.quote(part) for part in (timeout, "-k", "5", str(seconds), java))
    wrapper.write_text(f'#!/bin/sh\nexec {command} "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    return str(wrapper)


def _run_hermit(graph: rdflib.Graph, *, infer_property_values: bool):
    """Load ``graph`` into a fresh owlready2 World and run HermiT on it.

    Returns ``(world, None)`` when consistent, ``(None, reason)`` when HermiT proves a
    contradiction; raises :class:`CityKGError` when the reasoner could not run.
    """
    import owlready2

    java = _java()
    with tempfile.TemporaryDirectory(prefix="citykg-owl-") as tmp:
        tmpdir = Path(tmp)
        source = tmpdir / "input.nt"
        graph.serialize(source, format="nt", encoding="utf-8")
        world = owlready2.World()
        try:
            world.get_ontology(source.as_uri()).load(format="ntriples")
        except Exception as exc:  # owlready2 raises plain exceptions on odd OWL
            detail = " ".join(str(exc).split())[:300]
            raise CityKGError(f"owlready2 cannot load the ontology/data: {detail}") from exc
        previous = owlready2.JAVA_EXE
        owlready2.JAVA_EXE = _timeout_wrapper(tmpdir, java, REASONER_TIMEOUT_S)
        try:
            owlready2.sync_reasoner_hermit(
                world,
                infer_property_values=infer_property_values,
                debug=0,
                ignore_unsupported_datatypes=True,
            )
        except owlready2.OwlReadyInconsistentOntologyError:
            world.close()
            return None, "HermiT found a contradiction"
        except owlready2.OwlReadyJavaError as exc:
            detail = " ".join(str(exc).split())[-300:]
            raise CityKGError(
                f"HermiT failed or timed out (limit {REASONER_TIMEOUT_S} s): {detail}"
            ) from exc
        except OSError as exc:
            raise CityKGError(f"HermiT could not start: {exc}") from exc
        finally:
            owlready2.JAVA_EXE = previous
    unsatisfiable = sorted(c.iri for c in world.inconsistent_classes() if c.iri.startswith(_CKG_NS))
    if unsatisfiable:
        world.close()
        names = ", ".join(short(URIRef(iri)) for iri in unsatisfiable)
        return None, f"unsatisfiable classes: {names}"
    return world, None


def check_consistency(
    data: rdflib.Graph | rdflib.Dataset | None = None, ontology_path: Path | None = None
) -> tuple[bool, str]:
    """Whether the ontology (and the data, if given) is consistent according to HermiT.

    Returns ``(True, "consistent in 1.2 s")`` or ``(False, reason)``; raises
    :class:`CityKGError` when Java is missing or the reasoner crashes, so that "consistent"
    is never reported for a check that did not run.
    """
    ontology = load_turtle(ontology_path, "citykg.ttl")
    flat = flatten(data) if data is not None else None
    started = time.perf_counter()
    world, reason = _run_hermit(reasoner_input(ontology, flat), infer_property_values=False)
    elapsed = time.perf_counter() - started
    if world is None:
        suspects = explain_inconsistency(ontology, flat) if flat is not None else []
        detail = "; ".join(suspects[:3]) or reason
        return False, f"inconsistent: {detail} (HermiT, {elapsed:.1f} s)"
    world.close()
    return True, f"consistent in {elapsed:.1f} s"


def explain_inconsistency(ontology: rdflib.Graph, data: rdflib.Graph) -> list[str]:
    """Likely causes of a contradiction HermiT found: individuals whose asserted types are
    disjoint, edges whose subject or object cannot be in the property's domain or range
    (given disjointness), and confidences outside [0, 1].

    HermiT only says *that* the graph is inconsistent; this names the usual suspects.
    """
    disjoint = _disjoint_pairs(ontology)
    nsm = _namespaces()

    def supers(classes: set) -> set:
        closed: set = set()
        for cls in classes:
            closed |= set(ontology.transitive_objects(cls, RDFS.subClassOf))
        return closed

    def clash(left: set, right: set) -> tuple | None:
        for a, b in sorted(disjoint, key=lambda pair: (str(pair[0]), str(pair[1]))):
            if (a in left and b in right) or (b in left and a in right):
                return a, b
        return None

    types = {node: supers(set(data.objects(node, RDF.type))) for node in data.subjects(RDF.type)}
    found = []
    for node in sorted(types, key=str):
        pair = clash(types[node], types[node])
        if pair:
            a, b = (short(x, nsm) for x in pair)
            found.append(f"{short(node, nsm)} is both {a} and {b}, which are disjoint")
    for prop in sorted(ontology.subjects(RDF.type, OWL.ObjectProperty), key=str):
        for end, axiom in (("subject", RDFS.domain), ("object", RDFS.range)):
            expected = ontology.value(prop, axiom)
            if expected is None:
                continue
            options = _union_members(ontology, expected)
            for s, o in sorted(data.subject_objects(prop), key=str):
                node = s if end == "subject" else o
                have = types.get(node, set())
                if have and all(clash(have, supers({option})) for option in options):
                    wanted = " or ".join(short(x, nsm) for x in sorted(options, key=str))
                    found.append(
                        f"{short(node, nsm)} is the {end} of {short(prop, nsm)} but cannot be "
                        f"a {wanted}"
                    )
    for node, value in sorted(data.subject_objects(CKG.confidence), key=str):
        try:
            number = float(value)
        except (TypeError, ValueError):
            continue
        if not 0 <= number <= 1:
            found.append(f"{short(node, nsm)} has confidence {value} outside [0, 1]")
    return found


def _union_members(ontology: rdflib.Graph, node: object) -> set:
    head = ontology.value(node, OWL.unionOf) if isinstance(node, BNode) else None
    return set(Collection(ontology, head)) if head is not None else {node}


def _disjoint_pairs(ontology: rdflib.Graph) -> set[tuple[URIRef, URIRef]]:
    pairs = set()
    for a, b in ontology.subject_objects(OWL.disjointWith):
        pairs.add((a, b))
    for axiom in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(Collection(ontology, ontology.value(axiom, OWL.members)))
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pairs.add((a, b))
    return pairs


# --------------------------------------------------------------------------- materialise


def materialise(
    data: rdflib.Graph | rdflib.Dataset, *, include_aligned: bool = False
) -> rdflib.Graph:
    """What HermiT infers from the data that is worth publishing, as a graph of NEW triples.

    - types: the defined classes ``ckg:HostCity`` and ``ckg:LearningCity`` and every
      super-class a type implies (a ``ckg:Conference`` is a ``ckg:Event``, a ``ckg:City`` a
      ``ckg:Place``); with ``include_aligned`` also the schema.org/ORG/PROV/SKOS ones;
    - property values: the transitive closures of ``ckg:locatedIn`` and ``ckg:partOf``.

    Only resources of the data are described, and only triples not already in it.
    Raises :class:`CityKGError` when the data is inconsistent (nothing sound can be inferred).
    """
    ontology = load_turtle(None, "citykg.ttl")
    flat = flatten(data)
    world, reason = _run_hermit(
        reasoner_input(ontology, flat, identity=False), infer_property_values=True
    )
    if world is None:
        suspects = "; ".join(explain_inconsistency(ontology, flat)[:3])
        raise CityKGError(f"cannot materialise: the graph is inconsistent: {suspects or reason}")
    subjects = {s for s in flat.subjects() if isinstance(s, URIRef)}
    keep_class = _class_filter(include_aligned)
    object_props = {
        p for p in ontology.subjects(RDF.type, OWL.ObjectProperty) if str(p).startswith(_CKG_NS)
    }
    inferred = rdflib.Graph()
    bind_prefixes(inferred)
    for individual in world.individuals():
        node = URIRef(individual.iri)
        if node not in subjects:
            continue
        for cls in individual.INDIRECT_is_a:
            iri = getattr(cls, "iri", None)
            if iri and keep_class(iri):
                inferred.add((node, RDF.type, URIRef(iri)))
        for prop in individual.get_properties():
            if URIRef(prop.iri) not in object_props:
                continue
            for value in prop[individual]:
                if hasattr(value, "iri") and URIRef(value.iri) in subjects:
                    inferred.add((node, URIRef(prop.iri), URIRef(value.iri)))
    world.close()
    new = rdflib.Graph()
    bind_prefixes(new)
    for triple in sorted(inferred, key=lambda t: tuple(str(x) for x in t)):
        if triple not in flat:
            new.add(triple)
    return new


def _class_filter(include_aligned: bool):
    aligned = (
        "https://schema.org/",
        "http://www.w3.org/ns/org#",
        "http://www.w3.org/ns/prov#",
        "http://www.w3.org/2004/02/skos/core#",
    )

    def keep(iri: str) -> bool:
        if iri.startswith(_CKG_NS):
            return True
        return include_aligned and iri.startswith(aligned)

    return keep


# --------------------------------------------------------------------------- all together


def validate(
    graph: str | os.PathLike | None = None, *, shapes: Path | None = None, reason: bool = True
) -> ValidationReport:
    """Load a graph file or build directory and run SHACL and (unless ``reason=False``) HermiT."""
    data = load_dataset(graph)
    violations = validate_shapes(data, shapes)
    conforms = not any(v.severity == "Violation" for v in violations)
    if not reason:
        return ValidationReport(conforms, violations, True, "not checked (--no-reason)")
    consistent, message = check_consistency(data)
    return ValidationReport(conforms, violations, consistent, message)
