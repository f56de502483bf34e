"""French/English dates and date ranges, recognised with regexes.

Why regexes and not dateparser: on this genre ``dateparser.search.search_dates`` alone doubled
the build time of a naive pipeline, and it happily reads "COP29" or "2030" as dates. The
expressions news items and event pages use are few ("du 11 au 22 novembre 2024", "March 5–7,
2024"), so a handful of patterns precompiled at import over small month lexicons is both
faster (see ``bench/bench_dates.py``) and stricter. Durations ("pendant trois jours") and
target years ("d'ici 2030") are :mod:`.periods`; the text folding every pattern runs over is
:mod:`.folding` (all are re-exported here, where callers have always found them).

How matching works: the text is folded once into a lower-case, accent-free string of the same
length, so patterns stay ASCII and every match offset is also an offset into the original text.
Both languages' patterns always run (French pages quote English titles and vice versa); ``lang``
only decides how an ambiguous numeric date such as ``03/04/2024`` is read.

Decisions worth knowing (precision over recall):

* Bare years ("en 2023", "2030") are never dates; precision ``"year"`` is never produced.
  Month + year ("en mars 2024", "in March 2024", "Novembre 2024") gives precision ``"month"``
  with ``begin`` on the first of the month.
* Two days of one month joined by "and" ("les 8 et 9 juin") are a range: the first and last
  days of the event; "3 March and 15 June" stays two dates.
* Mention spans: a range includes its opener ("du", "from", "between", "entre le"); a single
  date includes its weekday ("lundi 3 octobre 2022") but not "le"/"en"/"in"; a time after a
  date ("11 juillet 2023, 9:00AM UTC") is ignored and left out of the span.
* A date written without a year takes the year of the nearest preceding mention in the same
  text that writes one ("Du 11 au 22 novembre 2024 … Le 21 novembre" → 2024), else
  ``default_year``, else the nearest following written year; if none exists the mention is
  still returned with ``begin``/``finish`` set to ``None``. ``year_inferred`` is then True.
* Ambiguous month words ("may", "mar", "march", "sept" — a verb, a noun, French "seven") count only
  when written with a capital or next to a written year; "May 2024"/"mars 2024" without a day
  also need a capital or a preposition before them ("en", "in", "depuis", …).
"""

from __future__ import annotations

import bisect
import datetime
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .folding import _SP, _YEAR_IN_TEXT, _alt, _windows, fold
from .periods import Duration, TargetYear, find_durations, find_target_years
from .scan import boundary_finditer

__all__ = [
    "CALENDAR_WORDS",
    "DateMention",
    "Duration",
    "TargetYear",
    "document_year",
    "find_dates",
    "find_durations",
    "find_target_years",
    "fold",
]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date or date range found in a text; offsets are character offsets into that text.

    ``begin``/``finish`` are None only when the year could not be determined at all.
    """

    start: int
    end: int
    text: str
    begin: datetime.date | None
    finish: datetime.date | None
    precision: str
    year_inferred: bool


# --------------------------------------------------------------------------- lexicons
# Keys are folded. (Lexicons are small and closed; they live here so the hot path has no I/O.)

_MONTHS_FULL = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
_MONTHS_ABBR = {
    "janv": 1, "jan": 1, "fevr": 2, "fev": 2, "feb": 2, "mar": 3, "avr": 4, "apr": 4,
    "juil": 7, "jul": 7, "jun": 6, "aug": 8, "sept": 9, "sep": 9, "oct": 10, "nov": 11,
    "dec": 12,
}  # fmt: skip
# Month words that are also ordinary words; they need a capital or a written year.
_AMBIGUOUS_MONTHS = frozenset({"may", "mar", "march", "sept"})
# English spellings, for the month-first ("March 12, 2025") patterns: French never writes
# "mars 12", and allowing it would read "en mars 12 villes" as a date.
_EN_MONTHS = frozenset(
    k for k in (*_MONTHS_FULL, *_MONTHS_ABBR) if k not in {"janvier", "fevrier", "mars",
    "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre",
    "decembre", "janv", "fevr", "fev", "avr", "juil"}
)  # fmt: skip
_MONTH_NUMBER = {**_MONTHS_FULL, **_MONTHS_ABBR}

_WEEKDAYS = [
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "lun",
    "mar",
    "mer",
    "jeu",
    "ven",
    "sam",
    "dim",
    "mon",
    "tues",
    "tue",
    "wed",
    "thurs",
    "thur",
    "thu",
    "fri",
    "sat",
    "sun",
]

#: Month and weekday words, folded: what a time phrase between a cue and a place is made of
#: ("prévue en octobre à Agadir", "held on Tuesday in Accra").
CALENDAR_WORDS = frozenset(_MONTH_NUMBER) | frozenset(_WEEKDAYS)


# --------------------------------------------------------------------------- date patterns


_FULL_ALT = _alt(_MONTHS_FULL)
_ABBR_ALT = _alt(_MONTHS_ABBR)
_EN_FULL_ALT = _alt(k for k in _MONTHS_FULL if k in _EN_MONTHS)
_EN_ABBR_ALT = _alt(k for k in _MONTHS_ABBR if k in _EN_MONTHS)
_WD_ALT = _alt(_WEEKDAYS)


def _month(name: str, *, english: bool = False) -> str:
    full, abbr = (_EN_FULL_ALT, _EN_ABBR_ALT) if english else (_FULL_ALT, _ABBR_ALT)
    return rf"(?:(?P<{name}>{full})(?![a-z])|(?P<{name}a>{abbr})(?:\.|(?![a-z])))"


def _day(name: str) -> str:
    # "6. November 2017": German-style pages put a full stop after the day
    # "2 Nov 19:00": a number before a colon and digits is the hour of a time, not a day
    return (
        rf"(?P<{name}>[12][0-9]|3[01]|0?[1-9])(?![0-9])(?:er|st|nd|rd|th|\.)?(?![a-z0-9])"
        r"(?![ \t]?[:h][0-9])"
    )


def _year(name: str) -> str:
    return rf"(?:,?{_SP}(?P<{name}>1[89][0-9]{{2}}|2[01][0-9]{{2}})(?![0-9]|[.,][0-9]))"


_WD = rf"(?:(?:{_WD_ALT})\.?,?{_SP})"
_START = r"(?<![\w.,:/+-])"
_OF = rf"(?:{_SP}of)?{_SP}"
_TO = rf"(?:[ \t]*-[ \t]*|{_SP}(?:au|to|until|till|through|thru|jusqu'au){_SP})"
_AND = rf"{_SP}(?:et|and){_SP}(?:le{_SP})?"
#: the days listed between the first and the last ("12, 13 et 14"), then "and"
_DAYS_AND = rf"(?:,{_SP}(?:[12][0-9]|3[01]|0?[1-9])(?![0-9]))*,?{_AND}"


def _shapes(tag: str) -> list[tuple[bool, str]]:
    """(is_range, pattern) for every textual date shape, group names suffixed with ``tag``.

    Ranges come first: in the combined regex the first alternative matching at a position
    wins, and a range is always longer than the single date it starts with.
    """
    d1, d2, y1, y2 = _day("d1" + tag), _day("d2" + tag), _year("y1" + tag), _year("y2" + tag)
    m1, m2 = _month("m1" + tag), _month("m2" + tag)
    e1, e2 = _month("m1" + tag, english=True), _month("m2" + tag, english=True)
    ranges = (
        rf"{_WD}?{d1}{_OF}{m1}{y1}?{{sep}}{_WD}?{d2}{_OF}{m2}{y2}?",  # 30 nov. - 2 déc. 2023
        rf"{_WD}?{d1}{{sep}}{_WD}?{d2}{_OF}{m2}{y2}?",  # du 11 au 22 novembre 2024
        rf"{_WD}?{e1}{_SP}{d1}{y1}?{{sep}}{e2}{_SP}{d2}{y2}?",  # Nov. 30 - Dec. 2, 2023
        rf"{_WD}?{e1}{_SP}{d1}{{sep}}{d2}{y2}?",  # March 5-7, 2024
    )
    openers = (
        (rf"(?:entre|between){_SP}(?:le{_SP})?", _AND),
        (rf"(?:(?:du|from){_SP})?", _TO),
    )
    shapes = [
        (True, _START + opener + shape.replace("{sep}", sep))
        for shape in ranges
        for opener, sep in openers
    ]
    # "les 8 et 9 juin", "on March 24 and 25": two days of one month joined by "and" are
    # the first and last days of the event ("3 March and 15 June" stay two dates); so are
    # the first and last of a list of days ("les 12, 13 et 14 novembre")
    shapes.extend((True, _START + ranges[i].replace("{sep}", _DAYS_AND)) for i in (1, 3))
    shapes.append((False, rf"{_START}{_WD}?{d1}{_OF}{m1}{y1}?"))  # lundi 3 octobre 2022
    shapes.append((False, rf"{_START}{_WD}?{e1}{_SP}{d1}{y1}?"))  # Monday, March 12, 2025
    return shapes


_SHAPE_RES = tuple((is_range, re.compile(p)) for is_range, p in _shapes(""))
# Every shape holds a month word, at most this many characters after the start of the match
# ("between wednesday 30 and thursday 31 march") and before its end (" 30, 2024").
_BEFORE_MONTH, _AFTER_MONTH = 90, 40

_PREPS = [
    "en",
    "in",
    "de",
    "d'",
    "of",
    "depuis",
    "since",
    "durant",
    "during",
    "pendant",
    "until",
    "jusqu'en",
    "debut",
    "fin",
    "mi-",
    "mid-",
    "early",
    "late",
    "by",
    "from",
    "avant",
    "before",
    "apres",
    "after",
    "courant",
]
_MONTH_YEAR_RE = re.compile(
    rf"(?<![\w'-])(?:(?P<prep>{_alt(_PREPS)})[ \t]*)?(?<![\w.])"
    rf"{_month('m1')}{_SP}(?P<y1>1[89][0-9]{{2}}|2[01][0-9]{{2}})(?![0-9]|[.,][0-9])"
)
_DAY_BEFORE = re.compile(r"[0-9](?:er|st|nd|rd|th)?[ \t]+(?:of[ \t]+)?\Z")
#: ISO days, and the year-first dotted or slashed days of East Asian sites ("2026.09.18")
_ISO_RE = re.compile(
    r"(?<![\w./-])(?P<y>[12][0-9]{3})(?P<s>[-./])(?P<m>[01][0-9])(?P=s)(?P<d>[0-3][0-9])(?![\d.])"
)
_NUMERIC_RE = re.compile(
    r"(?<![\w./-])(?P<a>[0-3]?[0-9])(?P<sep>[/.-])(?P<b>[0-3]?[0-9])(?P=sep)"
    r"(?P<y>1[89][0-9]{2}|2[01][0-9]{2})(?![0-9]|[./-][0-9])"
)


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A raw match before overlaps are resolved and missing years are filled."""

    start: int
    end: int
    y1: int | None
    m1: int
    d1: int  # 0 for month precision
    y2: int | None
    m2: int | None
    d2: int | None


def _month_of(m: re.Match[str], name: str) -> tuple[int, str, bool, int] | None:
    """(number, folded word, abbreviation-without-dot, offset) of month group ``name``."""
    word = m.group(name) if name in m.re.groupindex else None
    if word is not None:
        return _MONTH_NUMBER[word], word, False, m.start(name)
    key = name + "a"
    if key not in m.re.groupindex or (word := m.group(key)) is None:
        return None
    end = m.end(key)
    undotted = end == len(m.string) or m.string[end] != "."
    return _MONTH_NUMBER[word], word, undotted, m.start(key)


def _int(m: re.Match[str], name: str) -> int | None:
    value = m.group(name) if name in m.re.groupindex else None
    return int(value) if value is not None else None


def _valid(y: int | None, mo: int, d: int) -> bool:
    try:
        datetime.date(y if y is not None else 2000, mo, d)  # 2000 is a leap year
    except ValueError:
        return False
    return True


def _shape_candidate(m: re.Match[str], tag: str, is_range: bool, text: str) -> _Candidate | None:
    """Validate one shape match (group names suffixed with ``tag``) into a candidate."""
    y1, y2 = _int(m, "y1" + tag), _int(m, "y2" + tag)
    d1, d2 = int(m.group("d1" + tag)), _int(m, "d2" + tag)
    months = [x for x in (_month_of(m, "m1" + tag), _month_of(m, "m2" + tag)) if x]
    if (
        y1 is None
        and y2 is None
        and any(word in _AMBIGUOUS_MONTHS and not text[at].isupper() for _, word, _, at in months)
    ):
        return None  # "you may 5 times": an ordinary word, not a month
    if not is_range:
        mo = months[0][0]
        ok = _valid(y1, mo, d1)
        return _Candidate(m.start(), m.end(), y1, mo, d1, None, None, None) if ok else None
    assert d2 is not None
    mo1, mo2 = months[0][0], months[-1][0]
    if not (_valid(y1, mo1, d1) and _valid(y2, mo2, d2)):
        return None
    candidate = _Candidate(m.start(), m.end(), y1, mo1, d1, y2, mo2, d2)
    return candidate if _resolve(candidate, 2000) is not None else None  # backwards range


def _textual_candidates(folded: str, text: str) -> Iterator[_Candidate]:
    """Run the shapes only around month words: most of a text has none, and each regex pass
    over the whole text costs far more than the few matches it finds."""
    for start, end in _windows(folded, _MONTH_HINT, _BEFORE_MONTH, _AFTER_MONTH):
        for is_range, regex in _SHAPE_RES:
            for m in regex.finditer(folded, start, end):
                candidate = _shape_candidate(m, "", is_range, text)
                if candidate is not None:
                    yield candidate


def _month_year_candidates(folded: str, text: str) -> Iterator[_Candidate]:
    for m in _MONTH_YEAR_RE.finditer(folded):
        number, word, undotted, at = _month_of(m, "m1")  # type: ignore[misc]
        if _DAY_BEFORE.search(folded, max(0, at - 16), at):
            continue  # "31 février 2024" is an invalid day, not the month of February
        capital = text[at].isupper()
        if (word in _AMBIGUOUS_MONTHS or word == "mars" or undotted) and not (
            capital or m.group("prep")
        ):
            continue
        yield _Candidate(at, m.end(), int(m.group("y1")), number, 0, None, None, None)


def _numeric_candidates(folded: str, lang: str) -> Iterator[_Candidate]:
    # both patterns open with a lookbehind that hides their digits from re's skip-ahead
    for m in boundary_finditer(_ISO_RE, folded):
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        if 1800 <= y <= 2199 and _valid(y, mo, d):
            yield _Candidate(m.start(), m.end(), y, mo, d, None, None, None)
    month_first = lang.lower().startswith("en")
    for m in boundary_finditer(_NUMERIC_RE, folded):
        if m.group("sep") != "/" and (len(m.group("a")) != 2 or len(m.group("b")) != 2):
            continue  # "1.2.2024" is a version number; dotted/dashed dates write 21.11.2024
        a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
        d, mo = (b, a) if month_first else (a, b)
        if not _valid(y, mo, d):
            d, mo = mo, d  # unambiguous the other way round ("21/11" read month-first)
        if _valid(y, mo, d):
            yield _Candidate(m.start(), m.end(), y, mo, d, None, None, None)


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Keep the longest non-overlapping matches (a range beats the single dates inside it)."""
    chosen: list[_Candidate] = []
    starts: list[int] = []
    for c in sorted(set(candidates), key=lambda c: (c.start - c.end, c.start)):
        i = bisect.bisect_left(starts, c.start)
        if i > 0 and chosen[i - 1].end > c.start:
            continue
        if i < len(chosen) and chosen[i].start < c.end:
            continue
        starts.insert(i, c.start)
        chosen.insert(i, c)
    return chosen


def _date(y: int, mo: int, d: int) -> datetime.date | None:
    try:
        return datetime.date(y, mo, d)
    except ValueError:
        return None


def _resolve(c: _Candidate, year: int | None) -> tuple[datetime.date | None, ...] | None:
    """(begin, finish) for a candidate once a year for it is known; None when impossible."""
    day1 = c.d1 or 1
    if c.m2 is None:
        y = c.y1 if c.y1 is not None else year
        return (None, None) if y is None else ((_date(y, c.m1, day1), None))
    assert c.d2 is not None
    if c.y1 is not None and c.y2 is not None:
        y1, y2 = c.y1, c.y2
    elif c.y2 is not None:  # "du 30 décembre au 2 janvier 2024": the range crosses a new year
        y2 = c.y2
        y1 = y2 if (c.m1, c.d1) <= (c.m2, c.d2) else y2 - 1
    else:
        base = c.y1 if c.y1 is not None else year
        if base is None:
            return (None, None)
        y1 = base
        y2 = base if (c.m1, c.d1) <= (c.m2, c.d2) else base + 1
    begin, finish = _date(y1, c.m1, c.d1), _date(y2, c.m2, c.d2)
    if begin is None or finish is None or finish < begin:
        return None
    return begin, finish


def _written_year(c: _Candidate) -> int | None:
    return c.y2 if c.y2 is not None else c.y1


def _candidates(text: str, lang: str) -> tuple[_Candidate, ...]:
    """The chosen candidates of a text. Cached, pages apart from their sentences: the rules
    ask for the dates of the same page several times (its year, then its dates) with the
    dates of many sentences and blocks in between; and a page's folded text and textual
    dates, which no language changes, are found once for both its year (read as French)
    and its dates."""
    if len(text) > PAGE_CHARS:
        return _page_candidates(text, lang)
    return _part_candidates(text, lang)


#: Texts longer than this are cached as pages (see :func:`_candidates`).
PAGE_CHARS = 1000


def _lang_free(text: str) -> tuple[str, tuple[_Candidate, ...]]:
    """The folded text and its textual dates."""
    folded = fold(text)
    return folded, tuple(_textual_candidates(folded, text))


def _chosen(
    parts: tuple[str, tuple[_Candidate, ...]], text: str, lang: str
) -> tuple[_Candidate, ...]:
    folded, textual = parts
    found = list(_numeric_candidates(folded, lang))
    found.extend(textual)
    if found or _MONTH_HINT.search(folded):
        found.extend(_month_year_candidates(folded, text))
    return tuple(_select(found))


_page_parts = functools.lru_cache(maxsize=2)(_lang_free)


@functools.lru_cache(maxsize=4)
def _page_candidates(text: str, lang: str) -> tuple[_Candidate, ...]:
    return _chosen(_page_parts(text), text, lang)


@functools.lru_cache(maxsize=8)
def _part_candidates(text: str, lang: str) -> tuple[_Candidate, ...]:
    return _chosen(_lang_free(text), text, lang)


# A cheap pre-check: most paragraphs have no month word at all.
_MONTH_HINT = re.compile(rf"(?<![a-z])(?:{_FULL_ALT}|{_ABBR_ALT})(?![a-z])")


def find_dates(text: str, lang: str, *, default_year: int | None = None) -> list[DateMention]:
    """Date and date-range mentions in ``text``, in text order, never overlapping.

    ``lang`` ("fr"/"en") only settles ambiguous numeric dates (03/04/2024 is 3 April in
    French, March 4 in English); all patterns of both languages are tried. Missing years are
    filled as described in the module docstring; ``default_year`` is the fallback when no
    earlier mention in the text writes a year.
    """
    if len(text) > PAGE_CHARS:
        return _dates(text, lang, default_year)
    return list(_short_dates(text, lang, default_year))


@functools.lru_cache(maxsize=2048)
def _short_dates(text: str, lang: str, default_year: int | None) -> tuple[DateMention, ...]:
    """:func:`find_dates` of a sentence or a line, remembered: several rules ask the dates
    of a page's sentences (a third of the asks repeat one on the same page), the same
    dated lines recur from page to page of one site, and the small cache of
    :func:`_part_candidates` holds only the last few texts."""
    return tuple(_dates(text, lang, default_year))


def forget_memo() -> None:
    """Empty :func:`find_dates`' memo (done before each document, see
    ``rules.page.forget_memos``)."""
    _short_dates.cache_clear()


def _dates(text: str, lang: str, default_year: int | None) -> list[DateMention]:
    chosen = _candidates(text, lang)
    written = [(c.start, y) for c in chosen if (y := _written_year(c)) is not None]
    mentions: list[DateMention] = []
    for c in chosen:
        inferred = _written_year(c) is None
        year = _context_year(written, c.start, default_year) if inferred else None
        dates = _resolve(c, year)
        if dates is None or (year is not None and dates[0] is None):
            continue
        begin, finish = dates
        precision = "day" if c.d1 else "month"
        mentions.append(
            DateMention(c.start, c.end, text[c.start : c.end], begin, finish, precision, inferred)
        )
    return mentions


def _context_year(written: list[tuple[int, int]], pos: int, default: int | None) -> int | None:
    """Nearest written year before ``pos``, else ``default``, else the nearest after it."""
    i = bisect.bisect_left(written, (pos, -1))
    if i > 0:
        return written[i - 1][1]
    if default is not None:
        return default
    return written[i][1] if i < len(written) else None


def document_year(text: str, *, before: int | None = None) -> int | None:
    """Year of the nearest date with a written year ending at or before ``before``.

    ``before`` defaults to the end of the text, i.e. the last written year; that is the year to
    give ``find_dates(default_year=…)`` for yearless dates in another text about the same
    document (its title, a caption). Bare years ("en 2023") do not count: only dates do.
    """
    limit = len(text) if before is None else before
    if not _YEAR_IN_TEXT.search(text, 0, limit):
        return None
    best: int | None = None
    for c in _candidates(text[:limit], "fr"):
        year = _written_year(c)
        if year is not None:
            best = year
    return best
