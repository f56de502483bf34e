"""An organisation's seat: "IGAD, dont le siège se trouve à Djibouti", "the Institute, a
treaty-based organisation headquartered in Seoul", "Its secretariat is based in Jakarta".

Pages introduce an organisation with where it sits, in a clause of its own: the city
after the seat cue is where the organisation is (``locatedIn``), and not, by that clause,
a participant or an organiser of the event the sentence is about ("L'ICPAC, basé à Nairobi,
présentera …" brings ICPAC, not Nairobi). The seat cues are ``patterns.seat_cues`` of the
lexicon.
"""

from __future__ import annotations

import functools
import re

from ..lexicon import Lexicon
from .context import RuleContext
from .records import Found, Sent, Veto
from .registry import rule

#: Roles a seat city does not hold by the seat clause.
_NOT_BY_SEAT = ("participant", "organizer", "supportedBy")


@functools.cache
def _seat(lex: Lexicon) -> re.Pattern[str]:
    """A seat cue, then the name (an article or "the city of" between)."""
    return re.compile(
        r"(?<![\w-])(?:" + lex.alt("seat_cues") + r")[ \t]+(?:(?:the[ \t]+)?city[ \t]+of[ \t]+"
        r"|(?:la[ \t]+)?ville[ \t]+de[ \t]+)?",
        re.IGNORECASE,
    )


@functools.cache
def _possessive_opener(lex: Lexicon) -> re.Pattern[str]:
    """ "Its secretariat is based in …", "Son siège est à …": the organisation of the
    sentence before."""
    return re.compile(r"[ \t\n]*(?:" + lex.alt("seat_possessives") + r")\b", re.IGNORECASE)


@rule("based-in", "places")
def based_in(ctx: RuleContext) -> None:
    """The organisation a seat clause is about is located in the city after the cue."""
    rx = _seat(ctx.lex)
    for sent in ctx.page.sents:
        for m in rx.finditer(ctx.text, sent.start, sent.end):
            place = _place_after(ctx, sent, m.end())
            if place is None:
                continue
            agency = _seated(ctx, sent, m.start())
            for p in _NOT_BY_SEAT:
                ctx.veto(Veto("based-in", p, obj=place.key, span=place.span))
            if agency is None or agency.key == place.key:
                continue
            ctx.emit(
                agency.key, "locatedIn", "based-in", sent=sent.index, span=place.span, obj=place.key
            )


def _place_after(ctx: RuleContext, sent: Sent, pos: int) -> Found | None:
    return next(
        (
            f
            for f in ctx.mentions.in_sentence(sent.index)
            if f.start == pos and not f.nested and f.type in ("City", "Country")
        ),
        None,
    )


def _seated(ctx: RuleContext, sent: Sent, cue: int) -> Found | None:
    """The organisation named last before the cue in its sentence (no city or country of
    its own between: "the delegation of Accra, based in …" is no organisation's seat),
    else, after a possessive opener, the first one of the sentence before."""
    before = [
        f
        for f in ctx.mentions.in_sentence(sent.index)
        if f.end <= cue and not f.nested and f.type in ("City", "Country", "Agency")
    ]
    last = next((f for f in reversed(before) if not f.modifier), None)
    if last is not None:
        return last if last.type == "Agency" else None
    if sent.index == 0 or not _possessive_opener(ctx.lex).match(ctx.text, sent.start):
        return None
    prev = [f for f in ctx.mentions.actors(sent.index - 1) if f.type == "Agency"]
    return prev[0] if prev else None
