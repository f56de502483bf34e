"""Phase ``roles``: a counted group that stands for the cities named before it.

Announcements name the cities once, then go on with a count: "The City of A, the City of
B … will each receive … The five cities will meet for the first time at an online
kick-off", "en présence des maires des cinq villes lauréates". "The five cities" (the
count, then a noun for cities) are the five cities of the nearest sentence before that
names exactly five, and they take part in the event the counting sentence tells.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from ..lexicon import Lexicon
from .context import RuleContext
from .records import Found
from .registry import rule

#: how many sentences back the counted cities may have been named
_LOOKBACK = 4


@functools.cache
def _counted(lex: Lexicon) -> re.Pattern[str]:
    counts = lex.words("group_counts")
    return re.compile(
        r"(?<![\w-])(?:"
        + lex.alt("group_determiners")
        + r")\s+(?P<n>"
        + "|".join(counts)
        + r")\s+(?:[\w-]+\s+)?(?:"
        + lex.alt("group_nouns")
        + r")(?![\w-])",
        re.IGNORECASE,
    )


def _count(lex: Lexicon, word: str) -> int:
    """The number a count word says ("five", "cinq" → 5)."""
    for lang in ("en", "fr"):
        words = [w.lower() for w in lex.words("group_counts", lang)]
        if word.lower() in words:
            return words.index(word.lower()) + 2
    return 0


def _named_before(ctx: RuleContext, i: int, n: int) -> list[Found]:
    """The cities of the nearest earlier sentence that names exactly ``n`` of them."""
    for j in range(i - 1, max(-1, i - 1 - _LOOKBACK), -1):
        cities: dict[str, Found] = {}
        for f in ctx.mentions.actors(j):
            if f.type == "City":
                cities.setdefault(f.key, f)
        if len(cities) == n:
            return list(cities.values())
    return []


def counted_in_event(ctx: RuleContext, rx: re.Pattern[str]) -> Iterator[tuple[int, int, str]]:
    """``(sentence, count, event key)`` for each sentence where ``rx`` finds a counted
    group (its ``n`` group the number word) and that tells exactly one event that is no
    conference: with none or several, the group's role is not said."""
    for s in ctx.page.sents:
        m = rx.search(ctx.text, s.start, s.end)
        if m is None:
            continue
        events = [e for e in ctx.events.mentioned_in(s.index) if not e.conference]
        if len(events) == 1:
            yield s.index, _count(ctx.lex, m.group("n")), events[0].key


@rule("counted-group", "roles")
def counted_group(ctx: RuleContext) -> None:
    """The cities a counted group stands for take part in its sentence's event."""
    for sent, n, event in counted_in_event(ctx, _counted(ctx.lex)):
        for f in _named_before(ctx, sent, n):
            ctx.emit(event, "participant", "counted-group", sent=sent, span=f.span, obj=f.key)
