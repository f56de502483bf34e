"""A day told by its weekday only, from the page's own date ("on Tuesday evening").

Press releases and brèves date what they tell against their own dateline or publication
line: "Samarkand, 22 April 2026 — … honoured on Tuesday evening", "Gitega, le 28 novembre
2025 – La cérémonie … s'est tenue ce vendredi", "Publié le mardi 24 février … sont à Pontivy
depuis lundi et jusqu'au vendredi 27 février". The weekday is the last such day on or
before the page's date (the news is of this week); "depuis lundi … jusqu'au vendredi 27
février" is a stay under way, from that Monday to the written day.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import TYPE_CHECKING

from ..folding import fold
from ..lexicon import Lexicon
from .records import EventRec
from .registry import rule

if TYPE_CHECKING:
    from .context import RuleContext

#: the page's own date is written this close to its top (a dateline, a publication line)
_TOP = 300


@functools.cache
def _cue(lex: Lexicon) -> re.Pattern[str]:
    """A prefix ("ce", "depuis", "on", "last") and a weekday not followed by a day number
    ("ce vendredi", not "vendredi 27 février": that one is a written date)."""
    return re.compile(
        r"(?<![\w'’])(?P<pre>" + lex.alt("weekday_prefixes") + r")\s+"
        r"(?P<wd>" + lex.alt("weekday_names") + r")(?![\w'’])(?!\s*,?\s*\d)",
        re.IGNORECASE,
    )


@functools.cache
def _since(lex: Lexicon) -> re.Pattern[str]:
    """A prefix that opens a stay under way ("depuis", "since"): the weekday starts it."""
    return re.compile(r"(?:" + lex.alt("weekday_since") + r")$", re.IGNORECASE)


@functools.cache
def _weekday_numbers(lex: Lexicon) -> dict[str, int]:
    """Each weekday name, folded, to its number (Monday 0): the lists run Monday first."""
    out: dict[str, int] = {}
    for lang in ("fr", "en"):
        for n, name in enumerate(lex.words_raw["weekday_names"].get(lang, [])):
            out[fold(name)] = n
    return out


def _page_day(ctx: RuleContext) -> dt.date | None:
    """The page's own day: its metadata, else the first day written with its year near
    the top (a publication line, a dateline)."""
    if ctx.page.published is not None:
        return ctx.page.published
    top = ctx.page.headline_end + _TOP
    return next(
        (
            d.begin
            for d in ctx.page.dates
            if d.start < top and d.precision == "day" and not d.year_inferred and d.begin
        ),
        None,
    )


def _lead_main(ctx: RuleContext, i: int) -> EventRec | None:
    """The page's main event, for a sentence of its lead that names no event ("Three
    cities … were honoured on Tuesday evening …" under the headline that names them)."""
    main = ctx.events.main
    if main is None or i not in {x.index for x in ctx.page.lead(ctx.page.headline_end)}:
        return None
    return main


def _on_or_before(day: dt.date, weekday: int) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


@rule("told-weekday", "dates")
def told_weekday(ctx: RuleContext) -> None:
    """ "… at a ceremony … on Tuesday evening", "s'est tenue ce vendredi": the event the
    sentence tells is dated by that weekday of the page's week; "depuis lundi et
    jusqu'au vendredi 27 février" also ends it on the written day."""
    rx = _cue(ctx.lex)
    hits = list(rx.finditer(ctx.text))
    if not hits:
        return
    page_day = _page_day(ctx)
    if page_day is None:
        return
    numbers = _weekday_numbers(ctx.lex)
    since = _since(ctx.lex)
    for m in hits:
        i = ctx.page.sentence_of(m.start())
        # (a conference named in the sentence is where the event happens, not what)
        found = (ctx.dated_event(i, m.start()), ctx.event_for_sentence(i), _lead_main(ctx, i))
        ev = next((e for e in found if e is not None and not e.conference), None)
        if ev is None:
            continue
        day = _on_or_before(page_day, numbers[fold(m.group("wd"))])
        conf = ctx.lex.conf("told-weekday")
        if since.match(m.group("pre")):
            end = _written_day_after(ctx, i, m.end())
            if end is not None and end > day:
                conf = ctx.lex.conf("told-weekday-range")
                ctx.emit(
                    ev.key,
                    "endDate",
                    "told-weekday",
                    sent=i,
                    span=m.span(),
                    value=end.isoformat(),
                    confidence=conf,
                )
        ctx.emit(
            ev.key,
            "startDate",
            "told-weekday",
            sent=i,
            span=m.span(),
            value=day.isoformat(),
            confidence=conf,
        )


def _written_day_after(ctx: RuleContext, i: int, pos: int) -> dt.date | None:
    """The first day written after ``pos`` in sentence ``i`` ("… jusqu'au vendredi 27
    février")."""
    end = ctx.page.sents[i].end
    return next(
        (d.begin for d in ctx.page.dates if pos <= d.start < end and d.precision == "day"),
        None,
    )
