"""Phases ``dates`` and ``durations``: when events take place.

An event page's date block is the surest; a day named in a sentence belongs to the event
that sentence is about (the one named before it in the clause, else the nearest); a length
("pendant trois jours", "a three-day visit") gives an exchange its end when no end date is
written. Days without a year take the page's year (or its publication date's).
"""

from __future__ import annotations

import datetime as dt

from ..dates import DateMention
from .context import RuleContext
from .records import EventRec
from .registry import rule


def _emit_dates(
    ctx: RuleContext, ev: EventRec, d: DateMention, rule_name: str, confidence: float
) -> None:
    sent = ctx.page.sentence_of(d.start)
    span = (d.start, d.end)
    ctx.emit(
        ev.key,
        "startDate",
        rule_name,
        sent=sent,
        span=span,
        value=d.begin.isoformat(),
        confidence=confidence,
    )
    if d.finish is not None and d.finish > d.begin:
        ctx.emit(
            ev.key,
            "endDate",
            rule_name,
            sent=sent,
            span=span,
            value=d.finish.isoformat(),
            confidence=confidence,
        )


@rule("date-block", "dates")
def date_block(ctx: RuleContext) -> None:
    """ "Date et heure : 5 mars 2024", "When: 12 March": the main event's first day in
    the page's date block."""
    main = ctx.events.main
    block = ctx.page.block_value("date_labels")
    if main is None or block is None:
        return
    bs, be = block
    for d in ctx.page.dates:
        if bs <= d.start < be and d.begin is not None and d.precision == "day":
            _emit_dates(ctx, main, d, "date-block", ctx.lex.conf("date-block"))
            return


@rule("date-in-sentence", "dates")
def date_in_sentence(ctx: RuleContext) -> None:
    """The first day named in a sentence about an event (see
    :meth:`RuleContext.dated_event`) is its date; a day whose year the page had to supply
    is less sure."""
    dated: set[str] = set()
    for d in ctx.page.dates:
        if d.begin is None or d.precision != "day":
            continue
        ev = ctx.dated_event(ctx.page.sentence_of(d.start), d.start)
        if ev is None or ev.key in dated:
            continue
        name = "date-in-sentence-inferred-year" if d.year_inferred else "date-in-sentence"
        _emit_dates(ctx, ev, d, "date-in-sentence", ctx.lex.conf(name))
        dated.add(ev.key)


@rule("duration", "durations")
def duration(ctx: RuleContext) -> None:
    """ "pendant trois jours", "a three-day visit": the main exchange ends that many days
    after its start (a fallback: a written end date wins)."""
    main = ctx.events.main
    if main is None or main.type != "Exchange":
        return
    starts = ctx.decided.of(main.key, "startDate")
    durs = ctx.page.durations
    if not starts or not durs or durs[0].days <= 1:
        return
    begin = dt.date.fromisoformat(starts[0].value or "")
    end = begin + dt.timedelta(days=durs[0].days - 1)
    ctx.emit(
        main.key,
        "endDate",
        "duration",
        sent=ctx.page.sentence_of(durs[0].start),
        span=(durs[0].start, durs[0].end),
        value=end.isoformat(),
        fallback=True,
    )
