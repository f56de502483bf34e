"""Organisations outside the curated list, recognised by the genre's naming patterns.

English ``[Capitalised words] + head noun`` ("Turku Environmental Protection Office"),
French ``head noun + de/du … + place`` ("Bureau municipal de l'écologie … de Beijing"),
a name followed by its acronym ("… (CETUD)"), and a name in apposition to what it is
("URBS, the municipal company that …"). Every pattern here is linear: words are bounded
runs of word characters with single separators, so no pattern can try exponentially many
ways to split a long token.
"""

from __future__ import annotations

import calendar
import functools
import re

from ...ingest import slugify
from ..gazetteer import Gazetteer, GazMatch
from ..lexicon import Lexicon
from ..scan import boundary_finditer
from .agents import acronym_agents, acting_programmes
from .citynames import CitySpan, alternation, name_cues
from .collectivites import local_bodies
from .nameuse import country_code, occurrences, place_name
from .page import Page
from .records import Found
from .shortforms import same_bodies
from .spans import SpanSet

#: English month names (a date before a pattern-found name is no part of it)
_MONTHS = "|".join(calendar.month_name[1:])


def pattern_agencies(
    page: Page,
    gaz: Gazetteer,
    lex: Lexicon,
    matches: list[GazMatch],
    cityspans: list[CitySpan] = (),  # type: ignore[assignment]
) -> list[Found]:
    """Pattern-found organisations that do not clash with a curated name; a city
    government's name ("Municipality of Tirana", "Dar es Salaam City Council") is the city,
    not an organisation, and a body named after its city ("Amiens Métropole") comes first."""
    out: list[Found] = []
    taken = SpanSet()
    curated_matches = [m for m in matches if gaz.entries[m.keys[0]].type == "Agency"]
    curated = SpanSet((m.start, m.end) for m in curated_matches)
    governments = SpanSet(c.span for c in cityspans if c.kind == "government")
    bodies = [(c.start, c.end, page.text[c.start : c.end]) for c in cityspans if c.kind == "body"]
    gov = _city_government(lex)
    openers = lex.lower_set("clause_openers")
    acronyms = {m.text for m in curated_matches if m.text.isupper()}
    venue = re.compile(r"(?<![\w-])(?:" + lex.alt("venue_heads") + r")(?![\w-])")
    units = lex.word_set("unit_names")
    network = re.compile(r"(?:" + lex.alt("initiative_network_heads") + r")\Z", re.IGNORECASE)
    places = [(m.start, m.end) for m in matches if gaz.entries[m.keys[0]].type != "Agency"]
    found = (
        bodies
        + _ministries(page, gaz, matches)
        + _english_agencies(page, lex)
        + _french_agencies(page, gaz, lex, matches)
        + _expanded_acronyms(page, lex, acronyms, gaz)
        + _appositive_agencies(page, gaz, lex)
        + acting_programmes(page, lex)
        + acronym_agents(page, gaz, lex)
        + local_bodies(page, lex)
    )
    trimmed = [_trimmed(page, gaz, curated, c, body=c in bodies) for c in found]
    kept = [t for t in trimmed if t is not None]
    for cand in _split_lists(gaz, lex, places, governments, kept):
        start, end, label = cand
        if venue.search(label) or label in units:
            continue  # "Bingu International Convention Centre": a venue; "Press Office"
        if network.search(label) or city_pairing(gaz, lex, label):
            continue  # "… Peer Learning Community", "Kandy-Bristol Climate Partnership": initiatives
        if re.match(r"[ \t]+(?:project|programme|program)\b", page.text[end : end + 12]):
            continue  # "its Jordan Sustainable Urban Transport project": the project's name
        clash = curated.overlapping((start, end))
        if any(not (start <= c[0] and c[1] <= end) for c in clash):
            continue
        inner = [c for c in clash if start <= c[0] and c[1] <= end]
        if inner and inner[0] == (start, end):
            continue
        if taken.overlaps((start, end)) or any(
            not (start < g[0] and g[1] <= end) for g in governments.overlapping((start, end))
        ):
            continue  # (an agency's name may hold a city government's: "Agence … de la ville de X")
        if gov.match(label) and place_name(gaz, gov.sub("", label)):
            continue  # "Municipality of Tirana", "Mairie de Libreville": the city itself
        if label.split()[0].lower() in openers:
            continue  # "In Halifax, the utility …"
        taken.add((start, end))
        out.append(
            Found(
                start,
                end,
                page.text[start:end],
                "Agency",
                f"newagency:{slugify(_ministry_key(label))}",
                page.sentence_of(start),
                rule="agency-pattern",
            )
        )
    return same_bodies(out)


def _split_lists(
    gaz: Gazetteer,
    lex: Lexicon,
    places: list[tuple[int, int]],
    governments: SpanSet,
    cands: list[tuple[int, int, str]],
) -> list[tuple[int, int, str]]:
    """Each candidate, or the organisations of a list read as one name: "County Government
    of Nakuru, Jinja City Council and Hawassa City Administration" are three. When every
    part between commas and "and" is a place's name or holds a head noun of its own, and
    two parts do, or a place opens a list that ends on a city government ("Viet Nam and
    Khon Kaen Municipality"), the parts are separate names (a place alone is no
    organisation). "Kingston and St. Andrew Municipal Corporation", "Ministry of Housing,
    Urban and Rural Development" and "Water Supply and Sanitation Company" stay whole. A
    coordinator inside a place's name ("Trinidad and Tobago") splits nothing."""
    head = re.compile(r"(?<![\w-])(?:" + lex.heads_en + r")(?![\w-])")
    out: list[tuple[int, int, str]] = []
    for start, end, label in cands:
        cuts = [
            m
            for m in re.finditer(r",[ \t]+(?:and[ \t]+)?|[ \t]+(?:and|&)[ \t]+", label)
            if not any(a <= start + m.start() < b for a, b in places)
        ]
        parts, at = [], 0
        for m in [*cuts, None]:
            a, b = at, (m.start() if m else len(label))
            parts.append((start + a, start + b, label[a:b]))
            at = m.end() if m else at
        named = [bool(head.search(p[2])) for p in parts]
        placed = [place_name(gaz, p[2]) for p in parts]
        last = parts[-1][:2]
        if len(parts) < 2 or not all(n or q for n, q in zip(named, placed, strict=True)):
            out.append((start, end, label))
        elif sum(named) >= 2 or (placed[0] and last in governments.overlapping(last)):
            out.extend(p for p, n in zip(parts, named, strict=True) if n)
        else:
            out.append((start, end, label))
    return out


def _trimmed(
    page: Page, gaz: Gazetteer, curated: SpanSet, cand: tuple[int, int, str], *, body: bool = False
) -> tuple[int, int, str] | None:
    """A pattern-found name with the genre's false edges taken off, or None when nothing
    of an organisation's name is left: a person's title before it ("President of the …"),
    a field label ("Main Implementing Agency:"), a gathering ("World Assembly of …"), the
    words saying whose it is before a curated name ("German Federal Ministry …"), a unit's
    "of the <curated body>" tail, the last word of a page cut off mid-word. A body named
    after its city (``body``) is no field label before a colon: "Saint-Étienne Métropole :
    40 000 foyers équipés" is a programme line."""
    text = page.text
    start, end, label = cand
    title = _person_title().match(label)
    if title:
        start, label = start + title.end(), label[title.end() :]
        if len(_nationality().sub("", label + " ").split()) < 2:
            return None  # "Programme Officer of the Andean Water …": no name left
    dated = re.match(r"(?:" + _MONTHS + r")[ \t]+the[ \t]+", label)
    if dated:  # "On 27 January the Aqaba Water Company …": a date's month, not a name
        start, label = start + dated.end(), label[dated.end() :]
    person = _PERSON_OF.match(label)
    if person and person.group(1) in gaz.first_names:
        start, label = start + person.end(), label[person.end() :]  # "Lucia Soares of the …"
    if (not body and re.match(r"[ \t]*:", text[end : end + 3])) or _is_meeting(label):
        return None
    place = re.search(r",[ \t]+([^,]+)\Z", label)
    if place and place_name(gaz, place.group(1)):  # "… Department of Construction, Viet Nam"
        label = label[: place.start()]
        end = start + len(label)
    seat = _SEAT.search(label)
    if seat and len(label[: seat.start()].split()) >= 3 and _city_name(gaz, seat.group(1)):
        label = label[: seat.start()]  # "Nkana Water … Company of Kitwe": the company's seat
        end = start + len(label)
    tail = re.search(r"[.!?»”\")\]]\s*\Z", text)
    last = label.rsplit(None, 1)[-1]
    if end >= len(text.rstrip()) and tail is None and not place_name(gaz, last):
        # an excerpt cut in the middle of a word ("… Industrialization Developmen")
        label = label.rsplit(None, 1)[0] if " " in label else ""
        end = start + len(label)
    for c in curated.overlapping((start, end)):
        if start < c[0] < end < c[1] or (start < c[0] and c[1] <= end):
            gap = text[start : c[0]]
            unit = re.search(r"[ \t]+of(?:[ \t]+the)?[ \t]*\Z", gap)
            if unit and c[1] >= end:  # "Urban Planning Institute of the Ministry …"
                end, label = start + unit.start(), gap[: unit.start()]
            elif c[1] == end and _nationality().fullmatch(gap):
                return None  # "German Federal Ministry for …": the curated ministry
    if label != cand[2] and len(label.split()) < 2:
        return None  # nothing of a name left once its false edges are off
    return (start, end, label) if label else None


#: a person's name and "of the" before the body they speak for ("said Andrea Clarke of the
#: Kingstown Town Board")
_PERSON_OF = re.compile(
    r"([A-Z][\w'’-]+)(?:[ \t]+[A-Z][\w'’-]+){1,2}[ \t]+of[ \t]+the[ \t]+(?=[A-Z])"
)

#: a company's name then its seat: "… Sanitation Company of Kitwe"
_SEAT = re.compile(r"(?<=Company|Utility)[ \t]+of[ \t]+([A-Z][^,]*)\Z")


def _city_name(gaz: Gazetteer, text: str) -> bool:
    """True when a city's name of the gazetteer covers the whole text."""
    return any(
        g.start == 0 and g.end == len(text) and gaz.entries[g.keys[0]].type == "City"
        for g in gaz.match(text)
    )


@functools.cache
def _person_title() -> re.Pattern[str]:
    titles = name_cues()["person_titles"]["en"]
    return re.compile(r"(?:" + alternation(titles) + r")[ \t]+of[ \t]+(?:the[ \t]+)?")


@functools.cache
def _nationality() -> re.Pattern[str]:
    words = name_cues()["nationality_words"]["en"] + name_cues()["nationality_words"]["fr"]
    return re.compile(r"(?:(?:" + alternation(words) + r")[ \t]+)+", re.IGNORECASE)


def _is_meeting(label: str) -> bool:
    """ "Global Assembly of Coastal and Island Cities", "GACIC Assembly": a gathering.
    A body's assembly has a qualifier before the head ("Kumasi Metropolitan Assembly")."""
    cues = name_cues()["meeting_heads"]
    words = label.split()
    return any(
        w in cues["heads"] and (i == 0 or words[i - 1] not in cues["body_qualifiers"])
        for i, w in enumerate(words)
    )


def _ministry_key(label: str) -> str:
    """ "Ministre de l'Habitat …" names the ministry it heads: one node with "Ministère …"."""
    return re.sub(r"^(?:le |la |du )?[Mm]inistre\b", "Ministère", label)


_CONNECT_FR = r"(?:de[ \t]+la|de[ \t]+l['’]|des|du|de|d['’]|et|,|y|del|de[ \t]+los|de[ \t]+las)"


_GOES_ON = re.compile(
    r"[ \t]+(?:et[ \t]+)?(?:de[ \t]+la|de[ \t]+l['’]|des|du|de|d['’])[ \t]*[A-ZÀ-Ý]"
)


def _name_goes_on(text: str, start: int, pos: int) -> bool:
    """Whether a ministry's name (from ``start``) goes on after the adjective ending at
    ``pos`` with another capitalised part ("… Relations internationales et de la
    Francophonie"): the adjective belongs to the name, not to the sentence. A name already
    joined by "et" ends there ("… de l'Europe et des Affaires étrangères et de la Région
    …" lists a second body)."""
    return " et " not in text[start:pos] and _GOES_ON.match(text, pos) is not None


def _ministries(page: Page, gaz: Gazetteer, matches: list[GazMatch]) -> list[tuple[int, int, str]]:
    """French and Spanish ministries by their shape: "Ministère de la Culture", "ministère de
    l'Eau et de l'Assainissement", "Ministre des Transports et de la Mobilité Urbaine",
    "Ministerio de Vivienda y Urbanismo", with the country when it follows ("… de Côte
    d'Ivoire"). The name's words are capitalised, except a short tail after "et du" that
    runs to the end of its clause; it never takes a verb or a pronoun."""
    text = page.text
    clause = {w.lower() for w in name_cues()["clause_words"]["fr"]}
    head = re.compile(
        r"\b(?:[Mm]inist[eè]re|[Mm]inistre|[Mm]inisterio)[ \t]+(?:de[ \t]+la|de[ \t]+l['’]|des|du|de|d['’])[ \t]*"
    )
    word = re.compile(r"[dlDL]['’]|[\w-]+|,")
    out = []
    for m in head.finditer(text):
        pos, cap_end, end, lowercase_run, prev = m.end(), None, None, 0, ""
        while True:
            w = word.match(text, pos)
            if w is None or "\n" in text[pos : w.start()]:
                break
            tok = w.group(0)
            if tok[0].isupper():
                cap_end = end = w.end()
                lowercase_run = 0
            elif prev == "," and not re.fullmatch(r"de|du|des|d['’]", tok):
                break  # "le Ministère des Transports, l'AFD ou …": a list goes on
            elif re.fullmatch(_CONNECT_FR, tok) or tok in ("la", "l'", "l’", "L'", "los", "las"):
                pass
            elif (
                (lowercase_run or prev in ("du", "des", "la", "l'", "l’"))
                and cap_end is not None
                and tok.lower() not in clause
                and lowercase_run < 3
            ):
                lowercase_run += 1  # "… et du cadre de vie"
                end = w.end()
            elif (
                prev[:1].isupper()
                and tok.lower() not in clause
                and _name_goes_on(text, m.start(), w.end())
            ):
                pass  # "des Relations internationales et de la Francophonie"
            else:
                break
            prev = tok
            pos = w.end()
            while pos < len(text) and text[pos] in " \t":
                pos += 1
        if end is None or cap_end is None:
            continue
        if end != cap_end and not re.match(r"\s*[),.;]|\s*$", text[end : end + 2]):
            end = cap_end  # a lowercase tail must close its clause
        label = text[m.start() : end].rstrip(" ,")
        out.append((m.start(), m.start() + len(label), label))
    return out


@functools.cache
def _city_government(lex: Lexicon) -> re.Pattern[str]:
    """ "Municipality of X", "Ville de X": the city government, which the contract calls
    the city."""
    return re.compile(
        r"^(?:the\s+)?(?:" + lex.alt("city_government_heads") + r")\s+(?:of|de|d['’]|du)\s*"
        r"(?:la\s+)?",
        re.IGNORECASE,
    )


_WORD = r"[A-Z]\w*(?:-\w+)*"  # a capitalised word, hyphenated parts included, one way only


def _appositive_agencies(page: Page, gaz: Gazetteer, lex: Lexicon) -> list[tuple[int, int, str]]:
    """Organisations introduced by what they are, in apposition: "URBS, the municipal
    company that …", "Deltares, l'institut de recherche néerlandais", "the municipal
    energy and environment agency Lisboa E-Nova". The name's later mentions count too."""
    kinds = r"(?:" + lex.alt("apposition_kinds") + r")"
    name = r"(?P<name>" + _WORD + r"(?: " + _WORD + r"){0,3})"
    after = re.compile(
        r"(?<![\w-])"
        + name
        + r"(?:\s*\([A-Z][A-Z0-9]{1,9}\))?"  # "X Heat Exchange (XHX), a peer network"
        + r",\s+(?:the|a|an|le|la|l['’]|un|une)\s*(?:[\w'’-]+\s+){0,5}?"
        + kinds
        + r"\b"
    )
    before = re.compile(
        r"\b(?:[Tt]he|[Ll]e|[Ll]a|[Ll]['’])\s*(?:[a-zà-ÿ'’-]+\s+){0,5}?" + kinds + r"\s+" + name
    )
    articles = lex.word_set("name_articles")
    names: dict[str, tuple[int, int]] = {}
    for rx in (after, before):
        for m in boundary_finditer(rx, page.text):
            text = m.group("name")
            if text in names or len(text) < 3 or text.split()[0] in articles:
                continue
            if place_name(gaz, text):
                continue
            names[text] = (m.start("name"), m.end("name"))
    return [(a, b, text) for (a, b), text in occurrences(page.text, list(names))]


def _expanded_acronyms(
    page: Page,
    lex: Lexicon,
    curated: set[str] = frozenset(),  # type: ignore[assignment]
    gaz: Gazetteer | None = None,
) -> list[tuple[int, int, str]]:
    """ "Conseil exécutif des transports urbains durables (CETUD)": an organisation's
    name followed by its acronym; the acronym alone later names the same body. A curated
    organisation's acronym in the brackets makes the name that organisation's, not a new
    one (a misspelt "Cités et Gouvernement Locaux Unis (CGLU)")."""
    heads_fr, heads_en = lex.heads_fr, lex.heads_en
    rx = re.compile(
        rf"\b((?:(?:{heads_fr})(?:,?[ \t]+[\w'’-]+){{1,10}}?)|(?:[A-Z][\w'’-]*(?:[ \t]+(?:[A-Z][\w'’-]*|of|for|and|the|de|du|des|d'|la)){{0,8}}[ \t]+(?:{heads_en})))"
        rf"[ \t]+\((?P<acr>[A-Z][A-Z0-9&-]{{1,9}})\)"
    )
    out = []
    acronyms: dict[str, str] = {}
    for m in boundary_finditer(rx, page.text):
        start, label = m.start(1), m.group(1)
        if m.group("acr") in curated or country_code(gaz, m.group("acr")):
            continue  # "Aberdeen City Council (UK)": a partner list's country, no acronym
        article = re.match(r"(?:The|the)\s+", label)
        if article:  # "The Kampala Capital City Authority (KCCA)"
            start, label = start + article.end(), label[article.end() :]
        out.append((start, m.end(1), label))
        acronyms[m.group("acr")] = label
    out += [(a, b, acronyms[acr]) for (a, b), acr in occurrences(page.text, list(acronyms))]
    return out


def city_pairing(gaz: Gazetteer, lex: Lexicon, label: str) -> bool:
    """ "Kandy-Bristol Climate Partnership": a partnership named after the cities it pairs
    is what they do together, not an organisation."""
    if label.split()[-1] not in lex.word_set("pairing_heads"):
        return False
    return any(
        gaz.entries[k].type == "City"
        for m in gaz.match(re.sub(r"[ \t]*[-–][ \t]*", " ", label))
        for k in m.keys[:1]
    )


def _english_agencies(page: Page, lex: Lexicon) -> list[tuple[int, int, str]]:
    heads = lex.heads_en
    # "and the" joins two organisations ("UCLG ASPAC and the NDC Partnership"), never
    # two halves of one name
    cap = r"(?:St\.|Ste\.|Mt\.|[A-Z][\w&'’-]*|of|and(?!\s+the\b)|for|on|the|de|du|&)"
    rx = re.compile(
        # "[Turku Environmental Protection] Office [of …]" or "Federation of Canadian
        # Municipalities": capitalised words before the head noun, or none before it
        rf"\b((?:(?:[A-Z][\w&'’-]*[ \t]+)(?:{cap}[ \t]+){{0,6}}?(?:{heads})\b"
        # "Drainage Services Department": heads in a row are one name
        rf"(?:[ \t]+(?:{heads})\b)*"
        rf"|(?:{heads})(?=[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?[A-Z]))"
        rf"(?:[ \t]+(?:of|for)(?:[ \t]+the)?[ \t]+[A-Z][\w'’-]*"
        rf"(?:(?:,[ \t]+|[ \t]+(?:and|&)[ \t]+|[ \t]+)[A-Z][\w'’-]*){{0,6}})?"
        rf"\.?(?:,?[ \t]+(?:Co\.,?[ \t]*Ltd\.?|Ltd\.?|Inc\.?))?)"
    )
    trim = lex.lower_set("name_edge_words")
    out = []
    for m in rx.finditer(page.text):
        label = m.group(1).rstrip(".,")
        words = label.split()
        while words and words[0].lower() in trim:
            words = words[1:]
        if len(words) < 2:
            continue
        first_start = m.start(1) + m.group(1).find(words[0])
        # a name never ends on a connector word
        if words[-1].lower() in trim or words[0] in lex.word_set("name_articles"):
            continue
        lab = " ".join(words)
        after = page.text[first_start + len(lab) :]
        if words[-1] == "International" and re.match(r"[ \t]+[A-Z]", after):
            continue  # "Mumbai International Airport": "International" inside a longer name
        out.append((first_start, first_start + len(lab), lab))
    return out


def _french_agencies(
    page: Page, gaz: Gazetteer, lex: Lexicon, matches: list[GazMatch]
) -> list[tuple[int, int, str]]:
    heads = lex.heads_fr
    clause = {w.lower() for w in name_cues()["clause_words"]["fr"]}
    place_ends = {m.end for m in matches if gaz.entries[m.keys[0]].type in ("City", "Country")}
    rx = re.compile(
        rf"\b((?:{heads})(?:[ \t]+[A-ZÀ-Ý][a-zàâçéèêëîïôûùüÿœ'’-]+)?"
        rf"(?:[ \t]+[a-zàâçéèêëîïôûùüÿœ'’-]+){{0,10}}?"
        rf"(?:[ \t]+(?:de[ \t]+la|de[ \t]+l['’]|de|du|des|d['’]|pour[ \t]+l['’]|pour[ \t]+la|pour[ \t]+le)[ \t]*"
        rf"[A-ZÀ-Ý][\w'’-]*(?:[ \t]+[A-ZÀ-Ý][\w'’-]*)*))"
    )
    out = []
    for m in rx.finditer(page.text):
        s, e = m.start(1), m.end(1)
        label = m.group(1)
        # the name must end with a known place or an acronym / proper name
        last = re.sub(r"^[dlDL]['’]", "", label.split()[-1])
        if e not in place_ends and not (last.isupper() and len(last) >= 2):
            continue
        if len(label.split()) < 3:
            continue
        if any(w.lower() in clause for w in re.findall(r"[\w’'-]+", label)):
            continue  # "Métropole ira dans les communes de Berkane": a clause
        out.append((s, e, label))
    return out


#: a passive cue ends on its agent word ("organised by", "financé par", "funding from")
