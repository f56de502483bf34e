"""A name that the page says did not take part: "Apia, which hosted the first exchange,
did not send a delegation this year", "Sarajevo … did not take part", "Rabat n'a pas
participé".

The participation rules read a cue and the names of its sentence; a negated participation
verb after a name takes that name out of the event the sentence is about (a veto on its
participant evidence). The names are those of the clause before the negation, from the
last contrast ("…, but", "mais", "while") or semicolon: "Dakar and Accra took part, but
Lagos did not send anyone" keeps Dakar and Accra. The cues are
``patterns.negated_participation`` of the lexicon.
"""

from __future__ import annotations

import functools
import re

from ..lexicon import Lexicon
from .context import RuleContext
from .records import Veto
from .registry import rule


@functools.cache
def _contrast(lex: Lexicon) -> re.Pattern[str]:
    """Where the clause of a negation starts: a semicolon, or a contrast after a comma."""
    return re.compile(r";|,[ \t]*(?:" + lex.alt("contrast_openers") + r")\b", re.IGNORECASE)


@rule("negated-participation", "roles")
def negated_participation(ctx: RuleContext) -> None:
    """The names before "did not take part" / "n'a pas participé" in its clause take no
    part in the event the sentence is about."""
    rx = ctx.lex.rx("negated_participation")
    for sent in ctx.page.sents:
        for m in rx.finditer(ctx.text, sent.start, sent.end):
            start = sent.start
            for c in _contrast(ctx.lex).finditer(ctx.text, sent.start, m.start()):
                start = c.end()
            names = [
                f
                for f in ctx.mentions.actors(sent.index)
                if start <= f.start and f.end <= m.start()
            ]
            target = ctx.event_for_sentence(sent.index) or ctx.events.main
            for f in names:
                ctx.veto(
                    Veto(
                        "negated-participation",
                        "participant",
                        obj=f.key,
                        subject=target.key if target is not None else None,
                    )
                )
