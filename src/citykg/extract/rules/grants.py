"""Phase ``initiatives``: grants to cities, told as the grant rather than as its funding.

A fund's or a foundation's announcement names the grant and its recipients ("announced
grants totalling $3.5 million to five municipalities … The City of A, the City of B …
will each receive", "des subventions … sont accordées à la commune de A et à la commune de
B"): each city named is supported by the funder. The funder is the first organisation of
the sentence before the cue (its subject), else the first organisation of the sentence
before (the announcement's subject, "Le comité du Fonds X a retenu cinq projets.").
A city the sentence only places something in ("in X", "at X") is no recipient.
"""

from __future__ import annotations

import functools
import re

from ..lexicon import Lexicon
from .context import RuleContext
from .records import Found
from .registry import rule


@functools.cache
def _placed(lex: Lexicon) -> re.Pattern[str]:
    """What ends right before a city that is only a place ("in the", "at"): no recipient."""
    return re.compile(
        r"(?:\b(?:" + lex.alt("grant_placing_preps") + r")\s+"
        r"(?:(?:" + lex.alt("articles", "en") + r")\s+)?)\Z",
        re.IGNORECASE,
    )


def _funder(ctx: RuleContext, i: int, pos: int) -> Found | None:
    """The organisation that gives the grant the cue at ``pos`` of sentence ``i`` tells."""
    agencies = [f for f in ctx.mentions.actors(i) if f.type == "Agency"]
    before = [f for f in agencies if f.end <= pos]
    if before:
        return before[0]
    if agencies:
        return None  # an organisation after the cue is a recipient or a partner, not the funder
    if i == 0:
        return None
    previous = [f for f in ctx.mentions.actors(i - 1) if f.type == "Agency"]
    return previous[0] if previous else None


@rule("grant-recipients", "initiatives")
def grant_recipients(ctx: RuleContext) -> None:
    """The cities of a grant sentence are supported by its funder (see the module)."""
    rx = ctx.lex.rx("grant_cues")
    text = ctx.text
    placed = _placed(ctx.lex)
    for s in ctx.page.sents:
        m = next(iter(rx.finditer(text, s.start, s.end)), None)
        if m is None:
            continue
        funder = _funder(ctx, s.index, m.start())
        if funder is None:
            continue
        for city in ctx.mentions.actors(s.index):
            if city.type != "City":
                continue
            if placed.search(text, max(s.start, city.start - 12), city.start):
                continue
            ctx.emit(
                city.key,
                "supportedBy",
                "grant-recipients",
                sent=s.index,
                span=funder.span,
                obj=funder.key,
            )
