"""The aggregator: every rule's candidates and vetoes in, decided facts out.

Rules never add or delete each other's edges. They propose candidates with evidence and
state vetoes; :func:`decide` then settles each fact from all of it, the same whatever order
the rules ran in:

1. evidence a veto cancels is dropped; a fact with no evidence left is gone;
2. a fact whose evidence is all ``fallback`` stands only when no other fact gives its
   subject a value of that predicate;
3. for single-valued predicates (lexicon ``single_valued``: an event's location, start date
   …) the best-supported value wins: highest confidence, then the earliest evidence, then
   the rule name, so ties break the same way on every run; an end date follows the start
   date's evidence when the same rule read both; when the winner comes from a rule that
   reads a list (lexicon ``enumerating_rules``: a study tour's stops), every value that rule
   gave stands with it.
"""

from __future__ import annotations

from collections import defaultdict

from .records import Candidate, Evidence, Fact, RawRelation, Veto


class FactStore:
    """Candidates and vetoes of one document, in the order rules emitted them."""

    def __init__(self) -> None:
        self.candidates: list[Candidate] = []
        self.vetoes: list[Veto] = []

    def emit(
        self,
        subject: str,
        predicate: str,
        evidence: Evidence,
        *,
        obj: str | None = None,
        value: str | None = None,
        fallback: bool = False,
    ) -> None:
        if obj is not None and obj == subject:
            return  # nothing takes part in itself
        self.candidates.append(Candidate(subject, predicate, obj, value, evidence, fallback))

    def veto(self, veto: Veto) -> None:
        self.vetoes.append(veto)


def _rank(e: Evidence) -> tuple[float, int, int, str]:
    return (-e.confidence, e.span[0], e.sentence, e.rule)


def decide(
    store: FactStore, single_valued: frozenset[str], enumerating: frozenset[str] = frozenset()
) -> list[Fact]:
    """The facts the evidence supports (see the module docstring), in first-emission order."""
    kept: dict[tuple, list[Candidate]] = {}
    vetoed = _vetoes_of(store.vetoes)
    for c in store.candidates:
        vetoes = vetoed.get(c.predicate)
        if vetoes is not None and any(v.cancels(c) for v in vetoes.get(c.obj, vetoes[None])):
            continue
        kept.setdefault(c.fact, []).append(c)
    # everything but end dates first: an end date depends on which start date won
    first = _settle(
        {k: cs for k, cs in kept.items() if k[1] != "endDate"}, single_valued, enumerating
    )
    starts = [c for k, cs in kept.items() if k[1] == "startDate" for c in cs]
    ends = _paired_ends({k: cs for k, cs in kept.items() if k[1] == "endDate"}, starts, first)
    settled = {**first, **_settle(ends, single_valued, enumerating)}
    out = []
    for k in kept:
        if k in settled:
            cs = settled[k]
            if len(cs) == 1:  # most facts: one rule read them once
                evidence: tuple[Evidence, ...] = (cs[0].evidence,)
            else:
                evidence = tuple(sorted({c.evidence for c in cs}, key=_rank))
            out.append(Fact(*k, evidence))
    return out


def _vetoes_of(vetoes: list[Veto]) -> dict[str, dict[str | None, list[Veto]]]:
    """Per predicate, per object, the vetoes that may cancel a candidate of that predicate
    and object (those naming the object, then those naming none), under the key ``None``
    those naming none alone: looked up once per candidate, where most predicates have
    no veto at all."""
    by_pred: dict[tuple[str, str | None], list[Veto]] = defaultdict(list)
    for v in vetoes:
        by_pred[(v.predicate, v.obj)].append(v)
    out: dict[str, dict[str | None, list[Veto]]] = {}
    for pred, _ in by_pred:
        out.setdefault(pred, {None: by_pred.get((pred, None), [])})
    for (pred, obj), vs in by_pred.items():
        if obj is not None:
            out[pred][obj] = vs + out[pred][None]
    return out


def _settle(
    facts: dict[tuple, list[Candidate]],
    single_valued: frozenset[str],
    enumerating: frozenset[str] = frozenset(),
) -> dict[tuple, list[Candidate]]:
    """Fallback facts yield to any firm value of their subject and predicate; then each
    single-valued (subject, predicate) keeps its best value, with the other values of an
    enumerating rule that won (the stops of a tour are all its places)."""
    firm = {(k[0], k[1]) for k, cs in facts.items() if any(not c.fallback for c in cs)}
    facts = {
        k: cs
        for k, cs in facts.items()
        if (k[0], k[1]) not in firm or any(not c.fallback for c in cs)
    }
    groups: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for k in facts:
        if k[1] in single_valued:
            groups[(k[0], k[1])].append(k)
    drop: set[tuple] = set()
    for keys in groups.values():
        if len(keys) == 1:  # one value: nothing to choose
            continue
        best = min(keys, key=lambda k: min(_rank(c.evidence) for c in facts[k]))
        winner = min((c.evidence for c in facts[best]), key=_rank).rule
        drop |= {
            k
            for k in keys
            if k != best
            and not (winner in enumerating and any(c.evidence.rule == winner for c in facts[k]))
        }
    return {k: cs for k, cs in facts.items() if k not in drop}


def _paired_ends(
    ends: dict[tuple, list[Candidate]],
    starts: list[Candidate],
    settled: dict[tuple, list[Candidate]],
) -> dict[tuple, list[Candidate]]:
    """End-date evidence read together with a start date ("5–7 March") stands or falls
    with that start date: kept only when that start date won."""

    def read(c: Candidate) -> tuple:
        return (c.subject, c.evidence.rule, c.evidence.span)

    with_start = {read(c) for c in starts}
    won = {read(c) for k, cs in settled.items() if k[1] == "startDate" for c in cs}
    out: dict[tuple, list[Candidate]] = {}
    for k, cs in ends.items():
        keep = [c for c in cs if read(c) in won or read(c) not in with_start]
        if keep:
            out[k] = keep
    return out


def to_relations(facts: list[Fact]) -> list[RawRelation]:
    """One relation per fact, carrying its best evidence (rule, sentence, confidence)."""
    out = []
    for f in facts:
        best = f.best
        out.append(
            RawRelation(
                f.subject, f.predicate, f.obj, f.value, best.sentence, best.confidence, best.rule
            )
        )
    return out
