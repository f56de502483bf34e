"""Phase ``roles``: "the five partners" stand for a project page's partner list.

A project page lists its partners under a heading ("Partenaires", "Partners",
"Consortium"; a table of roles and names read as lines), then its news tells a meeting by
a count: "les équipes techniques des cinq partenaires se sont retrouvées à Figueres",
"the six partners met in Esbjerg". When the list names exactly that many cities and
organisations, the counted partners are they, and they take part in the event the
counting sentence tells (rule ``counted-partners``), as a counted group of cities stands
for the cities named before it (:mod:`.groups`). The heading words and the partner nouns
are data (``patterns.partner_list_headings``, ``patterns.partner_nouns``).
"""

from __future__ import annotations

import functools
import re

from ..lexicon import Lexicon
from .context import RuleContext
from .groups import counted_in_event
from .page import paragraph_after
from .records import Found
from .registry import rule


@functools.cache
def _heading(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(
        r"^[ \t#*]*(?:" + lex.alt("partner_list_headings") + r")[ \t*]*:?[ \t]*$",
        re.IGNORECASE | re.MULTILINE,
    )


@functools.cache
def _counted(lex: Lexicon) -> re.Pattern[str]:
    """ "des cinq partenaires", "the six partners": a determiner, a count, a partner noun."""
    return re.compile(
        r"(?<![\w-])(?:"
        + lex.alt("group_determiners")
        + r"|d[eu]s?)\s+(?P<n>"
        + "|".join(lex.words("group_counts"))
        + r")\s+(?:"
        + lex.alt("partner_nouns")
        + r")(?![\w-])",
        re.IGNORECASE,
    )


def _listed(ctx: RuleContext) -> list[Found]:
    """The cities and organisations of the page's partner list (the block of lines under
    its heading, down to the first blank line after it)."""
    m = _heading(ctx.lex).search(ctx.text)
    if m is None:
        return []
    start, end = paragraph_after(ctx.text, m.end())
    out: dict[str, Found] = {}
    for f in ctx.mentions.items:
        if start <= f.start < end and f.type in ("City", "Agency") and not f.modifier:
            if f.nested and f.type == "City" and f.host is not None:
                continue  # (a city inside a body's name is the body's)
            out.setdefault(f.key, f)
    return list(out.values())


@rule("counted-partners", "roles")
def counted_partners(ctx: RuleContext) -> None:
    """The partners a count stands for take part in its sentence's event."""
    listed: list[Found] | None = None
    for sent, n, event in counted_in_event(ctx, _counted(ctx.lex)):
        listed = _listed(ctx) if listed is None else listed
        if len(listed) != n:
            continue
        for f in listed:
            ctx.emit(event, "participant", "counted-partners", sent=sent, span=f.span, obj=f.key)
