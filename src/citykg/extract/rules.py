"""Extraction rules over one document: mentions, events, initiatives, dates, relations.

The genre is narrow and formulaic (a headline, event-page blocks, a few paragraphs naming
who came, who organised, who paid, where and when), so citykg reads it with transparent
rules over gazetteer mentions and sentence boundaries rather than a statistical relation
model: every edge can say which rule produced it and from which sentence. Each rule is
justified by how city-network pages are written, never by one sentence of one document.

Everything here is a pure function of the text, its language, its sentence boundaries and
the gazetteer; :mod:`citykg.extract` wraps it into spaCy components.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections import Counter
from dataclasses import dataclass, field

from ..ingest import slugify
from . import dates as dates_mod
from .gazetteer import Gazetteer, GazMatch, data_path, norm_token, tokenize
from .lexicon import Lexicon

_QUOTE_OPEN = '«"“„‘'
_QUOTE_CLOSE = '»"”‟’'
_CLAUSE_BREAK = re.compile(r"[;.!?:]|\s[–—-]\s")
_LABEL_COLON = re.compile(r"[ \t*]*:[ \t*]*")
_FUNCTION_WORDS = {
    "un",
    "une",
    "le",
    "la",
    "les",
    "de",
    "du",
    "des",
    "ce",
    "cet",
    "cette",
    "au",
    "aux",
    "notre",
    "nos",
    "leur",
    "leurs",
    "son",
    "sa",
    "ses",
    "this",
    "that",
    "these",
    "our",
    "their",
    "its",
    "his",
    "her",
    "a",
    "an",
    "the",
    "new",
    "nouveau",
    "nouvelle",
    "each",
    "every",
    "chaque",
    "tout",
    "toute",
    "en",
    "in",
    "on",
    "for",
    "pour",
    "with",
    "avec",
    "and",
    "et",
    "or",
    "ou",
    "all",
    "tous",
}
_PLACE_SUFFIXES = {
    "City",
    "County",
    "Metropolitan",
    "District",
    "Province",
    "Region",
    "State",
    "Municipality",
    "Metro",
    "Island",
    "Islands",
    "Bay",
}
_PLACE_PREFIXES = {
    "greater",
    "new",
    "saint",
    "st",
    "san",
    "santa",
    "grand",
    "metro",
    "ville",
    "city",
    "port",
    "fort",
    "mount",
    "el",
    "la",
    "le",
    "los",
    "las",
    "al",
}


#: Prepositions that open an event's complement ("workshop on …", "atelier de …").
_COMPLEMENT_PREPS = frozenset(
    {"on", "about", "for", "of", "de", "du", "des", "d'", "d’", "sur", "pour", "consacré", "dédié"}
)
#: Words that end an event's name: verbs, place and time prepositions, relatives.
_PHRASE_STOPS = frozenset(
    {
        "a",
        "ont",
        "has",
        "have",
        "had",
        "was",
        "were",
        "is",
        "are",
        "will",
        "would",
        "qui",
        "which",
        "that",
        "sera",
        "seront",
        "est",
        "sont",
        "se",
        "aura",
        "took",
        "takes",
        "held",
        "organised",
        "organized",
        "organisé",
        "organisée",
        "hosted",
        "with",
        "avec",
        "à",
        "au",
        "aux",
        "at",
        "in",
        "en",
        "le",
        "la",
        "les",
        "on",
        "from",
        "du",
        "des",
        "by",
        "par",
        "open",
        "ouvert",
        "ouverte",
        "to",
        "where",
        "où",
        "lors",
        "during",
        "pendant",
    }
)

#: Below this population a town needs its country on the page to count as a mention.
SMALL_TOWN = 50_000

#: Verbs that come between a city and a trigger word in a clause, never in a name.
_VERBS = frozenset(
    {
        "discuss",
        "discusses",
        "present",
        "presents",
        "adopt",
        "adopts",
        "launch",
        "launches",
        "sign",
        "signs",
        "approve",
        "approves",
        "unveil",
        "unveils",
        "announce",
        "announces",
        "review",
        "reviews",
        "shared",
        "share",
        "shares",
        "can",
        "must",
        "should",
        "may",
        "did",
    }
)

#: Topics that name a kind of initiative rather than what it is about: a climate action
#: plan is "about" its measures (methane, buses), not about climate planning.
_KIND_TOPICS = frozenset({"topic:climate-planning", "topic:climate-action"})


# -- records ------------------------------------------------------------------------------
@dataclass
class Sent:
    index: int
    start: int
    end: int


@dataclass
class Found:
    """An entity mention in this document."""

    start: int
    end: int
    text: str
    type: str
    key: str
    sent: int
    rule: str = "gazetteer"
    nested: bool = False  # a city or country inside an agency's name
    host: str | None = None  # key of the agency whose name contains it
    modifier: bool = False  # a country qualifying the city/agency just before it


@dataclass
class EventRec:
    key: str  # "event:cop29" for known series, "docevent:<n>" for this document's own events
    type: str  # Event or Exchange
    label: str
    aliases: set[str] = field(default_factory=set)
    extra_types: set[str] = field(default_factory=set)
    spans: list[tuple[int, int]] = field(default_factory=list)
    main: bool = False
    side: bool = False  # a side session of a conference
    parent: str | None = None  # the gathering this session belongs to (partOf)
    conference: bool = False
    section: tuple[int, int] | None = None  # the part of a newsletter page it fills


@dataclass
class InitRec:
    key: str
    label: str
    aliases: set[str] = field(default_factory=set)
    spans: list[tuple[int, int]] = field(default_factory=list)
    owner: str | None = None  # the city or agency whose initiative the rule that found it saw


@dataclass(frozen=True)
class RawRelation:
    subject: str
    predicate: str
    obj: str | None
    value: str | None
    sent: int
    confidence: float
    rule: str


@dataclass
class DocResult:
    mentions: list[Found]
    events: list[EventRec]
    initiatives: list[InitRec]
    relations: list[RawRelation]
    sentences: list[Sent]


# -- helpers ------------------------------------------------------------------------------
def sentence_of(sents: list[Sent], pos: int) -> int:
    lo, hi = 0, len(sents) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if sents[mid].start <= pos:
            lo = mid
        else:
            hi = mid - 1
    return sents[lo].index if sents else 0


#: "Municipality of X", "Ville de X": the city government, which the contract calls the city.
_CITY_GOVERNMENT = re.compile(
    r"^(?:the\s+)?(?:Municipality|City|Town|City Hall|Ville|Mairie|Commune|Municipalité|"
    r"Municipalidad|Prefeitura|Alcaldía|Hôtel de ville)\s+(?:of|de|d['’]|du)\s*(?:la\s+)?",
    re.IGNORECASE,
)
#: Right before a name, makes it a street or square named after a city.
_STREET = re.compile(
    r"\b(?:rue|avenue|av\.|boulevard|bd|place|quai|allée|chaussée|route|street|road|avenida|"
    r"calle|rua|piazza|plaza|praça)\s+(?:de\s+|du\s+|d['’])?$",
    re.IGNORECASE,
)

#: Right before a name, says it is a city ("Ville de Djibouti").
_CITY_OF = re.compile(
    r"(?:ville|city|municipality|mairie|municipalité|commune)\s+(?:of|de|d['’])\s*$",
    re.IGNORECASE,
)

#: Words that start a clause, not an organisation's name.
_NOT_A_NAME_START = frozenset(
    {
        "in",
        "at",
        "on",
        "for",
        "with",
        "from",
        "by",
        "as",
        "en",
        "au",
        "à",
        "dans",
        "pour",
        "avec",
        "par",
        "selon",
        "according",
        "after",
        "après",
        "since",
        "depuis",
        "when",
        "lors",
    }
)

#: A sentence that goes on about the thing the previous one introduced.
_CONTINUATION = re.compile(
    r"\s*(?:organi[sz]ed|organisée?s?|hosted|accueillie?s?|co-organi[sz]ed|convened|"
    r"it|they|elle|il|ils|elles|celle-ci|celui-ci|cet\s+(?:atelier|échange)|cette\s+"
    r"(?:session|rencontre|visite|formation)|this\s+(?:workshop|session|visit|clinic|training))\b",
    re.IGNORECASE,
)

#: Page furniture that HTML-to-text keeps above the title.
_BOILERPLATE = re.compile(
    r"(?i)skip to (?:main )?content|aller au contenu(?: principal)?|passer au contenu|menu|"
    r"accueil|home|search|rechercher|recherche|share|partager|print|imprimer|"
    r"(?:english|français|fr|en)(?:\s*[|/]\s*(?:english|français|fr|en))*"
)


def _bare(trigger: re.Pattern[str], text: str) -> bool:
    """True for a line that is only a trigger word ("Webinaire", "Study tour"): a kicker or
    category, not the name of an event."""
    return trigger.fullmatch(text.strip().strip(":").strip()) is not None


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _clause_between(text: str, a: int, b: int) -> bool:
    """True when nothing between a and b breaks the clause (so a cue at a governs b). A
    colon right after the cue is a block label's ("Organisé par : X"), not a break."""
    label_colon = _LABEL_COLON.match(text, a, b)
    if label_colon:
        a = label_colon.end()
    return a <= b and not _CLAUSE_BREAK.search(text, a, b)


@functools.lru_cache(maxsize=1)
def conference_series() -> list[tuple[dict, list[re.Pattern[str]]]]:
    """The recurring conferences of ``data/conferences.json``, compiled once."""
    raw = json.loads(data_path("conferences.json").read_text(encoding="utf-8"))
    return [(c, [re.compile(r) for r in c["regex"]]) for c in raw["conferences"]]


# -- extractor ----------------------------------------------------------------------------
class DocumentRules:
    """Run every rule over one document. Create one per document; not thread-shared."""

    def __init__(
        self,
        text: str,
        lang: str,
        title: str,
        sents: list[tuple[int, int]],
        gazetteer: Gazetteer,
        lexicon: Lexicon,
        persons: list[tuple[int, int]] | None = None,
    ) -> None:
        self.text = text
        self.lang = lang
        self.title = title
        self.sents = [Sent(i, s, e) for i, (s, e) in enumerate(sents)]
        self.gaz = gazetteer
        self.lex = lexicon
        self.persons = persons or []
        self.mentions: list[Found] = []
        self.events: list[EventRec] = []
        self.inits: list[InitRec] = []
        self.rels: list[RawRelation] = []
        self._seen_rel: set[tuple] = set()
        self._owners: dict[tuple[int, int], str] = {}
        self._person_names: set[str] = set()  # place names this page uses as surnames

    @functools.cached_property
    def _year(self) -> int | None:
        """The page's year, for dates that give none (several rules need it)."""
        return dates_mod.document_year(self.text)

    @functools.cached_property
    def _target_years(self) -> list[dates_mod.TargetYear]:
        """Target years of the page ("d'ici 2030"), found once for the rules that use them."""
        return dates_mod.find_target_years(self.text, self.lang)

    @functools.cached_property
    def _after_speech(self) -> re.Pattern[str]:
        """Text ending on a speech verb ("said", "a déclaré"): the name after it is a person."""
        return re.compile(r"(?:" + self.lex.rx("speech_verbs").pattern + r")\s+\Z")

    # ---- public ----
    def run(self) -> DocResult:
        self.find_mentions()
        self.find_events()
        self.find_initiatives()
        self.event_dates()
        self.event_places()
        self.roles()
        self._drop_conference_hosts()
        self.initiative_relations()
        self.topics()
        self.located_in()
        return DocResult(self.mentions, self.events, self.inits, self.rels, self.sents)

    def sent_text(self, i: int) -> str:
        s = self.sents[i]
        return self.text[s.start : s.end]

    def add(
        self,
        subject: str,
        predicate: str,
        *,
        obj: str | None = None,
        value: str | None = None,
        sent: int,
        confidence: float,
        rule: str,
    ) -> None:
        if obj is not None and obj == subject:
            return
        sig = (subject, predicate, obj, value)
        if sig in self._seen_rel:
            return
        self._seen_rel.add(sig)
        self.rels.append(RawRelation(subject, predicate, obj, value, sent, confidence, rule))

    # ---- mentions ----
    def find_mentions(self) -> None:
        matches = self.gaz.match(self.text)
        context = self._context_countries(matches)
        agencies = self._pattern_agencies(matches)
        taken = [(a.start, a.end) for a in agencies]
        found: list[Found] = list(agencies)
        for m in list(matches):
            if self.gaz.entries[m.keys[0]].type == "Agency" and " " in m.text:
                # places inside a curated agency's name ("Ville de Dakar", "Copenhagen Climate …")
                inner = [
                    g
                    for g in self.gaz.match(m.text)
                    if self.gaz.entries[g.keys[0]].type in ("City", "Country")
                    and (g.start, g.end) != (0, len(m.text))
                ]
                if inner:
                    key = self._choose(list(m.keys), context)
                    host_f = Found(
                        m.start, m.end, m.text, "Agency", key, sentence_of(self.sents, m.start)
                    )
                    for g in inner:
                        ck = self._choose(list(g.keys), context)
                        e2 = self.gaz.entries[ck]
                        found.append(
                            Found(
                                m.start + g.start,
                                m.start + g.end,
                                g.text,
                                e2.type,
                                ck,
                                host_f.sent,
                                nested=True,
                                host=key,
                            )
                        )
        strong = self._strong_countries(matches)
        for m in matches:
            keys = [
                k
                for k in m.keys
                if not self._ambiguous_without_context(k, m) and not self._stray_town(k, strong)
            ]
            if not keys:
                continue
            key = self._choose(keys, context)
            key = self._french_city_name(key, keys, m)
            if self.gaz.entries[key].type == "Country" and _CITY_OF.search(
                self.text, max(0, m.start - 20), m.start
            ):
                # "la Ville de Djibouti", "City of Singapore": the city of that name
                key = next((k for k in keys if self.gaz.entries[k].type == "City"), key)
            entry = self.gaz.entries[key]
            span = (m.start, m.end)
            host = next((a for a in agencies if a.start <= m.start and m.end <= a.end), None)
            if host is None and any(_overlaps(span, t) for t in taken):
                continue
            if entry.type in ("City", "Country") and host is None and self._is_person(m):
                continue
            if entry.type == "City" and _STREET.search(self.text, max(0, m.start - 25), m.start):
                continue  # "avenue de Tunis", "Nairobi Road": an address, not the city
            f = Found(m.start, m.end, m.text, entry.type, key, sentence_of(self.sents, m.start))
            if host is not None:
                if entry.type not in ("City", "Country"):
                    continue
                f.nested, f.host = True, host.key
            found.append(f)
        found.sort(key=lambda f: (f.start, f.end))
        found = self._link_acronyms(found)
        # agencies whose whole name is a gazetteer name keep the curated key
        self.mentions = found
        self._mark_modifiers()

    def _link_acronyms(self, found: list[Found]) -> list[Found]:
        """ "Caribbean Centre for Renewable Energy and Energy Efficiency (CCREEE)": an
        acronym in brackets right after an organisation's name is that organisation, there
        and wherever the page uses it again, instead of a node of its own."""
        links: dict[str, Found] = {}
        for f in found:
            if f.type != "Agency" or f.nested:
                continue
            m = re.match(r"\s*\((?P<acr>[A-Z][A-Za-z0-9&-]{1,9})\)", self.text[f.end : f.end + 14])
            if m and m.group("acr").upper() == m.group("acr").replace("&", "").upper():
                links.setdefault(m.group("acr"), f)
        if not links:
            return found
        out = []
        for f in found:
            host = links.get(f.text)
            if host is not None and f.type == "Agency" and f.key != host.key:
                f = Found(f.start, f.end, f.text, "Agency", host.key, f.sent, rule="acronym")
            out.append(f)
        taken = [(f.start, f.end) for f in out]
        for acr, host in links.items():
            for a, b in self._occurrences(acr):
                if not any(_overlaps((a, b), t) for t in taken):
                    out.append(
                        Found(
                            a,
                            b,
                            acr,
                            "Agency",
                            host.key,
                            sentence_of(self.sents, a),
                            rule="acronym",
                        )
                    )
        out.sort(key=lambda f: (f.start, f.end))
        return out

    def _ambiguous_without_context(self, key: str, m: GazMatch) -> bool:
        entry = self.gaz.entries[key]
        if m.text not in entry.ambiguous:
            return False
        # an ambiguous acronym ("BAD") counts only in French text or next to its expansion
        return self.lang != "fr" and norm_token(entry.name_en) not in norm_token(self.text)

    def _french_city_name(self, key: str, keys: list[str], m: GazMatch) -> str:
        """In French, "Mexico" is the city (the country is "le Mexique"): a country's
        English-only name in a French text names its namesake city when there is one."""
        e = self.gaz.entries[key]
        if self.lang != "fr" or e.type != "Country" or norm_token(m.text) in e.names_fr:
            return key
        city = next(
            (
                k
                for k in keys
                if self.gaz.entries[k].type == "City"
                and self.gaz.entries[k].population >= 1_000_000
            ),
            None,
        )
        return city or key  # a small namesake (Jamaica, Queens) does not displace a country

    def _strong_countries(self, matches: list[GazMatch]) -> set[str]:
        """Countries the page is about: named ones, and those of the large cities it names."""
        ctx: set[str] = set()
        for m in matches:
            e = self.gaz.entries[m.keys[0]]
            if e.country and (
                e.type == "Country" or (e.type == "City" and e.population >= SMALL_TOWN)
            ):
                ctx.add(e.country)
        return ctx

    def _stray_town(self, key: str, strong: set[str]) -> bool:
        """A small town whose name is also a word ("Peer exchange", "Time:", "Langue de
        Barbarie") counts only on a page about its country: the genre names small towns
        with their country or among cities of that country."""
        e = self.gaz.entries[key]
        return (
            e.type == "City"
            and e.population < SMALL_TOWN
            and not e.capital
            and e.country not in strong
        )

    def _context_countries(self, matches: list[GazMatch]) -> set[str]:
        ctx: set[str] = set()
        for m in matches:
            e = self.gaz.entries[m.keys[0]]
            if e.country and (e.type == "Country" or (e.type == "City" and len(m.keys) == 1)):
                ctx.add(e.country)
        return ctx

    def _choose(self, keys: list[str], context: set[str]) -> str:
        """Pick among same-name candidates: the country context of the document first, then
        the gazetteer's ranking (type, own name over alternate, population)."""
        if len(keys) > 1:
            for k in keys:
                e = self.gaz.entries[k]
                if e.type in ("City", "Country") and e.country in context:
                    top = self.gaz.entries[keys[0]]
                    # a far bigger namesake elsewhere still wins over a small local one
                    if top.type != e.type or top.population < 20 * max(e.population, 1):
                        return k
        return keys[0]

    def _is_person(self, m: GazMatch) -> bool:
        """A place name used as a person's name: after a title, inside a PER entity, or
        directly followed by an unknown capitalised word (a surname)."""
        if self._is_person_name(m):
            self._person_names.add(m.text)
            return True
        # "said Orléans", and a surname met earlier with its first name ("Marc Orléans")
        before = self.text[max(0, m.start - 40) : m.start]
        return m.text in self._person_names or bool(self._after_speech.search(before))

    def _is_person_name(self, m: GazMatch) -> bool:
        for ps, pe in self.persons:
            if ps <= m.start and m.end <= pe and (pe - ps) > (m.end - m.start):
                return True
        before = self.text[max(0, m.start - 40) : m.start]
        prev = re.findall(r"[\w.]+", before)
        honor = set(self.lex.words("honorifics"))
        if prev and prev[-1].rstrip(".") in honor:
            return True
        after = self.text[m.end : m.end + 40]
        nxt = re.match(r"\s([A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?)\b", after)
        if nxt:
            word = nxt.group(1)
            known = self.gaz.index.get(norm_token(word))
            if (
                word not in self.lex.head_words
                and word not in _PLACE_SUFFIXES
                and not known
                and not self._sentence_initial(m.end + 1)
            ):
                return True
        # "Ana Lima", "Victoria Restrepo": a first name right before the place name
        pm = re.search(r"(?:^|[\s(])([A-ZÀ-Ý][a-zà-ÿ]+) \Z", before)
        if pm and pm.group(1) in self.gaz.first_names:
            return True
        if pm and pm.group(1).lower() not in _PLACE_PREFIXES:
            word = pm.group(1)
            known = self.gaz.index.get(norm_token(word))
            first_of_sentence = self._sentence_initial(m.start - len(word) - 1)
            if (
                word not in self.lex.head_words
                and (not known or word in self.gaz.stopwords)
                and not first_of_sentence
            ):
                return True
        return False

    def _sentence_initial(self, pos: int) -> bool:
        i = sentence_of(self.sents, pos)
        return self.text[self.sents[i].start : pos].strip() == ""

    def _pattern_agencies(self, matches: list[GazMatch]) -> list[Found]:
        """Organisations not in the curated list, recognised by the genre's naming patterns:
        English ``[Capitalised words] + head noun`` ("Turku Environmental Protection
        Office", "Beijing Drainage Group") and French ``head noun + de/du … + place``
        ("Bureau municipal de l'écologie et de l'environnement de Beijing")."""
        out: list[Found] = []
        curated = [
            (m.start, m.end) for m in matches if self.gaz.entries[m.keys[0]].type in ("Agency",)
        ]
        for start, end, label in (
            self._english_agencies()
            + self._french_agencies(matches)
            + self._expanded_acronyms()
            + self._appositive_agencies()
        ):
            if any(
                _overlaps((start, end), c) and not (start <= c[0] and c[1] <= end) for c in curated
            ):
                continue
            inner = [c for c in curated if start <= c[0] and c[1] <= end]
            if inner and inner[0] == (start, end):
                continue
            if any(_overlaps((start, end), (f.start, f.end)) for f in out):
                continue
            if _CITY_GOVERNMENT.match(label) and self._place_name(_CITY_GOVERNMENT.sub("", label)):
                continue  # "Municipality of Tirana", "Mairie de Libreville": the city itself
            if label.split()[0].lower() in _NOT_A_NAME_START:
                continue  # "In Halifax, the utility …"
            key = f"newagency:{slugify(label)}"
            out.append(
                Found(
                    start,
                    end,
                    self.text[start:end],
                    "Agency",
                    key,
                    sentence_of(self.sents, start),
                    rule="agency-pattern",
                )
            )
        return out

    def _appositive_agencies(self) -> list[tuple[int, int, str]]:
        """Organisations introduced by what they are, in apposition: "URBS, the municipal
        company that …", "Deltares, l'institut de recherche néerlandais", "the municipal
        energy and environment agency Lisboa E-Nova". The name's later mentions count too."""
        kinds = (
            r"(?:agency|agencies|company|utility|operator|institute|authority|secretariat|"
            r"department|body|firm|agence|institut|délégataire|concessionnaire|opérateur|"
            r"société|entreprise|régie|compagnie|établissement|organisme)"
        )
        name = r"(?P<name>[A-Z][\w-]*(?:[ -][A-Z][\w-]*){0,3})"
        after = re.compile(
            name + r",\s+(?:the|a|an|le|la|l['’]|un|une)\s*(?:[\w'’-]+\s+){0,5}?" + kinds + r"\b"
        )
        before = re.compile(
            r"\b(?:the|le|la|l['’])\s*(?:[a-zà-ÿ'’-]+\s+){0,5}?" + kinds + r"\s+" + name
        )
        names: dict[str, tuple[int, int]] = {}
        for rx in (after, before):
            for m in rx.finditer(self.text):
                text = m.group("name")
                if text in names or self._place_name(text) or len(text) < 3:
                    continue
                if text.split()[0] in ("The", "A", "An", "Le", "La", "Les", "Un", "Une"):
                    continue
                names[text] = (m.start("name"), m.end("name"))
        out = []
        for text in names:
            out += [(a, b, text) for a, b in self._occurrences(text)]
        return out

    def _occurrences(self, name: str) -> list[tuple[int, int]]:
        """Where the page uses a name again as a whole word (an acronym, an organisation
        introduced once): hyphens and letters on either side make another word."""
        rx = re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])")
        return [(m.start(), m.end()) for m in rx.finditer(self.text)]

    def _place_name(self, text: str) -> bool:
        """True when a gazetteer name covers the whole text (a city, a country, a topic…)."""
        return any(g.start == 0 and g.end == len(text) for g in self.gaz.match(text))

    def _expanded_acronyms(self) -> list[tuple[int, int, str]]:
        """ "Conseil exécutif des transports urbains durables (CETUD)": an organisation's
        name followed by its acronym; the acronym alone later names the same body."""
        heads_fr, heads_en = self.lex.heads_fr, self.lex.heads_en
        rx = re.compile(
            rf"\b((?:(?:{heads_fr})(?:\s+[\w'’-]+){{1,10}}?)|(?:[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|for|and|the|de|du|des|d'|la)){{0,8}}\s+(?:{heads_en})))"
            rf"\s+\((?P<acr>[A-Z][A-Z0-9&-]{{1,9}})\)"
        )
        out = []
        self._acronyms: dict[str, str] = getattr(self, "_acronyms", {})
        for m in rx.finditer(self.text):
            start, label = m.start(1), m.group(1)
            article = re.match(r"(?:The|the)\s+", label)
            if article:  # "The Kampala Capital City Authority (KCCA)"
                start, label = start + article.end(), label[article.end() :]
            out.append((start, m.end(1), label))
            self._acronyms[m.group("acr")] = label
        for acr, label in self._acronyms.items():
            out += [(a, b, label) for a, b in self._occurrences(acr)]
        return out

    def _english_agencies(self) -> list[tuple[int, int, str]]:
        heads = self.lex.heads_en
        # "and the" joins two organisations ("UCLG ASPAC and the NDC Partnership"), never
        # two halves of one name
        cap = r"(?:St\.|Ste\.|Mt\.|[A-Z][\w&'’-]*|of|and(?!\s+the\b)|for|on|the|de|du|&)"
        rx = re.compile(
            # "[Turku Environmental Protection] Office [of …]" or "Federation of Canadian
            # Municipalities": capitalised words before the head noun, or none before it
            rf"\b((?:(?:[A-Z][\w&'’-]*\s+)(?:{cap}\s+){{0,6}}?(?:{heads})\b"
            rf"|(?:{heads})(?=\s+(?:of|for)\s+(?:the\s+)?[A-Z]))"
            rf"(?:\s+(?:of|for)(?:\s+the)?\s+[A-Z][\w'’-]*"
            rf"(?:(?:,\s+|\s+(?:and|&)\s+|\s+)[A-Z][\w'’-]*){{0,6}})?"
            rf"\.?(?:,?\s+(?:Co\.,?\s*Ltd\.?|Ltd\.?|Inc\.?))?)"
        )
        out = []
        for m in rx.finditer(self.text):
            label = m.group(1).rstrip(".,")
            words = label.split()
            while words and words[0].lower() in (
                "the",
                "of",
                "and",
                "for",
                "on",
                "le",
                "la",
                "les",
            ):
                words = words[1:]
            if len(words) < 2:
                continue
            first_start = m.start(1) + m.group(1).find(words[0])
            # a name never ends on a connector word
            if words[-1].lower() in ("of", "and", "for", "on", "the"):
                continue
            if any(w in ("The", "A", "An", "This", "These") for w in words[:1]):
                continue
            lab = " ".join(words)
            out.append((first_start, first_start + len(lab), lab))
        return out

    def _french_agencies(self, matches: list[GazMatch]) -> list[tuple[int, int, str]]:
        heads = self.lex.heads_fr
        places = {
            (m.start, m.end)
            for m in matches
            if self.gaz.entries[m.keys[0]].type in ("City", "Country")
        }
        place_ends = {e: s for s, e in places}
        rx = re.compile(
            rf"\b((?:{heads})(?:\s+[a-zàâçéèêëîïôûùüÿœ'’-]+){{0,10}}?"
            rf"(?:\s+(?:de\s+la|de\s+l['’]|de|du|des|d['’]|pour\s+l['’]|pour\s+la|pour\s+le)\s*"
            rf"[A-ZÀ-Ý][\w'’-]*(?:\s+[A-ZÀ-Ý][\w'’-]*)*))"
        )
        out = []
        for m in rx.finditer(self.text):
            s, e = m.start(1), m.end(1)
            label = m.group(1)
            # the name must end with a known place or an acronym / proper name
            last = label.split()[-1]
            end_is_place = e in place_ends
            if not end_is_place and not (last.isupper() and len(last) >= 2):
                continue
            if len(label.split()) < 3:
                continue
            out.append((s, e, label))
        return out

    def _mark_modifiers(self) -> None:
        """A country right after a city or agency ("Mumbai, Inde", "… Office de Finlande")
        says where that thing is; it is not a separate participant."""
        prev: Found | None = None
        for f in self.mentions:
            if (
                f.type == "Country"
                and prev is not None
                and prev.type in ("City", "Agency")
                and not f.nested
            ):
                gap = self.text[prev.end : f.start]
                if re.fullmatch(
                    r"\s*[,(]?\s*(?:de|du|d['’]|en|au|aux|in|of)?\s*(?:l['’]|la\s|the\s)?\s*", gap
                ):
                    f.modifier = True
            if not f.nested:
                prev = f

    # ---- events ----
    def find_events(self) -> None:
        self._conference_mentions()
        self._main_event()

    def _conference_mentions(self) -> None:
        for conf, rxs in conference_series():
            for rx in rxs:
                for m in rx.finditer(self.text):
                    n = m.groupdict().get("n")
                    key = "event:" + conf["id"].format(n=n)
                    ev = self._event(key)
                    if ev is None:
                        ev = EventRec(
                            key,
                            "Event",
                            conf["en"].format(n=n),
                            conference=True,
                            extra_types={"Conference"},
                        )
                        ev.aliases.add(conf["fr"].format(n=n))
                        self.events.append(ev)
                    ev.aliases.add(m.group(0))
                    ev.spans.append((m.start(), m.end()))
        self._named_gatherings()
        # an agency name never contains a conference (e.g. "C40" in a summit name is fine)
        self.mentions = [
            f
            for f in self.mentions
            if not any(
                _overlaps((f.start, f.end), sp) and f.type != "Agency"
                for ev in self.events
                for sp in ev.spans
            )
        ]

    def _named_gatherings(self) -> None:
        """Conferences outside the curated series, named in English title case ("EBRD Green
        Cities Summit", "Bonn Climate Change Conference"): events of their own, so a side
        session can be part of them and their dates are not taken for the page's event.
        A gathering named in the headline is left to the main-event rules (its sessions)."""
        rx = re.compile(
            r"\b(?:The\s+)?(?P<name>(?:[A-Z][\w&'’-]*\s+){1,6}"
            r"(?:Summit|Forum|Congress|Conference|Week|Expo)(?:\s+20\d\d)?)\b"
        )
        agencies = [(f.start, f.end) for f in self.mentions if f.type == "Agency"]
        head_end = max((b for _, b, _ in self._headline_lines()), default=0)
        for m in rx.finditer(self.text):
            span = (m.start("name"), m.end("name"))
            if m.start() < head_end or self._conf_in(*span):
                continue
            if any(a <= span[0] and span[1] <= b for a, b in agencies):
                continue  # "Accra Metropolitan Assembly", "World Economic Forum" (curated)
            name = m.group("name")
            if all(w.lower() in _FUNCTION_WORDS for w in name.split()[:-1]):
                continue
            key = "docevent:g" + slugify(name)
            ev = self._event(key)
            if ev is None:
                ev = EventRec(key, "Event", name, conference=True, extra_types={"Conference"})
                self.events.append(ev)
            ev.spans.append((m.start("name"), m.end("name")))

    def _event(self, key: str) -> EventRec | None:
        return next((e for e in self.events if e.key == key), None)

    def _headline_lines(self) -> list[tuple[int, int, str]]:
        """Short lines at the top of the page (title, kicker) before the first paragraph."""
        out = []
        pos = 0
        for line in self.text.split("\n"):
            start, end = pos, pos + len(line)
            pos = end + 1
            stripped = line.strip()
            if not stripped:
                continue
            if len(stripped.split()) > 22 or (
                stripped.endswith((".", "!", "?")) and (out or len(stripped.split()) > 14)
            ):
                break  # the first paragraph (a short first line may end with a full stop)
            if re.search(r"[›»|>·]|\s/\s", stripped) or _BOILERPLATE.fullmatch(stripped):
                continue  # breadcrumbs, kickers and navigation ("Feature · Energy"), not a title
            out.append((start, end, stripped))
            if len(out) >= 3:
                break
        return out

    def _main_event(self) -> None:
        ex_rx = self.lex.rx("exchange_triggers")
        conf_rx = self.lex.rx("conference_triggers")
        side_rx = self.lex.rx("side_event_triggers")
        sections = self._section_events(ex_rx)
        if sections:
            # a newsletter of several stories: one event per story, the first stands as
            # the page's main event for the rules that need one
            sections[0].main = True
            self.events[:0] = sections
            return
        main: EventRec | None = None
        # 1. a named session: trigger + « quoted title »
        named = re.compile(
            r"(?P<trig>"
            + ex_rx.pattern
            + r"),?\s*(?:sur|intitulée?s?|consacrée?s?\s+à|on|titled|entitled|called|:)?\s*"
            r"(?:le\s+thème\s+|the\s+theme\s+)?["
            + _QUOTE_OPEN
            + r"]\s*(?P<name>[^"
            + _QUOTE_CLOSE
            + r"\n]{4,160}?)\s*["
            + _QUOTE_CLOSE
            + r"]",
            re.IGNORECASE,
        )
        m = named.search(self.text)
        # 2. a headline naming an exchange or a conference
        head = self._headline_lines()
        head_hit = next(((s, e, t) for s, e, t in head if ex_rx.search(t)), None)
        # a headline naming a gathering of its own ("Sommet des maires francophones …"),
        # not a known conference series: the page is about it and its sessions are parts
        gathering = bool(
            head
            and conf_rx.search(head[0][2])
            and not ex_rx.search(head[0][2])
            and not self._conf_in(head[0][0], head[0][1])
        )
        sessions: list[EventRec] = []
        if gathering:
            s, e, t = head[0]
            main = EventRec("docevent:0", "Event", t, main=True)
            main.spans.append((s, e))
            for k, sm in enumerate(named.finditer(self.text), start=1):
                sess = EventRec(f"docevent:s{k}", "Exchange", sm.group("name").strip())
                sess.aliases.add(self.text[sm.start("trig") : sm.end()].strip())
                sess.spans.append((sm.start(), sm.end()))
                sess.parent = main.key
                sessions.append(sess)
            m = None
        elif head_hit is not None:
            s, e, t = head_hit
            main = EventRec("docevent:0", "Exchange", t, main=True)
            main.spans.append((s, e))
            for s2, e2, t2 in head:
                if (s2, e2) != (s, e) and ex_rx.search(t2):
                    main.aliases.add(t2)
                    main.spans.append((s2, e2))
            first = head[0]
            if (
                (s, e) != first[:2]
                and len(first[2].split()) >= 3
                and not self._conf_in(first[0], first[1])
                and not _bare(ex_rx, first[2])
            ):
                # "Title / Part of the … webinar series": the title names the event
                if not _bare(ex_rx, t):
                    main.aliases.add(t)
                main.label = first[2]
                main.aliases.discard(first[2])
                main.spans.insert(0, first[:2])
            elif _bare(ex_rx, t):
                # a kicker ("Webinaire", "Study tour") above the title: the title names it
                title = next(
                    (
                        (s2, e2, t2)
                        for s2, e2, t2 in head
                        if (s2, e2) != (s, e)
                        and not _bare(ex_rx, t2)
                        and len(t2.split()) >= 3
                        and not self._conf_in(s2, e2)
                    ),
                    None,
                )
                if title is not None:
                    main.label = title[2]
                    main.aliases.discard(title[2])
                    if (title[0], title[1]) not in main.spans:
                        main.spans.append((title[0], title[1]))
        elif m is not None:
            main = EventRec("docevent:0", "Exchange", m.group("name").strip(), main=True)
            main.spans.append((m.start(), m.end()))
            main.aliases.add(self.text[m.start("trig") : m.end()].strip())
        elif self.title and ex_rx.search(self.title):
            main = EventRec("docevent:0", "Exchange", self.title.strip(), main=True)
        elif head and conf_rx.search(head[0][2]) and not self._conf_in(head[0][0], head[0][1]):
            s, e, t = head[0]
            main = EventRec("docevent:0", "Event", t, main=True)
            main.spans.append((s, e))
        else:
            # 3. the first body sentence where an exchange is organised or held
            for sent in self.sents:
                st = self.sent_text(sent.index)
                tm = ex_rx.search(st)
                if tm and (
                    self.lex.rx("organizer_cues").search(st)
                    or self.lex.rx("participation_cues").search(st)
                ):
                    label = self._trigger_phrase(sent.start + tm.start())
                    main = EventRec("docevent:0", "Exchange", label, main=True)
                    main.spans.append((sent.start + tm.start(), sent.start + tm.end()))
                    break
            # 4. a delegation's visit told without a trigger word ("officials from Lisbon
            # spent three days in Vienna", "une délégation s'est rendue à Ahmedabad")
            visit = self.lex.rx("visit_verbs")
            head_end = head[-1][1] if head else 0
            lead = [x for x in self.sents if x.start >= head_end][:2]
            if (
                main is None
                and head
                and len(head[0][2].split()) >= 3
                and not self._conf_in(head[0][0], head[0][1])
                and any(visit.search(self.text, x.start, x.end) for x in lead)
            ):
                s, e, t = head[0]
                main = EventRec("docevent:0", "Exchange", t, main=True)
                main.spans.append((s, e))
                for x in lead:
                    vm = visit.search(self.text, x.start, x.end)
                    if vm:
                        main.spans.append((vm.start(), vm.end()))
                        break
            # 5. a launch in the headline ("X launched in Nairobi"): the launch is the event
            launch = self.lex.rx("launch_triggers")
            if main is None and head and launch.search(head[0][2]):
                s, e, t = head[0]
                main = EventRec("docevent:0", "Event", t, main=True)
                main.spans.append((s, e))
                for lm in launch.finditer(self.text, e):
                    main.spans.append((lm.start(), lm.end()))
            # 6. an event page (date and place blocks) is about the event in its title (the
            # first headline line of three words or more: "Event recap" is a kicker)
            titled = [h for h in head if len(h[2].split()) >= 3] or head
            if titled and self._is_event_page() and not self._conf_in(*titled[0][:2]):
                s, e, t = titled[0]
                if main is None:
                    main = EventRec("docevent:0", "Event", t, main=True)
                else:
                    main.aliases.add(main.label)
                    main.label = t
                main.spans.insert(0, (s, e))
        if (
            main is not None
            and m is not None
            and main.label != m.group("name").strip()
            and not _overlaps((m.start(), m.end()), main.spans[0] if main.spans else (0, 0))
        ):
            main.aliases.add(m.group("name").strip())
        if main is not None:
            main.side = bool(
                side_rx.search(main.label)
                or any(side_rx.search(a) for a in main.aliases)
                or (m is not None and side_rx.search(m.group("trig")))
            )
            self._headline_label(main, head)
            self._session_sections(sessions, ex_rx)
            others = sessions + self._secondary_events(main, ex_rx, taken=sessions)
            if gathering:
                for ev in others:
                    ev.parent = main.key
                # "le sommet", "ce forum": the gathering itself
                for t in conf_rx.finditer(self.text):
                    if not self._conf_in(t.start(), t.end()) and not any(
                        _overlaps((t.start(), t.end()), sp) for sp in main.spans
                    ):
                        main.spans.append((t.start(), t.end()))
            taken = [sp for ev in others for sp in ev.spans]
            # every other mention of an exchange trigger or anaphor refers to it
            for rx in (ex_rx, self.lex.rx("anaphora")):
                for t in rx.finditer(self.text):
                    if not any(_overlaps((t.start(), t.end()), sp) for sp in main.spans + taken):
                        main.spans.append((t.start(), t.end()))
            self.events.extend(others)
            self._named_aliases(main)
            self.events.insert(0, main)
        # conference anaphora ("cette conférence", "the conference") refer to the only conference
        confs = [e for e in self.events if e.conference]
        if len(confs) == 1:
            for t in re.finditer(
                r"\b(?:cette|la|this|the)\s+(?:conférence|conference|COP|sommet|summit|forum)\b",
                self.text,
                re.IGNORECASE,
            ):
                confs[0].spans.append((t.start(), t.end()))

    def _section_events(self, ex_rx: re.Pattern[str]) -> list[EventRec]:
        """Newsletter pages tell several stories, each under its own heading with its own
        "When: … · Where: …" line. Two or more such sections make one event each, labelled
        by the heading; the section's trigger words and sentences belong to it."""
        words = self.lex.literal("date_labels")
        block = re.compile(r"^[ \t*-]*(?:" + words + r")[ \t*]*:[^\n]*\d", re.I | re.M)
        found: list[tuple[int, int, str, int]] = []  # heading start, end, text, block start
        for m in block.finditer(self.text):
            heading = self._heading_before(m.start())
            if heading is not None and all(h[0] != heading[0] for h in found):
                found.append((*heading, m.start()))
        # a heading is not itself a block line ("Date: …" above "Time: …"), and each story
        # has a body
        label_line = re.compile(r"^[\w' ’-]{1,30}:", re.M)
        found = [f for f in found if not label_line.match(f[2])]
        found = [
            f
            for n, f in enumerate(found)
            if (found[n + 1][0] if n + 1 < len(found) else len(self.text)) - f[3] > 200
        ]
        if len(found) < 2:
            return []
        out: list[EventRec] = []
        for n, (hs, he, text, bs) in enumerate(found):
            end = found[n + 1][0] if n + 1 < len(found) else len(self.text)
            label = re.sub(r"^\s*(?:\d{1,2}[.)]|[-*•])\s+", "", text).strip()
            kind = "Exchange" if ex_rx.search(self.text, hs, end) else "Event"
            ev = EventRec(f"docevent:{n}", kind, label, section=(hs, end))
            line_end = self.text.find("\n", bs)
            ev.spans += [(hs, he), (bs, line_end if line_end != -1 else end)]
            for t in ex_rx.finditer(self.text, hs, end):
                ev.spans.append((t.start(), t.end()))
            out.append(ev)
        return out

    def _heading_before(self, pos: int) -> tuple[int, int, str] | None:
        """The short title line just above ``pos`` (blank lines between allowed)."""
        end = self.text.rfind("\n", 0, pos)
        while end > 0:
            start = self.text.rfind("\n", 0, end) + 1
            line = self.text[start:end].strip()
            if line:
                if len(line.split()) <= 16 and not line.endswith((".", ":", ";", ",")):
                    return start, end, line
                return None
            end = start - 1
        return None

    def _headline_label(self, main: EventRec, head: list[tuple[int, int, str]]) -> None:
        """A news item's headline names its story: when the main exchange was found in the
        lead ("The study tour, held from …") rather than in the title, the headline becomes
        its label and the trigger phrase an alias."""
        if not head or not main.spans or any(a < head[-1][1] for a, _ in main.spans[:1]):
            return
        s, e, t = head[0]
        if self._conf_in(s, e) or len(t.split()) < 3:
            return
        lead = [x for x in self.sents if x.start > head[-1][1]][:6]
        if not any(x.start <= main.spans[0][0] < x.end for x in lead):
            return
        if not _bare(self.lex.rx("exchange_triggers"), main.label):
            main.aliases.add(main.label)
        main.label = t
        main.spans.insert(0, (s, e))

    def _session_sections(self, sessions: list[EventRec], ex_rx: re.Pattern[str]) -> None:
        """A programme page gives each session a heading and a section: the trigger words
        and anaphora of that section ("la séance plénière", "l'atelier") are the session."""
        heads = sorted(
            (ev.spans[0][0], ev) for ev in sessions if ev.spans and self._own_line(ev.spans[0])
        )
        for n, (start, ev) in enumerate(heads):
            end = heads[n + 1][0] if n + 1 < len(heads) else self._section_end(start)
            for rx in (ex_rx, self.lex.rx("anaphora")):
                for t in rx.finditer(self.text, start, end):
                    if not any(_overlaps((t.start(), t.end()), sp) for sp in ev.spans):
                        ev.spans.append((t.start(), t.end()))

    def _own_line(self, span: tuple[int, int]) -> bool:
        line_start = self.text.rfind("\n", 0, span[0]) + 1
        line_end = self.text.find("\n", span[1])
        line_end = len(self.text) if line_end == -1 else line_end
        return not self.text[line_start : span[0]].strip(" #*-") and not self.text[
            span[1] : line_end
        ].strip(" *")

    def _section_end(self, start: int) -> int:
        """Where the section opened at ``start`` ends: the next short heading-like line."""
        pos = self.text.find("\n", start)
        while pos != -1:
            nxt = self.text.find("\n", pos + 1)
            line = self.text[pos + 1 : nxt if nxt != -1 else len(self.text)].strip()
            if line and len(line.split()) <= 10 and not line.endswith((".", ":", ";", ",")):
                return pos + 1
            pos = nxt
        return len(self.text)

    def _secondary_events(
        self, main: EventRec, ex_rx: re.Pattern[str], taken: list[EventRec]
    ) -> list[EventRec]:
        """Other events of the page: an indefinite trigger ("a half-day workshop on …",
        "un atelier de restitution") in a sentence that gives its own date is a new event,
        not the main one again (the genre announces follow-ups this way)."""
        indefinite = re.compile(
            r"(?:(?:^|\s)(?:un|une|a|an|another|un\s+autre|une\s+autre|second|seconde|deuxième)"
            r"|(?:\b[\w-]+['’]s|\bits|\btheir|\bthe|\ble|\bla|\bl['’]|\bson|\bsa|\bleur)\s+"
            r"(?:first|second|third|next|premier|première|deuxième|prochaine?))"
            r"\s+(?P<mods>(?:[\w-]+\s+){0,2}?)$",
            re.IGNORECASE,
        )
        out: list[EventRec] = []
        dated: list[set[dt.date]] = []  # each follow-up's own dates
        year = self._year

        def days(a: int, b: int) -> set[dt.date]:
            found = dates_mod.find_dates(self.text[a:b], self.lang, default_year=year)
            return {d.begin for d in found if d.begin is not None}

        # the main event's own dates: its date block, the lead and the sentences naming it
        head_end = max(
            [b for a, b in main.spans[:1]] + [b for _, b, _ in self._headline_lines()], default=0
        )
        label_line = re.compile(r"[\w' ’-]{1,30}:")
        lead = [
            x
            for x in self.sents
            if x.start >= head_end
            and x.end - x.start > 60
            and not label_line.match(self.text, x.start)  # "Occasion: side event at …"
        ][:2]
        lead_end = lead[-1].end if lead else 0
        main_days: set[dt.date] = set()
        block = self._block_value("date_labels")
        if block is not None:
            main_days |= days(*block)
        for x in lead + [x for x in self.sents if any(x.start <= a < x.end for a, _ in main.spans)]:
            main_days |= days(x.start, x.end)
        busy = [sp for ev in taken for sp in ev.spans]
        for t in ex_rx.finditer(self.text):
            if any(_overlaps((t.start(), t.end()), sp) for sp in main.spans + busy):
                continue
            m = indefinite.search(self.text, max(0, t.start() - 40), t.start())
            if m is None:
                continue
            i = sentence_of(self.sents, t.start())
            sent = self.sents[i]
            if any(sent.start <= a < sent.end for a, _ in main.spans) or t.start() < lead_end:
                continue  # the lead introduces the page's own event, not a follow-up
            own = days(sent.start, sent.end) - main_days
            if not own:
                continue  # no date of its own: the main event again
            label = self._event_phrase(m.start("mods"), t.end())
            same = next((ev for ev, d in zip(out, dated, strict=True) if d & own), None)
            if same is not None:
                # announced twice with the same date (a bilingual page's summary): one event
                same.aliases.add(label)
                same.spans.append((m.start("mods"), t.end()))
                continue
            ev = EventRec(f"docevent:{1 + len(out) + len(taken)}", "Exchange", label)
            ev.spans.append((m.start("mods"), t.end()))
            out.append(ev)
            dated.append(own)
        return out

    def _event_phrase(self, start: int, trig_end: int) -> str:
        """ "half-day workshop on heat-health warning systems", "atelier de restitution": the
        trigger with its modifiers and one prepositional complement, cut before a verb, a
        date, a place preposition or punctuation."""
        words = [self.text[start:trig_end].strip()]
        rest = re.match(r"[^,.;:!?()\n«»\"“”]*", self.text[trig_end : trig_end + 120]).group(0)
        tokens = rest.split()
        if tokens and tokens[0].lower() in _COMPLEMENT_PREPS:
            taken = [tokens[0]]
            for tok in tokens[1:6]:
                low = tok.lower()
                if (
                    low in _PHRASE_STOPS
                    or tok[0].isdigit()
                    or re.search(r"(?:ra|ront|rait|raient)$", low)
                ):
                    break
                taken.append(tok)
            while taken and taken[-1].lower() in _COMPLEMENT_PREPS | _FUNCTION_WORDS:
                taken.pop()
            words += taken
        return " ".join(words)

    def _is_event_page(self) -> bool:
        """Both a date block and a place block ("Date et heure" / "Lieu", "When:" /
        "Where:"), each a label alone on its line or followed by a colon."""

        def block(labels: str) -> bool:
            words = self.lex.literal(labels)
            rx = re.compile(
                r"^[ \t*#-]*(?:" + words + r")[ \t*]*(?::[^\n]*\S[^\n]*|[ \t]*)$",
                re.IGNORECASE | re.MULTILINE,
            )
            return rx.search(self.text) is not None

        return block("date_labels") and block("location_labels")

    def _conf_in(self, s: int, e: int) -> bool:
        return any(_overlaps((s, e), sp) for ev in self.events if ev.conference for sp in ev.spans)

    def _named_aliases(self, main: EventRec) -> None:
        """Other names of the main exchange in the page ("… Peer-to-Peer Exchange on
        Zero-Emission Buses"): a capitalised title containing an exchange trigger."""
        rx = re.compile(
            r"(?:[A-Z][\w-]*\s+){0,4}(?:Peer[- ]to[- ]Peer|Study Tour|Exchange|Workshop|"
            r"Webinar|Learning Lab|Dialogue)(?:\s+(?:on|for|of|in|and|to|the|[A-Z][\w-]*)){0,8}"
        )
        for m in rx.finditer(self.text):
            label = m.group(0).strip()
            words = label.split()
            while words and words[-1].lower() in ("on", "for", "of", "in", "and", "to", "the"):
                words.pop()
            label = " ".join(words)
            if len(words) >= 3 and sum(w[0].isupper() for w in words) >= 3:
                main.aliases.add(label)

    def _trigger_phrase(self, pos: int) -> str:
        """The event's name in a body sentence: the trigger and its complement, cut like a
        follow-up's ("atelier de restitution", not "… se tiendra à Arequipa le 9 mai")."""
        m = self.lex.rx("exchange_triggers").match(self.text, pos)
        return self._event_phrase(pos, m.end() if m else pos)

    def event_for_sentence(self, i: int, *, prefer_exchange: bool = True) -> EventRec | None:
        """The event a sentence talks about: one it mentions (an exchange before a
        conference), else a follow-up announced in the sentence before when this one goes on
        about it ("Organised by UN-Habitat …, it will bring together …")."""
        s = self.sents[i]
        mentioned = [e for e in self.events if any(s.start <= a < s.end for a, _ in e.spans)]
        if mentioned:
            if prefer_exchange:
                mentioned.sort(key=lambda e: (e.conference, not e.main))
            return mentioned[0]
        owner = next(
            (e for e in self.events if e.section and e.section[0] <= s.start < e.section[1]),
            None,
        )
        if owner is not None:
            return owner
        if i > 0 and _CONTINUATION.match(self.text, s.start):
            prev = self.sents[i - 1]
            follow = [
                e
                for e in self.events
                if not e.main
                and not e.conference
                and any(prev.start <= a < prev.end for a, _ in e.spans)
            ]
            if len(follow) == 1:
                return follow[0]
        return None

    def main_event(self) -> EventRec | None:
        return next((e for e in self.events if e.main), None)

    # ---- initiatives ----
    def find_initiatives(self) -> None:
        trig = self.lex.rx("initiative_triggers").pattern
        quoted = re.compile(
            r"(?P<trig>"
            + trig
            + r")\s+(?:du|de\s+la|de\s+l['’]|des|de|d['’]|of\s+the|of|called|named|intitulée?)?\s*["
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
        before = re.compile(
            r"(?P<name>\b(?:[A-ZÀ-Ý0-9][\w'’&-]* ){1,5})(?P<trig>(?i:" + trig + r"))\b"
        )
        # French: "Plan de mobilité urbaine durable (PMUS)", "plan d'action climatique d'Accra",
        # "plan chaleur de Niamey": trigger + lowercase words + (ACRONYM) or + de <City>
        city_starts = {f.start: f for f in self.mentions if f.type == "City" and not f.nested}
        french = re.compile(
            r"\b(?P<trig>(?i:" + trig + r"))(?P<words>(?:\s+[a-zàâçéèêëîïôûùüÿœ'’-]+){0,6}?)"
            r"(?:\s+\((?P<acr>[A-Z][A-Z0-9-]{1,9})\)|\s+(?:de|d['’]|du)\s*"
            r"(?:(?:Grand|Grande|Greater)\s+)?(?=[A-ZÀ-Ý]))"
        )
        found: list[tuple[int, int, str, str]] = []
        for m in french.finditer(self.text):
            if m.group("acr"):
                label = self.text[m.start() : m.end("words")]
                found.append((m.start(), m.end(), label, m.group("acr")))
                continue
            city = city_starts.get(m.end())
            if city is None:
                continue
            words = m.group("words").split()
            if not words and not m.group("trig")[0].isupper():
                continue  # "le programme de Dakar" says whose, not which: only names count
            if words and (
                words[-1] in ("de", "du", "des", "la", "le", "les", "et", "d'", "d’")
                or words[0] in ("de", "du", "des", "la", "le", "les", "et")
            ):
                continue
            end = city.end
            # "Déclaration de Montréal pour le climat": the name goes on
            tail = re.match(
                r"\s+(?:pour|sur)\s+(?:le|la|l['’])\s*[a-zàâçéèêëîïôûùü]+", self.text[end:]
            )
            if tail and m.group("trig")[0].isupper():
                end += tail.end()
            label = self.text[m.start() : end]
            name = self.text[m.start() : m.end("words")] if words else label
            found.append((m.start(), end, label, name))
        found += self._city_named_initiatives(trig)
        found += self._owned_initiatives(trig)
        found += self._targeted_initiatives(trig)
        for m in quoted.finditer(self.text):
            found.append((m.start(), m.end(), m.group(0).strip(), m.group("name").strip()))
        for m in after.finditer(self.text):
            trig_text, name = m.group("trig"), m.group("name")
            if not trig_text[0].islower() and not name.isupper():
                continue  # "Programme des Nations unies…" style names are agencies, handled there
            found.append((m.start(), m.end(), m.group(0).strip(), name.strip()))
        for m in before.finditer(self.text):
            trig_text = m.group("trig")
            if not trig_text[0].islower() and self.lang == "fr":
                continue
            name = m.group("name").strip()
            words = name.split()
            while words and (
                words[0]
                in ("The", "A", "An", "This", "Its", "Their", "Le", "La", "Les", "Un", "Une")
                or words[0].lower() in ("the", "a", "an")
            ):
                words = words[1:]
            if not words:
                continue
            name = " ".join(words)
            start = m.start("name") + m.group("name").find(words[0])
            found.append((start, m.end(), f"{name} {trig_text}", name))
        taken = [(f.start, f.end) for f in self.mentions if f.type == "Agency"] + [
            sp for e in self.events for sp in e.spans if e.conference or e.main
        ]
        for start, end, label, name in sorted(found):
            if any(_overlaps((start, end), t) for t in taken):
                continue
            name_keys = [x for x in self.gaz.match(name)]
            if (
                name_keys
                and all(self.gaz.entries[g.keys[0]].type in ("City", "Country") for g in name_keys)
                and sum(g.end - g.start for g in name_keys) >= len(name.replace(" ", "")) - 2
            ):
                continue  # "Mumbai programme": a place, not a name
            if len(name) < 2 or all(
                w.lower() in _FUNCTION_WORDS for w in re.findall(r"[\w'’]+", name)
            ):
                continue
            sig = frozenset(norm_token(t) for _, _, t in tokenize(label) if t[0].isalnum())
            rec = next(
                (
                    r
                    for r in self.inits
                    if frozenset(norm_token(t) for _, _, t in tokenize(r.label) if t[0].isalnum())
                    == sig
                    or norm_token(name) in {norm_token(a) for a in r.aliases}
                ),
                None,
            )
            if rec is None:
                rec = InitRec(f"docinit:{len(self.inits)}", label)
                self.inits.append(rec)
            rec.aliases.update({label, name})
            rec.spans.append((start, end))
            if rec.owner is None:
                rec.owner = self._owners.get((start, end))

    def _city_named_initiatives(self, trig: str) -> list[tuple[int, int, str, str]]:
        """English "the Warsaw climate plan", "São Paulo's climate law": a city, an optional
        possessive, one to three lowercase words and a trigger (laws and ordinances count
        here, where a city owns them). The span starts after the city so that ``ledBy``
        sees the city as the owner right before the name."""
        rx = re.compile(
            r"(?P<poss>['’]s)?\s+(?P<words>(?:[a-z][\w-]*\s+){1,3}?)"
            r"(?P<trig>(?:" + trig + r"|laws?|ordinances?|by-laws?))\b"
        )
        out = []
        for f in self.mentions:
            if f.type != "City" or f.nested:
                continue
            m = rx.match(self.text, f.end)
            if not m:
                continue
            words = m.group("words").split()
            if any(
                w in _FUNCTION_WORDS or w in _PHRASE_STOPS or w in _VERBS or w.endswith("ed")
                for w in words
            ):
                continue  # "Riga will discuss energy-service contracts": a clause, not a name
            name = self.text[m.start("words") : m.end()]
            out.append((m.start("words"), m.end(), self.text[f.start : m.end()], name))
        return out

    def _targeted_initiatives(self, trig: str) -> list[tuple[int, int, str, str]]:
        """ "un plan de désimperméabilisation qui doit … d'ici 2030", "le programme de lutte
        contre les inondations de la ville, qui doit achever d'ici 2030 …": a trigger with
        its complement in a sentence that sets a target year is a commitment of the city
        the sentence (or the one before) is about; the alias names the city."""
        rx = re.compile(
            r"\b(?:un|une|le|la|l['’]|son|sa|a|an|the|its)\s+(?:nouvel(?:le)?\s+|new\s+)?"
            r"(?P<name>(?P<t>(?i:" + trig + r"))\s+(?:de|d['’]|for)\s*"
            r"(?P<words>(?:[a-zàâçéèêëîïôûùüÿœ'’-]+\s*){1,5}?))"
            r"(?=\s*(?:,|qui\b|that\b|which\b|de\s+la\s+ville\b|d['’]ici\b|by\b|\.|$))",
        )
        targets = self._target_years
        out = []
        for m in rx.finditer(self.text):
            words = m.group("words").split()
            if not words or words[-1] in _FUNCTION_WORDS or words[0] in _FUNCTION_WORDS:
                continue
            i = sentence_of(self.sents, m.start())
            if not any(sentence_of(self.sents, t.start) == i for t in targets):
                continue
            city = self._sentence_city(i) or (self._sentence_city(i - 1) if i > 0 else None)
            if city is None:
                continue
            name = m.group("name").strip()
            out.append(self._owned((m.start("name"), m.start("name") + len(name)), name, city))
        return out

    def _owned(self, span: tuple[int, int], name: str, city: Found) -> tuple[int, int, str, str]:
        """An initiative found with its owner: remember the owner for ``ledBy`` and name the
        city in the label, so each city's "plan chaleur" is a node of its own."""
        self._owners[span] = city.key
        joiner = " de " if self.lang == "fr" else " of "
        return (*span, name + joiner + city.text, name)

    def _sentence_city(self, i: int) -> Found | None:
        """The one city a sentence is about (inside an agency's name counts), or None."""
        cities = {f.key: f for f in self.mentions if f.sent == i and f.type == "City"}
        return next(iter(cities.values())) if len(cities) == 1 else None

    def _owned_initiatives(self, trig: str) -> list[tuple[int, int, str, str]]:
        """ "se doter de son propre plan chaleur", "adopt its own heat action plan": a
        possessive, a trigger and its qualifier, in a sentence about exactly one city, which
        owns it; the alias names the city so the initiative is one node per city."""
        rx = re.compile(
            r"\b(?i:son|sa|leur|its|their)\s+(?i:propre\s+|own\s+)?"
            r"(?P<name>(?:(?P<pre>(?:[a-z][\w-]*\s+){1,2}?)(?P<t1>" + trig + r")\b"
            r"|(?P<t2>" + trig + r")(?P<post>(?:\s+[a-zàâçéèêëîïôûùü][\w'’-]*){1,2})))"
        )
        out = []
        for m in rx.finditer(self.text):
            words = (m.group("pre") or m.group("post") or "").split()
            if not words or any(
                w in _FUNCTION_WORDS or w.endswith(("ed", "é", "ée")) for w in words
            ):
                continue
            city = self._sentence_city(sentence_of(self.sents, m.start()))
            if city is None:
                continue
            out.append(self._owned((m.start("name"), m.end()), m.group("name"), city))
        return out

    # ---- dates ----
    def event_dates(self) -> None:
        year = self._year
        found = dates_mod.find_dates(self.text, self.lang, default_year=year)
        main = self.main_event()
        dated: set[str] = set()
        # event-page blocks: "date et heure" / "Date:" then the value
        block = self._block_value("date_labels")
        if main is not None and block is not None:
            bs, be = block
            for d in found:
                if bs <= d.start < be and d.begin is not None and d.precision == "day":
                    self._set_dates(main, d, sentence_of(self.sents, d.start), 0.9, "date-block")
                    dated.add(main.key)
                    break
        for d in found:
            if d.begin is None or d.precision != "day":
                continue
            i = sentence_of(self.sents, d.start)
            ev = self._dated_event(i, d.start)
            if ev is None or ev.key in dated:
                continue
            self._set_dates(ev, d, i, 0.8 if not d.year_inferred else 0.7, "date-in-sentence")
            dated.add(ev.key)
        # "pendant trois jours", "a three-day visit": the end of the main exchange
        if main is not None and main.type == "Exchange":
            start = next(
                (r for r in self.rels if r.subject == main.key and r.predicate == "startDate"), None
            )
            has_end = any(r.subject == main.key and r.predicate == "endDate" for r in self.rels)
            durs = dates_mod.find_durations(self.text, self.lang)
            if start is not None and not has_end and durs and durs[0].days > 1:
                begin = dt.date.fromisoformat(start.value)
                end = begin + dt.timedelta(days=durs[0].days - 1)
                self.add(
                    main.key,
                    "endDate",
                    value=end.isoformat(),
                    sent=sentence_of(self.sents, durs[0].start),
                    confidence=0.6,
                    rule="duration",
                )

    def _set_dates(self, ev: EventRec, d, sent: int, conf: float, rule: str) -> None:
        self.add(
            ev.key, "startDate", value=d.begin.isoformat(), sent=sent, confidence=conf, rule=rule
        )
        if d.finish is not None and d.finish > d.begin:
            self.add(
                ev.key, "endDate", value=d.finish.isoformat(), sent=sent, confidence=conf, rule=rule
            )

    def _dated_event(self, i: int, pos: int) -> EventRec | None:
        """The event a date in sentence ``i`` belongs to: the nearest event named before it
        in the same clause (the subject: "The Congress … opened on June 18"), else the
        nearest one (a date opening the sentence: "Du 4 au 6 mars, la capitale …")."""
        s = self.sents[i]
        before = [
            (pos - b, not e.main, e.key, e)
            for e in self.events
            for a, b in e.spans
            if s.start <= a and b <= pos and _clause_between(self.text, b, pos)
        ]
        if before:
            return min(before, key=lambda c: c[:3])[3]
        return self._nearest_event(i, pos)

    def _nearest_event(self, i: int, pos: int) -> EventRec | None:
        s = self.sents[i]
        cands = []
        for e in self.events:
            for a, _ in e.spans:
                if s.start <= a < s.end:
                    cands.append((abs(a - pos), not e.main, e.key, e))
        if not cands:
            return None
        return min(cands, key=lambda c: c[:3])[3]

    def _subject_event(self, i: int, pos: int) -> EventRec | None:
        """The event named last before ``pos`` in the sentence: the subject of "… s'est
        tenue à X" / "… was held in X"."""
        s = self.sents[i]
        cands = [(a, e) for e in self.events for a, _ in e.spans if s.start <= a < pos]
        return max(cands, key=lambda c: c[0])[1] if cands else None

    def _block_value(self, labels: str, *, strict: bool = False) -> tuple[int, int] | None:
        """Span of the value of an event-page block ("emplacement\\nMumbai, Inde",
        "Location: Cape Town"): the rest of the label's line or the next line. ``strict``
        wants a colon after the label or the label alone on its line, for labels that are
        also ordinary words ("Organisateurs", "Speakers")."""
        words = self.lex.literal(labels)
        tail = (
            r")(?![\w'’])[ \t*]*(?::[ \t*]*(?P<rest>[^\n]*)|[ \t*]*(?P<none>))$"
            if strict
            else r")(?![\w'’])[ \t]*(?::|-|–)?[ \t]*(?P<rest>[^\n]*)$"
        )
        rx = re.compile(
            r"^[ \t*#-]*(?:" + words + tail,
            re.IGNORECASE | re.MULTILINE,
        )
        for m in rx.finditer(self.text):
            rest = (m.group("rest") or "").strip()
            if rest:
                return m.start("rest"), m.end("rest")
            nxt = self.text.find("\n", m.end())
            while nxt != -1 and nxt + 1 < len(self.text) and self.text[nxt + 1] == "\n":
                nxt += 1  # blank lines between a label and its value (HTML <dt>/<dd>)
            if nxt == -1:
                continue
            end = self.text.find("\n", nxt + 1)
            end = len(self.text) if end == -1 else end
            if self.text[nxt + 1 : end].strip():
                return nxt + 1, end
        return None

    # ---- places ----
    def event_places(self) -> None:
        main = self.main_event()
        block = self._block_value("location_labels")
        if main is not None and block is not None:
            city = next(
                (
                    f
                    for f in self.mentions
                    if block[0] <= f.start < block[1] and f.type == "City" and not f.nested
                ),
                None,
            )
            if city is not None:
                self._locate(main, city, 0.9, "location-block")
        strong = re.compile(
            r"(?:s['’]est\s+tenue?s?|se\s+tient|se\s+tiendra|s['’]est\s+déroulée?s?|se\s+déroule(?:ra)?|"
            r"a\s+eu\s+lieu|aura\s+lieu|(?:was|were|is|will\s+be)\s+held|took\s+place|takes\s+place|"
            r"will\s+take\s+place|hosted|organi[sz]ée?s?|convened|gathered|met|réunis?|held)\s+(?:à|au|en|in|at)\s+"
            r"(?:la\s+ville\s+de\s+|the\s+city\s+of\s+)?$",
            re.IGNORECASE,
        )
        for f in self.mentions:
            if f.type != "City" or f.nested:
                continue
            before = self.text[self.sents[f.sent].start : f.start]
            if strong.search(before[-60:]):
                ev = self._subject_event(f.sent, f.start) or (
                    main if main and main.type == "Exchange" else None
                )
                if ev is not None and not any(
                    r.subject == ev.key and r.predicate == "location" for r in self.rels
                ):
                    self._locate(ev, f, 0.8, "held-in")
        for ev in self.events:
            if ev.section is not None and len(ev.spans) > 1:
                self._section_place(ev)
        if main is not None and not main.conference:
            self._dateline(main)
        self._secondary_places(main)
        # "hosted by the City of X", "accueilli par la ville de X": the host city
        host = re.compile(
            r"(?:hosted\s+by|accueillie?s?\s+par|welcomed\s+by|ville\s+hôte\s*:?|host\s+city\s*:?)"
            r"\s+(?:la\s+ville\s+de\s+|the\s+city\s+of\s+|the\s+City\s+of\s+)?$",
            re.IGNORECASE,
        )
        for f in self.mentions:
            if f.type == "City" and not f.nested:
                before = self.text[self.sents[f.sent].start : f.start]
                if host.search(before[-50:]):
                    ev = self._nearest_event(f.sent, f.start) or main
                    if ev is not None and not ev.conference:
                        if not any(
                            r.subject == ev.key and r.predicate == "location" for r in self.rels
                        ):
                            self._locate(ev, f, 0.75, "hosted-by")
                        self.add(
                            ev.key,
                            "participant",
                            obj=f.key,
                            sent=f.sent,
                            confidence=0.75,
                            rule="host-city",
                        )

    def _section_place(self, ev: EventRec) -> None:
        """ "When: … · Where: Tirana, Albania": the city after the place label of the
        section's own block line."""
        a, b = ev.spans[1]
        words = self.lex.literal("location_labels")
        m = re.search(r"(?<![\w'’])(?:" + words + r")\s*:", self.text[a:b], re.IGNORECASE)
        if m is None:
            return
        city = next(
            (
                f
                for f in self.mentions
                if f.type == "City" and not f.nested and a + m.end() <= f.start < b
            ),
            None,
        )
        if city is not None:
            self._locate(ev, city, 0.85, "location-block")

    def _dateline(self, main: EventRec) -> None:
        """ "Vienna, Austria — As temperatures …": a news item's dateline says where the
        story happened, which is where its event took place when nothing else says so."""
        if any(r.subject == main.key and r.predicate == "location" for r in self.rels):
            return
        rx = re.compile(r"[ \t]*(?P<place>[^,—–\n]{2,40})(?:,[^,—–\n]{2,40})?[ \t]+[—–]{1,2}[ \t]+")
        for sent in self.sents[:8]:
            m = rx.match(self.text, sent.start, sent.end)
            if m is None:
                continue
            city = next(
                (
                    f
                    for f in self.mentions
                    if f.type == "City" and m.start("place") <= f.start < m.end("place")
                ),
                None,
            )
            if city is not None:
                self._locate(main, city, 0.7, "dateline")
            return

    def _secondary_places(self, main: EventRec | None) -> None:
        """A follow-up announced in one sentence names its own place: "will meet again in
        Bologna … for a half-day workshop", "réunira les trois villes à Niamey"."""
        before = re.compile(r"(?:\bà|\bau|\bin|\bat)\s+(?:la\s+ville\s+de\s+)?$", re.IGNORECASE)
        for ev in self.events:
            if ev is main or ev.conference or ev.parent is not None:
                continue
            if any(r.subject == ev.key and r.predicate == "location" for r in self.rels):
                continue
            sents = {sentence_of(self.sents, a) for a, _ in ev.spans}
            for f in self.mentions:
                if f.type != "City" or f.nested or f.sent not in sents:
                    continue
                if before.search(self.text[max(self.sents[f.sent].start, f.start - 25) : f.start]):
                    self._locate(ev, f, 0.7, "held-in")
                    break

    def _locate(self, ev: EventRec, city: Found, conf: float, rule: str) -> None:
        self.add(ev.key, "location", obj=city.key, sent=city.sent, confidence=conf, rule=rule)
        if ev.type == "Exchange" and not ev.side:
            # the host city of an exchange takes part in it (host included, by the contract)
            self.add(
                ev.key,
                "participant",
                obj=city.key,
                sent=city.sent,
                confidence=conf - 0.1,
                rule="host-participates",
            )

    # ---- roles: participants, organisers, supporters ----
    def roles(self) -> None:
        main = self.main_event()
        part_rx = self.lex.rx("participation_cues")
        org_rx = self.lex.rx("organizer_cues")
        sup_rx = self.lex.rx("support_cues")
        exc_rx = self.lex.rx("exclusion_cues")
        conv_rx = self.lex.rx("convening_verbs")
        for sent in self.sents:
            st = self.text[sent.start : sent.end]
            ments = [
                f
                for f in self.mentions
                if f.sent == sent.index
                and not f.nested
                and not f.modifier
                and f.type in ("City", "Country", "Agency")
            ]
            if not ments:
                continue
            ev = self.event_for_sentence(sent.index)
            excluded = {id(f) for f in ments if self._governed(exc_rx, sent, f, window=80)}
            supporters = [
                f
                for f in ments
                if id(f) not in excluded
                and f.type == "Agency"
                and self._governed(sup_rx, sent, f, window=120)
            ]
            organizers = self._organizers(org_rx, sent, ments, excluded)
            organizers += [
                (f, how)
                for f, how in self._organizers(conv_rx, sent, ments, excluded)
                if f.type == "Agency" and all(f is not g for g, _ in organizers)
            ]
            done = {id(f) for f in supporters} | {id(f) for f, _ in organizers} | excluded
            target = ev or (
                main
                if main is not None and (main.type == "Exchange" or not main.conference)
                else None
            )
            for f, _ in organizers:
                tgt = self._nearest_event(sent.index, f.start) or target
                if tgt is None:
                    continue
                if f.type == "Agency":
                    self.add(
                        tgt.key,
                        "organizer",
                        obj=f.key,
                        sent=sent.index,
                        confidence=0.8,
                        rule="organised-by",
                    )
                elif not tgt.conference:
                    self.add(
                        tgt.key,
                        "participant",
                        obj=f.key,
                        sent=sent.index,
                        confidence=0.7,
                        rule="city-organiser-participates",
                    )
            if supporters:
                subject = self._support_subject(sent, supporters[0], ev, ments, done)
                for f in supporters:
                    if subject is not None:
                        self.add(
                            subject,
                            "supportedBy",
                            obj=f.key,
                            sent=sent.index,
                            confidence=0.75,
                            rule="supported-by",
                        )
            if target is None or not part_rx.search(st):
                continue
            if target.conference and ev is None:
                continue
            for f in ments:
                if id(f) in done:
                    continue
                if target.conference and f.type == "City" and self._is_event_location(target, f):
                    continue
                if f.type in ("Agency", "Country") and not self._agency_takes_part(
                    part_rx, sent, f
                ):
                    continue
                if f.type == "Country" and (
                    re.match(r"['’]s\b", self.text[f.end : f.end + 2])
                    or re.search(
                        r"\b(?:in|en|au|aux|à|across|outside|hors\s+d[eu])\s+$",
                        self.text[max(0, f.start - 12) : f.start],
                        re.IGNORECASE,
                    )
                ):
                    continue  # "Nepal's hydropower", "a week in Finland": where, not who
                self.add(
                    target.key,
                    "participant",
                    obj=f.key,
                    sent=sent.index,
                    confidence=0.7,
                    rule="participant-cue",
                )
        # places named in an exchange's title present their own work
        if main is not None and main.type == "Exchange":
            for f in self.mentions:
                if (
                    f.type == "City"
                    and not f.nested
                    and any(a <= f.start < b for a, b in main.spans[:1])
                ):
                    self.add(
                        main.key,
                        "participant",
                        obj=f.key,
                        sent=f.sent,
                        confidence=0.6,
                        rule="named-in-title",
                    )
            label_cities = [
                g for g in self.gaz.match(main.label) if self.gaz.entries[g.keys[0]].type == "City"
            ]
            for g in label_cities:
                key = next(
                    (f.key for f in self.mentions if f.text == g.text and f.type == "City"), None
                )
                if key:
                    self.add(
                        main.key,
                        "participant",
                        obj=key,
                        sent=0,
                        confidence=0.6,
                        rule="named-in-title",
                    )
        if main is not None and not main.conference:
            self._block_roles(main)
        for ev in self.events:
            if ev.parent is not None:
                self._session_speakers(ev)
                self.add(
                    ev.key,
                    "partOf",
                    obj=ev.parent,
                    sent=sentence_of(self.sents, ev.spans[0][0]) if ev.spans else 0,
                    confidence=0.75,
                    rule="session-of-gathering",
                )
        # a side session of a conference is part of it
        confs = [e for e in self.events if e.conference]
        if main is not None and not main.conference and len(confs) >= 1:
            conf = self._linked_conference(main, confs)
            if conf is not None:
                self.add(
                    main.key,
                    "partOf",
                    obj=conf.key,
                    sent=sentence_of(self.sents, conf.spans[0][0]),
                    confidence=0.8 if main.side else 0.6,
                    rule="side-session-of",
                )

    def _session_speakers(self, ev: EventRec) -> None:
        """A programme's session line is followed by its speakers' line ("Ville de
        Djibouti ; CGLU Afrique ; IGAD"): the places and organisations there take part."""
        if not ev.spans:
            return
        pos = self.text.find("\n", ev.spans[0][1])
        while pos != -1 and pos + 1 < len(self.text) and self.text[pos + 1] == "\n":
            pos += 1
        if pos == -1:
            return
        end = self.text.find("\n", pos + 1)
        end = len(self.text) if end == -1 else end
        line = self.text[pos + 1 : end].strip()
        if not line or line.endswith((".", "!", "?")) or len(line.split()) > 30:
            return
        for f in self.mentions:
            if (
                pos < f.start < end
                and not f.nested
                and not f.modifier
                and f.type in ("City", "Agency")
            ):
                self.add(
                    ev.key,
                    "participant",
                    obj=f.key,
                    sent=f.sent,
                    confidence=0.7,
                    rule="speakers-line",
                )

    def _block_roles(self, main: EventRec) -> None:
        """Event-page blocks name the roles outright: "Organisateurs : A et B", "Supported
        by: C", "Villes participantes : …". A city among the organisers hosts, so it also
        takes part (the contract's host rule)."""
        for labels, predicate in (
            ("organizer_labels", "organizer"),
            ("support_labels", "supportedBy"),
            ("participant_labels", "participant"),
        ):
            span = self._block_value(labels, strict=True)
            if span is None:
                continue
            a, b = span
            for f in self.mentions:
                if not (a <= f.start < b) or f.nested or f.modifier:
                    continue
                if f.type not in ("City", "Agency", "Country"):
                    continue
                if predicate == "supportedBy" and f.type != "Agency":
                    continue
                self.add(
                    main.key, predicate, obj=f.key, sent=f.sent, confidence=0.85, rule="role-block"
                )
                if predicate == "organizer" and f.type == "City":
                    self.add(
                        main.key,
                        "participant",
                        obj=f.key,
                        sent=f.sent,
                        confidence=0.75,
                        rule="host-participates",
                    )

    def _drop_conference_hosts(self) -> None:
        """A session held inside a conference is not hosted by the conference's city: the
        city that hosts COP29 does not take part in every side session in Baku."""
        part_of = {(r.subject, r.obj) for r in self.rels if r.predicate == "partOf"}
        conf_places = {(r.subject, r.obj) for r in self.rels if r.predicate == "location"}
        drop = {(ev, city) for ev, conf in part_of for c, city in conf_places if c == conf}
        self.rels = [
            r
            for r in self.rels
            if not (
                r.predicate == "participant"
                and r.rule == "host-participates"
                and (r.subject, r.obj) in drop
            )
        ]

    def _linked_conference(self, main: EventRec, confs: list[EventRec]) -> EventRec | None:
        if len(confs) == 1 and main.side:
            return confs[0]
        link = re.compile(
            r"(?:lors\s+d[eu]|pendant|durant|en\s+marge\s+d[eu]|dans\s+le\s+cadre\s+d[eu]|"
            r"at|during|on\s+the\s+sidelines\s+of|as\s+part\s+of|in\s+the\s+framework\s+of|à\s+la|au)\s+"
            r"(?:la\s+|le\s+|l['’]|the\s+|cette\s+|this\s+)?$",
            re.IGNORECASE,
        )
        # "The ICLEI World Congress … devoted one of its technical workshops to …"
        owned = re.compile(
            r"\b(?:its|their|ses|son|sa|leurs?)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE
        )
        for conf in confs:
            for a, b in conf.spans:
                i = sentence_of(self.sents, a)
                s = self.sents[i]
                if link.search(self.text[s.start : a][-40:]) and any(
                    s.start <= x < s.end for x, _ in main.spans
                ):
                    return conf
                for x, _ in main.spans:
                    if b <= x < s.end and owned.search(self.text[b:x][-40:]):
                        return conf
        return None

    def _is_event_location(self, ev: EventRec, f: Found) -> bool:
        return any(
            r.subject == ev.key and r.predicate == "location" and r.obj == f.key for r in self.rels
        )

    def _agency_takes_part(self, part_rx: re.Pattern[str], sent: Sent, f: Found) -> bool:
        """An organisation named in a participation sentence takes part only when the cue
        governs it ("delegations from X", "speakers from A and B") or it is the subject of
        the cue ("ATU presented …"); one cited in passing ("the standard developed by WRI")
        does not."""
        if self._governed(part_rx, sent, f, window=110):
            return True
        after = self.text[f.end : sent.end]
        cue = part_rx.search(after)
        return (
            cue is not None
            and cue.start() <= 40
            and _clause_between(self.text, f.end, f.end + cue.start())
        )

    def _governed(self, rx: re.Pattern[str], sent: Sent, f: Found, window: int) -> bool:
        """Whether a cue of ``rx`` stands before ``f`` in the same clause, within ``window``
        characters, with only other names, commas, articles and conjunctions between them
        or a short noun phrase ("un soutien important de la part d'organisations telles que")."""
        lo = max(sent.start, f.start - window)
        for m in rx.finditer(self.text, lo, f.start):
            between = self.text[m.end() : f.start]
            if _clause_between(self.text, m.end(), f.start) and len(between) <= window:
                return True
        return False

    def _organizers(
        self, rx: re.Pattern[str], sent: Sent, ments: list[Found], excluded: set[int]
    ) -> list[tuple[Found, str]]:
        out = []
        for m in rx.finditer(self.text, sent.start, sent.end):
            cue = m.group(0).lower()
            passive = (
                cue.endswith((" par", " by", " de", " du", "d'", "d’"))
                or "égide" in cue
                or "initiative" in cue
            )
            if passive:
                after = [
                    f
                    for f in ments
                    if f.start >= m.end()
                    and id(f) not in excluded
                    and _clause_between(self.text, m.end(), f.start)
                    and f.start - m.end() < 80
                ]
                # "organised by A and B": every name of the coordinated list
                for f in after:
                    gap = self.text[m.end() : f.start]
                    if re.fullmatch(
                        r"[\s,:*]*(?:(?:la|le|les|the)\s+|l['’])?(?:(?:ville|city)\s+(?:de|of)\s+)?"
                        r"(?:[^,;.]*?(?:,|\s(?:et|and|&)\s)\s*(?:la\s+|le\s+|l['’]|the\s+)?)*",
                        gap,
                    ):
                        out.append((f, "passive"))
            else:
                earlier = [f for f in ments if f.end <= m.start() and id(f) not in excluded]
                before = [
                    f
                    for f in earlier
                    if _clause_between(self.text, f.end, m.start()) and m.start() - f.end < 40
                ]
                if before:
                    # "MedCities et CGLU organisent": every name of the coordinated subject
                    chain = [before[-1]]
                    for f in reversed(earlier[: earlier.index(before[-1])]):
                        gap = self.text[f.end : chain[-1].start]
                        if not re.fullmatch(
                            r"\s*(?:\([^()]{1,60}\)\s*)?(?:,|et|and|&)\s*"
                            r"(?:(?:la|le|les|the)\s+|l['’])?|\s*\(",  # or "Name (ACRONYM)"
                            gap,
                        ):
                            break
                        chain.append(f)
                    out.extend((f, "active") for f in reversed(chain))
        seen, uniq = set(), []
        for f, how in out:
            if id(f) not in seen:
                seen.add(id(f))
                uniq.append((f, how))
        return uniq

    def _support_subject(
        self, sent: Sent, first_sup: Found, ev: EventRec | None, ments: list[Found], done: set[int]
    ) -> str | None:
        init = next(
            (r for r in self.inits if any(sent.start <= a < sent.end for a, _ in r.spans)), None
        )
        if init is not None:
            return init.key
        if ev is not None:
            return ev.key
        before = [
            f
            for f in ments
            if f.end <= first_sup.start and f.type in ("City", "Country") and id(f) not in done
        ]
        if before:
            return before[0].key
        main = self.main_event()
        # "Avec le soutien de : l'OIF" in a page's header block: the page's event
        return main.key if main is not None and not main.conference else None

    # ---- initiatives' relations ----
    def initiative_relations(self) -> None:
        lead_rx = self.lex.rx("lead_cues")
        targets = self._target_years
        for rec in self.inits:
            sents = sorted({sentence_of(self.sents, a) for a, _ in rec.spans})
            leader = None
            first = min(rec.spans) if rec.spans else None
            owner = rec.owner or (self._possessor(first) if first else None)
            if owner is not None:
                self.add(
                    rec.key,
                    "ledBy",
                    obj=owner,
                    sent=sentence_of(self.sents, first[0]) if first else 0,
                    confidence=0.7,
                    rule="owned-by",
                )
                leader = owner
            for i in sents if leader is None else []:
                s = self.sents[i]
                cands = [
                    f
                    for f in self.mentions
                    if f.sent == i
                    and not f.nested
                    and not f.modifier
                    and f.type in ("City", "Agency", "Country")
                ]
                span = next((sp for sp in rec.spans if s.start <= sp[0] < s.end), None)
                poss = [
                    f
                    for f in cands
                    if span
                    and re.match(r"['’]s\b", self.text[f.end : f.end + 2])
                    and 0 <= span[0] - f.end <= 40
                ]
                after_de = [
                    f
                    for f in cands
                    if span
                    and 0 <= f.start - span[1] <= 6
                    and re.fullmatch(
                        r"\s*(?:de|du|d['’]|of)\s*(?:la\s+ville\s+de\s+)?",
                        self.text[span[1] : f.start],
                    )
                ]
                prefix = [
                    f for f in cands if span and f.type == "City" and 0 <= span[0] - f.end <= 1
                ]
                poss = poss or prefix
                lead = [f for f in cands if lead_rx.search(self.text, s.start, s.end)]
                cities = [f for f in cands if f.type == "City"]
                pick = (poss or after_de or [])[:1]
                conf = 0.75
                if not pick and lead and len({f.key for f in lead if f.type == "City"}) == 1:
                    pick, conf = [f for f in lead if f.type == "City"][:1], 0.65
                if not pick and len({f.key for f in cities}) == 1:
                    pick, conf = cities[:1], 0.55
                if pick:
                    leader = pick[0]
                    self.add(
                        rec.key, "ledBy", obj=leader.key, sent=i, confidence=conf, rule="led-by"
                    )
                    break
            # target years: in the initiative's sentence, else the page's only initiative
            for t in targets:
                ti = sentence_of(self.sents, t.start)
                if ti in sents or len(self.inits) == 1:
                    self.add(
                        rec.key,
                        "targetYear",
                        value=str(t.year),
                        sent=ti,
                        confidence=0.8 if ti in sents else 0.55,
                        rule="target-year",
                    )
                    break

    def _possessor(self, span: tuple[int, int]) -> str | None:
        """ "ATU presented its Electromobility Roadmap": the subject before a possessive that
        opens the initiative's name owns it (an agency whose name holds a city, not the city)."""
        i = sentence_of(self.sents, span[0])
        head = self.text[self.sents[i].start : span[0]]
        if not re.search(r"\b(?:its|their|son|sa|ses|leur|leurs)\s+(?:own\s+|propre\s+)?$", head):
            return None
        before = [
            f
            for f in self.mentions
            if f.sent == i and f.end <= span[0] and f.type in ("City", "Agency") and not f.modifier
        ]
        if not before:
            return None
        last = before[-1]
        return last.host if last.nested and last.host else last.key

    # ---- topics ----
    def topics(self) -> None:
        """What events and initiatives are about.

        In this genre the headline names the subject of the page, so the topics in the
        title lines belong to the main event; an event's or initiative's own name and a cue
        ("on", "consacré à") next to it say the rest. An initiative whose name carries no
        topic takes the first topic of the sentence that introduces it ("the Bus Rapid
        Transit law, which electrifies …"). When nothing ties the main event to a topic, the
        document's dominant topic (named at least twice, more often than any other) stands in
        for it, with a lower confidence.
        """
        topic_ments = [f for f in self.mentions if f.type == "Topic"]
        if not topic_ments:
            return
        cue = self.lex.rx("topic_cues")
        before_cue = re.compile(r"(?:" + cue.pattern + r")\b[^.;:]{0,50}$", re.IGNORECASE)
        for ev in self.events:
            if ev.conference:
                continue
            for key in self._name_topics([ev.label, *ev.aliases]):
                self.add(ev.key, "topic", obj=key, sent=0, confidence=0.8, rule="topic-in-title")
            for f in topic_ments:
                s = self.sents[f.sent]
                if any(s.start <= a < s.end for a, _ in ev.spans) and before_cue.search(
                    self.text[s.start : f.start]
                ):
                    self.add(
                        ev.key, "topic", obj=f.key, sent=f.sent, confidence=0.65, rule="topic-cue"
                    )
        main = self.main_event()
        if main is not None and not main.conference:
            self._main_event_topics(main, topic_ments)
        for rec in self.inits:
            named = [
                k for k in self._name_topics([rec.label, *rec.aliases]) if k not in _KIND_TOPICS
            ]
            for key in named:
                self.add(rec.key, "topic", obj=key, sent=0, confidence=0.75, rule="topic-in-name")
            if named or not rec.spans:
                continue
            first = min(rec.spans)
            i = sentence_of(self.sents, first[0])
            after = [
                f
                for f in topic_ments
                if f.sent == i and f.start >= first[1] and f.key not in _KIND_TOPICS
            ]
            if after:
                self.add(
                    rec.key,
                    "topic",
                    obj=after[0].key,
                    sent=i,
                    confidence=0.6,
                    rule="topic-in-definition",
                )

    def _name_topics(self, labels: list[str]) -> list[str]:
        keys: list[str] = []
        for g in (g for lab in labels for g in self.gaz.match(lab)):
            e = self.gaz.entries[g.keys[0]]
            if e.type == "Topic" and e.key not in keys:
                keys.append(e.key)
        return keys

    def _main_event_topics(self, main: EventRec, topic_ments: list[Found]) -> None:
        lines = self._headline_lines()
        if self.title:
            for key in self._name_topics([self.title]):
                self.add(
                    main.key, "topic", obj=key, sent=0, confidence=0.7, rule="topic-in-headline"
                )
        for f in topic_ments:
            if any(a <= f.start < b for a, b, _ in lines):
                self.add(
                    main.key,
                    "topic",
                    obj=f.key,
                    sent=f.sent,
                    confidence=0.7,
                    rule="topic-in-headline",
                )
        # the lead (first body sentence) states what the story is about
        head_end = max((b for _, b, _ in lines), default=0)
        lead = next((x for x in self.sents if x.start >= head_end and x.end - x.start > 60), None)
        if lead is not None:
            for f in topic_ments:
                if f.sent == lead.index and f.key not in _KIND_TOPICS:
                    self.add(
                        main.key,
                        "topic",
                        obj=f.key,
                        sent=f.sent,
                        confidence=0.6,
                        rule="topic-in-lead",
                    )
        if any(r.subject == main.key and r.predicate == "topic" for r in self.rels):
            return
        counts = Counter(f.key for f in topic_ments if f.key not in _KIND_TOPICS)
        ranked = counts.most_common(2)
        if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            key = ranked[0][0]
            sent = next(f.sent for f in topic_ments if f.key == key)
            self.add(main.key, "topic", obj=key, sent=sent, confidence=0.5, rule="dominant-topic")

    # ---- where things are ----
    def located_in(self) -> None:
        for f in self.mentions:
            if f.nested and f.host:
                self.add(
                    f.host,
                    "locatedIn",
                    obj=f.key,
                    sent=f.sent,
                    confidence=0.85,
                    rule="named-after-place",
                )
        # a country qualifying an agency with no place in its name: "X Office de Finlande"
        for i, f in enumerate(self.mentions):
            if f.modifier and f.type == "Country" and i > 0:
                prev = next((p for p in reversed(self.mentions[:i]) if not p.nested), None)
                if (
                    prev is not None
                    and prev.type == "Agency"
                    and not any(m.nested and m.host == prev.key for m in self.mentions)
                ):
                    self.add(
                        prev.key,
                        "locatedIn",
                        obj=f.key,
                        sent=f.sent,
                        confidence=0.7,
                        rule="qualified-by-country",
                    )
