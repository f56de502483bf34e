"""Phases ``dates`` and ``durations``: when events take place.

An event page's date block is the surest; a day named in a sentence belongs to the event
that sentence is about (the one named before it in the clause, else the nearest); a length
("pendant trois jours", "a three-day visit") gives an exchange its end when no end date is
written. Days without a year take the page's year (or its publication date's). A sentence
that names no event but opens on an anaphor ("C'était le 26 novembre", "It took place on
…") is about the event told just before it; a heading that opens with a day ("6 June 2024:
Lyon and Turin") dates the event its section tells; "today" is the publication date.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from ..dates import DateMention
from ..lexicon import Lexicon
from .context import RuleContext
from .records import EventRec
from .registry import rule


def emit_dates(
    ctx: RuleContext,
    ev: EventRec,
    d: DateMention,
    rule_name: str,
    confidence: float | None = None,
    *,
    fallback: bool = False,
) -> None:
    """``ev``'s start date from ``d`` and, when ``d`` is a range, its end date, both with
    ``d`` as evidence (``confidence`` None: the rule's own from the lexicon)."""
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
        fallback=fallback,
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
            fallback=fallback,
        )


@rule("date-block", "dates")
def date_block(ctx: RuleContext) -> None:
    """ "Date et heure : 5 mars 2024", "When: 12 March": the main event's first day in
    the page's date block."""
    main = ctx.events.main
    # strict: "Date limite de dépôt : le 14 mars" is a deadline, not the event's date block
    block = ctx.page.block_value("date_labels", strict=True)
    if main is None or block is None:
        return
    bs, be = block
    for d in ctx.page.dates:
        if bs <= d.start < be and d.begin is not None and d.precision == "day":
            emit_dates(ctx, main, d, "date-block", ctx.lex.conf("date-block"))
            return


@functools.cache
def _anaphoric_opener(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(
        r"[\s\"'“«(*-]*(?:" + lex.alt("anaphoric_openers") + r")(?![\w'’-])", re.IGNORECASE
    )


def told_before(ctx: RuleContext, i: int) -> EventRec | None:
    """The event sentence ``i`` goes on about when it names none but opens on an anaphor
    ("C'était le jeudi 6 mars à Nantes", "It took place in Accra"): the one one of
    the two sentences just before it talks about (else none: "It was 41 degrees …")."""
    s = ctx.page.sents[i]
    if not _anaphoric_opener(ctx.lex).match(ctx.text, s.start):
        return None
    if ctx.events.mentioned_in(i):  # the events stage read the anaphor (or a name) already
        return ctx.event_for_sentence(i)
    for j in (i - 1, i - 2):
        ev = ctx.event_for_sentence(j) if j >= 0 else None
        if ev is not None:
            return ev
    return None


@functools.cache
def _visit_cue(lex: Lexicon) -> re.Pattern[str]:
    names = ("visit_verbs", "tour_cues", "delegation_cues", "delegation_words")
    return re.compile(
        r"(?<![\w'’])(?:" + "|".join(lex.alt(n) for n in names) + r")(?![\w'’])", re.IGNORECASE
    )


def visit_of_main(ctx: RuleContext, i: int) -> EventRec | None:
    """The page's main exchange, for a sentence that names no event but tells a visit or a
    delegation's trip ("Engineers from Honiara spent three days in Suva, from 7 to 9
    April", "the delegation visited Ghent"): on an exchange's page, that is the exchange."""
    main = ctx.events.main
    if main is None or main.type != "Exchange" or main.conference:
        return None
    if ctx.events.mentioned_in(i) or not _visit_cue(ctx.lex).search(ctx.page.sent_text(i)):
        return None
    return main


def _in_dateline(ctx: RuleContext, d: DateMention) -> bool:
    """ "Rabat, 12/03/2021 (MAP) – …": the date of a news item's dateline is when the story
    was filed, not when its event takes place."""
    line = ctx.page.dateline
    if line is None or d.start < line[1]:
        return False
    # ("Saint-Pierre, le 13 juin 2026 –": an article may stand between; "BHUBANESWAR,
    # INDIA (3 March 2026) —": the country, and the date in brackets)
    between = r"[ \t,]*(?:[A-Z][A-Za-z .'-]{1,30},?[ \t]*)?\(?[ \t]*(?:(?:le|the|on)[ \t]+)?"
    if not re.fullmatch(between, ctx.text[line[1] : d.start]):
        return False
    return re.match(r"[^—–\n]{0,25}[—–]", ctx.text[d.end : d.end + 30]) is not None


def _dated_line(ctx: RuleContext, d: DateMention) -> bool:
    """ "12/05/2026 — Les partenaires réunis à Nantes": a day opening a line before a dash
    is the news item's own date (its heading or publication line, :func:`date_heading`),
    not the day of what the line tells."""
    text = ctx.text
    start = text.rfind("\n", 0, d.start) + 1
    if d.finish not in (None, d.begin) or text[start : d.start].strip(" \t#*"):
        return False  # a range ("November 4-7, 2024 | …") is what the line's event spans
    return re.match(r"[ \t]*[—–][ \t]*\S", text[d.end : d.end + 8]) is not None


@rule("date-in-sentence", "dates")
def date_in_sentence(ctx: RuleContext) -> None:
    """The first day named in a sentence about an event (see
    :meth:`RuleContext.dated_event`, :func:`told_before` for an anaphor,
    :func:`visit_of_main` for a visit told without the exchange's name) is its date; a day
    whose year the page had to supply is less sure, so the first day written with its year
    wins over an earlier one without ("le 20 février … du 2 au 4 juin 2025")."""
    dated: set[tuple[str, bool]] = set()
    for d in ctx.page.dates:
        if d.begin is None or d.precision != "day" or _in_dateline(ctx, d) or _dated_line(ctx, d):
            continue
        i = ctx.page.sentence_of(d.start)
        ev = ctx.dated_event(i, d.start) or told_before(ctx, i) or visit_of_main(ctx, i)
        if ev is None or (ev.key, d.year_inferred) in dated:
            continue
        name = "date-in-sentence-inferred-year" if d.year_inferred else "date-in-sentence"
        emit_dates(ctx, ev, d, "date-in-sentence", ctx.lex.conf(name))
        dated.add((ev.key, d.year_inferred))


def _publication_day(ctx: RuleContext) -> dt.date | None:
    """The publication line's date when it names a day ("13 October 2022", not "2024-11")."""
    day = ctx.page.publication_line
    top = ctx.page.headline_end + 200
    found = any(d.begin == day and d.precision == "day" and d.start < top for d in ctx.page.dates)
    return day if found else None


@rule("told-today", "dates")
def told_today(ctx: RuleContext) -> None:
    """ "And today, the mayors met …", "Aujourd'hui, les maires ont signé …": the event a
    sentence says happens today is dated by the page's publication (its metadata, else the
    publication line under its headline)."""
    published = ctx.page.published or _publication_day(ctx)
    if published is None:
        return
    for m in ctx.lex.rx("today_cues").finditer(ctx.text):
        i = ctx.page.sentence_of(m.start())
        ev = ctx.dated_event(i, m.start())
        if ev is None or ev.conference:
            continue
        ctx.emit(
            ev.key,
            "startDate",
            "told-today",
            sent=i,
            span=(m.start(), m.end()),
            value=published.isoformat(),
        )


#: A heading is short: a day, a colon and the section's subject ("6 June 2024: Lyon and Turin").
_HEADING_WORDS = 14
_AFTER_HEADING_DATE = re.compile(r"[ \t]*(?:[:|–—-][^\n]*)?$")
#: A paragraph: a line of at least this many words that ends a sentence (a long title does not).
_PARAGRAPH_WORDS = 15
_SENTENCE_ENDS = (".", "!", "?", "»", '"', "”", ")")


def _first_paragraph_end(text: str) -> int | None:
    pos = 0
    for line in text.split("\n"):
        pos += len(line) + 1
        if len(line.split()) >= _PARAGRAPH_WORDS and line.rstrip().endswith(_SENTENCE_ENDS):
            return pos - 1
    return None


def _heading_date(ctx: RuleContext, d: DateMention) -> bool:
    """Whether ``d`` opens a short line of its own, as a section heading below the page's
    first paragraph (above it, a day is the page's publication line)."""
    text = ctx.text
    first = _first_paragraph_end(text)
    if first is None or d.start < first:
        return False
    start = text.rfind("\n", 0, d.start) + 1
    end = text.find("\n", d.end)
    end = len(text) if end == -1 else end
    line = text[start:end]
    if text[start : d.start].strip(" \t#*-") or not _AFTER_HEADING_DATE.match(text, d.end, end):
        return False
    return len(line.split()) <= _HEADING_WORDS


@rule("date-heading", "dates")
def date_heading(ctx: RuleContext) -> None:
    """ "06. November 2017: Friedberg and Entroncamento" above a story, "Lundi 17
    novembre" above a day's programme: the heading's day dates the events first named in
    its section (down to the next such heading); a section that names none tells the
    page's main event (or the event its next sentences talk about). A section that names
    a day of its own ("26/02/2026 — Les partenaires réunis … Les 24 et 25 février, …") has
    its heading's day only as a fallback: a news item is dated after what it tells."""
    heads = [
        d
        for d in ctx.page.dates
        if d.begin is not None
        and d.precision == "day"
        and _heading_date(ctx, d)
        and not ctx.events.mentioned_in(ctx.page.sentence_of(d.start))
    ]
    dated: set[str] = set()
    for k, d in enumerate(heads):
        end = heads[k + 1].start if k + 1 < len(heads) else len(ctx.text)
        own = [
            ev
            for ev in ctx.events.items
            if ev.spans and not ev.conference and d.end <= min(a for a, _ in ev.spans) < end
        ]
        if not own:
            i = ctx.page.sentence_of(d.start)
            nxt = range(i + 1, min(i + 4, len(ctx.page.sents)))
            ev = next(filter(None, (ctx.event_for_sentence(j) for j in nxt)), ctx.events.main)
            own = [ev] if ev is not None and not ev.conference else []
        told = any(
            o.begin is not None and o.precision == "day" and d.end < o.start < end
            for o in ctx.page.dates
        )
        for ev in own:
            if ev.key not in dated:
                conf = ctx.lex.conf("date-heading")
                emit_dates(ctx, ev, d, "date-heading", conf, fallback=told)
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
