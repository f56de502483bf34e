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


def score(graph: Graph, gold: dict, schema: Graph | None = None) -> Score:
    """Score a (flattened) graph against a gold annotation."""
    sch = Graph()
    for pred in (RDFS.subClassOf, RDFS.subPropertyOf):
        for t in graph.triples((None, pred, None)):
            sch.add(t)
        if schema is not None:
            for t in schema.triples((None, pred, None)):
                sch.add(t)
    supers: dict = defaultdict(set)
    for s, o in sch.subject_objects(RDFS.subClassOf):
        supers[s].add(o)
    names = {CKG[n]: n for n in CLASSES}

    def contract_types(c: URIRef) -> set[str]:
        seen, todo = {c}, [c]
        while todo:
            for up in supers.get(todo.pop(), ()):
                if up not in seen:
                    seen.add(up)
                    todo.append(up)
        return {names[x] for x in seen if x in names}

    ptypes: dict = defaultdict(set)
    for s, c in graph.subject_objects(RDF.type):
        ptypes[s] |= contract_types(c)
    ptypes = {k: v for k, v in ptypes.items() if v}
    plabels = {n: {normalise(o) for lp in _LABELS for o in graph.objects(n, lp)} for n in ptypes}
    geo: dict = defaultdict(set)
    for lp in _LINKS:
        for s, o in graph.subject_objects(lp):
            m = _GEONAMES.match(str(o))
            if m:
                geo[s].add(int(m.group(1)))
    subprops: dict = defaultdict(set)
    for q, sup in sch.subject_objects(RDFS.subPropertyOf):
        subprops[sup].add(q)

    def below(pred: URIRef) -> set:
        out, todo = {pred}, [pred]
        while todo:
            for q in subprops.get(todo.pop(), ()):
                if q not in out:
                    out.add(q)
                    todo.append(q)
        return out

    def pairs(pred: str) -> list:
        found = set()
        for q in below(CKG[pred]):
            found.update(graph.subject_objects(q))
        return sorted(found)

    ents = {e["id"]: e for e in gold["entities"]}
    match: dict[str, object] = {}
    used: set = set()

    def candidates(e: dict) -> list:
        acc = ACCEPT[e["type"]]
        glabels = {normalise(x) for x in e["labels"]}
        out = []
        for n, ts in ptypes.items():
            if n in used or not ts & acc:
                continue
            s = 2 if e.get("geonames") in geo.get(n, ()) else (1 if plabels[n] & glabels else 0)
            if s:
                out.append((s, str(n), n))
        return sorted(out, reverse=True)

    ordered = sorted(ents.values(), key=lambda e: e.get("optional", False))
    for e in ordered:
        if e["type"] in NAMED:
            c = candidates(e)
            if c:
                match[e["id"]] = c[0][2]
                used.add(c[0][2])
    for e in ordered:
        if e["type"] in NAMED:
            continue
        c = candidates(e)
        if c:
            match[e["id"]] = c[0][2]
            used.add(c[0][2])
            continue
        best = None
        for n, ts in ptypes.items():
            if n in used or not ts & ACCEPT[e["type"]]:
                continue
            hits = 0
            for r in gold["relations"]:
                if r["s"] != e["id"]:
                    continue
                if "o" in r and r["o"] in match:
                    hits += any((n, q, match[r["o"]]) in graph for q in below(CKG[r["p"]]))
                elif "value" in r:
                    hits += any(
                        str(v).startswith(r["value"]) for v in graph.objects(n, CKG[r["p"]])
                    )
            if hits >= 2 and (best is None or hits > best[0]):
                best = (hits, n)
        if best:
            match[e["id"]] = best[1]
            used.add(best[1])

    inv = {v: k for k, v in match.items()}
    neutral = {n for gid, n in match.items() if ents[gid].get("optional")}
    for _, o in pairs("locatedIn"):
        if "Country" in ptypes.get(o, ()) and o not in inv:
            neutral.add(o)
    pointed = {o for _, o in pairs("topic")}
    neutral |= {
        n for n, ts in ptypes.items() if "Topic" in ts and n not in pointed and n not in inv
    }

    def name(n: object) -> str:
        labels = sorted(str(x) for x in graph.objects(n, RDFS.label))
        return labels[0] if labels else str(n)

    result = Score()
    for t in CLASSES:
        gold_t = [e for e in ents.values() if e["type"] == t and not e.get("optional")]
        pred_t = [
            n
            for n, ts in ptypes.items()
            if t in ts
            and not (t == "Event" and "Exchange" in ts)
            and not (t == "Place" and ts & {"City", "Country"})
        ]
        row = PRF(sum(1 for e in gold_t if e["id"] in match), 0, 0)
        row.fn = len(gold_t) - row.tp
        fps = sorted(n for n in pred_t if n not in inv and n not in neutral)
        row.fp = len(fps)
        result.false_positives += [f"{t} {name(n)}" for n in fps]
        result.false_negatives += [f"{t} {e['id']}" for e in gold_t if e["id"] not in match]
        if gold_t or pred_t:
            result.entities[t] = row

    gold_set, optional_set = set(), set()
    for r in gold["relations"]:
        key = (r["s"], r["p"], r.get("o", ("v", r.get("value"))))
        (optional_set if r.get("optional") else gold_set).add(key)
    found = set()
    rows: dict[str, PRF] = defaultdict(PRF)
    for p in PREDICATES:
        for s, o in pairs(p):
            verdict = (str(s), p, str(o))
            result.verdicts[verdict] = "neutral"
            if s in neutral or (isinstance(o, URIRef) and o in neutral):
                continue
            gs = inv.get(s)
            if p in VALUE_PREDICATES:
                hit = [
                    k
                    for k in gold_set | optional_set
                    if gs is not None
                    and k[0] == gs
                    and k[1] == p
                    and isinstance(k[2], tuple)
                    and str(o).startswith(k[2][1])
                ]
                if hit:
                    if hit[0] in gold_set:
                        found.add(hit[0])
                        result.verdicts[verdict] = "tp"
                    continue
                rows[p].fp += 1
                result.verdicts[verdict] = "fp"
                result.false_positives.append(f"{name(s)} {p} {o}")
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
                result.false_positives.append(f"{name(s)} {p} {name(o)}")
    for k in sorted(gold_set, key=str):
        if k in found:
            rows[k[1]].tp += 1
        else:
            rows[k[1]].fn += 1
            result.false_negatives.append(
                f"{k[0]} {k[1]} {k[2][1] if isinstance(k[2], tuple) else k[2]}"
            )
    result.relations = dict(rows)
    linked = [
        e
        for e in ents.values()
        if "geonames" in e and e["type"] in ("City", "Country") and not e.get("optional")
    ]
    result.links_total = len(linked)
    result.links_ok = sum(
        1 for e in linked if e["id"] in match and e["geonames"] in geo.get(match[e["id"]], ())
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
