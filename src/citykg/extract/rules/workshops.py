"""A gathering's numbered workshops, one event each.

The page of an "Assises", a congress or a forum lists its parallel workshops under
numbered headings ("Atelier 1 – Trier avant d'enfouir", "Session 2 : L'eau qui manque",
"Workshop B: Cooling schools"), each with a paragraph naming who presents. Each such
heading is a session of the page's gathering (``partOf`` it), whose paragraph is its own
section: the cities and bodies its cues name take part in that session
(:func:`numbered_sessions`, called by the events stage for a gathering's page). The day
of a block of parallel workshops is told once, in the heading above the block
("Trois ateliers en parallèle (jeudi 21 mai, 14 h – 17 h 30)"): it dates each session
of the block (rule ``session-block-day``).
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

#: how far above a block's first workshop its heading may tell the block's day
_BLOCK_REACH = 300


@functools.cache
def _heading(lex: Lexicon) -> re.Pattern[str]:
    """A line "<trigger> <number or letter> <dash or colon> <title>"."""
    trig = lex.rx("exchange_triggers").pattern + "|" + lex.alt("session_nouns")
    return re.compile(
        r"^[ \t#*]*(?P<trig>" + trig + r")[ \t]+(?P<n>\d{1,2}|[A-H])[ \t]*[–—:.-][ \t]*"
        r"(?P<title>[^\n]{4,160}?)[ \t*]*$",
        re.IGNORECASE | re.MULTILINE,
    )


def numbered_sessions(page: Page, lex: Lexicon, main: EventRec) -> list[EventRec]:
    """Two or more numbered workshop headings: one session each, part of ``main``, its
    section running to the next heading (the last to the end of its paragraph)."""
    heads = list(_heading(lex).finditer(page.text))
    if len(heads) < 2:
        return []
    out: list[EventRec] = []
    for n, m in enumerate(heads):
        end = heads[n + 1].start() if n + 1 < len(heads) else page.section_end(m.end())
        line = page.text[m.start("trig") : m.end("title")].strip()
        ev = EventRec(f"docevent:w{n + 1}", "Exchange", line, section=(m.start(), end))
        ev.aliases.add(m.group("title").strip())
        ev.spans.append((m.start("trig"), m.end("title")))
        ev.parent = main.key
        out.append(ev)
    return out


def _days_of(ctx: RuleContext, key: str) -> tuple[str, str] | None:
    """The first and last day decided for an event (ISO strings)."""
    start = [f.value for f in ctx.decided.of(key, "startDate") if f.value]
    if not start:
        return None
    end = [f.value for f in ctx.decided.of(key, "endDate") if f.value]
    return start[0], (end[0] if end else start[0])


def _block_day(ctx: RuleContext, first: int) -> str | None:
    """The last day named on a short line in the reach above the block's first heading."""
    day = None
    for d in ctx.page.dates:
        if not (first - _BLOCK_REACH <= d.start < first) or d.begin is None:
            continue
        if d.precision != "day":
            continue
        line_start = ctx.text.rfind("\n", 0, d.start) + 1
        line_end = ctx.text.find("\n", d.start)
        if len(ctx.text[line_start:line_end].split()) <= 14:
            day = d.begin.isoformat()
    return day


@rule("session-block-day", "durations")
def session_block_day(ctx: RuleContext) -> None:
    """A numbered workshop with no date of its own is held on the day the heading above
    its block names, when that day is one of its gathering's (the gathering's dates are
    decided in the phase before)."""
    heads = [
        ev
        for ev in ctx.events.items
        if ev.parent is not None and ev.section and ev.key.startswith("docevent:w")
    ]
    if not heads:
        return
    first = min(ev.section[0] for ev in heads if ev.section)
    day = _block_day(ctx, first)
    span = _days_of(ctx, heads[0].parent or "")
    if day is None or span is None or not (span[0] <= day <= span[1]):
        return
    for ev in heads:
        if not ctx.decided.of(ev.key, "startDate"):
            ctx.emit(
                ev.key,
                "startDate",
                "session-block-day",
                sent=ctx.page.sentence_of(first),
                span=(first, first),
                value=day,
                confidence=ctx.lex.conf("session-block-day"),
            )
