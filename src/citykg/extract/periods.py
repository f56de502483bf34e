"""Durations and target years in French/English text, recognised with regexes (the date
grammar itself is :mod:`.dates`).

* Durations need a duration cue ("pendant", "durant", "sur", "for", "over", "une visite de",
  "three-day", "week-long"); bare "3 jours" is not a duration ("il y a 3 jours"). Months are
  not converted (30 days would be a guess). Span = the quantity ("trois jours", "three-day").
* Target years are 2000–2100 and only inside a target construction ("d'ici 2030", "à l'horizon
  2040", "by 2050", "no later than 2035", "objectif 2030", "2030 targets", "neutralité carbone
  en 2050"); "in 2030" alone is not one. Span = the cue and the year ("d'ici 2030").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .folding import _SP, _YEAR_IN_TEXT, _alt, _drop_nested, _windows, fold

__all__ = ["Duration", "TargetYear", "find_durations", "find_target_years"]


@dataclass(frozen=True, slots=True)
class Duration:
    """A length of time in days ("trois jours" → 3, "a week-long" → 7)."""

    start: int
    end: int
    text: str
    days: int


@dataclass(frozen=True, slots=True)
class TargetYear:
    """A year something should be reached by ("d'ici 2030" → 2030)."""

    start: int
    end: int
    text: str
    year: int


_UNITS_FR = ["un", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"]
_TEENS_FR = [
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "dix-sept",
    "dix-huit",
    "dix-neuf",
]
_UNITS_EN = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS_EN = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS_FR = {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}
_TENS_EN = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}


def _number_words() -> dict[str, int]:
    """Cardinal words 1–69 in French and English, in the spellings found in running text."""
    words: dict[str, int] = {"a": 1, "an": 1, "une": 1, "un": 1}
    for i, w in enumerate(_UNITS_FR[1:], start=1):
        words[w] = i
    for i, w in enumerate(_TEENS_FR, start=10):
        words[w] = i
        words[w.replace("-", " ")] = i
    for i, w in enumerate(_UNITS_EN, start=1):
        words[w] = i
    for i, w in enumerate(_TEENS_EN, start=10):
        words[w] = i
    for tens, value in _TENS_FR.items():
        words[tens] = value
        for sep in ("-et-", " et "):
            words[f"{tens}{sep}un"] = value + 1
            words[f"{tens}{sep}une"] = value + 1
        for i, unit in enumerate(_UNITS_FR[2:], start=2):
            words[f"{tens}-{unit}"] = value + i
            words[f"{tens} {unit}"] = value + i
    for tens, value in _TENS_EN.items():
        words[tens] = value
        for i, unit in enumerate(_UNITS_EN, start=1):
            words[f"{tens}-{unit}"] = value + i
            words[f"{tens} {unit}"] = value + i
    return words


_NUMBER_WORDS = _number_words()


# --------------------------------------------------------------------------- durations

_NUM_ALT = rf"(?:[1-9][0-9]?|{_alt(_NUMBER_WORDS)})"
_UNIT_DAYS = {"jour": 1, "jours": 1, "journee": 1, "journees": 1, "day": 1, "days": 1}
_UNIT_DAYS |= {"semaine": 7, "semaines": 7, "week": 7, "weeks": 7}
_UNIT_ALT = _alt(_UNIT_DAYS)
_QTY = rf"(?P<n>{_NUM_ALT}){_SP}(?P<u>{_UNIT_ALT})(?![a-z])"
_DURATION_RES = (
    # pendant trois jours / for two days / over four days / sur deux jours / lasting 3 days
    re.compile(
        r"(?<![\w'])(?:pendant|durant|sur|for|over|during|across|lasting|lasts|lasted|dure|"
        r"durera|duree|duration)(?:[ \t]+(?:de|of|d'|the|about|environ|around))?[ \t]*"
        rf"(?<=[ \t'])(?P<q>{_QTY})"
    ),
    # trois jours durant
    re.compile(rf"(?<![\w'-])(?P<q>{_QTY}){_SP}durant(?![a-z])"),
    # une visite de deux jours / un atelier d'une semaine / a visit of two days
    re.compile(rf"(?<![\w'-])(?P<noun>[a-z]{{3,}}){_SP}(?:de{_SP}|d'[ \t]*|of{_SP})(?P<q>{_QTY})"),
    # three-day, 3-day, two-week, 3-days-long
    re.compile(
        rf"(?<![\w'-])(?P<q>(?P<n>{_NUM_ALT})[ \t]*-[ \t]*(?P<u>days?|weeks?|jours?))(?![a-z])"
    ),
    # week-long, weeklong, a week-long, two-week-long
    re.compile(r"(?<![\w'-])(?P<q>(?:(?P<n>a|one|two|three|four)[ \t-]+)?(?P<u>week)-?long)\b"),
)
# Every duration holds one of these; the longest match reaches 60 characters before it.
_UNIT_HINT = re.compile(r"(?<![a-z])(?:jour|journee|day|week|semaine)")
# "plus de deux jours", "délai de 3 jours": the quantity is not the length of an event.
_NOT_EVENT_NOUNS = frozenset(
    [
        "plus",
        "moins",
        "pres",
        "environ",
        "delai",
        "delais",
        "retard",
        "avance",
        "apres",
        "avant",
        "pres",
        "more",
        "less",
        "most",
        "least",
        "notice",
        "delay",
    ]
)


def find_durations(text: str, lang: str) -> list[Duration]:
    """Lengths of time in days, in text order ("pendant trois jours" → 3, "a week-long" → 7).

    ``lang`` is accepted for symmetry; both languages' patterns are tried.
    """
    del lang
    folded = fold(text)
    spans: dict[tuple[int, int], int] = {}
    windows = _windows(folded, _UNIT_HINT, 60, 20)
    for regex, (start, end) in ((r, w) for w in windows for r in _DURATION_RES):
        for m in regex.finditer(folded, start, end):
            if "noun" in regex.groupindex and m.group("noun") in _NOT_EVENT_NOUNS:
                continue
            raw_n = m.group("n")
            number = 1 if raw_n is None else _to_int(raw_n)
            unit = m.group("u")
            per = 7 if unit.startswith("week") else _UNIT_DAYS.get(unit, 1)
            if number and 0 < number * per <= 366:
                spans.setdefault((m.start("q"), m.end("q")), number * per)
    return [
        Duration(start, end, text[start:end], days)
        for (start, end), days in _drop_nested(sorted(spans.items()))
    ]


def _to_int(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(re.sub(r"[ \t]+", " ", word))


# --------------------------------------------------------------------------- target years

_TY = r"(?P<y>20[0-9]{2}|2100)(?![0-9]|[.,][0-9]|[ \t]*%)"
_TARGET_RES = (
    re.compile(
        r"(?<![\w'])(?:d'ici(?:[ \t]+a|[ \t]+(?:la[ \t]+)?fin(?:[ \t]+(?:de|d'))?)?|"
        r"a[ \t]+l'horizon(?:[ \t]+de)?|horizon|a[ \t]+l'echeance(?:[ \t]+de)?|echeance|"
        r"au[ \t]+plus[ \t]+tard[ \t]+(?:en|d'ici)|"
        r"objectifs?(?:[ \t]+(?:de|pour|a[ \t]+atteindre[ \t]+en))?|cibles?|"
        r"by(?:[ \t]+(?:the[ \t]+)?(?:end|middle)[ \t]+of|[ \t]+(?:end|mid)-?"
        r"|[ \t]+the[ \t]+year)?|"
        r"no[ \t]+later[ \t]+than|not[ \t]+later[ \t]+than|target[ \t]+years?(?:[ \t]+of)?|"
        r"targets?[ \t]+(?:of|for)|deadline[ \t]+of|goals?[ \t]+(?:of|for)|"
        r"(?:neutralite[ \t]+carbone|neutres?[ \t]+en[ \t]+carbone|carboneutralite|"
        r"zero[ \t]+emissions?[ \t]+nettes?|net[ \t-]+zero(?:[ \t]+emissions)?|"
        r"carbon[ \t-]+neutral(?:ity)?|climate[ \t-]+neutral(?:ity)?)"
        r"[ \t]+(?:en|in|by|d'ici|avant|before))"
        rf"[ \t]*(?<=[ \t'-]){_TY}"
    ),
    # "2030 targets", "objectifs 2030" handled above; "its 2050 goal", "Vision 2030"
    re.compile(rf"(?<![\w'./-]){_TY}[ \t]+(?:targets?|goals?|objectives?|deadline)(?![a-z])"),
)


def find_target_years(text: str, lang: str) -> list[TargetYear]:
    """Years 2000–2100 inside a target construction ("d'ici 2030", "by 2050"), in text order.

    ``lang`` is accepted for symmetry; both languages' patterns are tried.
    """
    del lang
    folded = fold(text)
    if not _YEAR_IN_TEXT.search(folded):
        return []
    found: dict[tuple[int, int], int] = {}
    for regex in _TARGET_RES:
        for m in regex.finditer(folded):
            if m.group().startswith("horizon") and m.group("y") == "2020":
                continue  # "Horizon 2020" is the EU research programme, not a target
            found.setdefault((m.start(), m.end()), int(m.group("y")))
    return [
        TargetYear(start, end, text[start:end], year)
        for (start, end), year in _drop_nested(sorted(found.items()))
    ]
