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
from ..scan import cue_finditer
from . import series
from .agencies import city_pairing
from .citynames import name_cues
from .events import Events
from .frtitles import french_titles, with_french_titles
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
    found += _quoted_and_capitalised(page, lex, trig, mentions)
    found += _engaged(page, lex, mentions, trig)
    found += _created(page, lex)
    found += _titled_project(page, lex)
    found += _project_page(page, lex)
    found += _city_pairings(page, gaz, lex)
    found += series.series_hits(page, lex)
    found = with_french_titles(found, french_titles(page, lex))
    agencies = [f for f in mentions.items if f.type == "Agency"]
    found = [_owner_prefixed(page, agencies, mentions, h) for h in found]
    taken = SpanSet([f.span for f in agencies])
    owner_spans: dict[str | None, set[tuple[int, int]]] = {}
    for f in agencies:
        owner_spans.setdefault(f.key, set()).add(f.span)
    in_events = SpanSet([sp for e in events.items for sp in e.spans if e.conference or e.main])
    function_words = lex.lower_set("function_words")
    generic = function_words | lex.lower_set("generic_initiative_words")
    inits: list[InitRec] = []
    by_sig: dict[frozenset[str], InitRec] = {}
    by_alias: dict[str, InitRec] = {}
    by_span: list[tuple[int, int, InitRec]] = []
    owners = {(h[0], h[1]): h[4] for h in found if h[4] is not None}
    for start, end, label, name, owner in sorted(found, key=lambda h: h[:4]):
        if _only_places(gaz, name):
            continue
        if any(not (start <= a and b <= end) for a, b in in_events.overlapping((start, end))):
            continue  # (an exchange's trigger word inside the name is no event: "Twinning")
        if any(sp not in owner_spans.get(owner, ()) for sp in taken.overlapping((start, end))):
            continue  # an organisation's name, unless it only says whose the name is
        if len(name) < 2 or all(w.lower() in function_words for w in re.findall(r"[\w'’]+", name)):
            continue
        outer = next((r for a, b, r in by_span if a <= start < b), None)
        if outer is None and _generic(label, generic, lex):
            continue  # "the Initiative", "Joint Programme": a head, not a name
        sig = _signature(label)
        rec = outer or by_sig.get(sig) or by_alias.get(norm_token(name)) or _subsumed(by_sig, sig)
        if rec is None:
            rec = InitRec(f"docinit:{len(inits)}", label)
            inits.append(rec)
            by_sig.setdefault(sig, rec)
        rec.aliases.update({label, name})
        by_alias.setdefault(norm_token(label), rec)
        by_alias.setdefault(norm_token(name), rec)
        rec.spans.append((start, end))
        by_span.append((start, end, rec))
        if rec.owner is None:
            rec.owner = owners.get((start, end))
    for rec in inits:  # "IMC's Green Energy Roadmap" is also the "IMC Green Energy Roadmap"
        rec.aliases.update(
            re.sub(r"['’]s?\s+", " ", a, count=1)
            for a in list(rec.aliases)
            if re.search(r"\w['’]s?\s", a)
        )
    return Initiatives(inits)


def _generic(label: str, generic: frozenset[str], lex: Lexicon) -> bool:
    """A label of only a trigger and generic words ("Joint Programme", "the Initiative")."""
    trig = lex.rx("initiative_triggers")
    words = [w for w in re.findall(r"[\w'’-]+", trig.sub(" ", label))]
    return all(w.lower() in generic for w in words)


def _subsumed(by_sig: dict[frozenset[str], InitRec], sig: frozenset[str]) -> InitRec | None:
    """ "the ICLEI Urban Heat Resilience Asia Programme" and "the Urban Heat Resilience
    Programme for Asia": the same words but for the short ones (an acronym, "for"): the
    same initiative told twice."""
    core = frozenset(w for w in sig if len(w) > 3)
    if len(core) < 3:
        return None
    for other, rec in by_sig.items():
        other_core = frozenset(w for w in other if len(w) > 3)
        if other_core == core:
            return rec
    return None


def _owner_prefixed(page: Page, agencies: list[Found], mentions: Mentions, hit: _Hit) -> _Hit:
    """ "the ICLEI Urban Heat Resilience Asia Programme", "the World Bank's Coastal
    Towns … Project", "São Paulo's Climate Plan": a name that opens with an organisation
    (or a possessive) keeps the organisation as its owner; a possessive is not part of the
    name ("China's National … Strategy" is the National … Strategy)."""
    start, end, label, name, owner = hit
    text = page.text
    poss = re.match(r"(?P<who>.*?)['’]s\s+(?=[A-ZÀ-Ý0-9])", text[start:end])
    if poss:
        who_end = start + poss.end("who")
        lead = next((f for f in mentions.items if f.end == who_end and f.start >= start), None)
        new_start = start + poss.end()
        if lead is not None and lead.type in ("Agency", "City"):
            return (start, end, label, name, owner or lead.key)  # "Tirana's … Plan"
        if lead is not None or poss.group("who").count(" ") <= 3:
            cut = text[new_start:end]
            return (new_start, end, cut, _cut_name(name, cut), owner)
    lead = next((f for f in agencies if f.start == start and f.end < end), None)
    rest = text[lead.end : end] if lead is not None else ""
    if lead is not None and re.match(r"\s+[A-ZÀ-Ý0-9][\w'’-]*\s+[A-ZÀ-Ý0-9]", rest):
        return (start, end, label, name, owner or lead.key)
    return hit


def _cut_name(name: str, cut: str) -> str:
    m = re.search(r"['’]s\s+", name)
    return name[m.end() :] if m else (name if name in cut else cut)


def _signature(label: str) -> frozenset[str]:
    return frozenset(norm_token(t) for _, _, t in tokenize(label) if t[0].isalnum())


def _only_places(gaz: Gazetteer, name: str) -> bool:
    """ "Mumbai programme": a place, not a name."""
    hits = gaz.match(name)
    return bool(hits) and (
        all(gaz.entries[g.keys[0]].type in ("City", "Country") for g in hits)
        and sum(g.end - g.start for g in hits) >= len(name.replace(" ", "")) - 2
    )


def _triggers(lex: Lexicon) -> str:
    """The alternation of the initiative triggers: the patterns that open with one are
    scanned from where one starts (:func:`~..scan.cue_finditer`)."""
    return lex.rx("initiative_triggers").alternation


def _french_named(page: Page, lex: Lexicon, mentions: Mentions, trig: str) -> list[_Hit]:
    """ "Plan de mobilité urbaine durable (PMUS)", "plan d'action climatique d'Accra",
    "plan chaleur de Niamey": trigger + lowercase words + (ACRONYM) or + de <City>."""
    text = page.text
    # ("Feuille de route de Djibouti pour …": a country's name ends a title as well)
    city_starts = {
        f.start: f for f in mentions.items if f.type in ("City", "Country") and not f.nested
    }
    rx = re.compile(
        r"\b(?P<trig>(?i:" + trig + r"))(?P<words>(?:\s+[a-zàâçéèêëîïôûùüÿœ'’-]+){0,6}?)"
        r"(?:\s+\((?P<acr>[A-Z][A-Z0-9-]{1,9})\)|\s+(?:de|d['’]|du)\s*"
        r"(?:(?:Grand|Grande|Greater)\s+)?(?=[A-ZÀ-Ý]))"
    )
    edge = lex.lower_set("name_joiners")
    clause = set(name_cues()["clause_words"]["fr"])
    out: list[_Hit] = []
    for m in cue_finditer(rx, _triggers(lex), text):
        if m.group("acr"):
            out.append((m.start(), m.end(), text[m.start() : m.end("words")], m.group("acr"), None))
            continue
        city = city_starts.get(m.end())
        if city is None:
            continue
        words = m.group("words").split()
        if clause & set(words):
            continue  # "le programme sont les villes de Tahoua": a clause, not a name
        if not words and not m.group("trig")[0].isupper():
            continue  # "le programme de Dakar" says whose, not which: only names count
        if words and (words[-1] in edge | {"d'", "d’"} or words[0] in edge):
            continue
        end = city.end
        # "Déclaration de Montréal pour le climat": the name goes on
        tail = re.match(
            r"\s+(?:pour|sur)\s+(?:le|la|l['’])\s*[a-zàâçéèêëîïôûùü]+"
            r"(?:\s+(?!(?:et|de|du|des|à|au|en|qui|que)\b)[a-zàâçéèêëîïôûùü]+(?=[\s,.;:)]))?",
            text[end : end + 80],
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


def _quoted_and_capitalised(
    page: Page, lex: Lexicon, trig: str, mentions: Mentions | None = None
) -> list[_Hit]:
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
        + r"))[ \t]+(?P<name>(?:[A-ZÀ-Ý][\w'’-]*)(?:[ -](?:[A-ZÀ-Ý0-9][\w'’-]*))*)"
    )  # never across a line: "Le projet" heading, then a sentence "MED-X aide …"
    # "Coastal Towns and Wetlands Restoration Project", "Coast to Coast Learning
    # programme": joiners inside a name
    cap = r"[A-ZÀ-Ý0-9][\w'’&-]* "
    before = re.compile(
        r"(?P<name>\b" + cap + r"(?:(?:and |of |for |to |& )?" + cap + r"){0,6})"
        r"(?P<trig>(?i:" + trig + r"))\b"
    )
    tail = re.compile(
        r"(?:\s+(?:for|of)\s+(?:the\s+)?[A-ZÀ-Ý][\w'’-]*(?:\s+[A-ZÀ-Ý][\w'’-]*){0,2})?"
        r"(?:\s+(?:19|20)\d\d\b)?"
    )
    out: list[_Hit] = []
    for m in cue_finditer(quoted, _triggers(lex), text):
        out.append((m.start(), m.end(), m.group(0).strip(), m.group("name").strip(), None))
    agency_like = lex.rx("agency_like_triggers")
    for m in cue_finditer(after, _triggers(lex), text):
        trig_text, name = m.group("trig"), m.group("name")
        if trig_text.isupper() and len(trig_text) > 4:
            continue  # a heading in capitals, not a name
        if not trig_text[0].islower() and not name.isupper() and agency_like.fullmatch(trig_text):
            continue  # "Programme Villes Durables": a programme that acts is an agency
        # ("Plan Climat Energie Territorial", "Charte Jardins Partagés" stay initiatives)
        out.append((m.start(), m.end(), m.group(0).strip(), name.strip(), None))
    articles = lex.lower_set("leading_articles")
    for m in before.finditer(text):
        trig_text = m.group("trig")
        if not trig_text[0].islower() and page.lang == "fr":
            continue
        if trig_text.isupper() and len(trig_text) > 4:
            continue  # "FOOD SYSTEMS COMMUNITY OF PRACTICE MEETS …": a heading in capitals
        words = m.group("name").strip().split()
        while words and words[0].lower() in articles:
            words = words[1:]
        if not words:
            continue
        if words[-1] in ("and", "of", "for", "&"):
            continue
        name = " ".join(words)
        start = m.start("name") + m.group("name").find(words[0])
        # "… Programme for Africa", "… Strategy 2035": the name goes on
        end = tail.match(text, m.end()).end()
        if end > m.end() and _names_a_place(mentions, m.end(), end):
            end = m.end()  # "the Climate Plan of Accra": whose plan, said by ``ledBy``
        label = f"{name} {trig_text}" + text[m.end() : end]
        out.append((start, end, label, name, None))
    out += _quoted_before(page, trig)
    out += _french_titled(page, lex, trig)
    return out


def _quoted_before(page: Page, trig: str) -> list[_Hit]:
    """ "the “Solar Rooftops for Schools” pilot project": a quoted title before a trigger
    (at most two lowercase words between)."""
    rx = re.compile(
        r"[" + _QUOTE_OPEN + r"]\s*(?P<name>[A-ZÀ-Ý][^" + _QUOTE_CLOSE + r"\n]{1,80}?)\s*"
        r"[" + _QUOTE_CLOSE + r"]\s+(?:[a-z][\w-]*\s+){0,2}?(?P<trig>(?i:" + trig + r"))\b"
    )
    out: list[_Hit] = []
    for m in rx.finditer(page.text):
        name = m.group("name").strip()
        out.append((m.start("name"), m.start("name") + len(name), name, name, None))
    return out


def _french_titled(page: Page, lex: Lexicon, trig: str) -> list[_Hit]:
    """ "la mise à jour de la Stratégie des jardins partagés, qui …": in French a title capitalises
    its first word only, so a capitalised trigger inside a sentence and its lowercase
    complement ("des jardins partagés") are a name, up to the end of the phrase."""
    if page.lang != "fr":
        return []
    rx = re.compile(
        r"(?<=[a-zàâçéèêëîïôûùü'’] )(?:la |le |les |l['’]|du |des |au |aux )?"
        r"(?P<name>(?P<trig>" + _capitalised_alt(lex.words("initiative_triggers", "fr")) + r")"
        r"(?P<words>(?:\s+(?:(?:de la|de l['’]|du|des|de|d['’])\s*)?[a-zàâçéèêëîïôûùüœ][\w'’-]+"
        r"(?:\s+(?:et\s+)?[a-zàâçéèêëîïôûùüœ][\w'’-]+){0,3})))"
        r"(?=\s*[,.;:()]|\s+(?:" + lex.alt("relative_pronouns") + r")\b)"
    )
    stop = lex.lower_set("clause_verbs") | lex.lower_set("phrase_stops")
    out: list[_Hit] = []
    for m in rx.finditer(page.text):
        if not m.group("trig")[0].isupper():
            continue
        words = re.findall(r"[\w'’-]+", m.group("words"))
        joiners = {"de", "la", "du", "des", "et", "l'", "l’", "d'", "d’"}
        if any(w.lower() in stop for w in words if w.lower() not in joiners):
            continue
        name = m.group("name")
        out.append((m.start("name"), m.end("name"), name, name, None))
    return out


def _capitalised_alt(items: list[str]) -> str:
    """Cue patterns with their first letter capitalised ("Chartes?", "Plans?")."""
    return "|".join(sorted((i[0].upper() + i[1:] for i in items), key=len, reverse=True))


def _engaged(page: Page, lex: Lexicon, mentions: Mentions, trig: str) -> list[_Hit]:
    """ "X s'engage dans un projet de jumelage énergétique avec Y", "Accra has
    launched a programme of street tree planting": an indefinite trigger and its lowercase
    complement after a verb of engaging or launching names the subject's initiative (the
    subject, when a city or agency stands right before the verb, owns it)."""
    rx = re.compile(
        r"(?<![\w-])(?i:" + lex.alt("engagement_verbs") + r")\s+"
        r"(?:un|une|a|an)\s+(?:nouveau\s+|nouvelle\s+|new\s+)?"
        r"(?P<name>(?P<t>(?i:" + trig + r"))\s+(?:de|d['’]|of|for)\s*"
        r"(?P<words>[a-zàâçéèêëîïôûùüÿœ][\w'’-]*(?:\s+[a-zàâçéèêëîïôûùüÿœ][\w'’-]*){0,5}))"
    )
    stops = (
        lex.lower_set("function_words")
        | lex.lower_set("phrase_stops")
        | lex.lower_set("relative_pronouns")
        | lex.lower_set("clause_verbs")
    )
    out: list[_Hit] = []
    for m in rx.finditer(page.text):
        words = m.group("words").split()
        keep: list[str] = []
        for w in words:
            if w.lower() not in _JOINERS and not re.match(r"[dl]['’]\w", w) and w.lower() in stops:
                break
            keep.append(w)
        while keep and keep[-1].lower() in _JOINERS:
            keep.pop()  # "… de la": a name never ends on a joiner
        if not keep:
            continue
        end = m.start("words") + len(" ".join(keep))
        name = page.text[m.start("name") : end]
        i = page.sentence_of(m.start())
        subj = [
            f
            for f in mentions.in_sentence(i)
            if f.type in ("City", "Agency") and not f.nested and f.end <= m.start()
        ]
        owner = None
        if subj and re.fullmatch(
            r"[\s,]*(?:,[^,]{0,40},\s*)?", page.text[subj[-1].end : m.start()]
        ):
            owner = subj[-1].key
        out.append((m.start("name"), end, name, name, owner))
    return out


_JOINERS = frozenset({"de", "des", "du", "la", "of", "the"})


def _created(page: Page, lex: Lexicon) -> list[_Hit]:
    """ "au lancement de l'Alliance des communes … (ACoM)", "the launch of the River Towns
    Alliance (RTA)": a named body the page sees launched, with its short name in brackets,
    is an initiative of the page (its short name an alias)."""
    rx = re.compile(
        r"(?i:" + lex.alt("creation_cues") + r")\s*"
        r"(?P<name>[A-ZÀ-Ý][\w'’-]+(?:\s+[\w'’-]+){0,11}?)\s+"
        r"\((?P<acr>[A-Z][\w'’-]{1,11})\)"
    )
    out: list[_Hit] = []
    for m in rx.finditer(page.text):
        name, acr = m.group("name"), m.group("acr")
        if sum(c.isupper() for c in acr) < 2:
            continue
        out.append((m.start("name"), m.end("name"), name, name, None))
        out.append((m.start("acr"), m.end("acr"), name, acr, None))
    return out


#: An upper-case name opening a page's first line before a separator ("HARBOUR HEAT - …").
_TITLE_NAME = re.compile(
    r"[ \t]*(?P<name>[A-Z0-9À-Ý][A-Z0-9À-Ý-]{2,}(?:[ \t][A-Z0-9À-Ý][A-Z0-9À-Ý-]+){0,3})"
    r"[ \t]*[-–—|:][ \t]"
)


def _titled_project(page: Page, lex: Lexicon) -> list[_Hit]:
    """A project page's own project: the upper-case name that opens the page ("MED-X |
    Des quartiers plus frais", "HARBOUR HEAT - Waste heat …") when the body speaks of "the
    project" and uses the name again ("MED-X aide trois villes"). A masthead or a section
    name ("SUD-OUEST LITTORAL | La Rochelle") is not used again in the story."""
    text = page.text
    first = re.match(r"\s*", text).end()
    m = _TITLE_NAME.match(text, first)
    if m is None or not re.search(r"[A-ZÀ-Ý]", m.group("name")):
        return []
    name = m.group("name")
    if not lex.rx("project_self_references").search(text, m.end()):
        return []
    rx = re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])")
    spans = [(x.start(), x.end()) for x in rx.finditer(text)]
    if len(spans) < 2:
        return []
    return [(a, b, name, name, None) for a, b in spans]


def _project_page(page: Page, lex: Lexicon) -> list[_Hit]:
    """ "DUNEWISE / Living with moving coastlines … ABOUT THE PROJECT … This project is
    co-funded by …": a project's own page is titled by the project's name, a short name
    line; every use of that name on the page names the initiative."""
    head = page.headline
    if not head or not lex.rx("project_page_cues").search(page.text):
        return []
    # "HARBOUR HEAT - Waste heat from ports …": the name before a tagline
    name = re.split(r"\s+[-–—:|]\s+", head[0].text.strip())[0]
    words = name.split()
    if not 1 <= len(words) <= 4 or not all(w[0].isupper() for w in words):
        return []
    if len(words) == 1 and not (name.isupper() and len(name) >= 3):
        return []  # one word: an acronym-like project name ("DUNEWISE"), not "Newsroom"
    rx = re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])")
    return [(m.start(), m.end(), name, name, None) for m in rx.finditer(page.text)]


def _city_pairings(page: Page, gaz: Gazetteer, lex: Lexicon) -> list[_Hit]:
    """ "the Kandy-Bristol Climate Partnership", "the Can Tho - Khon Kaen Flood Warning
    Partnership": a partnership or twinning named after the cities it pairs (joined by a
    hyphen or a spaced dash) is an initiative of theirs."""
    rx = re.compile(
        r"(?<![\w-])(?P<name>[A-ZÀ-Ý][\w'’-]*(?:(?:[ \t]+[-–])?[ \t]+[A-ZÀ-Ý][\w'’-]*){0,6}[ \t]+"
        r"(?:" + lex.alt("pairing_heads") + r"))(?![\w-])"
    )
    out: list[_Hit] = []
    for m in rx.finditer(page.text):
        if city_pairing(gaz, lex, m.group("name")):
            out.append((m.start(), m.end(), m.group("name"), m.group("name"), None))
    return out


def _names_a_place(mentions: Mentions | None, a: int, b: int) -> bool:
    """Whether a city or a country is named in ``[a, b)``."""
    return mentions is not None and any(
        f.type in ("City", "Country") and a <= f.start < b for f in mentions.items
    )
