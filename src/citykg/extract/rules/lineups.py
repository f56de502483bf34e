"""Who an event page lists: its speakers and its running order.

Event pages list speakers one a line under "Intervenants" / "Speakers", each line a
person, a role and the body they come from ("Awa Sarr, directrice des services
techniques, commune de Mbour, Sénégal"), and give a running order of timed lines
("10 h 15 Dosso et Metz : 14 forages réhabilités"). The cities and bodies of those lines
take part in the page's event; its organiser is not also a participant by them (the
organiser opens the day or moderates).
"""

from __future__ import annotations

import functools
import re

from ..lexicon import Lexicon
from .context import RuleContext
from .records import Found
from .registry import rule

#: A speaker's line: a person's name (two capitalised words or more), then a comma.
_PERSON_LINE = re.compile(
    r"[ \t*•·-]*(?:(?:Dr|Pr|M|Mme)\.?[ \t]+)?[A-ZÀ-Ý][\w'’-]+(?:[ \t-]+[A-ZÀ-Ý][\w'’-]+){1,3}[ \t]*,"
)
#: A running-order line: a time first ("10 h 15", "9h30", "14:00").
_TIMED_LINE = re.compile(r"[ \t*•·-]*\d{1,2}[ \t]*(?:h|:|\.)[ \t]*\d{0,2}\b")


@functools.cache
def _heading(lex: Lexicon, labels: str) -> re.Pattern[str]:
    """A heading line made of one of the labels only (with a colon or not)."""
    return re.compile(
        r"^[ \t#*]*(?:" + lex.literal(labels) + r")[ \t]*:?[ \t]*$", re.IGNORECASE | re.MULTILINE
    )


def _lines_after(text: str, pos: int) -> list[tuple[int, int]]:
    """The non-blank lines after ``pos``, up to the end of the page."""
    out, at = [], text.find("\n", pos)
    while at != -1:
        end = text.find("\n", at + 1)
        end = len(text) if end == -1 else end
        if text[at + 1 : end].strip():
            out.append((at + 1, end))
        at = -1 if end >= len(text) else end
    return out


def _listed(ctx: RuleContext, labels: str, line_rx: re.Pattern[str]) -> list[Found]:
    """The cities and bodies on the lines of the kind ``line_rx`` reads right under a
    heading of ``labels`` (the list ends at the first other line)."""
    out: list[Found] = []
    text = ctx.text
    for h in _heading(ctx.lex, labels).finditer(text):
        for a, b in _lines_after(text, h.end()):
            if not line_rx.match(text, a, b):
                break
            out += [
                f
                for f in ctx.mentions.items
                if a <= f.start < b
                and not f.nested
                and not f.modifier
                and f.type in ("City", "Agency")
            ]
    return out


def _emit_listed(ctx: RuleContext, found: list[Found], name: str) -> None:
    main = ctx.events.main
    if main is None or main.conference:
        return
    sessions = [sp for ev in ctx.events.items if ev.parent == main.key for sp in ev.spans]
    organisers = ctx.decided.objects(main.key, "organizer")
    for f in found:
        if f.key in organisers or any(a <= f.start < b for a, b in sessions):
            continue  # the organiser opens the day; a session's line is the session's
        ctx.emit(main.key, "participant", name, sent=f.sent, span=f.span, obj=f.key)


@rule("speaker-lines", "hosts")
def speaker_lines(ctx: RuleContext) -> None:
    """ "Intervenants" and one speaker a line ("Name, role, Ville d'Annecy"): the cities
    and bodies of the lines take part."""
    _emit_listed(ctx, _listed(ctx, "participant_labels", _PERSON_LINE), "speaker-lines")


@rule("running-order", "hosts")
def running_order(ctx: RuleContext) -> None:
    """ "Au programme" / "Déroulé" and timed lines ("11 h 30 - Annecy et Valence : deux
    choix de collecte"): the cities and bodies of the lines take part."""
    _emit_listed(ctx, _listed(ctx, "programme_labels", _TIMED_LINE), "running-order")
