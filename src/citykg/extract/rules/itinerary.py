"""Phase ``places``: the stops of a tour given as a list under a line that announces them.

Study-tour reports and visit programmes list their stops one a line, under a line that
says so ("Le programme comportait quatre étapes :", "The itinerary:"), each item opening
with the city ("1. Murcie (2 février) : …", "- Lyon: tram depot"). Each city that opens
an item is a place of the page's exchange; the rule is an enumerating one (lexicon
``enumerating_rules``), so all the stops stand together.
"""

from __future__ import annotations

import functools
import re

from ..lexicon import Lexicon
from .context import RuleContext
from .records import EventRec
from .registry import rule

#: a list item's marker: "1.", "2)", "-", "•", "*"
_ITEM = re.compile(r"[ \t]*(?:\d{1,2}[.)]|[-•*–])[ \t]*")


@functools.cache
def _announces(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(r"(?:" + lex.alt("stop_list_cues") + r")\b[^\n]{0,60}:[ \t]*$", re.I | re.M)


def _tour(ctx: RuleContext, i: int) -> EventRec | None:
    """The exchange the announcing line is about: the one it names, else the page's main
    exchange (a conference's programme lists sessions, not stops)."""
    ev = ctx.event_for_sentence(i) or ctx.events.main
    return None if ev is None or ev.conference or ev.type != "Exchange" else ev


@rule("stop-list", "places")
def stop_list(ctx: RuleContext) -> None:
    """ "Le programme comportait quatre étapes :" then "1. Murcie (2 février) : …": every
    city opening an item of the list under it is a stop of the exchange."""
    text = ctx.text
    cities = sorted(
        (f for f in ctx.mentions.items if f.type == "City" and not f.nested), key=lambda f: f.start
    )
    for m in _announces(ctx.lex).finditer(text):
        ev = _tour(ctx, ctx.page.sentence_of(m.start()))
        if ev is None:
            continue
        pos = text.find("\n", m.end())
        while pos != -1:
            end = text.find("\n", pos + 1)
            end = len(text) if end == -1 else end
            line = text[pos + 1 : end]
            if line.strip():
                item = _ITEM.match(line)
                if item is None:
                    break  # the list is over
                start = pos + 1 + item.end()
                city = next((f for f in cities if f.start == start), None)
                if city is not None:
                    ctx.emit(
                        ev.key,
                        "location",
                        "stop-list",
                        sent=city.sent,
                        span=city.span,
                        obj=city.key,
                    )
            pos = end if end < len(text) else -1


@functools.cache
def _told_stop(lex: Lexicon) -> re.Pattern[str]:
    """A stop cue right before a city: "étape de départ : Fribourg", "ils étaient à
    Neuchâtel", "s'est terminée à Sion", "next stop: Graz"."""
    return re.compile(r"(?<![\w'’])(?:" + lex.alt("told_stop_cues") + r")[ \t]*$", re.IGNORECASE)


@rule("told-stops", "places")
def told_stops(ctx: RuleContext) -> None:
    """A study tour told day by day in prose ("Leur étape de départ : Fribourg … Mercredi,
    ils étaient à Neuchâtel … La semaine s'est terminée à Yverdon"): every city a stop cue
    introduces is a place of the page's exchange, when two or more are told (one alone
    may be a trip's end, not a tour); an enumerating rule, so all the stops stand."""
    main = ctx.events.main
    if main is None or main.conference or main.type != "Exchange":
        return
    rx = _told_stop(ctx.lex)
    stops = []
    for f in ctx.mentions.items:
        if f.type != "City" or f.nested or ctx.events.mentioned_in(f.sent):
            continue
        start = ctx.page.sents[f.sent].start
        if rx.search(ctx.text[max(start, f.start - 60) : f.start]):
            stops.append(f)
    if len({f.key for f in stops}) < 2:
        return
    for f in stops:
        ctx.emit(main.key, "location", "told-stops", sent=f.sent, span=f.span, obj=f.key)
