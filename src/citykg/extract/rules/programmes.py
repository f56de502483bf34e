"""The page's event on an agenda page whose heading only says what the page is.

An event's programme page is often headed "Programme" (or "Agenda"), while the event's
name stands only in the browser title ("Programme | Lakes and Shores Forum 2026 |
SEECAP") and perhaps once in the lead ("Three days in Durrës for the Lakes and Shores
Forum 2026"). The heading is then one segment of the title, and the segment that names a
gathering is the page's event; the body's mention of the same name is that event, not a
conference of its own.
"""

from __future__ import annotations

import functools
import re

from ..lexicon import Lexicon
from .gatherings import absorb_gatherings
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
    return absorb_gatherings(main, confs, lambda label: label.casefold() in own)


@functools.cache
def _titled_gathering(lex: Lexicon) -> re.Pattern[str]:
    """A gathering's title-case name ending on a word that names gatherings in titles
    ("Baltic Heat Days 2026", "Pacific Urban Water Dialogue")."""
    heads = "|".join(
        w[0].upper() + w[1:] for w in sorted(lex.words("title_gatherings", "en"), key=len)[::-1]
    )
    cap = r"[A-Z][\w'’-]*"
    return re.compile(
        r"(?<![\w'’-])(?P<name>" + cap + r"(?:[ \t]+(?:(?:and|&|of|for)[ \t]+)?" + cap + r"){0,5}"
        r"[ \t]+(?:" + heads + r")(?:[ \t]+20\d\d)?)(?![\w'’-])"
    )


def named_gathering(page: Page, lex: Lexicon) -> EventRec | None:
    """On a page that names no event otherwise: a page headed by a gathering's title-case
    name with its year or blocks ("Baltic Heat Days 2026"), or an opening that names it
    after "for the", "at the" ("three busy days in Lae for the Pacific Urban Water
    Dialogue")."""
    rx = _titled_gathering(lex)
    head = page.headline
    m = rx.fullmatch(head[0].text) if head else None
    if m is not None and (page.is_event_page or _YEAR.search(m.group("name"))):
        main = EventRec("docevent:0", "Event", m.group("name"), main=True)
        main.spans.append((head[0].start, head[0].end))
        return main
    for s in page.sents[:5]:
        for m in rx.finditer(page.text, s.start, s.end):
            before = page.text[max(0, m.start() - 12) : m.start()]
            if re.search(r"(?:for|at|to)[ \t]+the[ \t]+\Z", before):
                main = EventRec("docevent:0", "Event", m.group("name"), main=True)
                main.spans.append((m.start("name"), m.end("name")))
                return main
    return None
