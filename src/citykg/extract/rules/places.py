"""Phase ``places``: where events take place.

Each rule proposes a location with its confidence; the aggregator keeps one per event
(``location`` is single-valued): a place block beats "s'est tenu à X", which beats a
hosting city, which beats the dateline. That the host city of an exchange also takes part
is derived from the decided location in phase ``hosts`` (:mod:`.hosts`).
"""

from __future__ import annotations

import functools
import re

from ..lexicon import Lexicon
from .context import RuleContext
from .records import EventRec, Found
from .registry import rule


def _locate(ctx: RuleContext, ev: EventRec, city: Found, rule_name: str) -> None:
    ctx.emit(ev.key, "location", rule_name, sent=city.sent, span=city.span, obj=city.key)


def _cities(ctx: RuleContext) -> list[Found]:
    return [f for f in ctx.mentions.items if f.type == "City" and not f.nested]


@rule("location-block", "places")
def location_block(ctx: RuleContext) -> None:
    """ "Lieu : Dakar", "Where: Tirana, Albania": the first city of the page's place block
    is the main event's; a newsletter story's own block line places that story."""
    main = ctx.events.main
    block = ctx.page.block_value("location_labels")
    if main is not None and block is not None:
        city = next((f for f in _cities(ctx) if block[0] <= f.start < block[1]), None)
        if city is not None:
            _locate(ctx, main, city, "location-block")
    label = re.compile(
        r"(?<![\w'’])(?:" + ctx.lex.literal("location_labels") + r")\s*:", re.IGNORECASE
    )
    for ev in ctx.events.items:
        if ev.section is None or len(ev.spans) < 2:
            continue
        a, b = ev.spans[1]
        m = label.search(ctx.text, a, b)
        if m is None:
            continue
        city = next((f for f in _cities(ctx) if m.end() <= f.start < b), None)
        if city is not None:
            _locate(ctx, ev, city, "section-location")


@functools.cache
def _held_in(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(
        r"(?:" + lex.alt("held_in_verbs") + r")\s+(?:" + lex.alt("place_preps") + r")\s+"
        r"(?:" + lex.alt("city_of_phrases") + r")?$",
        re.IGNORECASE,
    )


@rule("held-in", "places")
def held_in(ctx: RuleContext) -> None:
    """ "… s'est tenu à Nairobi", "was held in Bologna": the event named before the cue
    in the sentence (else the main exchange) took place in the city after it."""
    rx = _held_in(ctx.lex)
    main = ctx.events.main
    for f in _cities(ctx):
        before = ctx.text[ctx.page.sents[f.sent].start : f.start]
        if not rx.search(before[-60:]):
            continue
        ev = ctx.subject_event(f.sent, f.start) or (
            main if main and main.type == "Exchange" else None
        )
        if ev is not None:
            _locate(ctx, ev, f, "held-in")


@rule("dateline", "places")
def dateline(ctx: RuleContext) -> None:
    """ "Vienna, Austria — As temperatures …": a news item's dateline says where its story
    happened, which is where its event took place when nothing else says so."""
    main = ctx.events.main
    span = ctx.page.dateline
    if main is None or main.conference or span is None:
        return
    city = next(
        (f for f in ctx.mentions.items if f.type == "City" and span[0] <= f.start < span[1]), None
    )
    if city is not None:
        _locate(ctx, main, city, "dateline")


@functools.cache
def _place_prep(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(
        r"(?:" + "|".join(r"\b" + p for p in lex.words("place_preps_short")) + r")\s+"
        r"(?:" + lex.alt("city_of_phrases", "fr") + r")?$",
        re.IGNORECASE,
    )


@rule("follow-up-place", "places")
def follow_up_place(ctx: RuleContext) -> None:
    """A follow-up announced in one sentence names its own place: "will meet again in
    Bologna … for a half-day workshop", "réunira les trois villes à Niamey"."""
    rx = _place_prep(ctx.lex)
    main = ctx.events.main
    for ev in ctx.events.items:
        if ev is main or ev.conference or ev.parent is not None:
            continue
        sents = sorted({ctx.page.sentence_of(a) for a, _ in ev.spans})
        for i in sents:
            hit = next(
                (
                    f
                    for f in ctx.mentions.cities(i)
                    if rx.search(ctx.text[max(ctx.page.sents[i].start, f.start - 25) : f.start])
                ),
                None,
            )
            if hit is not None:
                _locate(ctx, ev, hit, "follow-up-place")
                break


@functools.cache
def _hosted_by(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(
        r"(?:" + lex.alt("hosted_by_cues") + r")\s+(?:" + lex.alt("city_of_phrases") + r")?$",
        re.IGNORECASE,
    )


@rule("hosted-by", "places")
def hosted_by(ctx: RuleContext) -> None:
    """ "hosted by the City of X", "accueilli par la ville de X": the host city is the
    place of the event it hosts, and takes part in it."""
    rx = _hosted_by(ctx.lex)
    main = ctx.events.main
    for f in _cities(ctx):
        before = ctx.text[ctx.page.sents[f.sent].start : f.start]
        if not rx.search(before[-50:]):
            continue
        ev = ctx.nearest_event(f.sent, f.start) or main
        if ev is None or ev.conference:
            continue
        _locate(ctx, ev, f, "hosted-by")
        ctx.emit(ev.key, "participant", "host-city", sent=f.sent, span=f.span, obj=f.key)
