"""Extraction rules over one document, as a package of registered rules.

The genre is narrow and formulaic (a headline, event-page blocks, a few paragraphs naming
who came, who organised, who paid, where and when), so citykg reads it with transparent
rules over gazetteer mentions and sentence boundaries rather than a statistical relation
model: every edge says which rule produced it and from which sentence.

How a document goes through (see ``docs/architecture.md``):

1. :func:`~.page.build_page` computes the :class:`~.page.Page` once: text with page
   furniture blanked, sentences, headline, label blocks, dateline, the page's year;
2. three **stages** build the records: mentions (:mod:`.mentions`, :mod:`.agencies`),
   events (:mod:`.events`, :mod:`.sessions`), initiatives (:mod:`.initiatives`);
3. the **fact rules** (registered with :func:`~.registry.rule`) run phase by phase
   (:data:`~.registry.PHASES`); each emits candidates with evidence and vetoes into a
   :class:`~.facts.FactStore`, reading only the facts settled by earlier phases;
4. :func:`~.facts.decide` settles every fact from all its evidence, whatever the order the
   rules ran in.

Everything here is a pure function of the text, its language, its sentence boundaries and
the gazetteer; :mod:`citykg.extract` wraps it into spaCy components.
"""

from __future__ import annotations

import datetime as dt

from ..gazetteer import Gazetteer
from ..lexicon import Lexicon
from . import (  # noqa: F401
    backers,
    belonging,
    bounds,
    commitments,
    countries,
    dating,
    entries,
    frames,
    grants,
    groups,
    headed,
    itinerary,
    lineups,
    negation,
    owners,
    parsed,
    partners,
    places,
    rolelists,
    roles,
    seats,
    series,
    stints,
    stories,
    structure,
    topics,
    weekdays,
    when,
    workshops,
)
from .context import Decided, RuleContext
from .events import Events, find_events
from .facts import FactStore, decide, to_relations
from .initiatives import Initiatives, find_initiatives
from .mentions import Mentions, find_mentions
from .page import Page, build_page, forget_memos, split_sentences
from .records import (
    DocResult,
    EventRec,
    Evidence,
    Fact,
    Found,
    InitRec,
    RawRelation,
    Sent,
    Token,
    Veto,
)
from .registry import PHASES, all_rules, rules_of

__all__ = [
    "DocResult",
    "EventRec",
    "Evidence",
    "Events",
    "Fact",
    "Found",
    "InitRec",
    "Initiatives",
    "Mentions",
    "Page",
    "RawRelation",
    "Sent",
    "Veto",
    "all_rules",
    "build_page",
    "records_of",
    "run_rules",
    "run_text",
]


def records_of(page: Page, gaz: Gazetteer, lex: Lexicon) -> tuple[Mentions, Events, Initiatives]:
    """The document's mentions, events and initiatives (the three stages)."""
    mentions = find_mentions(page, gaz, lex)
    events, mentions = find_events(page, lex, mentions)
    inits = find_initiatives(page, gaz, lex, mentions, events)
    return mentions, events, inits


def run_rules(
    page: Page, gaz: Gazetteer, lex: Lexicon, *, only: set[str] | None = None
) -> DocResult:
    """Every stage and every fact rule over one page (``only``: run just these rules, for
    tests and for tracing one rule's evidence)."""
    mentions, events, inits = records_of(page, gaz, lex)
    store = FactStore()
    ctx = RuleContext(page, gaz, lex, mentions, events, inits, store)
    settled: tuple[int, int] | None = None  # the store's size when last decided
    facts: list[Fact] = []
    for phase in PHASES:
        # the store only grows, and facts are immutable: a phase that emitted nothing
        # leaves the decision as it was
        if (len(store.candidates), len(store.vetoes)) != settled:
            settled = (len(store.candidates), len(store.vetoes))
            facts = decide(store, lex.single_valued, lex.enumerating)
            ctx.decided = Decided(facts)
        for r in rules_of(phase):
            if only is None or r.name in only:
                r.func(ctx)
    if (len(store.candidates), len(store.vetoes)) != settled:
        facts = decide(store, lex.single_valued, lex.enumerating)
    return DocResult(
        mentions.items, events.items, inits.items, to_relations(facts), page.sents, facts
    )


def run_text(
    text: str,
    lang: str = "en",
    title: str = "",
    *,
    gaz: Gazetteer | None = None,
    published: dt.date | None = None,
    only: set[str] | None = None,
) -> DocResult:
    """The rules over plain text without spaCy: sentences by :func:`~.page.split_sentences`,
    no person names from a NER (for tests and quick looks in a notebook)."""
    from ..gazetteer import load_gazetteer
    from ..lexicon import load_lexicon

    lex = load_lexicon()
    page = build_page(text, lang, title, split_sentences(text), lex, published=published)
    return run_rules(page, gaz or load_gazetteer(), lex, only=only)


def run_document(
    text: str,
    lang: str,
    title: str,
    sents: list[tuple[int, int]],
    gaz: Gazetteer,
    lex: Lexicon,
    *,
    persons: list[tuple[int, int]] | None = None,
    published: dt.date | None = None,
    parse: list[Token] | None = None,
) -> DocResult:
    """The rules over a document given as text and sentence spans (and, for French, the
    dependency parse)."""
    forget_memos()
    page = build_page(
        text, lang, title, sents, lex, persons=persons, published=published, parse=parse
    )
    return run_rules(page, gaz, lex)
