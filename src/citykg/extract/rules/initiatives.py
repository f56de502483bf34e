"""Phase ``initiatives``: plans, programmes, roadmaps and charters the page names.

A name is a trigger word with what names it: a quoted title ("programme « Bus propres »"),
a capitalised name after or before it ("the Urban Heat Roadmap"), a French complement
ending on a city ("plan d'action climatique d'Accra") or an acronym, a city before it
("the Warsaw climate plan"), a possessive in a sentence about one city ("son propre plan
chaleur"), or a commitment with a target year. Names that are only a place are no names.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..gazetteer import Gazetteer, norm_token, tokenize
from ..lexicon import Lexicon
from .events import Events
from .mentions import Mentions
from .page import Page
from .records import Found, InitRec
from .registry import stage
from .spans import SpanSet

_QUOTE_OPEN = '«"“„‘'
_QUOTE_CLOSE = '»"”‟’'

#: (start, end, label, name, owner key or None)
_Hit = tuple[int, int, str, str, str | None]


@dataclass
class Initiatives:
    items: list[InitRec]


@stage("initiatives")
def find_initiatives(
    page: Page, gaz: Gazetteer, lex: Lexicon, mentions: Mentions, events: Events
) -> Initiatives:
    trig = lex.rx("initiative_triggers").pattern
    found: list[_Hit] = []
    found += _french_named(page, lex, mentions, trig)
    found += _city_named(page, lex, mentions, trig)
    found += _owned(page, lex, mentions, trig)
    found += _targeted(page, lex, mentions, trig)
    found += _quoted_and_capitalised(page, lex, trig)
    taken = SpanSet(
        [f.span for f in mentions.items if f.type == "Agency"]
        + [sp for e in events.items for sp in e.spans if e.conference or e.main]
    )
    function_words = lex.lower_set("function_words")
    inits: list[InitRec] = []
    by_sig: dict[frozenset[str], InitRec] = {}
    by_alias: dict[str, InitRec] = {}
    owners = {(h[0], h[1]): h[4] for h in found if h[4] is not None}
    for start, end, label, name, _ in sorted(found, key=lambda h: h[:4]):
        if taken.overlaps((start, end)) or _only_places(gaz, name):
            continue
        if len(name) < 2 or all(w.lower() in function_words for w in re.findall(r"[\w'’]+", name)):
            continue
        sig = _signature(label)
        rec = by_sig.get(sig) or by_alias.get(norm_token(name))
        if rec is None:
            rec = InitRec(f"docinit:{len(inits)}", label)
            inits.append(rec)
            by_sig.setdefault(sig, rec)
        rec.aliases.update({label, name})
        by_alias.setdefault(norm_token(label), rec)
        by_alias.setdefault(norm_token(name), rec)
        rec.spans.append((start, end))
        if rec.owner is None:
            rec.owner = owners.get((start, end))
    return Initiatives(inits)


def _signature(label: str) -> frozenset[str]:
    return frozenset(norm_token(t) for _, _, t in tokenize(label) if t[0].isalnum())


def _only_places(gaz: Gazetteer, name: str) -> bool:
    """ "Mumbai programme": a place, not a name."""
    hits = gaz.match(name)
    return bool(hits) and (
        all(gaz.entries[g.keys[0]].type in ("City", "Country") for g in hits)
        and sum(g.end - g.start for g in hits) >= len(name.replace(" ", "")) - 2
    )


def _french_named(page: Page, lex: Lexicon, mentions: Mentions, trig: str) -> list[_Hit]:
    """ "Plan de mobilité urbaine durable (PMUS)", "plan d'action climatique d'Accra",
    "plan chaleur de Niamey": trigger + lowercase words + (ACRONYM) or + de <City>."""
    text = page.text
    city_starts = {f.start: f for f in mentions.items if f.type == "City" and not f.nested}
    rx = re.compile(
        r"\b(?P<trig>(?i:" + trig + r"))(?P<words>(?:\s+[a-zàâçéèêëîïôûùüÿœ'’-]+){0,6}?)"
        r"(?:\s+\((?P<acr>[A-Z][A-Z0-9-]{1,9})\)|\s+(?:de|d['’]|du)\s*"
        r"(?:(?:Grand|Grande|Greater)\s+)?(?=[A-ZÀ-Ý]))"
    )
    edge = lex.lower_set("name_joiners")
    out: list[_Hit] = []
    for m in rx.finditer(text):
        if m.group("acr"):
            out.append((m.start(), m.end(), text[m.start() : m.end("words")], m.group("acr"), None))
            continue
        city = city_starts.get(m.end())
        if city is None:
            continue
        words = m.group("words").split()
        if not words and not m.group("trig")[0].isupper():
            continue  # "le programme de Dakar" says whose, not which: only names count
        if words and (words[-1] in edge | {"d'", "d’"} or words[0] in edge):
            continue
        end = city.end
        # "Déclaration de Montréal pour le climat": the name goes on
        tail = re.match(
            r"\s+(?:pour|sur)\s+(?:le|la|l['’])\s*[a-zàâçéèêëîïôûùü]+", text[end : end + 80]
        )
        if tail and m.group("trig")[0].isupper():
            end += tail.end()
        label = text[m.start() : end]
        name = text[m.start() : m.end("words")] if words else label
        out.append((m.start(), end, label, name, None))
    return out


def _city_named(page: Page, lex: Lexicon, mentions: Mentions, trig: str) -> list[_Hit]:
    """English "the Warsaw climate plan", "São Paulo's climate law": a city, an optional
    possessive, one to three lowercase words and a trigger (laws and ordinances count
    here, where a city owns them). The span starts after the city so that ``ledBy``
    sees the city as the owner right before the name."""
    rx = re.compile(
        r"(?P<poss>['’]s)?\s+(?P<words>(?:[a-z][\w-]*\s+){1,3}?)"
        r"(?P<trig>(?:" + trig + r"|" + lex.alt("law_triggers") + r"))\b"
    )
    stop = (
        lex.lower_set("function_words")
        | lex.lower_set("phrase_stops")
        | lex.lower_set("clause_verbs")
    )
    out: list[_Hit] = []
    for f in mentions.items:
        if f.type != "City" or f.nested:
            continue
        m = rx.match(page.text, f.end)
        if not m:
            continue
        words = m.group("words").split()
        if any(w in stop or w.endswith("ed") for w in words):
            continue  # "Riga will discuss energy-service contracts": a clause, not a name
        name = page.text[m.start("words") : m.end()]
        out.append((m.start("words"), m.end(), page.text[f.start : m.end()], name, None))
    return out


def _owned_hit(page: Page, span: tuple[int, int], name: str, city: Found) -> _Hit:
    """An initiative found with its owner: the owner is kept for ``ledBy`` and the city
    named in the label, so each city's "plan chaleur" is a node of its own."""
    joiner = " de " if page.lang == "fr" else " of "
    return (*span, name + joiner + city.text, name, city.key)


def _targeted(page: Page, lex: Lexicon, mentions: Mentions, trig: str) -> list[_Hit]:
    """ "un plan de désimperméabilisation qui doit … d'ici 2030": a trigger with its
    complement in a sentence that sets a target year is a commitment of the city the
    sentence (or the one before) is about; the alias names the city."""
    rx = _targeted_rx(lex, trig)
    target_sents = {page.sentence_of(t.start) for t in page.target_years}
    function_words = lex.lower_set("function_words")
    out: list[_Hit] = []
    for m in rx.finditer(page.text):
        words = m.group("words").split()
        if not words or words[-1] in function_words or words[0] in function_words:
            continue
        i = page.sentence_of(m.start())
        if i not in target_sents:
            continue
        city = mentions.sentence_city(i) or (mentions.sentence_city(i - 1) if i > 0 else None)
        if city is None:
            continue
        name = m.group("name").strip()
        out.append(_owned_hit(page, (m.start("name"), m.start("name") + len(name)), name, city))
    return out


@functools.cache
def _targeted_rx(lex: Lexicon, trig: str) -> re.Pattern[str]:
    return re.compile(
        r"\b(?:" + lex.alt("commitment_determiners") + r")\s+(?:nouvel(?:le)?\s+|new\s+)?"
        r"(?P<name>(?P<t>(?i:" + trig + r"))\s+(?:de|d['’]|for)\s*"
        r"(?P<words>(?:[a-zàâçéèêëîïôûùüÿœ'’-]+\s*){1,5}?))"
        r"(?=\s*(?:,|" + lex.alt("commitment_ends") + r"|\.|$))",
    )


def _owned(page: Page, lex: Lexicon, mentions: Mentions, trig: str) -> list[_Hit]:
    """ "se doter de son propre plan chaleur", "adopt its own heat action plan": a
    possessive, a trigger and its qualifier, in a sentence about exactly one city, which
    owns it; the alias names the city so the initiative is one node per city."""
    rx = re.compile(
        r"\b(?i:" + lex.alt("possessives") + r")\s+(?i:propre\s+|own\s+)?"
        r"(?P<name>(?:(?P<pre>(?:[a-z][\w-]*\s+){1,2}?)(?P<t1>" + trig + r")\b"
        r"|(?P<t2>" + trig + r")(?P<post>(?:\s+[a-zàâçéèêëîïôûùü][\w'’-]*){1,2})))"
    )
    function_words = lex.lower_set("function_words")
    out: list[_Hit] = []
    for m in rx.finditer(page.text):
        words = (m.group("pre") or m.group("post") or "").split()
        if not words or any(w in function_words or w.endswith(("ed", "é", "ée")) for w in words):
            continue
        city = mentions.sentence_city(page.sentence_of(m.start()))
        if city is None:
            continue
        out.append(_owned_hit(page, (m.start("name"), m.end()), m.group("name"), city))
    return out


def _quoted_and_capitalised(page: Page, lex: Lexicon, trig: str) -> list[_Hit]:
    """A quoted title after a trigger; a capitalised name after or before one."""
    text = page.text
    quoted = re.compile(
        r"(?P<trig>"
        + trig
        + r")\s+(?:"
        + lex.alt("name_intros")
        + r")?\s*["
        + _QUOTE_OPEN
        + r"]\s*(?P<name>[^"
        + _QUOTE_CLOSE
        + r"\n]{2,80}?)\s*["
        + _QUOTE_CLOSE
        + r"]",
        re.IGNORECASE,
    )
    after = re.compile(
        r"\b(?P<trig>(?i:"
        + trig
        + r"))\s+(?P<name>(?:[A-ZÀ-Ý][\w'’-]*)(?:[ -](?:[A-ZÀ-Ý0-9][\w'’-]*))*)"
    )
    before = re.compile(r"(?P<name>\b(?:[A-ZÀ-Ý0-9][\w'’&-]* ){1,5})(?P<trig>(?i:" + trig + r"))\b")
    out: list[_Hit] = []
    for m in quoted.finditer(text):
        out.append((m.start(), m.end(), m.group(0).strip(), m.group("name").strip(), None))
    agency_like = lex.rx("agency_like_triggers")
    for m in after.finditer(text):
        trig_text, name = m.group("trig"), m.group("name")
        if not trig_text[0].islower() and not name.isupper() and agency_like.fullmatch(trig_text):
            continue  # "Programme Villes Durables": a programme that acts is an agency
        # ("Plan Climat Energie Territorial", "Charte Cadre de Vie" stay initiatives)
        out.append((m.start(), m.end(), m.group(0).strip(), name.strip(), None))
    articles = lex.lower_set("leading_articles")
    for m in before.finditer(text):
        trig_text = m.group("trig")
        if not trig_text[0].islower() and page.lang == "fr":
            continue
        words = m.group("name").strip().split()
        while words and words[0].lower() in articles:
            words = words[1:]
        if not words:
            continue
        name = " ".join(words)
        start = m.start("name") + m.group("name").find(words[0])
        out.append((start, m.end(), f"{name} {trig_text}", name, None))
    return out
