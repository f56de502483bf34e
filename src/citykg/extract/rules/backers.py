"""Phase ``roles``: who paid, told the ways other than a support cue before the name.

Two constructions of the genre name a funder after the fact: thanks ("Big thanks to UNDP
for supporting the visit", "merci à la Région pour son soutien") and a relative clause
on a name ("des représentants de la BEI, qui a financé la participation des villes",
"KfW, which funded the visit"). The agency supports the event the sentence is about, else
the page's event; a name the relative clause says paid takes no part by that sentence's
participation cue.
"""

from __future__ import annotations

import functools
import re

from ..lexicon import Lexicon
from .context import RuleContext
from .records import EventRec, Found, Veto
from .registry import rule


@functools.cache
def _thanks(lex: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(the thanks before the name, the support after it)."""
    before = re.compile(
        r"(?:" + lex.alt("thanks_cues") + r")\s+(?:\w+\s+){0,2}?(?:to|à|au|aux)\s+"
        r"(?:the\s+|la\s+|le\s+|l['’]|les\s+)?\Z",
        re.I,
    )
    after = re.compile(r"\A(?:\s*\([^()]{1,20}\))?\s+(?:" + lex.alt("thanked_for") + r")\b", re.I)
    return before, after


@functools.cache
def _relative(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(
        r"\A(?:\s*\([^()]{1,20}\))?\s*,\s+(?:" + lex.alt("funding_relatives") + r")\b", re.I
    )


def _event(ctx: RuleContext, i: int) -> EventRec | None:
    ev = ctx.event_for_sentence(i) or ctx.events.main
    return None if ev is None or ev.conference else ev


def _agencies(ctx: RuleContext) -> list[Found]:
    return [f for f in ctx.mentions.items if f.type == "Agency" and not f.nested]


@rule("thanked-for-support", "roles")
def thanked_for_support(ctx: RuleContext) -> None:
    """ "Big thanks to UNDP for supporting the visit": the thanked agency funded it."""
    before, after = _thanks(ctx.lex)
    text = ctx.text
    for f in _agencies(ctx):
        sent = ctx.page.sents[f.sent]
        if not before.search(text[max(sent.start, f.start - 60) : f.start]):
            continue
        if not after.match(text[f.end : min(sent.end, f.end + 60)]):
            continue
        ev = _event(ctx, f.sent)
        if ev is not None:
            ctx.emit(
                ev.key, "supportedBy", "thanked-for-support", sent=f.sent, span=f.span, obj=f.key
            )


@rule("funder-relative", "roles")
def funder_relative(ctx: RuleContext) -> None:
    """ "la BEI, qui a financé la participation des villes invitées": the agency the
    relative clause says paid supports the event, and takes no part by this sentence."""
    rx = _relative(ctx.lex)
    text = ctx.text
    for f in _agencies(ctx):
        sent = ctx.page.sents[f.sent]
        if not rx.match(text[f.end : min(sent.end, f.end + 60)]):
            continue
        ev = _event(ctx, f.sent)
        if ev is None:
            continue
        ctx.emit(ev.key, "supportedBy", "funder-relative", sent=f.sent, span=f.span, obj=f.key)
        ctx.veto(
            Veto(
                "funder-relative",
                "participant",
                obj=f.key,
                sentence=f.sent,
                rules=frozenset({"participant-cue"}),
            )
        )
