"""Gatherings a page names: recurring conferences (COP29, WUF12), conferences named in
title case ("EBRD Green Cities Summit", "World Assembly of …"), quoted session titles, and
the anaphora that refer back to them ("the summit", "cette conférence")."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable

from ...ingest import slugify
from ..gazetteer import data_path
from ..lexicon import Lexicon
from ..scan import CuePattern, boundary_finditer
from .mentions import Mentions
from .page import Page
from .records import EventRec
from .spans import SpanSet

_QUOTE_OPEN = '«"“„‘'
_QUOTE_CLOSE = '»"”‟’'


@functools.lru_cache(maxsize=1)
def conference_series() -> list[tuple[dict, list[re.Pattern[str]]]]:
    """The recurring conferences of ``data/conferences.json``, compiled once."""
    raw = json.loads(data_path("conferences.json").read_text(encoding="utf-8"))
    return [(c, [re.compile(r) for r in c["regex"]]) for c in raw["conferences"]]


@functools.lru_cache(maxsize=1)
def _edition() -> re.Pattern[str]:
    """What may follow a series' name to name one edition: a region, a year, or both."""
    raw = json.loads(data_path("conferences.json").read_text(encoding="utf-8"))
    words = sorted(raw.get("edition_qualifiers", []), key=len, reverse=True)
    region = "|".join(re.escape(w).replace(r"\ ", r"[ \t]+") for w in words) or r"(?!)"
    return re.compile(r"(?:[ \t]+(?:" + region + r")(?![\w-]))?(?:[ \t]+(?:19|20)\d\d(?!\d))?")


def conference_mentions(page: Page) -> list[EventRec]:
    """The recurring conferences the page names, each with the page's wording as a label
    ("Sommet Climate Chance Afrique 2026" labels the Climate Chance series' node), so a
    reader's or a gold's name of the edition finds it."""
    out: dict[str, EventRec] = {}
    for conf, rxs in conference_series():
        for rx in rxs:
            for m in boundary_finditer(rx, page.text):
                n = m.groupdict().get("n")
                key = "event:" + conf["id"].format(n=n)
                ev = out.get(key)
                if ev is None:
                    ev = out[key] = EventRec(
                        key,
                        "Event",
                        conf["en"].format(n=n),
                        conference=True,
                        extra_types={"Conference"},
                    )
                    ev.aliases.add(conf["fr"].format(n=n))
                ev.aliases.add(m.group(0))
                edition = _edition().match(page.text, m.end())
                if edition and edition.group(0):
                    ev.aliases.add(m.group(0) + edition.group(0))
                ev.spans.append((m.start(), m.end()))
    return list(out.values())


def named_gatherings(
    page: Page, lex: Lexicon, mentions: Mentions, series: list[EventRec]
) -> list[EventRec]:
    """Conferences outside the curated series, named in English title case ("EBRD Green
    Cities Summit", "Bonn Climate Change Conference"): events of their own, so a side
    session can be part of them and their dates are not taken for the page's event.
    A gathering named in the headline is left to the main-event rules (its sessions)."""
    rx = gathering_name(lex)
    agencies = SpanSet(f.span for f in mentions.items if f.type == "Agency")
    function_words = lex.lower_set("function_words")
    out: dict[str, EventRec] = {}
    titled = SpanSet(_titles_of_exchanges(page, lex))
    conf_spans = SpanSet(sp for e in series for sp in e.spans)
    venues = SpanSet(v.span() for v in _venue(lex).finditer(page.text))
    for m in _gathering_matches(page, lex, rx):
        span = (m.start("name"), m.end("name"))
        if venues.overlaps(span):
            continue  # "Sands Expo and Convention Centre": where, not what
        in_head = any(h.start <= m.start() < h.end for h in page.headline)
        if in_head or conf_spans.overlaps(span) or titled.overlaps(span):
            continue  # a quoted title an exchange trigger names: the exchange's title
        if any(a <= span[0] and span[1] <= b for a, b in agencies.overlapping(span)):
            continue  # "Kumasi Metropolitan Assembly", "World Economic Forum" (curated)
        name = m.group("name")
        if all(w.lower() in function_words for w in name.split()[:-1]):
            continue
        paren = re.match(r"\s*\(", page.text[span[1] : span[1] + 3])
        named = _series_at(series, span[1] + paren.end()) if paren else None
        if named is not None:
            named.aliases.add(name)  # "the 28th UN Climate Change Conference (COP28)"
            continue
        key = "docevent:g" + slugify(name)
        ev = out.get(key)
        if ev is None:
            ev = out[key] = EventRec(
                key, "Event", name, conference=True, extra_types={"Conference"}
            )
        ev.spans.append(span)
        short = _paren_alias(page.text, span[1])
        if short:
            ev.aliases.add(short)
    return _fold_aliases(list(out.values()))


def _series_at(series: list[EventRec], pos: int) -> EventRec | None:
    """The recurring conference named at ``pos``."""
    return next((ev for ev in series for a, b in ev.spans if a <= pos < b), None)


def _paren_alias(text: str, end: int) -> str | None:
    """ "Global Assembly of … (GACIC Assembly)": the short name in brackets after a name."""
    m = re.match(r"\s*\(([^()\n]{2,40})\)", text[end : end + 45])
    return m.group(1).strip() if m else None


def _fold_aliases(found: list[EventRec]) -> list[EventRec]:
    """A gathering named by its short form elsewhere is the one that form abbreviates."""
    by_alias = {a: ev for ev in found for a in ev.aliases}
    kept = []
    for ev in found:
        long = by_alias.get(ev.label)
        if long is not None and long is not ev:
            long.spans += ev.spans
        else:
            kept.append(ev)
    return kept


def _gathering_matches(page: Page, lex: Lexicon, rx: re.Pattern[str]) -> list[re.Match[str]]:
    """The English title-case names, and on a French page the French ones."""
    found = list(rx.finditer(page.text))
    if page.lang == "fr":
        heads = lex.words("gathering_heads", "fr")
        if any(h in page.text for h in heads):
            found += gathering_name_fr(lex).finditer(page.text)
    return found


@functools.cache
def gathering_name_fr(lex: Lexicon) -> re.Pattern[str]:
    """A gathering named the French way: a capitalised kind, then what and whose, the
    name ending on a capitalised territory ("Conférence des maires des Grands Lacs",
    "Assises de la coopération du Plateau des Guyanes", "Forum des collectivités du
    Sahel"): the kind written with its capital mid-sentence makes it a proper name. The
    "what" is required: "Rencontres d'Abidjan" names a page's own event, not a gathering
    around it."""
    of = r"(?:de[ \t]+la|de[ \t]+l['’]|des|du|de|d['’])"
    cap = r"[A-ZÀ-Ý][\w'’-]*"
    return re.compile(
        r"(?<![\w'’-])(?P<name>(?:" + lex.alt("gathering_heads", "fr") + r")[ \t]+"
        r"(?:"
        + of
        + r"[ \t]*(?:[a-zà-ÿ][\w'’-]*[ \t]+){1,3})"
        + of
        + r"[ \t]*"
        + cap
        + r"(?:[ \t]+(?:"
        + of
        + r"[ \t]+)?"
        + cap
        + r"){0,3})"
        r"(?![\w'’-])"
    )


@functools.cache
def _venue(lex: Lexicon) -> re.Pattern[str]:
    """A venue's name: capitalised words (and "and") up to a venue head ("Convention
    Centre", "Arena")."""
    cap = r"[A-Z][\w&'’-]*"
    return re.compile(
        r"(?:" + cap + r"[ \t]+(?:and[ \t]+|&[ \t]+)?){1,6}(?:" + lex.alt("venue_heads") + r")\b"
    )


@functools.cache
def gathering_name(lex: Lexicon) -> re.Pattern[str]:
    """A gathering named in English title case: "EBRD Green Cities Summit"."""
    cap = r"[A-Z][\w&'’-]*"
    joint = r"(?:(?:and|&)[ \t]+)?"
    return re.compile(
        # (the words of a name are on one line: a title's last words never open it)
        # ("Lakes and Shores Forum": "and" joins two capitalised words inside the name)
        r"(?<![\w-])(?:The\s+)?(?P<name>" + cap + r"[ \t]+(?:" + joint + cap + r"[ \t]+){0,5}"
        r"(?:" + lex.alt("gathering_heads", "en") + r")(?:\s+20\d\d)?"
        # "Global Assembly of Coastal and Island Cities"
        r"(?:\s+(?:" + lex.alt("gathering_name_links") + r")(?:\s+(?:the\s+)?" + cap + r")"
        r"(?:\s+(?:and\s+)?" + cap + r"){0,6})?)\b"
    )


@functools.cache
def title_then_trigger(lex: Lexicon) -> re.Pattern[str]:
    """A quoted title followed by its trigger: the "Cities and Heat: Lessons" workshop."""
    return re.compile(
        r"["
        + _QUOTE_OPEN
        + r"]\s*(?P<name>[^"
        + _QUOTE_CLOSE
        + r"\n]{4,160}?)\s*["
        + _QUOTE_CLOSE
        + r"]\s*(?P<trig>"
        + lex.rx("exchange_triggers").pattern
        + r")",
        re.IGNORECASE,
    )


def _titles_of_exchanges(page: Page, lex: Lexicon) -> list[tuple[int, int]]:
    """Spans of the quoted titles an exchange trigger names, before or after it."""
    out = [(m.start("name"), m.end("name")) for m in title_then_trigger(lex).finditer(page.text)]
    out += [(m.start("name"), m.end("name")) for m in named_session(lex).finditer(page.text)]
    return out


def _same_gathering(name: str, other: str) -> bool:
    """Whether two names of gatherings name the same one: the same head noun and another
    word in common, up to its ending ("Amazonian Summit", "Amazon Summit")."""
    a, b = name.split(), other.split()
    if not a or not b or a[-1].lower().rstrip("s") != b[-1].lower().rstrip("s"):
        return False
    stems = {w[:5].lower() for w in a[:-1] if len(w) >= 4}
    return any(w[:5].lower() in stems for w in b[:-1] if len(w) >= 4)


def conference_anaphora(page: Page, lex: Lexicon, events: list[EventRec]) -> None:
    """ "cette conférence", "the conference": the page's only conference, or the page's own
    gathering when its name has that noun ("The summit focussed on …" under a headline
    naming the summit)."""
    confs = [e for e in events if e.conference]
    main = next((e for e in events if e.main and e.type == "Event" and not e.conference), None)
    if len(confs) != 1 and main is None:
        return
    rx = re.compile(
        r"\b(?:"
        + lex.alt("conference_determiners")
        + r")\s+(?:"
        + lex.alt("conference_nouns")
        + r")\b",
        re.IGNORECASE,
    )
    names = " ".join([main.label, *main.aliases]).lower() if main is not None else ""
    for t in rx.finditer(page.text):
        noun = t.group(0).split()[-1].lower()
        if main is not None and re.search(r"\b" + re.escape(noun), names):
            main.spans.append((t.start(), t.end()))
        elif len(confs) == 1:
            confs[0].spans.append((t.start(), t.end()))


@functools.cache
def named_session(lex: Lexicon) -> CuePattern:
    """A trigger followed by a quoted title: « Villes et chaleur extrême » (a title whose
    closing quote the page lost, cut at the end of its line, still names it). Every match
    opens with a trigger, so pages are scanned through the trigger list's prefilter."""
    rx = re.compile(
        r"(?P<trig>"
        + lex.rx("exchange_triggers").pattern
        + r"),?\s*(?:"
        + lex.alt("title_intros")
        + r")?\s*(?:"
        + lex.alt("theme_intros")
        + r")?["
        + _QUOTE_OPEN
        + r"]\s*(?P<name>[^"
        + _QUOTE_CLOSE
        + _QUOTE_OPEN
        + r"\n]{4,160}?)\s*(?:["
        + _QUOTE_CLOSE
        + r"]|(?=\n|\Z))",
        re.IGNORECASE,
    )
    return CuePattern(rx, lex.alt("exchange_triggers"))


def merge_named(main: EventRec, confs: list[EventRec]) -> list[EventRec]:
    """A headline naming a gathering ("… at the 3rd Andean Forum in Peru") and a
    body sentence naming it again ("CAN's 3rd Andean Forum") tell one gathering: the
    body's name is the headline event's alias, not an event of its own."""
    names = [a for a in main.aliases if a != main.label]
    return absorb_gatherings(
        main, confs, lambda label: any(_same_gathering(n, label) for n in names)
    )


def absorb_gatherings(
    main: EventRec, confs: list[EventRec], same: Callable[[str], bool]
) -> list[EventRec]:
    """The conferences left once the named gatherings (``docevent:g…``) whose label ``same``
    accepts are the page's event: each becomes an alias of ``main`` and its spans main's."""
    kept = []
    for conf in confs:
        if conf.key.startswith("docevent:g") and same(conf.label):
            main.aliases.add(conf.label)
            main.spans += conf.spans
        else:
            kept.append(conf)
    return kept
