"""City governments and bodies named after a city, read around the gazetteer's city names.

The contract calls a city government the city: "Dar es Salaam City Council", "Ville de
Dakar", "eThekwini Municipality" are labels of the City (no organisation node), while a body
with a name of its own ("Métropole de Rouen", "Amiens Métropole", "Kumasi
Metropolitan Assembly") is an Agency located in the city. Both are recognised from cue words
right before or after a city's name (``data/names.json``), never from a list of bodies, so a
page from a city the data never saw reads the same way. The same file gives the cues that
say a name is a municipality ("the Mayor of Geldermalsen"), which let a small town or a
name that is also a given name ("Florence") count.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass

from ..gazetteer import Gazetteer, GazMatch, data_path


@functools.cache
def name_cues() -> dict:
    """The cue lists of ``data/names.json``."""
    return json.loads(data_path("names.json").read_text(encoding="utf-8"))


def alternation(words: list[str]) -> str:
    """A regex alternation of cue phrases, longest first; spaces match any run of blanks
    (never a line break) and apostrophes either form."""
    parts = []
    for w in sorted(set(words), key=len, reverse=True):
        rx = re.escape(w).replace(r"\ ", r"[ \t]+").replace("'", "['’]")
        parts.append(rx)
    return "|".join(parts)


@functools.cache
def _prefix(group: str) -> re.Pattern[str]:
    """A cue of ``group`` ending right before a name (at the end of the searched text)."""
    words = name_cues()[group]["prefixes"]
    return re.compile(r"(?<![\w-])(?:" + alternation(words) + r")[ \t]*\Z", re.IGNORECASE)


@functools.cache
def _suffix(group: str) -> re.Pattern[str]:
    """A cue of ``group`` starting right after a name; its words keep their capitals."""
    words = name_cues()[group]["suffixes"]
    return re.compile(r"[ \t]+(?:" + alternation(words) + r")(?![\w-])")


@functools.cache
def mayor_cue() -> re.Pattern[str]:
    """ "the Mayor of", "maire de": the name that follows is a municipality."""
    words = name_cues()["mayor_cues"]["words"]
    return re.compile(r"(?<![\w-])(?:" + alternation(words) + r")[ \t]*\Z")


@dataclass(frozen=True)
class CitySpan:
    """A city's name with the cue words around it that make it a government or a body."""

    start: int
    end: int
    city: GazMatch
    kind: str  # "government" (the city itself) or "body" (an Agency located in the city)

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


def city_spans(text: str, gaz: Gazetteer, matches: list[GazMatch]) -> list[CitySpan]:
    """Every city name of the page with a government or body cue right before or after it.
    A body's cue wins over a government's ("Metropolitan Assembly" is a body,
    "Metropolitan Municipality" the city)."""
    out: list[CitySpan] = []
    for m in matches:
        if not any(gaz.entries[k].type == "City" for k in m.keys):
            continue
        before = text[max(0, m.start - 50) : m.start]
        found = None
        district = _DISTRICT.match(text, m.end)
        if district:  # "Yaoundé VI": a district commune of the city
            out.append(CitySpan(m.start, district.end(), m, "body"))
            continue
        qualified = _qualified_body(text, m)
        if qualified is not None:  # "Clermont Auvergne Métropole"
            out.append(CitySpan(qualified[0], qualified[1], m, "body"))
            continue
        # "Cork City Council": the gazetteer's name "Cork City" holds the cue's first word
        end = m.end - 5 if text[m.start : m.end].endswith(" City") else m.end
        for kind, group in (("body", "city_bodies"), ("government", "city_government")):
            suffix = _suffix(group).match(text, m.end, min(len(text), m.end + 45))
            if end < m.end and not suffix:
                suffix = _suffix(group).match(text, end, min(len(text), end + 45))
            if suffix:
                found = CitySpan(m.start, suffix.end(), m, kind)
                break
            prefix = _prefix(group).search(before)
            if prefix:
                found = CitySpan(m.start - len(before) + prefix.start(), m.end, m, kind)
                break
        if found is not None and not re.match(r"['’]s\b", text[found.end : found.end + 3]):
            out.append(found)  # ("City of Zagreb's Office …" is the office's name)
    return out


@functools.cache
def _qualified_rx() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The region's words around a qualified head: (words then the head, right after the
    city; the head alone before the city; words after the head or the city)."""
    cues = name_cues()["city_bodies"]
    head = alternation(cues["qualified"])
    stops = "|".join(re.escape(w) for w in cues["qualifier_stops"])
    word = r"(?!(?:" + stops + r")(?![\w’'-]))[A-ZÀ-Ý][\w’'-]*"
    words = r"(?:[ \t]+(?:(?:de|du|d['’])[ \t]*)?" + word + r")"
    return (
        re.compile(r"(?:[ \t]+" + word + r"){1,2}[ \t]+(?:" + head + r")(?![\w-])"),
        re.compile(r"(?<![\w-])(?:" + head + r")[ \t]+\Z"),
        re.compile(words + r"{1,3}"),
    )


def _qualified_body(text: str, m: GazMatch) -> tuple[int, int] | None:
    """The span of a body whose name puts its region's words around a qualified head and the
    city ("Clermont Auvergne Métropole", "Tours Métropole Val de Loire", "Métropole Toulon
    Provence Méditerranée"), None when there is none. The plain "Amiens Métropole" is left
    to the suffix cues."""
    infix, bare_prefix, trailing = _qualified_rx()
    end = min(len(text), m.end + 60)
    inner = infix.match(text, m.end, end)
    if inner:
        return (m.start, inner.end())
    prefix = bare_prefix.search(text, max(0, m.start - 12), m.start)
    if prefix:
        after = trailing.match(text, m.end, end)
        return (prefix.start(), after.end() if after else m.end)
    head = _suffix("city_bodies").match(text, m.end, end)
    if head and re.search(
        alternation(name_cues()["city_bodies"]["qualified"]) + r"\Z", head.group()
    ):
        after = trailing.match(text, head.end(), min(len(text), head.end() + 40))
        if after:
            return (m.start, after.end())
    return None


#: A Roman numeral right after a city's name: one of its district communes.
_DISTRICT = re.compile(
    r"[ \t]+(?:XX|XIX|XVIII|XVII|XVI|XV|XIV|XIII|XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)(?![\w-])"
)


def body_cue_around(text: str, start: int, end: int) -> bool:
    """True when a city body's cue ends right before ``start`` or starts right at ``end``
    ("Tours Métropole …", "la Métropole Nice Côte d'Azur"): the name is the city even when
    it is also a common word."""
    before = text[max(0, start - 50) : start]
    return (
        _suffix("city_bodies").match(text, end, min(len(text), end + 45)) is not None
        or _prefix("city_bodies").search(before) is not None
        or _qualified_rx()[1].search(before) is not None
    )


def after_mayor_cue(text: str, start: int) -> bool:
    """True when a municipality cue ends right before ``start``."""
    return mayor_cue().search(text, max(0, start - 40), start) is not None
