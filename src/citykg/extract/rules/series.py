"""Event series: the initiative a meeting is one round, session or edition of.

Pages of the genre number their meetings inside a longer effort instead of saying "as
part of": "The third round of the Mangrove Cities Learning Exchange took place in …",
"The workshop was the second of the Island Cool Buildings series", or an event page's
label line "Series: …" / "Série : Ateliers Eau & Territoires 2026 (2/4)". The named series
is an initiative (stage ``initiatives``: :func:`series_hits`), and the page's event is
``partOf`` it (rule ``part-of-series``).
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from ..lexicon import Lexicon
from .page import Page
from .registry import rule

if TYPE_CHECKING:  # (the initiatives stage imports this module before the context exists)
    from .context import RuleContext

#: a series' name: capitalised words, joined by "and", "&", "of", "de", "et" or a dash
_CAP = r"[A-ZÀ-Ý][\w'’-]*"
_JOIN = r"(?:[ \t]+(?:and|&|of|for|de|des|du|et|pour)|[ \t]+[-–])?"
_NAME = _CAP + r"(?:" + _JOIN + r"[ \t]+" + _CAP + r"){0,7}(?:[ \t]+20\d\d)?"
_Hit = tuple[int, int, str, str, str | None]


@functools.cache
def _numbered(lex: Lexicon) -> re.Pattern[str]:
    """ "the third round of the X", "the second of the X series", "la troisième session du
    cycle X": an ordinal, a part noun (or none), "of" and the series' name (capitalised)."""
    return re.compile(
        r"(?i:(?<![\w'’])(?:" + lex.alt("series_ordinals") + r")"
        r"(?:[ \t]+(?:" + lex.alt("series_parts") + r"))?[ \t]+(?:" + lex.alt("of_words") + r")"
        r"[ \t]*(?:(?:" + lex.alt("series_articles") + r")(?:(?<=['’])|(?<!['’])[ \t]+))?"
        r"(?:(?:" + lex.alt("series_nouns") + r")[ \t]+)?)"
        r"(?P<name>" + _NAME + r"(?i:[ \t]+(?:" + lex.alt("series_nouns") + r"))?)"
    )


@functools.cache
def _label_line(lex: Lexicon) -> re.Pattern[str]:
    """ "Series: X (2/4)", "Série : X": a label line naming the series."""
    return re.compile(
        r"^[ \t*•-]*(?:" + lex.literal("series_labels") + r")[ \t]*:[ \t]*"
        r"(?P<name>[^\n(]{4,80}?)[ \t]*(?:\(|$)",
        re.MULTILINE | re.IGNORECASE,
    )


def is_label_line(text: str, lex: Lexicon) -> bool:
    """Whether a line is a series label line ("Série : …"): it names the series, not the
    event."""
    return _label_line(lex).match(text) is not None


def _matches(page: Page, lex: Lexicon) -> list[re.Match[str]]:
    text = page.text
    found = list(_label_line(lex).finditer(text))
    found += [m for m in _numbered(lex).finditer(text) if _case_ok(m)]
    return found


def _case_ok(m: re.Match[str]) -> bool:
    """A name of two words or more ("Mangrove Cities Learning Exchange"), so that "the
    first of June" or "the second of Kupang's visits" is no series."""
    return len(m.group("name").split()) >= 2


def series_hits(page: Page, lex: Lexicon) -> list[_Hit]:
    """Initiative hits (start, end, label, name, owner) for the series the page names."""
    out: list[_Hit] = []
    for m in _matches(page, lex):
        name = m.group("name").strip()
        a = m.start("name")
        out.append((a, a + len(name), name, name, None))
    return out


@rule("part-of-series", "initiatives")
def part_of_series(ctx: RuleContext) -> None:
    """The page's event is part of the series its label line or a numbered part names."""
    main = ctx.events.main
    if main is None or main.conference:
        return
    for m in _matches(ctx.page, ctx.lex):
        a = m.start("name")
        rec = next((r for r in ctx.inits.items if any(s <= a < e for s, e in r.spans)), None)
        if rec is not None:
            i = ctx.page.sentence_of(a)
            span = (a, m.end("name"))
            ctx.emit(main.key, "partOf", "part-of-series", sent=i, span=span, obj=rec.key)
