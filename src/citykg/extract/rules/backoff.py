"""The page's story as its event, when no rule named one.

Pages of decentralised cooperation often tell a mission, a visit or a working week without
any word our triggers know: "Trois élus montois … ont passé la deuxième quinzaine de
février dans la commune urbaine d'Ambositra", "l'ATCI a dépêché une mission de trois
experts", "la Ville de Nouméa a reçu une équipe de la municipalité de Port-Vila", an
interview's chapo "revient d'une semaine à Jacmel". What such a page is about is told by
its structure: the headline and the chapo name two partners (two cities, or a city and a
body), and the page exists to report what they did together. When every other way of
finding the page's event failed, that story is the event (stage ``events``:
:func:`page_story`), labelled by the headline; the fact rules then read its partners,
dates and funders as they would for any event.

An exchange trigger in the lead ("lors d'un séminaire de clôture tenu en visioconférence")
names the story better than the headline does; its phrase becomes an alias.
"""

from __future__ import annotations

from ..lexicon import Lexicon
from .mentions import Mentions
from .page import Line, Page, date_line
from .records import EventRec

#: how many body sentences (of six words or more) form the chapo read with the headline
_LEAD = 2
#: the partners (distinct cities and bodies, one city at least) the headline and chapo name
_PARTNERS = 2


def _lead_spans(page: Page) -> list[tuple[int, int]]:
    """The chapo: the first body sentences of six words or more, date lines skipped."""
    start = page.headline_end
    out = []
    for x in page.sents:
        if x.start < start:
            continue
        st = page.sent_text(x.index)
        if date_line(st, page.lang) or len(st.split()) < 6:
            continue
        out.append((x.start, x.end))
        if len(out) == _LEAD:
            break
    return out


def _partners(mentions: Mentions, spans: list[tuple[int, int]]) -> tuple[set[str], set[str]]:
    """The keys of the cities and of the bodies named inside ``spans``."""
    cities: set[str] = set()
    bodies: set[str] = set()
    for f in mentions.items:
        if not any(a <= f.start < b for a, b in spans):
            continue
        if f.type == "City" and not f.nested:
            cities.add(f.key)
        elif f.type == "Agency":
            bodies.add(f.key)
    return cities, bodies


def page_story(page: Page, lex: Lexicon, mentions: Mentions, title: Line | None) -> EventRec | None:
    """The page's event told only by its structure: a title, and two partners (one a
    city) named by the title and the chapo."""
    if title is None or len(title.text.split()) < 4:
        return None
    lead = _lead_spans(page)
    if not lead:
        return None
    cities, bodies = _partners(mentions, [(title.start, title.end), *lead])
    if not cities or len(cities | bodies) < _PARTNERS:
        return None
    conf = lex.rx("conference_triggers")
    kind = "Event" if conf.search(title.text) else "Exchange"
    main = EventRec("docevent:0", kind, title.text, main=True)
    main.spans.append((title.start, title.end))
    ex_rx = lex.rx("exchange_triggers")
    for a, b in lead:
        if (tm := ex_rx.search(page.text, a, b)) is not None:
            main.spans.append(tm.span())
            break
    return main
