"""When the page's event takes place, read from where pages put it without a label: the
line right under an event page's title ("Mardi 30 juin 2026 | 10 h 00 - 12 h 00 | En
ligne"), and, when nothing else dates the event, the lead's first full date ("Une
nouvelle page … s'est écrite le 27 avril 2026").
"""

from __future__ import annotations

import functools
import re

from ..dates import DateMention
from ..lexicon import Lexicon
from .context import RuleContext
from .dating import _in_dateline
from .registry import rule

#: A time of day ("10 h 00", "9h30", "14:00"): a line with one announces when, not when
#: the page was written.
_TIME = re.compile(r"\b\d{1,2}[ \t]*(?:h|:)[ \t]*\d{2}\b|\b\d{1,2}[ \t]*h\b")

#: How far from the publication day a day written without its year may lie for the lead to
#: date the event with it: half a year either way (a recap, an announcement).
_NEAR_PUBLICATION_DAYS = 183


@functools.cache
def _published(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(r"(?:" + lex.alt("publication_cues") + r")", re.IGNORECASE)


def _line(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start : end if end != -1 else len(text)]


def _emit(ctx: RuleContext, key: str, d: DateMention, name: str, *, fallback: bool) -> None:
    sent, span = ctx.page.sentence_of(d.start), (d.start, d.end)
    assert d.begin is not None
    values = [("startDate", d.begin)]
    if d.finish is not None and d.finish > d.begin:
        values.append(("endDate", d.finish))
    for predicate, day in values:
        ctx.emit(
            key, predicate, name, sent=sent, span=span, value=day.isoformat(), fallback=fallback
        )


@rule("date-under-title", "dates")
def date_under_title(ctx: RuleContext) -> None:
    """An event page's line of a day and a time right under its title ("Mardi 30 juin
    2026 | 10 h 00 - 12 h 00 (heure de Paris) | En ligne") dates the page's event; a
    publication line ("Publié le …") does not."""
    main = ctx.events.main
    head = ctx.page.headline
    if main is None or main.conference or not head:
        return
    body = ctx.page.lead(head[-1].end, n=1)
    limit = body[0].start if body else len(ctx.text)  # between the title and the body
    for d in ctx.page.dates:
        if d.begin is None or d.precision != "day" or d.year_inferred:
            continue
        if d.start < head[0].end or d.start > limit:
            continue
        if d.start < head[-1].end and not _TIME.search(_line(ctx.text, d.start)):
            continue  # (a headline's line of a day and hours is that line, not a title)
        line = _line(ctx.text, d.start)
        if _after_byline(ctx, d.start):
            continue  # "By A. Writer … / Tuesday, 10 March 2026, 6:00 am": when it was filed
        if _TIME.search(line) and not _published(ctx.lex).search(line):
            _emit(ctx, main.key, d, "date-under-title", fallback=False)
            return


@functools.cache
def _byline(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(r"^[ \t*_]*(?:" + lex.alt("byline_openers") + r")[ \t]+[A-ZÀ-Ý]")


def _after_byline(ctx: RuleContext, pos: int) -> bool:
    """Whether the line above the one at ``pos`` (blank lines skipped) is a byline: the
    date and time under a reporter's name say when the story was filed."""
    start = ctx.text.rfind("\n", 0, pos) + 1
    above = [x for x in ctx.text[max(0, start - 300) : start].split("\n") if x.strip()]
    return bool(above) and _byline(ctx.lex).match(above[-1]) is not None


@rule("date-time-lines", "dates")
def date_time_lines(ctx: RuleContext) -> None:
    """An event page's practical block: a line holding only a day ("📅 Mardi 24 mars 2026")
    right above a line of hours ("🕙 10 h 00 – 11 h 30 GMT") dates the page's event,
    wherever the block stands (often after the invitation's first paragraph)."""
    main = ctx.events.main
    if main is None or main.conference:
        return
    text = ctx.text
    for d in ctx.page.dates:
        if d.begin is None or d.precision != "day" or d.year_inferred:
            continue
        start = text.rfind("\n", 0, d.start) + 1
        end = text.find("\n", d.end)
        end = len(text) if end == -1 else end
        if re.search(r"\w", text[start : d.start] + text[d.end : end]):
            continue  # the day is told in a sentence or a labelled line, not alone
        nxt = text.find("\n", end + 1)
        below = text[end + 1 : len(text) if nxt == -1 else nxt]
        if _TIME.search(below) and not _published(ctx.lex).search(below):
            _emit(ctx, main.key, d, "date-time-lines", fallback=True)
            return


@rule("lead-date", "hosts")
def lead_date(ctx: RuleContext) -> None:
    """The lead's first day written with its year dates the page's event when nothing else
    does, in a sentence naming who takes part ("la coopération entre Limoges et Toamasina
    s'est écrite le 27 avril 2026"): a story opens with when it happened. A date that bounds something
    else ("depuis le 1er janvier 2024"), dates the page ("Publié le") or sits in a
    sentence naming another event (a conference, a next meeting) is not the event's."""
    main = ctx.events.main
    if main is None or main.conference:
        return
    lead = ctx.page.lead(ctx.page.headline_end)
    bound = re.compile(r"(?:" + ctx.lex.alt("date_bounds") + r")[ \t]+(?:le[ \t]+)?\Z", re.I)
    if ctx.decided.of(main.key, "startDate"):
        return
    takers = ctx.decided.objects(main.key, "participant")
    for x in lead:
        if any(ev is not main for ev in ctx.events.mentioned_in(x.index)):
            return  # the lead dates another event ("la COP30, du 10 au 21 novembre")
        if not any(f.key in takers for f in ctx.mentions.actors(x.index)):
            continue  # a sentence about something else ("The storm of 12 January …")
        for d in ctx.page.dates:
            if not (x.start <= d.start < x.end) or d.begin is None or d.precision != "day":
                continue
            if d.year_inferred and not _near_publication(ctx, d):
                continue
            if bound.search(ctx.text, max(0, d.start - 20), d.start):
                continue
            if _in_dateline(ctx, d):  # "ZIGUINCHOR, 22 mai 2026 –": when it was filed
                continue
            if _published(ctx.lex).search(_line(ctx.text, d.start)):
                continue
            _emit(ctx, main.key, d, "lead-date", fallback=True)
            return


def _near_publication(ctx: RuleContext, d: DateMention) -> bool:
    """Whether a day written without its year ("du 2 au 4 décembre") lies within half a
    year of the page's publication day ("Publié le 19 décembre 2025"): a recap or an
    announcement tells days that close to when it is published, so the year the page gave
    the day is the right one."""
    published = ctx.page.published or ctx.page.publication_line
    if published is None or d.begin is None:
        return False
    return abs((d.begin - published).days) <= _NEAR_PUBLICATION_DAYS
