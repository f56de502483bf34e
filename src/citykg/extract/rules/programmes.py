"""The page's event on an agenda page whose heading only says what the page is.

An event's programme page is often headed "Programme" (or "Agenda"), while the event's
name stands only in the browser title ("Programme | Lakes and Shores Forum 2026 |
SEECAP") and perhaps once in the lead ("Three days in Durrës for the Lakes and Shores
Forum 2026"). The heading is then one segment of the title, and the segment that names a
gathering is the page's event; the body's mention of the same name is that event, not a
conference of its own.
"""

from __future__ import annotations

import re

from ..lexicon import Lexicon
from .page import Page
from .records import EventRec

#: how a page title separates its parts: "Programme | Forum 2026 | Site", "Programme - …"
_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s*\|\s*")
_YEAR = re.compile(r"\s+20\d\d$")


def titled_programme(page: Page, lex: Lexicon) -> EventRec | None:
    """The event a generic heading's page title names, or None."""
    head = page.headline
    if not head or not page.title:
        return None
    first = head[0]
    heading = first.text.casefold().rstrip(" :")
    parts = [p.strip() for p in _SEPARATOR.split(page.title) if p.strip()]
    if len(parts) < 2 or not any(p.casefold() == heading for p in parts):
        return None
    cues = [lex.rx(n) for n in ("conference_triggers", "exchange_triggers", "title_gatherings")]
    name = next(
        (p for p in parts if p.casefold() != heading and any(rx.search(p) for rx in cues)), None
    )
    if name is None:
        return None
    main = EventRec("docevent:0", "Event", name, main=True)
    main.spans.append((first.start, first.end))
    return main


def absorb_named(main: EventRec, confs: list[EventRec]) -> list[EventRec]:
    """The conferences left once the body's mentions of the titled event ("for the Lakes
    and Shores Forum 2026") are that event's spans."""
    own = {main.label.casefold(), _YEAR.sub("", main.label).casefold()}
    kept = []
    for conf in confs:
        if conf.key.startswith("docevent:g") and conf.label.casefold() in own:
            main.aliases.add(conf.label)
            main.spans += conf.spans
        else:
            kept.append(conf)
    return kept
