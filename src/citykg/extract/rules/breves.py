"""A local paper's "En bref" column: brèves headed by their town, one event each.

Regional papers print their short news as a column of brèves, each opened by its town in
capitals and a full stop ("PONTIVY. Une délégation tchadienne reçue à la mairie", "NOYAL-
PONTIVY. Collecte de sang"), and only some of them tell a cooperation. A brève whose own
heading and paragraph carry an exchange word, a delegation or a visit is one event (a
night market or a blood drive is none); its paragraph dates it, and its town, where the
paper's correspondent writes from, is where it happens.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from ..folding import fold
from ..lexicon import Lexicon
from .page import Page, paragraph_after
from .records import EventRec
from .registry import rule

if TYPE_CHECKING:
    from .context import RuleContext

#: a brève's title is at most this many words; a column has at least this many brèves
_HEAD_WORDS = 16
_COLUMN = 2

_CAPS = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ"


@functools.cache
def _heading() -> re.Pattern[str]:
    """ "PONTIVY. Title" / "SAINT-BRIEUC. Title": a town in capitals, a full stop, a title
    that is not a sentence, alone on its line."""
    return re.compile(
        rf"^[ \t#*]*(?P<town>[{_CAPS}][{_CAPS}'’ -]{{2,40}}[{_CAPS}])\.[ \t]+"
        r"(?P<title>[^\n]*[^\s.;:,!])[ \t*]*$",
        re.M,
    )


@functools.cache
def _cue(lex: Lexicon) -> re.Pattern[str]:
    """What makes a brève a cooperation story: an exchange word, a delegation, a visit."""
    alts = [lex.alt(n) for n in ("exchange_triggers", "delegation_words", "visit_verbs")]
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(alts) + r")(?![\w'’-])", re.I)


def column_stories(page: Page, lex: Lexicon) -> list[EventRec]:
    """Two or more town-headed brèves: one event per brève that tells a cooperation,
    labelled by its title; its section is its heading and paragraph."""
    text = page.text
    if ". " not in text:
        return []
    heads = [m for m in _heading().finditer(text) if len(m.group("title").split()) <= _HEAD_WORDS]
    if len(heads) < _COLUMN:
        return []
    cue = _cue(lex)
    ex_rx = lex.rx("exchange_triggers")
    out: list[EventRec] = []
    for n, m in enumerate(heads):
        _, end = paragraph_after(text, m.end())
        if n + 1 < len(heads):
            end = min(end, heads[n + 1].start())
        if cue.search(text, m.start("title"), end) is None:
            continue
        # a delegation, a visit, an exchange: the brève tells an exchange
        ev = EventRec(
            f"docevent:{len(out)}", "Exchange", m.group("title").strip(), section=(m.start(), end)
        )
        ev.spans.append((m.start("title"), m.end("title")))
        ev.spans += [t.span() for t in ex_rx.finditer(text, m.end(), end)]
        out.append(ev)
    return out


@rule("breve-town", "places")
def breve_town(ctx: RuleContext) -> None:
    """A brève happens in the town that heads it ("PONTIVY. Une délégation tchadienne
    reçue à la mairie … sont à Pontivy depuis lundi"): the brève's mention of that town
    (the capitals of the heading are no mention) places its event."""
    for ev in ctx.events.items:
        if ev.section is None or not ev.spans:
            continue
        a, b = ev.section
        m = _heading().match(ctx.text, a, b)
        if m is None or ev.spans[0] != m.span("title"):
            continue
        town = fold(m.group("town"))
        city = next(
            (
                f
                for f in ctx.mentions.items
                if f.type == "City" and not f.nested and a <= f.start < b and fold(f.text) == town
            ),
            None,
        )
        if city is not None:
            ctx.emit(ev.key, "location", "breve-town", sent=city.sent, span=city.span, obj=city.key)
