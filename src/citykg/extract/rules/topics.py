"""Phases ``topics`` and ``located-in``: what events and initiatives are about, and where
organisations are.

In this genre the headline names the subject of the page, so the topics in the title lines
belong to the main event; an event's or initiative's own name and a cue ("on", "consacré
à") next to it say the rest. An initiative whose name carries no topic takes the first topic
of the sentence that introduces it. When nothing ties the main event to a topic, the
document's dominant topic (named at least twice, more often than any other) stands in.
"""

from __future__ import annotations

import functools
import re
from collections import Counter

from ..lexicon import Lexicon
from .context import RuleContext
from .records import Found
from .registry import rule


def _topic_mentions(ctx: RuleContext) -> list[Found]:
    return [f for f in ctx.mentions.items if f.type == "Topic"]


def name_topics(ctx: RuleContext, labels: list[str]) -> list[str]:
    keys: list[str] = []
    for g in (g for lab in labels for g in ctx.gaz.match(lab)):
        e = ctx.gaz.entries[g.keys[0]]
        if e.type == "Topic" and e.key not in keys:
            keys.append(e.key)
    return keys


def _kinds(ctx: RuleContext) -> frozenset[str]:
    """Topics that name a kind of initiative rather than what it is about: a climate action
    plan is "about" its measures (methane, buses), not about climate planning."""
    return ctx.lex.word_set("kind_topics")


@functools.cache
def _before_cue(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(r"(?:" + lex.rx("topic_cues").pattern + r")\b[^.;:]{0,50}$", re.IGNORECASE)


@rule("topic-in-title", "topics")
def topic_in_title(ctx: RuleContext) -> None:
    """An event's own name says what it is about ("Peer exchange on e-buses")."""
    if not _topic_mentions(ctx):
        return  # a page that names no topic gives none to its events
    for ev in ctx.events.items:
        if ev.conference:
            continue
        for key in name_topics(ctx, [ev.label, *sorted(ev.aliases)]):
            ctx.emit(ev.key, "topic", "topic-in-title", sent=0, span=(-1, -1), obj=key)


@rule("topic-cue", "topics")
def topic_cue(ctx: RuleContext) -> None:
    """ "un atelier consacré à la chaleur urbaine": a topic after a cue, in a sentence
    naming the event."""
    rx = _before_cue(ctx.lex)
    for f in _topic_mentions(ctx):
        s = ctx.page.sents[f.sent]
        if not rx.search(ctx.text[s.start : f.start]):
            continue
        for ev in ctx.events.mentioned_in(f.sent):
            if not ev.conference:
                ctx.emit(ev.key, "topic", "topic-cue", sent=f.sent, span=f.span, obj=f.key)


@rule("topic-in-headline", "topics")
def topic_in_headline(ctx: RuleContext) -> None:
    """The headline (and the document's title) names the subject of the page's event."""
    main = ctx.events.main
    if main is None or main.conference or not _topic_mentions(ctx):
        return
    if ctx.page.title:
        for key in name_topics(ctx, [ctx.page.title]):
            ctx.emit(main.key, "topic", "topic-in-headline", sent=0, span=(-1, -1), obj=key)
    for f in _topic_mentions(ctx):
        if any(h.start <= f.start < h.end for h in ctx.page.headline):
            ctx.emit(main.key, "topic", "topic-in-headline", sent=f.sent, span=f.span, obj=f.key)


@rule("topic-in-lead", "topics")
def topic_in_lead(ctx: RuleContext) -> None:
    """The lead (the first body sentence) states what the story is about."""
    main = ctx.events.main
    if main is None or main.conference:
        return
    lead = [x for x in ctx.page.sents if x.start >= ctx.page.headline_end and x.end - x.start > 60][
        :1
    ]
    if not lead:
        return
    for f in _topic_mentions(ctx):
        if f.sent == lead[0].index and f.key not in _kinds(ctx):
            ctx.emit(main.key, "topic", "topic-in-lead", sent=f.sent, span=f.span, obj=f.key)


@rule("dominant-topic", "topics")
def dominant_topic(ctx: RuleContext) -> None:
    """When nothing else ties the main event to a topic, the page's dominant topic (named
    twice or more, more often than any other) stands in (a fallback)."""
    main = ctx.events.main
    if main is None or main.conference:
        return
    ments = [f for f in _topic_mentions(ctx) if f.key not in _kinds(ctx)]
    ranked = Counter(f.key for f in ments).most_common(2)
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        f = next(f for f in ments if f.key == ranked[0][0])
        ctx.emit(
            main.key, "topic", "dominant-topic", sent=f.sent, span=f.span, obj=f.key, fallback=True
        )


@rule("topic-in-name", "topics")
def topic_in_name(ctx: RuleContext) -> None:
    """An initiative's name says what it is about ("plan chaleur", "Clean Air Roadmap");
    failing that, the first topic after its name in the sentence that introduces it ("the
    Bus Rapid Transit law, which electrifies …") stands in (a fallback)."""
    kinds = _kinds(ctx)
    topics = _topic_mentions(ctx)
    if not topics:
        return
    for rec in ctx.inits.items:
        for key in name_topics(ctx, [rec.label, *sorted(rec.aliases)]):
            if key not in kinds:
                ctx.emit(rec.key, "topic", "topic-in-name", sent=0, span=(-1, -1), obj=key)
        if not rec.spans:
            continue
        first = min(rec.spans)
        i = ctx.page.sentence_of(first[0])
        after = [f for f in topics if f.sent == i and f.start >= first[1] and f.key not in kinds]
        if after:
            ctx.emit(
                rec.key,
                "topic",
                "topic-in-definition",
                sent=i,
                span=after[0].span,
                obj=after[0].key,
                fallback=True,
            )


@rule("named-after-place", "located-in")
def named_after_place(ctx: RuleContext) -> None:
    """ "Ville de Dakar …", "Copenhagen Climate Office": an agency whose name holds a
    place is located there."""
    for f in ctx.mentions.items:
        if f.nested and f.host:
            ctx.emit(f.host, "locatedIn", "named-after-place", sent=f.sent, span=f.span, obj=f.key)


@rule("qualified-by-country", "located-in")
def qualified_by_country(ctx: RuleContext) -> None:
    """ "X Office de Finlande": a country qualifying an agency with no place in its name."""
    hosts = {m.host for m in ctx.mentions.items if m.nested}
    prev: Found | None = None
    for f in ctx.mentions.items:
        if (
            f.modifier
            and f.type == "Country"
            and prev is not None
            and prev.type == "Agency"
            and prev.key not in hosts
        ):
            ctx.emit(
                prev.key, "locatedIn", "qualified-by-country", sent=f.sent, span=f.span, obj=f.key
            )
        if not f.nested:
            prev = f
