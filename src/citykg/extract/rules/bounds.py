"""Phase ``dates``: a day told as where an event ends or begins ("a ten-day study tour
that ended on 29 October", "Beginning on 20 October, the group …"). A sentence's first
day is otherwise read as the start of the event it names; after an end cue it is the
end, and after a start cue it is the start even in a sentence naming no event (the
page's event, or the story the sentence sits in)."""

from __future__ import annotations

import functools
import re

from ..lexicon import Lexicon
from .context import RuleContext
from .records import Veto
from .registry import rule


@functools.cache
def _cue(lex: Lexicon, name: str) -> re.Pattern[str]:
    """A bound cue right before a day (an article may stand between)."""
    return re.compile(
        r"(?<![\w'’-])(?:" + lex.alt(name) + r")[ \t]+(?:(?:the|le|la)[ \t]+)?\Z", re.IGNORECASE
    )


@rule("bound-cue-date", "dates")
def bound_cue_date(ctx: RuleContext) -> None:
    """ "… that ended on 29 October": the day is the event's end, not its start (the
    start reading of that day is cancelled); "Beginning on 20 October": its start."""
    ends, starts = _cue(ctx.lex, "end_date_cues"), _cue(ctx.lex, "start_date_cues")
    for d in ctx.page.dates:
        if d.begin is None or d.precision != "day":
            continue
        before = ctx.text[max(0, d.start - 40) : d.start]
        end_cue, start_cue = ends.search(before), starts.search(before)
        if not end_cue and not start_cue:
            continue
        i = ctx.page.sentence_of(d.start)
        ev = ctx.dated_event(i, d.start) or ctx.event_for_sentence(i) or ctx.events.main
        if ev is None or ev.conference:
            continue
        span = (d.start, d.end)
        if end_cue:
            ctx.veto(Veto("bound-cue-date", "startDate", subject=ev.key, span=span))
            day = (d.finish or d.begin).isoformat()
            ctx.emit(ev.key, "endDate", "bound-cue-date", sent=i, span=span, value=day)
        else:
            ctx.emit(
                ev.key, "startDate", "bound-cue-date", sent=i, span=span, value=d.begin.isoformat()
            )
