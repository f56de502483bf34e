"""Phase ``mentions``: gazetteer mentions of cities, countries, agencies and topics.

The gazetteer proposes every name it knows; this phase decides which are mentions here:
the country context picks among namesakes, a place name used as a person's name or a
street's is dropped, places inside an agency's name are kept as nested mentions (they say
where the agency is), an acronym in brackets after a name is that name, and a country
right after a city or agency qualifies it. Organisations outside the curated list come
from :mod:`.agencies`.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..gazetteer import Gazetteer, GazMatch, norm_token
from ..lexicon import Lexicon
from .agencies import pattern_agencies
from .citynames import CitySpan, after_mayor_cue, body_cue_around, city_spans
from .demonyms import told_countries
from .namesakes import (
    _LIST_GAP,
    QUALIFIER_GAP,
    UNLINKED,
    choose,
    cities_listed_with_cities,
    context_countries,
    country_starts,
    in_qualifier_country,
    namesake_city,
    qualified_names,
)
from .nameuse import country_code, occurrences
from .page import Page, title_case_line
from .records import Found
from .registry import stage
from .spans import SpanSet
from .towns import town_matches

#: Below this population a town needs its country on the page to count as a mention.
SMALL_TOWN = 50_000


@dataclass
class Mentions:
    """The document's mentions in text order, indexed by sentence."""

    items: list[Found]
    by_sent: dict[int, list[Found]] = field(default_factory=dict)
    _actors: dict[int, tuple[Found, ...]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.items.sort(key=lambda f: (f.start, f.end))
        self.by_sent = {}
        for f in self.items:
            self.by_sent.setdefault(f.sent, []).append(f)

    def in_sentence(self, i: int) -> list[Found]:
        return self.by_sent.get(i, [])

    def actors(self, i: int) -> list[Found]:
        """Cities, countries and agencies of sentence ``i`` that can hold a role (not nested
        in a name, not a country qualifying the name before it); read once per sentence,
        as every role rule asks (the mentions are settled when the records are made)."""
        found = self._actors.get(i)
        if found is None:
            found = self._actors[i] = tuple(
                f
                for f in self.by_sent.get(i, [])
                if not f.nested and not f.modifier and f.type in ("City", "Country", "Agency")
            )
        return list(found)

    def cities(self, i: int) -> list[Found]:
        return [f for f in self.by_sent.get(i, []) if f.type == "City" and not f.nested]

    def sentence_city(self, i: int) -> Found | None:
        """The one city a sentence is about (inside an agency's name counts), or None."""
        cities = {f.key: f for f in self.by_sent.get(i, []) if f.type == "City"}
        return next(iter(cities.values())) if len(cities) == 1 else None


@dataclass
class _Ctx:
    page: Page
    gaz: Gazetteer
    lex: Lexicon
    person_names: set[str] = field(default_factory=set)  # place names used as surnames


@stage("mentions")
def find_mentions(page: Page, gaz: Gazetteer, lex: Lexicon) -> Mentions:
    ctx = _Ctx(page, gaz, lex)
    text = page.text
    matches, cued = _page_matches(text, gaz, lex)
    context = context_countries(gaz, matches)
    cityspans = city_spans(text, gaz, matches)
    governments = {id(c.city): c for c in cityspans if c.kind == "government"}
    cue_words = _cue_words(cityspans)
    agencies = sorted(pattern_agencies(page, gaz, lex, matches, cityspans), key=lambda a: a.start)
    taken = SpanSet((a.start, a.end) for a in agencies)
    agency_starts = [a.start for a in agencies]  # non-overlapping, in text order
    found: list[Found] = list(agencies) + _nested_in_curated(ctx, matches, context)
    strong = _strong_countries(gaz, matches) | told_countries(text, page.lang)
    country_at = country_starts(gaz, matches)
    qualified = qualified_names(text, gaz, matches, country_at)
    namesakes: dict[int, str] = {}  # countries whose namesake city a list may mean
    for m in matches:
        if cue_words(m):
            continue
        keys = [
            k
            for k in m.keys
            if not _ambiguous_without_context(ctx, k, m)
            and not (
                _stray_town(gaz, k, strong)
                and id(m) not in cued
                and not _municipal(text, m, gaz.entries[k])
            )
        ]
        if not keys:
            continue
        keys = in_qualifier_country(gaz, keys, qualified.get(m.text))
        key = choose(gaz, keys, context)
        if key.startswith(UNLINKED):  # split evidence: a city, linked to no namesake
            if not _is_person(ctx, m) and not _street(lex).search(
                text, max(0, m.start - 25), m.start
            ):
                found.append(Found(m.start, m.end, m.text, "City", key, page.sentence_of(m.start)))
            continue
        key = _french_city_name(ctx, key, keys, m)
        city = namesake_city(gaz, key, keys)
        if city is not None:
            if _said_city(ctx, m, gaz.entries[key].country, country_at):
                key = city  # "la Ville de Djibouti", "basé à Djibouti": the city
            else:
                namesakes[m.start] = city
        entry = gaz.entries[key]
        i = bisect.bisect_right(agency_starts, m.start) - 1
        host = agencies[i] if i >= 0 and m.end <= agencies[i].end else None
        if host is None and taken.overlaps((m.start, m.end)):
            continue
        person = host is None and id(m) not in governments  # "la Stad Gent": no person
        if entry.type in ("City", "Country") and person and _is_person(ctx, m, entry.type):
            continue
        if entry.type == "City" and _street(lex).search(text, max(0, m.start - 25), m.start):
            continue  # "avenue de Tunis", "Nairobi Road": an address, not the city
        f = Found(m.start, m.end, m.text, entry.type, key, page.sentence_of(m.start))
        gov = governments.get(id(m)) if entry.type == "City" and host is None else None
        if gov is not None:  # "Dar es Salaam City Council", "Ville de Dakar": the city
            # the whole name is one more of the city's names (a nested mention, no role)
            gov_text = text[gov.start : gov.end]
            found.append(
                Found(gov.start, gov.end, gov_text, "City", key, f.sent, "city-government", True)
            )
        if host is not None:
            if entry.type not in ("City", "Country"):
                continue
            f.nested, f.host = True, host.key
        found.append(f)
    return _settled(ctx, found, matches, namesakes)


def _page_matches(text: str, gaz: Gazetteer, lex: Lexicon) -> tuple[list[GazMatch], set[int]]:
    """The gazetteer's matches on the page that can be places, with the small towns the
    page says are towns (in text order), and the ids of those towns (cued by the page)."""
    matches = _placed_weak(text, gaz, gaz.match(text, weak=True))
    matches = _not_seas(text, gaz, lex, matches)
    towns = town_matches(text, gaz, matches)
    return sorted(matches + towns, key=lambda m: m.start), {id(m) for m in towns}


def _settled(
    ctx: _Ctx, found: list[Found], matches: list[GazMatch], namesakes: dict[int, str]
) -> Mentions:
    """The page's mentions once each is read against the others: cities listed with
    cities, offices and acronyms of known organisations, chapters named in context, and
    the countries and acronyms that only qualify the name before them."""
    page, gaz, lex = ctx.page, ctx.gaz, ctx.lex
    found.sort(key=lambda f: (f.start, f.end))
    found = cities_listed_with_cities(page.text, found, namesakes)
    found = _in_context(
        gaz, _link_acronyms(page, gaz, _offices_of_known(page, gaz, lex, found, matches))
    )
    _mark_modifiers(page, lex, found)
    _mark_bracketed_acronyms(page.text, found)
    return Mentions(found)


def _cue_words(cityspans: list[CitySpan]) -> Callable[[GazMatch], bool]:
    """Whether a match is the cue word after a city's name ("Buffalo City Metro"): no
    second place."""
    spans = [(c.city.end, c.end) for c in cityspans if c.end > c.city.end]
    return lambda m: any(a <= m.start and m.end <= b for a, b in spans)


def _not_seas(text: str, gaz: Gazetteer, lex: Lexicon, matches: list[GazMatch]) -> list[GazMatch]:
    """The matches but a country's name inside a sea's ("le golfe de Guinée", "the Gulf
    of Mexico"): the sea is no country."""
    sea = re.compile(r"(?<![\w-])(?:" + lex.alt("sea_names") + r")[ \t]*(?:la[ \t]+)?\Z", re.I)
    return [
        m
        for m in matches
        if not (
            all(gaz.entries[k].type == "Country" for k in m.keys)
            and sea.search(text, max(0, m.start - 20), m.start)
        )
    ]


def _placed_weak(text: str, gaz: Gazetteer, matches: list[GazMatch]) -> list[GazMatch]:
    """The matches, a place stopword ("Tours", "Nancy") kept only where the text says it is
    a place: a municipal cue before it or a body's after it, a list with a city the gazetteer is sure of
    ("Metz, Mulhouse et Nancy"; "de Tours et de Blois"), or French "à" before it with no
    surname after it ("la Loire à Tours"), or its country in brackets after it. A first name or a common word is rarely
    coordinated with a city's name, and "à" places what follows."""

    def city(m: GazMatch) -> bool:
        return not m.weak and any(gaz.entries[k].type == "City" for k in m.keys)

    out = []
    for i, m in enumerate(matches):
        if m.weak and not _municipal(text, m) and not body_cue_around(text, m.start, m.end):
            before = matches[i - 1] if i else None
            after = matches[i + 1] if i + 1 < len(matches) else None
            listed = (
                before is not None
                and city(before)
                and _LIST_GAP.fullmatch(text, before.end, m.start)
            ) or (
                after is not None and city(after) and _LIST_GAP.fullmatch(text, m.end, after.start)
            )
            # "Victoria (Seychelles)": its country in brackets right after it places it
            listed = listed or bool(
                after is not None
                and gaz.entries[after.keys[0]].type == "Country"
                and re.fullmatch(r"[ \t]*\(", text[m.end : after.start])
                and text.startswith(")", after.end)
            )
            if not listed and not _AT_PLACE.search(text, max(0, m.start - 4), m.start):
                continue
            if not listed and re.match(r"[ \t]+[A-ZÀ-Ý]", text[m.end : m.end + 2]):
                continue  # "à Nancy Martin": a person's first name
        out.append(m)
    return out


def _municipal(text: str, m: GazMatch, entry=None) -> bool:
    """The text says this name is a municipality: a mayor or city cue right before it ("the
    Mayor of Florence", "Ville de Delle"), or its country's ISO code in brackets right after
    it ("Geldermalsen (NL)"). Such a name counts even when it is a small town far from the
    page's other countries, or a word that is also a given name."""
    if after_mayor_cue(text, m.start):
        return True
    code = re.match(r",?[ \t]*\(([A-Z]{2})\)", text[m.end : m.end + 8])
    return bool(code and entry is not None and entry.country == code.group(1))


def _in_context(gaz: Gazetteer, found: list[Found]) -> list[Found]:
    """On a page that names a regional chapter ("Convention des Maires pour l'Afrique
    subsaharienne"), its family's short name ("la Convention des Maires") is that chapter:
    the curated entry lists the short names it takes on such a page."""
    chapters = {
        f.key: gaz.entries[f.key].context_names
        for f in found
        if f.key in gaz.entries and gaz.entries[f.key].context_names
    }
    if not chapters:
        return found
    out = []
    for f in found:
        owner = next(
            (k for k, names in chapters.items() if k != f.key and norm_token(f.text) in names),
            None,
        )
        if owner is not None and f.type == "Agency":
            f = Found(
                f.start, f.end, f.text, "Agency", owner, f.sent, "in-context", f.nested, f.host
            )
        out.append(f)
    return out


def _nested_in_curated(ctx: _Ctx, matches: list[GazMatch], context: set[str]) -> list[Found]:
    """Places inside a curated agency's name ("Ville de Dakar", "Copenhagen Climate …")."""
    gaz, out = ctx.gaz, []
    for m in matches:
        if gaz.entries[m.keys[0]].type != "Agency" or " " not in m.text:
            continue
        inner = [
            g
            for g in gaz.match(m.text)
            if gaz.entries[g.keys[0]].type in ("City", "Country")
            and (g.start, g.end) != (0, len(m.text))
        ]
        if not inner:
            continue
        key = choose(gaz, list(m.keys), context)
        sent = ctx.page.sentence_of(m.start)
        for g in inner:
            ck = choose(gaz, list(g.keys), context)
            e2 = gaz.entries[ck]
            out.append(
                Found(
                    m.start + g.start,
                    m.start + g.end,
                    g.text,
                    e2.type,
                    ck,
                    sent,
                    nested=True,
                    host=key,
                )
            )
    return out


@functools.cache
def _city_of(lex: Lexicon) -> re.Pattern[str]:
    """Right before a name, says it is a city ("Ville de Djibouti")."""
    return re.compile(
        r"(?:" + lex.alt("city_words") + r")\s+(?:" + lex.alt("of_words") + r")\s*$",
        re.IGNORECASE,
    )


@functools.cache
def _street(lex: Lexicon) -> re.Pattern[str]:
    """Right before a name, makes it a street or square named after a city."""
    return re.compile(
        r"\b(?:" + lex.alt("street_words") + r")\s+(?:de\s+|du\s+|d['’])?$", re.IGNORECASE
    )


@functools.cache
def _office_tail(lex: Lexicon) -> re.Pattern[str]:
    """After a known organisation's name: a few capitalised words and an office noun."""
    return re.compile(
        r"(?:[ \t]+[A-ZÀ-Ý][\w-]*){0,3}[ \t]+(?:" + lex.alt("office_heads") + r")"
        r"(?:[ \t]+(?:for|pour|in|en)[ \t]+(?:the[ \t]+|l['’]|la[ \t]+)?[A-ZÀ-Ý][\w-]*)?\Z"
    )


def _offices_of_known(
    page: Page, gaz: Gazetteer, lex: Lexicon, found: list[Found], matches: list[GazMatch]
) -> list[Found]:
    """ "GGGI Pacific Office", "UNEP Regional Office for Africa": a pattern-found name made
    of a known organisation's name and one of its offices is that organisation (its
    office speaks and acts for it), not a node of its own."""
    starts = {m.start: m for m in matches if m.keys and gaz.entries[m.keys[0]].type == "Agency"}
    tail = _office_tail(lex)
    out = []
    for f in found:
        m = starts.get(f.start)
        if (
            f.key.startswith("newagency:")
            and m is not None
            and m.end < f.end
            and tail.match(page.text, m.end, f.end)
        ):
            f = Found(
                f.start, f.end, f.text, "Agency", m.keys[0], f.sent, "office-of", f.nested, f.host
            )
        out.append(f)
    return out


def _link_acronyms(page: Page, gaz: Gazetteer, found: list[Found]) -> list[Found]:
    """ "Caribbean Centre for Renewable Energy and Energy Efficiency (CCREEE)": an
    acronym in brackets right after an organisation's name is that organisation, there
    and wherever the page uses it again, instead of a node of its own."""
    text = page.text
    links: dict[str, Found] = {}
    for f in found:
        if f.type != "Agency" or f.nested:
            continue
        m = re.match(r"\s*\((?P<acr>[A-Z][A-Za-z0-9&-]{1,9})\)", text[f.end : f.end + 14])
        if m is None or country_code(gaz, m.group("acr")):
            continue  # "Flanders Marine Institute (BE)": the partner's country
        if m.group("acr").upper() == m.group("acr").replace("&", "").upper():
            links.setdefault(m.group("acr"), f)
    if not links:
        return found
    out = []
    for f in found:
        host = links.get(f.text)
        if host is not None and f.type == "Agency" and f.key != host.key:
            f = Found(f.start, f.end, f.text, "Agency", host.key, f.sent, rule="acronym")
        out.append(f)
    taken = SpanSet((f.start, f.end) for f in out)
    for (a, b), acr in occurrences(text, list(links)):
        if not taken.overlaps((a, b)):
            out.append(
                Found(a, b, acr, "Agency", links[acr].key, page.sentence_of(a), rule="acronym")
            )
    out.sort(key=lambda f: (f.start, f.end))
    return out


def _ambiguous_without_context(ctx: _Ctx, key: str, m: GazMatch) -> bool:
    entry = ctx.gaz.entries[key]
    if m.text not in entry.ambiguous:
        return False
    # an ambiguous acronym ("BAD") counts only in French text or next to its expansion
    return ctx.page.lang != "fr" and norm_token(entry.name_en) not in _normed(ctx.page)


def _normed(page: Page) -> str:
    cached = getattr(page, "_normed_text", None)
    if cached is None:
        cached = norm_token(page.text)
        page._normed_text = cached  # type: ignore[attr-defined]
    return cached


def _french_city_name(ctx: _Ctx, key: str, keys: list[str], m: GazMatch) -> str:
    """In French, "Mexico" is the city (the country is "le Mexique"): a country's
    English-only name in a French text names its namesake city when there is one."""
    gaz = ctx.gaz
    e = gaz.entries[key]
    if ctx.page.lang != "fr" or e.type != "Country" or norm_token(m.text) in e.names_fr:
        return key
    city = next(
        (
            k
            for k in keys
            if gaz.entries[k].type == "City" and gaz.entries[k].population >= 1_000_000
        ),
        None,
    )
    return city or key  # a small namesake (Jamaica, Queens) does not displace a country


def _strong_countries(gaz: Gazetteer, matches: list[GazMatch]) -> set[str]:
    """Countries the page is about: named ones, and those of the large cities it names."""
    ctx: set[str] = set()
    for m in matches:
        e = gaz.entries[m.keys[0]]
        if e.country and (e.type == "Country" or (e.type == "City" and e.population >= SMALL_TOWN)):
            ctx.add(e.country)
    return ctx


def _stray_town(gaz: Gazetteer, key: str, strong: set[str]) -> bool:
    """A small town whose name is also a word ("Peer exchange", "Time:", "Langue de
    Barbarie") counts only on a page about its country: the genre names small towns
    with their country or among cities of that country."""
    e = gaz.entries[key]
    return (
        e.type == "City" and e.population < SMALL_TOWN and not e.capital and e.country not in strong
    )


@functools.cache
def _seat_cue(lex: Lexicon) -> re.Pattern[str]:
    """Right before a name: the seat of an organisation ("basé à", "headquartered in")."""
    return re.compile(r"(?:" + lex.alt("seat_cues") + r")[ \t]*\Z", re.IGNORECASE)


def _said_city(ctx: _Ctx, m: GazMatch, country: str | None, country_at: dict[int, str]) -> bool:
    """The page says a country's name here is its namesake city: a city cue ("la Ville de
    Djibouti", "City of Singapore"), an organisation's seat ("dont le siège est à
    Djibouti"), or the country itself right after ("Djibouti, République de Djibouti")."""
    text = ctx.page.text
    if _city_of(ctx.lex).search(text, max(0, m.start - 20), m.start):
        return True
    if _seat_cue(ctx.lex).search(text, max(0, m.start - 50), m.start):
        return True
    gap = QUALIFIER_GAP.match(text, m.end)
    return bool(gap and gap.end() > m.end and country_at.get(gap.end()) == country)


@functools.cache
def _after_speech(lex: Lexicon) -> re.Pattern[str]:
    """Text ending on a speech verb ("said", "a déclaré"): the name after it is a person."""
    return re.compile(r"(?:" + lex.rx("speech_verbs").pattern + r")\s+\Z")


def _is_person(ctx: _Ctx, m: GazMatch, kind: str = "City") -> bool:
    """A place name used as a person's name: after a title, inside a PER entity, or
    directly followed by an unknown capitalised word (a surname). A country's name is
    never taken for a surname elsewhere on the page: "Jane Weru du Kenya" is a person
    from Kenya, and the next "au Kenya" is the country."""
    if _is_person_name(ctx, m):
        if kind != "Country":
            ctx.person_names.add(m.text)
        return True
    # "said Orléans", and a surname met earlier with its first name ("Marc Orléans")
    before = ctx.page.text[max(0, m.start - 40) : m.start]
    return m.text in ctx.person_names or bool(_after_speech(ctx.lex).search(before))


def _is_person_name(ctx: _Ctx, m: GazMatch) -> bool:
    page, gaz, lex = ctx.page, ctx.gaz, ctx.lex
    text = page.text
    before = text[max(0, m.start - 40) : m.start]
    if page.in_person(m.start, m.end) and not _FROM.search(before):
        return True  # (a NER span "Jane Weru du Kenya" runs on past the person's name)
    prev = re.findall(r"[\w.]+", before.rsplit("\n", 1)[-1])
    honorifics = lex.word_set("honorifics")
    if prev and prev[-1].rstrip(".") in honorifics:
        return True
    # "Mr. Kenji Nara", "Ms. Maria Lourdes Santos": given names between title and place
    given = re.search(
        r"(?<![\w-])([A-Z][a-z]{0,3})\.?(?:[ \t]+[A-ZÀ-Ý][\w-]+){1,2}[ \t]+\Z", before
    )
    if given and given.group(1) in honorifics:
        return True
    # "Ana Lima", "Victoria Restrepo": a first name right before the place name
    pm = re.search(r"(?:^|[\s(])([A-ZÀ-Ý][a-zà-ÿ]+) \Z", before)
    if pm and pm.group(1) in gaz.first_names:
        return True
    nxt = re.match(r"\s([A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?)\b", text[m.end : m.end + 40])

    def surname(word: str) -> bool:
        return (
            word not in lex.head_words
            and word not in lex.word_set("place_suffixes")
            and not gaz.index.get(norm_token(word))
            and not page.sentence_initial(m.end + 1)
        )

    if nxt and m.text in gaz.first_names and surname(nxt.group(1)):
        return True  # "Julia Weber, Programme Officer": a first name that is also a place
    if title_case_line(text, m.start):
        return False  # "Chinese Delegation Visits South Korea": capitals say nothing here
    # "The Windhoek Chronicle", "the Kigali Declaration": after an article, a name's part
    article = bool(prev) and prev[-1].capitalize() in lex.word_set("name_articles")
    if nxt and not article and surname(nxt.group(1)):
        return True
    if pm and pm.group(1).lower() not in lex.lower_set("place_prefixes"):
        word = pm.group(1)
        known = gaz.index.get(norm_token(word))
        if (
            word not in lex.head_words
            and (not known or word in gaz.stopwords)
            and not page.sentence_initial(m.start - len(word) - 1)
            and not _CLAUSE_MARK.search(before[: len(before) - len(word) - 1])
        ):
            return True
    return False


#: Before a capitalised word: a colon or dash opens a title's clause ("Webinar: How
#: Leuven …"), so the word is no first name.
_CLAUSE_MARK = re.compile(r"[:—–|][ \t]*\Z")


#: Right before a name in French: "à" places what follows ("la Loire à Tours").
_AT_PLACE = re.compile(r"(?<![\w'’])à[ \t]+\Z")

#: Right before a place name: it says where someone is from, not who they are.
_FROM = re.compile(r"[ \t](?:du|de|des|d['’]|of|from)[ \t]*\Z")


def _mark_bracketed_acronyms(text: str, mentions: list[Found]) -> None:
    """ "organised by the Global Green Growth Institute (GGGI)": the acronym in brackets
    repeats the name before it; that name holds the clause's role, the acronym none of
    its own (a role read at the acronym alone would escape what is said of the name)."""
    prev: Found | None = None
    for f in mentions:
        if f.nested:
            continue
        if (
            prev is not None
            and f.type == "Agency"
            and prev.type == "Agency"
            and f.key == prev.key
            and re.fullmatch(r"[ \t]*\([ \t]*", text[prev.end : f.start])
            and text[f.end : f.end + 1] == ")"
        ):
            f.modifier = True
        prev = f


def _mark_modifiers(page: Page, lex: Lexicon, mentions: list[Found]) -> None:
    """A country right after a city or agency ("Mumbai, Inde", "… Office de Finlande")
    says where that thing is; it is not a separate participant."""
    gap_rx = re.compile(
        r"\s*[,(]?\s*(?:" + lex.alt("qualifier_preps") + r")?\s*(?:l['’]|la\s|the\s)?\s*"
    )
    prev: Found | None = None
    for f in mentions:
        if (
            f.type == "Country"
            and prev is not None
            and prev.type in ("City", "Agency")
            and not f.nested
            and gap_rx.fullmatch(page.text[prev.end : f.start])
        ):
            f.modifier = True
        if not f.nested:
            prev = f
