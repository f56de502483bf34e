"""Organisations outside the curated list, recognised by the genre's naming patterns.

English ``[Capitalised words] + head noun`` ("Turku Environmental Protection Office"),
French ``head noun + de/du … + place`` ("Bureau municipal de l'écologie … de Beijing"),
a name followed by its acronym ("… (CETUD)"), and a name in apposition to what it is
("URBS, the municipal company that …"). Every pattern here is linear: words are bounded
runs of word characters with single separators, so no pattern can try exponentially many
ways to split a long token.
"""

from __future__ import annotations

import functools
import re

from ...ingest import slugify
from ..gazetteer import Gazetteer, GazMatch
from ..lexicon import Lexicon
from .page import Page
from .records import Found
from .spans import SpanSet


def occurrences(text: str, names: list[str]) -> list[tuple[tuple[int, int], str]]:
    """Where the page uses any of ``names`` as a whole word (an acronym, an organisation
    introduced once): hyphens and letters on either side make another word. One pass over
    the text for all names, longest name first where two start at the same place."""
    if not names:
        return []
    alt = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
    rx = re.compile(r"(?<![\w-])(?:" + alt + r")(?![\w-])")
    return [((m.start(), m.end()), m.group(0)) for m in rx.finditer(text)]


def place_name(gaz: Gazetteer, text: str) -> bool:
    """True when a gazetteer name covers the whole text (a city, a country, a topic…)."""
    return any(g.start == 0 and g.end == len(text) for g in gaz.match(text))


def pattern_agencies(
    page: Page, gaz: Gazetteer, lex: Lexicon, matches: list[GazMatch]
) -> list[Found]:
    """Pattern-found organisations that do not clash with a curated name; a city
    government's name ("Municipality of Tirana") is the city, not an organisation."""
    out: list[Found] = []
    taken = SpanSet()
    curated = SpanSet((m.start, m.end) for m in matches if gaz.entries[m.keys[0]].type == "Agency")
    gov = _city_government(lex)
    openers = lex.lower_set("clause_openers")
    for start, end, label in (
        _english_agencies(page, lex)
        + _french_agencies(page, gaz, lex, matches)
        + _expanded_acronyms(page, lex)
        + _appositive_agencies(page, gaz, lex)
    ):
        clash = curated.overlapping((start, end))
        if any(not (start <= c[0] and c[1] <= end) for c in clash):
            continue
        inner = [c for c in clash if start <= c[0] and c[1] <= end]
        if inner and inner[0] == (start, end):
            continue
        if taken.overlaps((start, end)):
            continue
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
                f"newagency:{slugify(label)}",
                page.sentence_of(start),
                rule="agency-pattern",
            )
        )
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
        + r",\s+(?:the|a|an|le|la|l['’]|un|une)\s*(?:[\w'’-]+\s+){0,5}?"
        + kinds
        + r"\b"
    )
    before = re.compile(
        r"\b(?:the|le|la|l['’])\s*(?:[a-zà-ÿ'’-]+\s+){0,5}?" + kinds + r"\s+" + name
    )
    articles = lex.word_set("name_articles")
    names: dict[str, tuple[int, int]] = {}
    for rx in (after, before):
        for m in rx.finditer(page.text):
            text = m.group("name")
            if text in names or len(text) < 3 or text.split()[0] in articles:
                continue
            if place_name(gaz, text):
                continue
            names[text] = (m.start("name"), m.end("name"))
    return [(a, b, text) for (a, b), text in occurrences(page.text, list(names))]


def _expanded_acronyms(page: Page, lex: Lexicon) -> list[tuple[int, int, str]]:
    """ "Conseil exécutif des transports urbains durables (CETUD)": an organisation's
    name followed by its acronym; the acronym alone later names the same body."""
    heads_fr, heads_en = lex.heads_fr, lex.heads_en
    rx = re.compile(
        rf"\b((?:(?:{heads_fr})(?:[ \t]+[\w'’-]+){{1,10}}?)|(?:[A-Z][\w'’-]*(?:[ \t]+(?:[A-Z][\w'’-]*|of|for|and|the|de|du|des|d'|la)){{0,8}}[ \t]+(?:{heads_en})))"
        rf"[ \t]+\((?P<acr>[A-Z][A-Z0-9&-]{{1,9}})\)"
    )
    out = []
    acronyms: dict[str, str] = {}
    for m in rx.finditer(page.text):
        start, label = m.start(1), m.group(1)
        article = re.match(r"(?:The|the)\s+", label)
        if article:  # "The Kampala Capital City Authority (KCCA)"
            start, label = start + article.end(), label[article.end() :]
        out.append((start, m.end(1), label))
        acronyms[m.group("acr")] = label
    out += [(a, b, acronyms[acr]) for (a, b), acr in occurrences(page.text, list(acronyms))]
    return out


def _english_agencies(page: Page, lex: Lexicon) -> list[tuple[int, int, str]]:
    heads = lex.heads_en
    # "and the" joins two organisations ("UCLG ASPAC and the NDC Partnership"), never
    # two halves of one name
    cap = r"(?:St\.|Ste\.|Mt\.|[A-Z][\w&'’-]*|of|and(?!\s+the\b)|for|on|the|de|du|&)"
    rx = re.compile(
        # "[Turku Environmental Protection] Office [of …]" or "Federation of Canadian
        # Municipalities": capitalised words before the head noun, or none before it
        rf"\b((?:(?:[A-Z][\w&'’-]*[ \t]+)(?:{cap}[ \t]+){{0,6}}?(?:{heads})\b"
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
        out.append((first_start, first_start + len(lab), lab))
    return out


def _french_agencies(
    page: Page, gaz: Gazetteer, lex: Lexicon, matches: list[GazMatch]
) -> list[tuple[int, int, str]]:
    heads = lex.heads_fr
    place_ends = {m.end for m in matches if gaz.entries[m.keys[0]].type in ("City", "Country")}
    rx = re.compile(
        rf"\b((?:{heads})(?:[ \t]+[a-zàâçéèêëîïôûùüÿœ'’-]+){{0,10}}?"
        rf"(?:[ \t]+(?:de[ \t]+la|de[ \t]+l['’]|de|du|des|d['’]|pour[ \t]+l['’]|pour[ \t]+la|pour[ \t]+le)[ \t]*"
        rf"[A-ZÀ-Ý][\w'’-]*(?:[ \t]+[A-ZÀ-Ý][\w'’-]*)*))"
    )
    out = []
    for m in rx.finditer(page.text):
        s, e = m.start(1), m.end(1)
        label = m.group(1)
        # the name must end with a known place or an acronym / proper name
        last = label.split()[-1]
        if e not in place_ends and not (last.isupper() and len(last) >= 2):
            continue
        if len(label.split()) < 3:
            continue
        out.append((s, e, label))
    return out
