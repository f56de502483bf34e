"""The frame a story puts its event in: the programme or project it belongs to
(``partOf``), and the subject a story announces in its lead ("Au cœur des discussions :
l'assainissement", "elles portaient cette année sur la gestion des déchets").

A gathering of an exchange programme or a project is rarely named with the programme in
one noun phrase: the page says "dans le cadre du programme X", names the programme in the
event's own title ("Séance de clôture : « X »"), or, on a project's page, says the meeting
was held "pour lancer le projet". Each of these ties the event to the initiative.
"""

from __future__ import annotations

import functools
import re

from ..lexicon import Lexicon
from .context import RuleContext
from .records import EventRec, InitRec
from .registry import rule
from .topics import _before_cue, _topic_mentions


@functools.cache
def _frame_before(lex: Lexicon) -> re.Pattern[str]:
    """A frame cue right before an initiative's name ("dans le cadre du", "as part of
    the"), at the end of the searched text."""
    return re.compile(
        r"(?<![\w'’])(?:" + lex.alt("part_of_cues") + r")[ \t]*"
        r"(?:(?:the|le|la|les|du|des|de[ \t]+la|de)[ \t]+|l['’]|d['’])?[ \t]*\Z",
        re.IGNORECASE,
    )


def _event_sentences(ctx: RuleContext, ev: EventRec) -> set[int]:
    """The sentences that name the event, and those the page reads as about it."""
    out = {ctx.page.sentence_of(a) for a, _ in ev.spans if a >= 0}
    out |= {i for i in range(len(ctx.page.sents)) if ctx.event_for_sentence(i) is ev}
    return out


def _names(rec: InitRec) -> list[str]:
    """The initiative's names, without the trigger word before a quoted title."""
    out = {rec.label, *rec.aliases}
    for a in list(out):
        q = re.search(r"[«\"“]\s*([^»\"”]{4,})\s*[»\"”]", a)
        if q:
            out.add(q.group(1).strip())
    return sorted((n for n in out if len(n) >= 4), key=len, reverse=True)


def _title_lines(ctx: RuleContext, ev: EventRec) -> list[str]:
    """The headline lines the event was read from (its label may be only their trigger
    phrase: "Séance de clôture" of "Séance de clôture en ligne : « X »")."""
    head = ctx.page.headline
    return [h.text for h in head if any(h.start <= a < h.end for a, _ in ev.spans)]


def _quoted_in(name: str, title: str) -> bool:
    """Whether the title quotes the name ("Séance de clôture : « X »"): a session of the
    programme it names, where a title that only uses the name ("X launched in Nairobi")
    may tell the initiative's own launch."""
    rx = r"[«\"“]\s*" + re.escape(name) + r"\s*[»\"”]"
    return re.search(rx, title, re.IGNORECASE) is not None


@rule("part-of-initiative", "initiatives")
def part_of_initiative(ctx: RuleContext) -> None:
    """An event is part of an initiative a frame cue names in a sentence about the event
    ("Ce séjour s'inscrit dans le cadre du programme X"), or that its own title names
    in quotes ("Séance de clôture : « X »"), unless the title tells a launch."""
    frame, launch = _frame_before(ctx.lex), ctx.lex.rx("launch_triggers")
    for ev in ctx.events.items:
        if ev.conference or launch.search(ev.label):
            continue  # a launch is where an initiative starts, not a part of it
        sents = _event_sentences(ctx, ev)
        titles = [
            t for t in (ev.label, *ev.aliases, *_title_lines(ctx, ev)) if not launch.search(t)
        ]
        for rec in ctx.inits.items:
            span = next(
                (
                    (a, b)
                    for a, b in rec.spans
                    if ctx.page.sentence_of(a) in sents
                    and frame.search(ctx.text, max(0, a - 60), a)
                ),
                None,
            )
            name = next((n for n in _names(rec) if any(_quoted_in(n, t) for t in titles)), None)
            if span is not None:
                sent = ctx.page.sentence_of(span[0])
                ctx.emit(ev.key, "partOf", "part-of-initiative", sent=sent, span=span, obj=rec.key)
            elif name is not None and name.casefold() != ev.label.casefold():
                ctx.emit(
                    ev.key,
                    "partOf",
                    "part-of-initiative",
                    sent=0,
                    span=(-1, -1),
                    obj=rec.key,
                    confidence=ctx.lex.conf("initiative-in-event-title"),
                )


@rule("part-of-the-project", "initiatives")
def part_of_the_project(ctx: RuleContext) -> None:
    """On a page about one project, the meeting held "pour lancer le projet" (said in its
    sentence or the heading right above it) is part of that project."""
    if len(ctx.inits.items) != 1:
        return
    rec = ctx.inits.items[0]
    rx = ctx.lex.rx("project_self_references")
    for ev in ctx.events.items:
        if ev.conference:
            continue
        sents = _event_sentences(ctx, ev)
        near = sorted(sents | {i - 1 for i in sents if i > 0})
        hits = [(i, m) for i in near if (m := rx.search(ctx.page.sent_text(i)))]
        if hits:
            i, m = hits[0]
            s = ctx.page.sents[i]
            span = (s.start + m.start(), s.start + m.end())
            ctx.emit(ev.key, "partOf", "part-of-the-project", sent=i, span=span, obj=rec.key)


@functools.cache
def _story_subject(lex: Lexicon) -> re.Pattern[str]:
    """A phrase announcing the story's subject before a colon ("Au cœur des discussions :",
    "Le sujet du déplacement :")."""
    return re.compile(
        r"(?:" + lex.alt("story_subject_cues") + r")[^.;:\n]{0,30}:[ \t]*"
        r"(?:(?:la|le|les|l['’]|the)[ \t]*)?[^.;:\n]{0,20}\Z",
        re.IGNORECASE,
    )


@rule("topic-of-the-story", "topics")
def topic_of_the_story(ctx: RuleContext) -> None:
    """A lead sentence that names no event but says what the story is about: a topic after
    a topic cue ("elles portaient cette année sur la gestion des déchets") or after a
    subject phrase and a colon ("Au cœur des discussions : l'assainissement"), or before
    a phrase saying it was the subject ("… des inondations était le fil rouge"), is the
    main event's."""
    main = ctx.events.main
    if main is None or main.conference:
        return
    lead = [x.index for x in ctx.page.sents if x.start >= ctx.page.headline_end][:6]
    cue, subject = _before_cue(ctx.lex), _story_subject(ctx.lex)
    subject_after = re.compile(r"\s*(?:" + ctx.lex.alt("story_subject_after") + r")", re.I)
    for f in _topic_mentions(ctx):
        if f.sent not in lead or any(not e.main for e in ctx.events.mentioned_in(f.sent)):
            continue
        owner = ctx.event_for_sentence(f.sent)
        if owner is not None and not owner.main:
            continue  # another story of a bulletin, not the page's lead
        s = ctx.page.sents[f.sent]
        before = ctx.text[s.start : f.start]
        after = ctx.text[f.end : min(s.end, f.end + 40)]
        if cue.search(before) or subject.search(before) or subject_after.match(after):
            ctx.emit(main.key, "topic", "topic-of-the-story", sent=f.sent, span=f.span, obj=f.key)
