"""Pages that tell several dated stories, each under a heading of its own, without the
"When: … / Where: …" lines :func:`.sessions.section_events` reads: a network's bulletin
with two or three items, a report's numbered side sessions, an annual report's list of
last year's exchanges told as run-in headings ("Restoring a city lake (Kunming, 9-10
September 2025). Kunming hosted …"). Each story is an event of its own: its roles, dates
and places are told in its section, not the page's other stories.

A section counts as a story when its body gives a day of its own and tells a meeting (an
exchange trigger, a visit, a gathering or a host verb). Two or more such sections, each
with other days than the others, make the page a page of stories; one alone is the
page's own event and is left to the usual rules."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import TYPE_CHECKING

from ..lexicon import Lexicon
from .page import Line, Page, date_line
from .records import EventRec
from .registry import rule

if TYPE_CHECKING:  # the events stage imports this module before the context exists
    from .context import RuleContext

#: A heading: a short line that is no sentence (no closing stop, colon or comma).
_MAX_HEADING_WORDS = 14
#: A story's body is a paragraph, not a list item or a label's value.
_MIN_BODY_CHARS = 80
#: "1. Shade before air-conditioning": a numbered heading's number is no part of its name.
_NUMBER = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•])\s+")
#: "Shore power for container terminals (Xiamen, 12-14 May 2025). Port officials …": a
#: run-in heading, its place and date in brackets, then the story on the same line.
_RUN_IN = re.compile(
    r"^[ \t]*(?P<head>[A-Z][^\n().:;!?]{2,90}?)[ \t]+\((?P<meta>[^()\n]{3,60})\)\.[ \t]+(?=\S)",
    re.MULTILINE,
)
#: "Feature · Energy · By our correspondent": a kicker or breadcrumb, not a story's heading.
_SEPARATORS = re.compile(r"[›»|>·•]|\s/\s")
#: "Partners:", "Date:": a label line, not a story's heading.
_LABEL = re.compile(r"^[\w' ’-]{1,30}:")


def _headings(page: Page, lex: Lexicon) -> list[tuple[Line, int, bool]]:
    """Heading lines below the title, each with where its body starts and whether it can
    name a story: own-line headings (the body is the next line) and run-in headings (the
    body follows on the same line). A one-word line ("Partners", "AGENDA"), a generic
    part's name ("Next steps"), a kicker, a label or a byline ends a story's section but
    heads a part of the page, not a story."""
    text = page.text
    generic = re.compile(r"(?:" + lex.alt("generic_section_headings") + r")[ \t]*", re.I)
    out: list[tuple[Line, int, bool]] = []
    # a bulletin's first story heading may read as a line of its headline: only the
    # title itself is no story's
    title_end = page.headline[0].end if page.headline else 0
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        line = raw.strip()
        if start < title_end or not line:
            continue
        run_in = _RUN_IN.match(text, start, end)
        if run_in is not None and page.days(run_in.start("meta"), run_in.end("meta")):
            head = run_in.group("head").strip()
            out.append((Line(run_in.start("head"), run_in.end("head"), head), run_in.end(), True))
            continue
        bare = _NUMBER.sub("", line).strip()
        if len(bare.split()) > _MAX_HEADING_WORDS or line.endswith((".", ":", ";", ",", "!", "?")):
            continue  # a paragraph
        named = (
            len(bare.split()) >= 2
            and not generic.fullmatch(bare)
            and not _SEPARATORS.search(line)
            and not _LABEL.match(line)
            and not date_line(line, page.lang)
            and not page.days(start, end)  # "Posted 2 February 2026 by …": a byline
        )
        offset = raw.find(line)
        out.append((Line(start + offset, start + offset + len(line), line), end + 1, named))
    return out


@functools.cache
def _meeting_rx(lex: Lexicon) -> re.Pattern[str]:
    """What a story's body says when it tells a meeting: a trigger or its anaphor ("the
    visit"), a visit, a gathering, a host or an organiser ("co-hosted", "arranged by")."""
    names = (
        "exchange_triggers",
        "anaphora",
        "visit_verbs",
        "gathering_verbs",
        "host_verbs",
        "organizer_cues",
    )
    return re.compile(
        r"(?<![\w-])(?:" + "|".join(lex.alt(n) for n in names) + r")(?![\w-])", re.IGNORECASE
    )


def story_sections(page: Page, lex: Lexicon) -> list[EventRec]:
    """One event per dated story of a page of stories (none when fewer than two)."""
    if page.is_event_page:
        return []  # an event page is about one event: its headings are its parts
    text = page.text
    heads = _headings(page, lex)
    meeting = _meeting_rx(lex)
    stories: list[tuple[Line, int, int, set[dt.date]]] = []
    for n, (head, body, named) in enumerate(heads):
        end = heads[n + 1][0].start if n + 1 < len(heads) else len(text)
        if not named:
            continue
        first = text[body:end].strip().split("\n")[0] if body < end else ""
        if len(first) < _MIN_BODY_CHARS or not first.rstrip().endswith((".", "!", "?", '"')):
            continue  # no paragraph under it: a list, a box, a label
        days = page.days(head.start, end)
        if not days or meeting.search(text, body, end) is None:
            continue
        stories.append((head, body, end, days))
    if len(stories) < 2:
        return []
    if any(a[3] & b[3] for n, a in enumerate(stories) for b in stories[n + 1 :]):
        return []  # the same days twice: one event told in parts, not several stories
    ex_rx = lex.rx("exchange_triggers")
    out: list[EventRec] = []
    for n, (head, body, end, _) in enumerate(stories):
        label = _NUMBER.sub("", head.text).strip()
        kind = "Exchange" if ex_rx.search(text, head.start, end) else "Event"
        ev = EventRec(f"{_STORY}{n}", kind, label, section=(head.start, end))
        ev.spans.append((head.start, head.end))
        for rx in (ex_rx, lex.rx("anaphora")):
            for t in rx.finditer(text, body, end):
                ev.spans.append((t.start(), t.end()))
        out.append(ev)
    return out


def story_parent(page: Page, lex: Lexicon, stories: list[EventRec], confs: list[EventRec]) -> None:
    """A report on a gathering's sessions ("what happened in the side sessions of the X
    Summit"): the one conference its headline or lead names, above the first story, holds
    each story."""
    parts = re.compile(
        r"\b(?:" + lex.alt("side_event_triggers") + "|" + lex.alt("session_nouns") + r")\b", re.I
    )
    if not any(parts.search(h.text) for h in page.headline):
        return  # a bulletin's stories are no gathering's parts
    first = min(ev.section[0] for ev in stories if ev.section)
    named = [e for e in confs if any(a < first for a, _ in e.spans)]
    if len(named) != 1:
        return
    for ev in stories:
        ev.parent = named[0].key
        ev.side = True


#: The key prefix of the events :func:`story_sections` makes.
_STORY = "docevent:s"
#: A story's heading and lead: the sentences that say what it is about.
_STORY_LEAD = 4


@rule("headed-story-date", "dates")
def story_date(ctx: RuleContext) -> None:
    """A story's first day is its date ("On 16 June, transport officials rode …", "(Kunming,
    9-10 September 2025)"): its sentences need not name the event, the section does. A
    fallback: a day told with the event's own name wins."""
    from .dating import emit_dates  # (imported late: it needs the rule context)

    for ev in ctx.events.items:
        if not ev.key.startswith(_STORY) or ev.section is None:
            continue
        a, b = ev.section
        d = next(
            (d for d in ctx.page.dates if a <= d.start < b and d.begin and d.precision == "day"),
            None,
        )
        if d is not None:
            emit_dates(ctx, ev, d, "headed-story-date", fallback=True)


@rule("headed-story-topic", "topics")
def story_topic(ctx: RuleContext) -> None:
    """A story's heading and the first sentences of its body say what it is about, as a
    page's headline and lead do for the page's event ("… takes notes on flood pumping",
    "… replacing open dumping with sanitary landfill cells")."""
    for ev in ctx.events.items:
        if not ev.key.startswith(_STORY) or ev.section is None:
            continue
        a, b = ev.section
        sents = [x.index for x in ctx.page.sents if a <= x.start < b][:_STORY_LEAD]
        for f in ctx.mentions.items:
            if f.type == "Topic" and f.sent in sents:
                ctx.emit(ev.key, "topic", "headed-story-topic", sent=f.sent, span=f.span, obj=f.key)


@rule("headed-story-part-of", "initiatives")
def story_part_of(ctx: RuleContext) -> None:
    """ "The Blue Harbour Cities Programme … In 2025 it supported three exchanges." above
    a list of exchanges: the one initiative the page's opening names, before its first
    story, holds each story (not when the stories are a gathering's sessions)."""
    stories = [e for e in ctx.events.items if e.key.startswith(_STORY) and e.section]
    if not stories or any(e.parent for e in stories):
        return
    first = min(e.section[0] for e in stories)
    opening = [r for r in ctx.inits.items if r.spans and max(a for a, _ in r.spans) < first]
    if len(opening) != 1 or len(opening) != len([r for r in ctx.inits.items if r.spans]):
        return  # no initiative above the stories, or others of their own in them
    rec = opening[0]
    a, b = min(rec.spans)
    for ev in stories:
        ctx.emit(
            ev.key,
            "partOf",
            "headed-story-part-of",
            sent=ctx.page.sentence_of(a),
            span=(a, b),
            obj=rec.key,
        )


def _named_by_head(ctx: RuleContext, head: str) -> str | None:
    """ "the foundation": the one organisation of the page whose name ends with that head
    ("Lianhe Urban Futures Foundation"), else none."""
    keys = {
        f.key
        for f in ctx.mentions.items
        if f.type == "Agency" and f.text.lower().endswith(" " + head.lower())
    }
    return next(iter(keys)) if len(keys) == 1 else None


@rule("headed-story-organiser", "roles")
def story_organiser(ctx: RuleContext) -> None:
    """ "In 2025 it supported three exchanges, each organised by the foundation with the
    host city.": an organiser the opening gives the stories below it, named or told by its
    head word, organises each story."""
    stories = [e for e in ctx.events.items if e.key.startswith(_STORY) and e.section]
    if not stories or any(e.parent for e in stories):
        return
    first = min(e.section[0] for e in stories)
    heads = ctx.lex.alt("agency_heads")
    rx = re.compile(
        r"\beach\s+(?:" + ctx.lex.alt("organizer_cues") + r")\s+the\s+(?P<head>" + heads + r")\b",
        re.IGNORECASE,
    )
    for m in rx.finditer(ctx.text, 0, first):
        key = _named_by_head(ctx, m.group("head"))
        if key is None:
            continue
        i = ctx.page.sentence_of(m.start())
        for ev in stories:
            ctx.emit(
                ev.key, "organizer", "headed-story-organiser", sent=i, span=m.span("head"), obj=key
            )
