"""Score a graph against a gold annotation file (schema: ``seeds/gold/README.md``).

The scoring semantics are those of the shared evaluation script, so ``citykg evaluate``
and the evaluator agree (a cross-check test holds them together):

- named entities (City, Country, Place, Agency, Topic) match a node of an accepted class
  by a normalised label (case, accents, leading article and punctuation ignored) or by
  their GeoNames ``owl:sameAs``; events and initiatives by label, else by two or more of
  their gold relations; matching is one-to-one, so a duplicate node is a false positive;
- countries reached only by ``locatedIn`` and topics nothing points at are neutral;
- relations count under a contract predicate or a declared sub-property; dates count when
  the literal starts with the gold value.

Beyond the numbers, :class:`Score` lists the false positives and negatives by name so a
user can see what to fix.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SDO, SKOS, Namespace

from .errors import CityKGError
from .vocab import CKG

CLASSES = ("City", "Country", "Agency", "Exchange", "Event", "Initiative", "Topic", "Place")
PREDICATES = (
    "participant",
    "location",
    "organizer",
    "startDate",
    "endDate",
    "partOf",
    "topic",
    "locatedIn",
    "ledBy",
    "supportedBy",
    "targetYear",
)
VALUE_PREDICATES = {"startDate", "endDate", "targetYear"}
NAMED = {"City", "Country", "Agency", "Topic", "Place"}
ACCEPT = {
    "City": {"City"},
    "Country": {"Country"},
    "Agency": {"Agency"},
    "Exchange": {"Exchange", "Event"},
    "Event": {"Event", "Exchange"},
    "Initiative": {"Initiative"},
    "Topic": {"Topic"},
    "Place": {"Place", "City", "Country"},
}
_SDO_HTTP = Namespace("http://schema.org/")
_LABELS = (
    RDFS.label,
    SKOS.prefLabel,
    SKOS.altLabel,
    SDO.name,
    SDO.alternateName,
    _SDO_HTTP.name,
    _SDO_HTTP.alternateName,
)
_LINKS = (OWL.sameAs, SDO.sameAs, _SDO_HTTP.sameAs, SKOS.exactMatch, SKOS.closeMatch)
_GEONAMES = re.compile(r"https?://(?:sws\.)?geonames\.org/(\d+)")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[’'`\"«»“”()\[\].,;:!?\-–—_/]", " ", text)
    text = re.sub(r"^(l|la|le|les|the)\s+", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    entities: dict[str, PRF] = field(default_factory=dict)
    relations: dict[str, PRF] = field(default_factory=dict)
    links_ok: int = 0
    links_total: int = 0
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)
    #: "file: reason" of each gold document that failed to build (scored as empty: its
    #: gold entities and relations all count as false negatives)
    failed_documents: list[str] = field(default_factory=list)
    #: the verdict on each predicted relation, keyed by (subject IRI, contract predicate,
    #: object IRI or literal): "tp", "fp" or "neutral" (optional gold, neutral nodes); what
    #: :func:`rule_reliability` joins with the rule of each statement
    verdicts: dict[tuple[str, str, str], str] = field(default_factory=dict, repr=False)

    @staticmethod
    def _total(rows: dict[str, PRF]) -> PRF:
        return PRF(
            sum(r.tp for r in rows.values()),
            sum(r.fp for r in rows.values()),
            sum(r.fn for r in rows.values()),
        )

    @property
    def entity(self) -> PRF:
        return self._total(self.entities)

    @property
    def relation(self) -> PRF:
        return self._total(self.relations)

    @property
    def link_accuracy(self) -> float:
        return self.links_ok / self.links_total if self.links_total else 0.0

    def to_dict(self) -> dict:
        def row(v: PRF) -> dict:
            return {"tp": v.tp, "fp": v.fp, "fn": v.fn, "f1": round(v.f1, 3)}

        e, r = self.entity, self.relation
        return {
            "entities": {k: row(v) for k, v in self.entities.items()},
            "relations": {k: row(v) for k, v in self.relations.items()},
            "entity_p": e.precision,
            "entity_r": e.recall,
            "entity_f1": e.f1,
            "relation_p": r.precision,
            "relation_r": r.recall,
            "relation_f1": r.f1,
            "link_acc": self.link_accuracy,
            "links": [self.links_ok, self.links_total],
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
            "failed_documents": self.failed_documents,
        }

    def summary(self) -> str:
        e, r = self.entity, self.relation
        return (
            f"entity P/R/F1 {e.precision:.2f}/{e.recall:.2f}/{e.f1:.2f}  relation P/R/F1 "
            f"{r.precision:.2f}/{r.recall:.2f}/{r.f1:.2f}  geonames links "
            f"{self.links_ok}/{self.links_total}"
        )


def load_gold(path: str | Path) -> dict:
    p = Path(path)
    try:
        gold = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CityKGError(f"{p}: no such gold file") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CityKGError(f"{p}: not a JSON gold file ({exc})") from None
    if not isinstance(gold, dict) or not {"documents", "entities", "relations"} <= set(gold):
        raise CityKGError(f"{p}: a gold file needs 'documents', 'entities' and 'relations'")
    for n, e in enumerate(gold["entities"], 1):
        # an entity without a known type would be a KeyError deep inside score()
        name = repr(e.get("id")) if isinstance(e, dict) and "id" in e else f"#{n}"
        if not isinstance(e, dict) or e.get("type") not in ACCEPT:
            what = (
                "no 'type'"
                if not isinstance(e, dict) or "type" not in e
                else (f"an unknown type {e['type']!r}")
            )
            raise CityKGError(
                f"{p}: gold entity {name} has {what} (expected one of {', '.join(sorted(ACCEPT))})"
            )
    return gold


def _closure(start: object, edges: dict) -> set:
    """``start`` and everything reachable from it along ``edges`` (a dict of sets)."""
    seen, todo = {start}, [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


class _Predicted:
    """What the scorer reads of a graph, computed once: each node's contract classes,
    normalised labels and GeoNames ids, and the sub-property closure of each predicate
    (the graph's own subclass/subproperty axioms together with the schema's)."""

    def __init__(self, graph: Graph, schema: Graph | None) -> None:
        self.graph = graph
        axioms = [graph] + ([schema] if schema is not None else [])
        supers: dict = defaultdict(set)
        self.subprops: dict = defaultdict(set)
        for g in axioms:
            for s, o in g.subject_objects(RDFS.subClassOf):
                supers[s].add(o)
            for q, sup in g.subject_objects(RDFS.subPropertyOf):
                self.subprops[sup].add(q)
        names = {CKG[n]: n for n in CLASSES}
        ptypes: dict = defaultdict(set)
        for s, c in graph.subject_objects(RDF.type):
            ptypes[s] |= {names[x] for x in _closure(c, supers) if x in names}
        self.types: dict = {k: v for k, v in ptypes.items() if v}
        self.labels = {
            n: {normalise(o) for lp in _LABELS for o in graph.objects(n, lp)} for n in self.types
        }
        self.geo: dict = defaultdict(set)
        for lp in _LINKS:
            for s, o in graph.subject_objects(lp):
                m = _GEONAMES.match(str(o))
                if m:
                    self.geo[s].add(int(m.group(1)))

    def below(self, pred: URIRef) -> set:
        """``pred`` and its sub-properties, transitively."""
        return _closure(pred, self.subprops)

    def pairs(self, pred: str) -> list:
        """Sorted (subject, object) pairs of a contract predicate or any sub-property."""
        found = set()
        for q in self.below(CKG[pred]):
            found.update(self.graph.subject_objects(q))
        return sorted(found)

    def name(self, n: object) -> str:
        labels = sorted(str(x) for x in self.graph.objects(n, RDFS.label))
        return labels[0] if labels else str(n)


def _candidates(pred: _Predicted, e: dict, used: set) -> list:
    """Unused nodes of an accepted class for a gold entity, best first: a GeoNames match (2)
    before a label match (1)."""
    acc = ACCEPT[e["type"]]
    glabels = {normalise(x) for x in e["labels"]}
    out = []
    for n, ts in pred.types.items():
        if n in used or not ts & acc:
            continue
        s = (
            2
            if e.get("geonames") in pred.geo.get(n, ())
            else (1 if pred.labels[n] & glabels else 0)
        )
        if s:
            out.append((s, str(n), n))
    return sorted(out, reverse=True)


def _by_relations(pred: _Predicted, e: dict, gold: dict, match: dict, used: set) -> object:
    """The unused node sharing the most (at least two) of a gold event's relations."""
    best = None
    for n, ts in pred.types.items():
        if n in used or not ts & ACCEPT[e["type"]]:
            continue
        hits = 0
        for r in gold["relations"]:
            if r["s"] != e["id"]:
                continue
            if "o" in r and r["o"] in match:
                hits += any((n, q, match[r["o"]]) in pred.graph for q in pred.below(CKG[r["p"]]))
            elif "value" in r:
                hits += any(
                    str(v).startswith(r["value"]) for v in pred.graph.objects(n, CKG[r["p"]])
                )
        if hits >= 2 and (best is None or hits > best[0]):
            best = (hits, n)
    return best[1] if best else None


def _match_entities(pred: _Predicted, gold: dict, ents: dict) -> dict[str, object]:
    """One-to-one gold id -> node: named entities first (by label or GeoNames), then events
    and initiatives (by label, else by their relations); optional gold entities last."""
    match: dict[str, object] = {}
    used: set = set()
    ordered = sorted(ents.values(), key=lambda e: e.get("optional", False))
    for e in ordered:
        if e["type"] in NAMED:
            c = _candidates(pred, e, used)
            if c:
                match[e["id"]] = c[0][2]
                used.add(c[0][2])
    for e in ordered:
        if e["type"] in NAMED:
            continue
        c = _candidates(pred, e, used)
        node = c[0][2] if c else _by_relations(pred, e, gold, match, used)
        if node is not None:
            match[e["id"]] = node
            used.add(node)
    return match


def _neutral(pred: _Predicted, ents: dict, match: dict, inv: dict) -> set:
    """Nodes that count neither way: optional gold, unmatched countries reached only by
    ``locatedIn``, unmatched topics nothing points at."""
    neutral = {n for gid, n in match.items() if ents[gid].get("optional")}
    for _, o in pred.pairs("locatedIn"):
        if "Country" in pred.types.get(o, ()) and o not in inv:
            neutral.add(o)
    pointed = {o for _, o in pred.pairs("topic")}
    neutral |= {
        n for n, ts in pred.types.items() if "Topic" in ts and n not in pointed and n not in inv
    }
    return neutral


def _score_entities(
    pred: _Predicted, ents: dict, match: dict, inv: dict, neutral: set, result: Score
) -> None:
    for t in CLASSES:
        gold_t = [e for e in ents.values() if e["type"] == t and not e.get("optional")]
        pred_t = [
            n
            for n, ts in pred.types.items()
            if t in ts
            and not (t == "Event" and "Exchange" in ts)
            and not (t == "Place" and ts & {"City", "Country"})
        ]
        row = PRF(sum(1 for e in gold_t if e["id"] in match), 0, 0)
        row.fn = len(gold_t) - row.tp
        fps = sorted(n for n in pred_t if n not in inv and n not in neutral)
        row.fp = len(fps)
        result.false_positives += [f"{t} {pred.name(n)}" for n in fps]
        result.false_negatives += [f"{t} {e['id']}" for e in gold_t if e["id"] not in match]
        if gold_t or pred_t:
            result.entities[t] = row


def _value_verdict(gs: object, p: str, o: object, gold_set: set, optional_set: set) -> tuple | None:
    """The gold key a predicted date or year literal matches (by prefix), or None."""
    hit = [
        k
        for k in gold_set | optional_set
        if gs is not None
        and k[0] == gs
        and k[1] == p
        and isinstance(k[2], tuple)
        and str(o).startswith(k[2][1])
    ]
    return hit[0] if hit else None


def _score_relations(
    pred: _Predicted, gold: dict, ents: dict, inv: dict, neutral: set, result: Score
) -> None:
    gold_set, optional_set = set(), set()
    for r in gold["relations"]:
        key = (r["s"], r["p"], r.get("o", ("v", r.get("value"))))
        (optional_set if r.get("optional") else gold_set).add(key)
    found = set()
    rows: dict[str, PRF] = defaultdict(PRF)
    for p in PREDICATES:
        for s, o in pred.pairs(p):
            verdict = (str(s), p, str(o))
            result.verdicts[verdict] = "neutral"
            if s in neutral or (isinstance(o, URIRef) and o in neutral):
                continue
            gs = inv.get(s)
            if p in VALUE_PREDICATES:
                hit = _value_verdict(gs, p, o, gold_set, optional_set)
                if hit is None:
                    rows[p].fp += 1
                    result.verdicts[verdict] = "fp"
                    result.false_positives.append(f"{pred.name(s)} {p} {o}")
                elif hit in gold_set:
                    found.add(hit)
                    result.verdicts[verdict] = "tp"
                continue
            go = inv.get(o)
            key = (gs, p, go)
            if gs is not None and go is not None and key in gold_set:
                found.add(key)
                result.verdicts[verdict] = "tp"
            elif (
                gs is not None
                and go is not None
                and (key in optional_set or ents[gs].get("optional") or ents[go].get("optional"))
            ):
                pass
            else:
                rows[p].fp += 1
                result.verdicts[verdict] = "fp"
                result.false_positives.append(f"{pred.name(s)} {p} {pred.name(o)}")
    for k in sorted(gold_set, key=str):
        if k in found:
            rows[k[1]].tp += 1
        else:
            rows[k[1]].fn += 1
            result.false_negatives.append(
                f"{k[0]} {k[1]} {k[2][1] if isinstance(k[2], tuple) else k[2]}"
            )
    result.relations = dict(rows)


def score(graph: Graph, gold: dict, schema: Graph | None = None) -> Score:
    """Score a (flattened) graph against a gold annotation."""
    pred = _Predicted(graph, schema)
    ents = {e["id"]: e for e in gold["entities"]}
    match = _match_entities(pred, gold, ents)
    inv = {v: k for k, v in match.items()}
    neutral = _neutral(pred, ents, match, inv)
    result = Score()
    _score_entities(pred, ents, match, inv, neutral, result)
    _score_relations(pred, gold, ents, inv, neutral, result)
    linked = [
        e
        for e in ents.values()
        if "geonames" in e and e["type"] in ("City", "Country") and not e.get("optional")
    ]
    result.links_total = len(linked)
    result.links_ok = sum(
        1 for e in linked if e["id"] in match and e["geonames"] in pred.geo.get(match[e["id"]], ())
    )
    return result


def evaluate(
    gold_path: str | Path,
    paths: list[str | Path] | None = None,
    *,
    min_confidence: float = 0.0,
    schema_path: str | Path | None = None,
) -> Score:
    """Build the gold file's documents (found under ``paths``, default: the gold file's
    folder and its parent) in memory and score the graph."""
    return evaluate_graph(gold_path, paths, min_confidence=min_confidence, schema_path=schema_path)[
        0
    ]


def evaluate_graph(
    gold_path: str | Path,
    paths: list[str | Path] | None = None,
    *,
    min_confidence: float = 0.0,
    schema_path: str | Path | None = None,
) -> tuple[Score, Graph, Graph]:
    """:func:`evaluate`, also returning the flattened graph scored and the schema used."""
    from .ingest import iter_paths
    from .pipeline import build
    from .rdf import merged_graph

    gold = load_gold(gold_path)
    wanted = set(gold["documents"])
    if paths:
        roots = [Path(p) for p in paths]
        candidates = iter_paths(r for r in roots if r.exists())
    else:
        # the gold file's folder and the one above it (seeds/gold/x.json → seeds/), not
        # recursively: a gold file in /tmp must not send the search through the whole disk
        roots = [Path(gold_path).parent, Path(gold_path).parent.parent]
        candidates = (f for r in roots for f in sorted(r.iterdir()) if f.is_file())
    files: dict[str, Path] = {}
    for f in candidates:
        if f.name in wanted and f.name not in files:
            files[f.name] = f
    missing = sorted(wanted - set(files))
    if missing:
        raise CityKGError(
            f"{gold_path}: documents not found under {', '.join(map(str, roots))}: "
            f"{', '.join(missing[:5])}"
        )
    result = build(
        [files[n] for n in sorted(files)], None, min_confidence=min_confidence, view=False
    )
    schema = Graph()
    onto = Path(schema_path) if schema_path else _ontology_path()
    if onto.exists():
        schema.parse(onto, format="turtle")
    graph = merged_graph(result.dataset)
    scored = score(graph, gold, schema)
    scored.failed_documents = list(result.errors)
    return scored, graph, schema


def rule_reliability(graph: Graph, scored: Score, schema: Graph) -> dict[str, list[int]]:
    """``{rule: [true positives, false positives]}`` over the graph's statements: each
    reified relation (``ckg:rule`` on its ``rdf:Statement``) takes the verdict of the triple
    it states; neutral and unscored triples count for neither. This is what the confidences
    of ``data/lexicon.json`` are fitted to (``scripts/calibrate.py``)."""
    contract: dict = {CKG[p]: p for p in PREDICATES}
    changed = True
    while changed:  # sub-properties (a host role under participant) take their contract name
        changed = False
        for q, sup in schema.subject_objects(RDFS.subPropertyOf):
            if sup in contract and q not in contract:
                contract[q] = contract[sup]
                changed = True
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for st in graph.subjects(CKG.rule, None):
        p = contract.get(graph.value(st, RDF.predicate))
        if p is None:
            continue
        key = (str(graph.value(st, RDF.subject)), p, str(graph.value(st, RDF.object)))
        verdict = scored.verdicts.get(key)
        if verdict in ("tp", "fp"):
            out[str(graph.value(st, CKG.rule))][verdict == "fp"] += 1
    return dict(sorted(out.items()))


def _ontology_path() -> Path:
    from importlib import resources

    return Path(str(resources.files("citykg") / "data" / "ontology" / "citykg.ttl"))
