"""Mentions → one node per real thing, across every document of a build.

Gazetteer entities already carry a global key (a GeoNames id, a curated agency id, a topic
concept), so aliases and languages (Bombay = Mumbai, Pékin = Beijing, PNUE = UNEP) meet
in one node by construction. What is left to resolve here:

- a document's own events and initiatives get readable, stable IRIs from their label and
  start date (``event/2023-07-11-echange-entre-pairs``), and two documents describing the
  same event (same label, same start date) share one node;
- organisations recognised by pattern (not in the curated list) are keyed by their name
  without legal suffixes, so "Beijing Drainage Group Co., Ltd." = "Beijing Drainage Group";
- every city is placed in its country as GeoNames does (``gno:parentCountry``, rule
  ``geonames-country``), so grouping cities by country never depends on a page naming the
  country; ``ckg:locatedIn`` stays what the documents state (with their sentence).

Nothing is linked on a guess: only gazetteer entries carry GeoNames/Wikidata links.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .extract.gazetteer import Gazetteer, load_gazetteer
from .ingest import slugify
from .model import DocExtraction, Entity, Relation

_LEGAL = re.compile(r"[,\s]+(?:Co\.?,?\s*Ltd\.?|Ltd\.?|Inc\.?|GmbH|S\.?A\.?|PLC|plc|LLC)\s*$")
_LEADING_ARTICLE = re.compile(r"^(?:the|le|la|les|l['’])\s*", re.IGNORECASE)


@dataclass
class Resolved:
    """The merged knowledge of a build: entities by final key, relations with evidence."""

    entities: dict[str, Entity] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)

    def by_document(self) -> Callable[[str], list[Relation]]:
        """A document's relations (in :attr:`relations`' order), by its id."""
        groups: dict[str, list[Relation]] = {}
        for r in self.relations:
            groups.setdefault(r.doc_id, []).append(r)
        return lambda doc_id: groups.get(doc_id, [])

    def predicate_counts(self) -> dict[str, int]:
        return dict(Counter(r.predicate for r in self.relations))


def agency_slug(label: str) -> str:
    label = _LEADING_ARTICLE.sub("", _LEGAL.sub("", label.strip()))
    return "agency/" + slugify(label, max_len=70)


def resolve(
    extractions: Iterable[DocExtraction],
    *,
    gazetteer: Gazetteer | None = None,
    min_confidence: float = 0.0,
    spool=None,
) -> Resolved:
    """Resolve a build's extractions; with ``spool``, the compact records of a build that
    keeps its extractions on disk (:func:`citykg.spool.resolve_spooled`)."""
    if spool is not None:
        from .spool import resolve_spooled

        return resolve_spooled(
            extractions, spool, gazetteer=gazetteer, min_confidence=min_confidence
        )
    gaz = gazetteer or load_gazetteer()
    rename: dict[str, str] = {}
    out = Resolved()
    relations: list[Relation] = []
    starts: dict[str, str] = {}
    leaders: dict[str, str] = {}
    extractions = [x for x in extractions if x.ok]
    for x in extractions:
        for r in x.relations:
            if r.predicate == "startDate" and r.subject not in starts:
                starts[r.subject] = r.value or ""
            if r.predicate == "ledBy" and r.subject not in leaders and r.obj:
                leaders[r.subject] = r.obj
    for x in extractions:
        for ent in x.entities:
            final = _final_key(ent, starts, leaders, x, gaz)
            rename[ent.key] = final
            _fold(out.entities, ent, final)
        relations.extend(x.relations)
    # every city sits in its country (GeoNames), recorded once per document that names the
    # city as GeoNames' own property: a page that never places the city states no locatedIn
    for key, ent, ckey, entry in placed_cities(out.entities, gaz):
        country = out.entities[ckey]
        for doc_id in sorted(ent.docs):
            relations.append(_in_country(key, ckey, doc_id, entry, country))
    out.relations = _renamed(relations, rename, out.entities, min_confidence)
    _unique_slugs(out.entities)
    return out


def placed_cities(
    entities: dict[str, Entity], gaz: Gazetteer
) -> list[tuple[str, Entity, str, Any]]:
    """``(city key, city, country key, gazetteer entry)`` for each city of the table that
    GeoNames places in a country the gazetteer knows; that country's node is added to the
    table. Shared by :func:`resolve` and the spool's two-pass resolution."""
    out = []
    for key, ent in list(entities.items()):
        if ent.type != "City" or not key.startswith("city:"):
            continue
        entry = gaz.entries.get(key)
        if entry is None or not entry.country:
            continue
        ckey = f"country:{entry.country}"
        if ckey not in entities and ckey in gaz.entries:
            entities[ckey] = gaz.entries[ckey].to_entity()
        if ckey in entities:
            out.append((key, ent, ckey, entry))
    return out


def _fold(entities: dict[str, Entity], ent: Entity, final: str) -> None:
    """Merge one mention's entity into the table under its final key."""
    if final in entities:
        entities[final].merge(ent)
    else:
        entities[final] = Entity(
            final,
            ent.type,
            dict(ent.labels),
            set(ent.aliases),
            set(ent.extra_types),
            ent.geonames,
            ent.wikidata,
            ent.slug or final,
            set(ent.docs),
        )


def _renamed(
    relations: Iterable[Relation],
    rename: dict[str, str],
    entities: dict[str, Entity],
    min_confidence: float,
) -> list[Relation]:
    """Relations on final keys, each once, sorted: those whose ends were resolved, at or
    above ``min_confidence`` (the first of duplicates wins)."""
    seen: set[tuple] = set()
    out: list[Relation] = []
    for r in relations:
        subj = rename.get(r.subject, r.subject)
        obj = rename.get(r.obj, r.obj) if r.obj else None
        if subj not in entities or (obj is not None and obj not in entities):
            continue
        if r.confidence < min_confidence or subj == obj:
            continue
        sig = (subj, r.predicate, obj, r.value, r.doc_id)
        if sig in seen:
            continue
        seen.add(sig)
        out.append(
            Relation(subj, r.predicate, obj, r.value, r.doc_id, r.evidence, r.confidence, r.rule)
        )
    out.sort(key=lambda r: (r.subject, r.predicate, r.obj or "", r.value or "", r.doc_id))
    return out


def _in_country(key: str, ckey: str, doc_id: str, entry, country: Entity) -> Relation:
    """A city's GeoNames country, stated once per document that names the city."""
    return Relation(
        key,
        "parentCountry",
        ckey,
        None,
        doc_id,
        f"GeoNames: {entry.name_en} is in {country.labels.get('en')}.",
        1.0,
        "geonames-country",
    )


def _final_key(
    ent: Entity, starts: dict[str, str], leaders: dict[str, str], x: DocExtraction, gaz: Gazetteer
) -> str:
    """The build-wide key (and IRI slug) of an entity."""
    label = next(iter(ent.labels.values()), ent.key)
    if ent.key.startswith("newagency:"):
        return agency_slug(label)
    if ent.key.startswith("unlinked-city:"):  # namesakes the page could not tell apart
        return "city:" + ent.key.split(":", 1)[1] + "-unlinked"
    if ent.key.startswith("docevent:"):
        date = starts.get(ent.key, "")
        return "event/" + "-".join(p for p in (date, slugify(label, max_len=70)) if p)
    if ent.key.startswith("docinit:"):
        lead = leaders.get(ent.key)
        lead_slug = ""
        if lead and lead in gaz.entries:
            lead_slug = slugify(gaz.entries[lead].name_en)
        name = slugify(label, max_len=60)
        if lead_slug and not name.startswith(lead_slug):
            name = f"{lead_slug}-{name}"
        return f"initiative/{name}"
    return ent.key


def _unique_slugs(entities: dict[str, Entity]) -> None:
    """Give every entity an IRI slug; distinct things never share one."""
    by_slug: dict[str, list[Entity]] = defaultdict(list)
    for key in sorted(entities):
        ent = entities[key]
        if not ent.slug or (ent.slug == key and "/" not in key):
            ent.slug = key.replace(":", "/")
        by_slug[ent.slug].append(ent)
    for slug, ents in by_slug.items():
        for n, ent in enumerate(ents[1:], start=2):
            ent.slug = f"{slug}-{n}"
