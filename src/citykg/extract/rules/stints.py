"""An exchange told by the period it ran.

A months-long exchange (staff placements, a city-to-city project) is told by its period,
not by a meeting: "The exchange ran from 9 February to 24 July 2026", "L'échange entre
les services de l'eau de Roanne et de Kairouan s'est déroulé du 6 octobre 2025 au 27 mars
2026". On a page that names no other event (an interview, a newsletter item) that
exchange is the page's event (stage ``events``: :func:`told_period`); and its period is
the exchange's own dates, where a closing seminar's date told later is not (rule
``exchange-period``).
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from ..lexicon import Lexicon
from .page import Page
from .records import EventRec
from .registry import rule

if TYPE_CHECKING:  # (the events stage imports this module before the context exists)
    from .context import RuleContext

#: how many body sentences of the lead may tell the period
_LEAD = 4


@functools.cache
def _period(lex: Lexicon) -> re.Pattern[str]:
    """ "The [Lake Cities Urban Lab] exchange [between …] ran from", "L'échange … s'est
    déroulé du": a determiner, an exchange noun, the verb of a period and its preposition."""
    return re.compile(
        r"(?<![\w'’])(?:" + lex.alt("stint_determiners") + r")[ \t]*"
        r"(?P<label>(?:[\w'’-]+[ \t]+){0,6}?(?:" + lex.alt("stint_nouns") + r")(?![\w-])"
        r"[^.;:\n]{0,90}?)[ \t]+(?:"
        + lex.alt("stint_verbs")
        + r")[ \t]+(?:"
        + lex.alt("stint_preps")
        + r")(?:(?<=['’])|(?=[ \t]))",
        re.IGNORECASE,
    )


def _told(page: Page, lex: Lexicon) -> list[re.Match[str]]:
    """The period sentences of the lead, in page order."""
    rx = _period(lex)
    lead = [s for s in page.sents if s.start >= page.headline_end][:_LEAD]
    return [m for s in lead if (m := rx.search(page.text, s.start, s.end))]


def told_period(page: Page, lex: Lexicon) -> EventRec | None:
    """The page's event, when the lead tells an exchange by the period it ran."""
    found = _told(page, lex)
    if not found:
        return None
    m = found[0]
    main = EventRec("docevent:0", "Exchange", m.group("label").strip(), main=True)
    main.spans.append((m.start("label"), m.end("label")))
    return main


@rule("exchange-period", "dates")
def exchange_period(ctx: RuleContext) -> None:
    """The range after a period verb ("ran from … to …") is the main exchange's start and
    end, read with more confidence than a date told near the event elsewhere."""
    main = ctx.events.main
    if main is None or main.conference or main.type != "Exchange":
        return
    for m in _told(ctx.page, ctx.lex):
        i = ctx.page.sentence_of(m.start())
        end = ctx.page.sents[i].end
        d = next((d for d in ctx.page.dates if m.end() <= d.start < end), None)
        if d is None or d.begin is None or d.finish is None or d.finish <= d.begin:
            continue
        if d.start - m.end() > 2 or d.year_inferred:
            continue  # (the range right after the preposition, its year written)
        span = (d.start, d.end)
        ctx.emit(main.key, "startDate", "exchange-period", sent=i, span=span, value=str(d.begin))
        ctx.emit(main.key, "endDate", "exchange-period", sent=i, span=span, value=str(d.finish))
        return
