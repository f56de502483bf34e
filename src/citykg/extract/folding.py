"""Text folding and the small regex helpers shared by the date, duration and target-year
patterns (:mod:`.dates`, :mod:`.periods`).

The text is *folded* once into a string of the same length (lower case, accents removed,
NBSP/narrow NBSP → space, typographic apostrophes → ``'``, en/em dashes → ``-``) so patterns
stay ASCII and every match offset is also an offset into the original text.
"""

from __future__ import annotations

import re

__all__ = ["fold"]

_SPACES = "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000"
_APOSTROPHES = "\u2019\u2018\u02bc\u2032\u00b4\u0060"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"


def _fold_table() -> dict[int, str]:
    """One-character-to-one-character map, so folding never shifts an offset."""
    import unicodedata

    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFD", chr(code))[0].lower()
        if base.isascii() and base.isalpha() and base != chr(code):
            table[code] = base
    table.update({ord(c): " " for c in _SPACES})
    table.update({ord(c): "'" for c in _APOSTROPHES})
    table.update({ord(c): "-" for c in _DASHES})
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Lower-case, accent-free, typography-normalised copy of ``text`` with the same length.

    Public because the spaCy component and other extractors want the same view of the text.
    """
    low = text.lower()
    if len(low) != len(text):  # a few code points (e.g. "İ") lower-case to two characters
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if low.isascii():
        return low
    # Only the rare non-ASCII characters need a look-up; translate() would visit every one.
    return _NON_ASCII.sub(_fold_char, low)


def _fold_char(m: re.Match[str]) -> str:
    return _FOLD.get(ord(m.group()), m.group())


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _alt(words: object) -> str:
    """Regex alternation, longest first so "septembre" beats "sept"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))  # type: ignore[arg-type]


_SP = r"[ \t]+"
_YEAR_IN_TEXT = re.compile(r"(?<![0-9])(?:1[89]|2[01])[0-9]{2}(?![0-9])")


def _windows(folded: str, hint: re.Pattern[str], before: int, after: int) -> list[tuple[int, int]]:
    """Merged spans of text around the ``hint`` words every match must contain."""
    spans: list[tuple[int, int]] = []
    for m in hint.finditer(folded):
        start, end = max(0, m.start() - before), m.end() + after
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _drop_nested(items: list[tuple[tuple[int, int], int]]) -> list[tuple[tuple[int, int], int]]:
    kept: list[tuple[tuple[int, int], int]] = []
    for (start, end), value in sorted(items, key=lambda it: (it[0][0], -it[0][1])):
        if kept and start < kept[-1][0][1]:
            continue
        kept.append(((start, end), value))
    return kept
