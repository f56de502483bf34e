"""An agenda's entries: each event's own field lines give its place and roles.

A network's "Agenda" page lists its coming events, each a heading over its own block
("Date : du 9 au 11 juin 2026 / Lieu : Franceville (Gabon) / Organisateur : REVIDAC"), a
bulletin's stories carry their own "Where:" lines too. The page-level block rules
(``location-block``, ``role-block``) read the page's first block for its main event only;
here every other section event (:func:`.sessions.section_events`) reads the field lines
inside its own section, so the second and third entries are placed and organised by
theirs, not left bare or given the first entry's.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from ..lexicon import Lexicon
from .records import EventRec
from .registry import rule
from .structure import emit_role_names, role_names

if TYPE_CHECKING:
    from .context import RuleContext

#: field labels and the predicate their value's names take ("supportedBy" only agencies)
_ROLES = (
    ("organizer_labels", "organizer"),
    ("support_labels", "supportedBy"),
    ("participant_labels", "participant"),
)


@functools.cache
def _field(lex: Lexicon, labels: str) -> re.Pattern[str]:
    """A field line "Label : value" (Markdown marks and bullets allowed), its value."""
    return re.compile(
        r"^[ \t*#•-]*(?:" + lex.literal(labels) + r")[ \t*]*:[ \t*]*(?P<value>[^\n]+)$",
        re.IGNORECASE | re.MULTILINE,
    )


def _entries(ctx: RuleContext) -> list[EventRec]:
    """The section events other than the page's main one (whose block the page-level
    rules read)."""
    return [e for e in ctx.events.items if e.section is not None and not e.main]


@rule("entry-location", "places")
def entry_location(ctx: RuleContext) -> None:
    """ "Lieu : Owando (Congo)" inside an agenda entry places that entry: the first city of
    its own place line."""
    entries = _entries(ctx)
    if not entries:
        return
    rx = _field(ctx.lex, "location_labels")
    for ev in entries:
        a, b = ev.section  # type: ignore[misc]
        m = rx.search(ctx.text, a, b)
        if m is None:
            continue
        city = next(
            (f for f in role_names(ctx, m.start("value"), m.end("value")) if f.type == "City"),
            None,
        )
        if city is not None:
            ctx.emit(
                ev.key, "location", "entry-location", sent=city.sent, span=city.span, obj=city.key
            )


@rule("entry-roles", "roles")
def entry_roles(ctx: RuleContext) -> None:
    """ "Organisateur : REVIDAC et le FECAC", "Supported by: …" inside an agenda entry: the
    names of its own role lines organise, support or take part in that entry; a city
    among its organisers hosts, so it also takes part (as ``role-block``)."""
    for ev in _entries(ctx):
        a, b = ev.section  # type: ignore[misc]
        for labels, predicate in _ROLES:
            for m in _field(ctx.lex, labels).finditer(ctx.text, a, b):
                emit_role_names(
                    ctx, ev.key, predicate, "entry-roles", m.start("value"), m.end("value")
                )
