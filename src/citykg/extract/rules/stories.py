"""A newsletter's numbered stories, one event each.

A network's letter gives its news as numbered items ("EN BREF / 1. Saint-Louis ouvre ses
ateliers à Thiès / Du 2 au 6 mars, … / 2. … signent leur feuille de route / C'est à … le 11
mars …"): each numbered heading with a dated paragraph under it is one story and one
event, where the stories of a newsletter with "Date:" blocks are read by
:func:`.sessions.section_events`. A numbered list of undertakings in a communiqué is no
such thing: its items are sentences (they end with a full stop) and have no paragraph of
their own.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from ..dates import DateMention, find_dates
from ..lexicon import Lexicon
from .page import Page, paragraph_after
from .records import EventRec
from .registry import rule

if TYPE_CHECKING:  # (the events stage imports this module before the context exists)
    from .context import RuleContext

#: a story's heading is at most this many words; its paragraph at least this many chars
_HEAD_WORDS = 16
_BODY_CHARS = 100


@functools.cache
def _numbered() -> re.Pattern[str]:
    """A line "1. Title" / "2) Title" (Markdown marks allowed), its title not a sentence."""
    return re.compile(r"^[ \t#*]*(?P<n>\d{1,2})[.)][ \t]+(?P<title>[^\n]*[^\s.;:,!])[ \t*]*$", re.M)


def numbered_stories(page: Page, lex: Lexicon) -> list[EventRec]:
    """Two or more consecutive numbered headings, each over a dated paragraph: one event
    per story, labelled by its heading; its sentences and trigger words belong to it."""
    text = page.text
    heads = [m for m in _numbered().finditer(text) if len(m.group("title").split()) <= _HEAD_WORDS]
    run: list[re.Match[str]] = []
    for m in heads:
        if run and int(m.group("n")) == int(run[-1].group("n")) + 1:
            run.append(m)
        elif int(m.group("n")) == 1 and len(run) < 2:
            run = [m]
    if len(run) < 2:
        return []
    ex_rx = lex.rx("exchange_triggers")
    out: list[EventRec] = []
    for n, m in enumerate(run):
        _, end = paragraph_after(text, m.end())
        if n + 1 < len(run):
            end = min(end, run[n + 1].start())
        if end - m.end() < _BODY_CHARS:
            return []
        if not any(m.end() <= d.start < end for d in page.dates):
            return []
        kind = "Exchange" if ex_rx.search(text, m.start(), end) else "Event"
        ev = EventRec(f"docevent:{n}", kind, m.group("title").strip(), section=(m.start(), end))
        ev.spans.append((m.start("title"), m.end("title")))
        ev.spans += [t.span() for t in ex_rx.finditer(text, m.end(), end)]
        out.append(ev)
    return out


def _dating():
    """The dates module (imported late: it needs the rule context, which needs events)."""
    from . import dating

    return dating


@rule("story-date", "dates")
def story_date(ctx: RuleContext) -> None:
    """The first day a newsletter story's paragraph names is its date ("Du 2 au 6 mars,
    quatre agents …", "… ont paraphé le 11 mars une feuille de route"), whichever of its
    sentences it sits in: the story has no date block of its own."""
    for ev in ctx.events.items:
        if ev.section is None or ctx.decided.of(ev.key, "startDate"):
            continue
        a, b = ev.section
        head_end = ctx.text.find("\n", a)
        for d in ctx.page.dates:
            if head_end <= d.start < b and d.precision == "day":
                d = _with_issue_year(ctx, d)
                if d is None:
                    break
                _dating().emit_dates(
                    ctx, ev, d, "story-date", ctx.lex.conf("story-date"), fallback=True
                )
                break


def _with_issue_year(ctx: RuleContext, d: DateMention) -> DateMention | None:
    """``d``, its year taken from the issue line when the page writes no other ("LA
    LETTRE – n° 27 – mars 2026": "Du 2 au 6 mars" is of 2026)."""
    if d.begin is not None:
        return d
    head = ctx.text[: ctx.page.headline_end]
    year = re.search(r"(?<!\d)(20\d\d)(?!\d)", head)
    if year is None:
        return None
    found = find_dates(d.text, ctx.page.lang, default_year=int(year.group(1)))
    if not found or found[0].begin is None:
        return None
    x = found[0]
    return DateMention(d.start, d.end, d.text, x.begin, x.finish, x.precision, True)


@rule("story-title", "roles")
def story_title(ctx: RuleContext) -> None:
    """The cities a newsletter story's heading names are the partners it tells of
    ("Mamoudzou et Mutsamudu signent leur feuille de route"), as a page's own title names
    its exchange's (rule ``named-in-title``)."""
    for ev in ctx.events.items:
        if ev.section is None or not ev.spans:
            continue
        a, b = ev.spans[0]
        for f in ctx.mentions.items:
            if f.type == "City" and not f.nested and a <= f.start < b:
                ctx.emit(ev.key, "participant", "story-title", sent=f.sent, span=f.span, obj=f.key)


@rule("story-topic", "topics")
def story_topic(ctx: RuleContext) -> None:
    """A newsletter story's or a workshop's paragraph says what it is about ("une feuille
    de route … consacrée à la gestion des déchets solides"), as a page's lead does for the
    page's event (rule ``topic-in-lead``): the first sentence under its heading."""
    from .topics import _topic_mentions

    topics = _topic_mentions(ctx)
    for ev in ctx.events.items:
        if ev.section is None:
            continue
        a, b = ev.section
        head_end = ctx.text.find("\n", a)
        first = next((x for x in ctx.page.sents if head_end <= x.start < b), None)
        if first is None:
            continue
        for f in topics:
            if f.sent == first.index:
                ctx.emit(ev.key, "topic", "story-topic", sent=f.sent, span=f.span, obj=f.key)
