"""Phases ``topics`` and ``located-in``: what events and initiatives are about, and where
organisations are.

In this genre the headline names the subject of the page, so the topics in the title lines
belong to the main event; an event's or initiative's own name and a cue ("on", "consacré
à") next to it say the rest. An initiative whose name carries no topic takes the first topic
of the sentence that introduces it. When nothing ties the main event to a topic, the
document's dominant topic (named at least twice, more often than any other) stands in.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict

from ..lexicon import Lexicon
from .context import RuleContext
from .records import Found
from .registry import rule


def _topic_mentions(ctx: RuleContext) -> list[Found]:
    """The page's topics, but not a person's portfolio ("l'adjoint chargé de la transition
    écologique", "head of climate adaptation"): that says who someone is, not what the
    event is about."""
    office = _portfolio(ctx.lex)
    return [
        f
        for f in ctx.mentions.items
        if f.type == "Topic" and not office.search(ctx.text, max(0, f.start - 40), f.start)
    ]


@functools.cache
def _portfolio(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w-])(?:" + lex.alt("portfolio_cues") + r")[ \t]*(?:(?:la|le|les|the)[ \t]+)?\Z",
        re.IGNORECASE,
    )


def name_topics(ctx: RuleContext, labels: list[str]) -> list[str]:
    keys: list[str] = []
    for g in (g for lab in labels for g in ctx.gaz.match(lab)):
        e = ctx.gaz.entries[g.keys[0]]
        if e.type == "Topic" and e.key not in keys:
            keys.append(e.key)
    return keys


def _kinds(ctx: RuleContext) -> frozenset[str]:
    """Topics that name a kind of initiative rather than what it is about: a climate action
    plan is "about" its measures (methane, buses), not about climate planning."""
    return ctx.lex.word_set("kind_topics")


@functools.cache
def _before_cue(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(r"(?:" + lex.rx("topic_cues").pattern + r")\b[^.;:]{0,50}$", re.IGNORECASE)


@rule("topic-in-title", "topics")
def topic_in_title(ctx: RuleContext) -> None:
    """An event's own name says what it is about ("Peer exchange on e-buses", a
    conference's too: "Clean Rivers Forum")."""
    if not _topic_mentions(ctx):
        return  # a page that names no topic gives none to its events
    for ev in ctx.events.items:
        for key in name_topics(ctx, [ev.label, *sorted(ev.aliases)]):
            if ev.conference and key in _kinds(ctx):
                continue  # "UN Climate Change Conference" is not about climate change as such
            ctx.emit(ev.key, "topic", "topic-in-title", sent=0, span=(-1, -1), obj=key)


@rule("topic-cue", "topics")
def topic_cue(ctx: RuleContext) -> None:
    """ "un atelier consacré à la chaleur urbaine": a topic after a cue, in a sentence
    naming the event."""
    rx = _before_cue(ctx.lex)
    for f in _topic_mentions(ctx):
        s = ctx.page.sents[f.sent]
        if not rx.search(ctx.text[s.start : f.start]):
            continue
        for ev in ctx.events.mentioned_in(f.sent):
            if not ev.conference:
                ctx.emit(ev.key, "topic", "topic-cue", sent=f.sent, span=f.span, obj=f.key)


def _initiative_sentences(ctx: RuleContext, spans: list[tuple[int, int]]) -> dict[int, int]:
    """Sentence → where the initiative's words about it begin: after its name in the
    sentences naming it, from the start of the one after the first when that one goes on
    about it ("It tackles …", "Le projet vise …")."""
    after: dict[int, int] = {}
    for a, b in sorted(spans):
        after.setdefault(ctx.page.sentence_of(a), b)
    first = min(after)
    if first + 1 < len(ctx.page.sents) and first + 1 not in after:
        nxt = ctx.page.sents[first + 1]
        if _continues(ctx.lex).match(ctx.text[nxt.start : nxt.end]):
            after[first + 1] = nxt.start
    return after


@functools.cache
def _continues(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(r"\s*(?:" + lex.alt("initiative_continuations") + r")\b", re.IGNORECASE)


@rule("initiative-topic-cue", "topics")
def initiative_topic_cue(ctx: RuleContext) -> None:
    """ "The X project … addresses flood risk": a topic after a cue in a
    sentence that names the initiative or goes on about it."""
    rx = _before_cue(ctx.lex)
    kinds = _kinds(ctx)
    topics = _topic_mentions(ctx)
    for rec in ctx.inits.items:
        if not rec.spans:
            continue
        sents = _initiative_sentences(ctx, rec.spans)
        for f in topics:
            if f.start < sents.get(f.sent, len(ctx.text)) or f.key in kinds:
                continue
            s = ctx.page.sents[f.sent]
            if rx.search(ctx.text[s.start : f.start]):
                ctx.emit(
                    rec.key, "topic", "initiative-topic-cue", sent=f.sent, span=f.span, obj=f.key
                )


@rule("topic-in-headline", "topics")
def topic_in_headline(ctx: RuleContext) -> None:
    """The headline (and the document's title) names the subject of the page's event."""
    main = ctx.events.main
    if main is None or main.conference or not _topic_mentions(ctx):
        return
    title = ctx.page.title
    if title.endswith("…"):  # the first words of a long first line: its last word is cut
        title = title[:-1].rsplit(" ", 1)[0]
    if title:
        for key in name_topics(ctx, [title]):
            ctx.emit(main.key, "topic", "topic-in-headline", sent=0, span=(-1, -1), obj=key)
    for f in _topic_mentions(ctx):
        if any(h.start <= f.start < h.end for h in ctx.page.headline):
            ctx.emit(main.key, "topic", "topic-in-headline", sent=f.sent, span=f.span, obj=f.key)


@rule("topic-in-lead", "topics")
def topic_in_lead(ctx: RuleContext) -> None:
    """The lead (the first body sentence) states what the story is about."""
    main = ctx.events.main
    if main is None or main.conference:
        return
    lead = [x for x in ctx.page.sents if x.start >= ctx.page.headline_end and x.end - x.start > 60][
        :1
    ]
    if not lead:
        return
    rx = _before_cue(ctx.lex)
    for f in _topic_mentions(ctx):
        if f.sent != lead[0].index:
            continue
        # a kind of initiative is the subject when the lead says the story is about it
        # ("to learn from the experience of the city's climate plan")
        if f.key not in _kinds(ctx) or rx.search(ctx.text[lead[0].start : f.start]):
            ctx.emit(main.key, "topic", "topic-in-lead", sent=f.sent, span=f.span, obj=f.key)


@functools.cache
def _tag_line(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(
        r"^[ \t]*(?:" + lex.alt("tag_labels") + r")[ \t]*:[^\n]*$", re.IGNORECASE | re.MULTILINE
    )


_HASHTAG = re.compile(r"(?<![\w#])#([A-Za-zÀ-ÿ][\w]{2,60})")


@rule("topic-tags", "topics")
def topic_tags(ctx: RuleContext) -> None:
    """ "Tags: climate adaptation, urban heat", "#CoastalResilience #Mangroves": a page's
    tag line and a post's hashtags name what its event is about."""
    main = ctx.events.main
    if main is None or main.conference:
        return
    for line in _tag_line(ctx.lex).finditer(ctx.text):
        for f in _topic_mentions(ctx):
            if line.start() <= f.start < line.end():
                ctx.emit(main.key, "topic", "topic-tags", sent=f.sent, span=f.span, obj=f.key)
    for m in _HASHTAG.finditer(ctx.text):
        words = re.sub(r"(?<=[a-zà-ÿ])(?=[A-Z])", " ", m.group(1))  # CoastalResilience
        for key in name_topics(ctx, [words]):
            if key not in _kinds(ctx):
                sent = ctx.page.sentence_of(m.start())
                ctx.emit(main.key, "topic", "topic-tags", sent=sent, span=m.span(), obj=key)


@rule("dominant-topic", "topics")
def dominant_topic(ctx: RuleContext) -> None:
    """When nothing else ties the main event to a topic, the page's dominant topic (named
    twice or more, more often than any other) stands in (a fallback)."""
    main = ctx.events.main
    if main is None or main.conference:
        return
    ments = [f for f in _topic_mentions(ctx) if f.key not in _kinds(ctx)]
    ranked = Counter(f.key for f in ments).most_common(2)
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        f = next(f for f in ments if f.key == ranked[0][0])
        ctx.emit(
            main.key, "topic", "dominant-topic", sent=f.sent, span=f.span, obj=f.key, fallback=True
        )


@rule("topic-in-name", "topics")
def topic_in_name(ctx: RuleContext) -> None:
    """An initiative's name says what it is about ("plan chaleur", "Clean Air Roadmap");
    failing that, the first topic after its name in the sentence that introduces it ("the
    Bus Rapid Transit law, which electrifies …") stands in (a fallback)."""
    kinds = _kinds(ctx)
    topics = _topic_mentions(ctx)
    if not topics:
        return
    for rec in ctx.inits.items:
        for key in name_topics(ctx, [rec.label, *sorted(rec.aliases)]):
            if key not in kinds:
                ctx.emit(rec.key, "topic", "topic-in-name", sent=0, span=(-1, -1), obj=key)
        if not rec.spans:
            continue
        first = min(rec.spans)
        i = ctx.page.sentence_of(first[0])
        after = [f for f in topics if f.sent == i and f.start >= first[1] and f.key not in kinds]
        if after:
            ctx.emit(
                rec.key,
                "topic",
                "topic-in-definition",
                sent=i,
                span=after[0].span,
                obj=after[0].key,
                fallback=True,
            )


#: a capitalised word right after a country: the country is inside a longer name
_NAME_GOES_ON = re.compile(r"[ \t]+(?!(?:and|et|or|ou|in|en)\b)[A-Z][a-z]")


@rule("named-after-place", "located-in")
def named_after_place(ctx: RuleContext) -> None:
    """ "Ville de Dakar …", "Copenhagen Climate Office": an agency whose name holds a
    place is located there."""
    for f in ctx.mentions.items:
        if f.nested and f.host:
            ctx.emit(f.host, "locatedIn", "named-after-place", sent=f.sent, span=f.span, obj=f.key)


@rule("qualified-by-country", "located-in")
def qualified_by_country(ctx: RuleContext) -> None:
    """ "X Office de Finlande": a country qualifying an agency with no place in its name."""
    hosts = {m.host for m in ctx.mentions.items if m.nested}
    prev: Found | None = None
    for f in ctx.mentions.items:
        if (
            f.modifier
            and f.type == "Country"
            and prev is not None
            and prev.type == "Agency"
            and prev.key not in hosts
            and not _NAME_GOES_ON.match(ctx.text, f.end)  # "World Bank Andes Transport Team"
        ):
            ctx.emit(
                prev.key, "locatedIn", "qualified-by-country", sent=f.sent, span=f.span, obj=f.key
            )
        if not f.nested:
            prev = f


@rule("city-in-country", "located-in")
def city_in_country(ctx: RuleContext) -> None:
    """ "Porto-Novo au Bénin", "Kisumu, Kenya", "Mopti (Mali)", "the towns of Kumasi and
    Tamale in Ghana": a page places a city in a country when it names both in one
    sentence and GeoNames agrees. Where GeoNames puts every city is published apart
    (``gno:parentCountry``, :mod:`citykg.resolve`); this is what the page states."""
    by_sent: dict[int, list[Found]] = defaultdict(list)
    for f in ctx.mentions.items:
        if f.type == "City" or (f.type == "Country" and not f.nested):  # "Turku X Office"
            by_sent[f.sent].append(f)
    for i, found in sorted(by_sent.items()):
        countries = {f.key: f for f in found if f.type == "Country"}
        for f in found:
            entry = ctx.gaz.entries.get(f.key) if f.type == "City" else None
            country = countries.get(f"country:{entry.country}") if entry and entry.country else None
            if country is not None:
                span = (min(f.start, country.start), max(f.end, country.end))
                ctx.emit(f.key, "locatedIn", "city-in-country", sent=i, span=span, obj=country.key)


def _place_in_name(ctx: RuleContext, f: Found) -> list[tuple[str, tuple[int, int]]]:
    """The cities and countries a known agency's name on the page holds in the
    "<body> de/du/of <place>" or "<place> <body>" form ("Association des maires du
    Mali", "Kampala Capital City Authority"), when the gazetteer's own record of the agency
    agrees (the place is its country or a city of it): a name that only looks like a place
    ("Expertise France") or a place of another country is no placement."""
    entry = ctx.gaz.entries.get(f.key)
    if entry is None or not entry.country:
        return []
    found: list[tuple[str, tuple[int, int]]] = []
    for start in _place_starts(ctx.lex, f.text):
        ends = [m.start() for m in re.finditer(r"\s", f.text[start:])][:3] + [len(f.text) - start]
        for m in (m for end in ends for m in ctx.gaz.match(f.text[start : start + end])):
            if m.start != 0 or m.end not in ends:
                continue
            for key in m.keys:
                place = ctx.gaz.entries.get(key)
                if place is None or place.type not in ("City", "Country"):
                    continue
                if place.country == entry.country and key not in {k for k, _ in found}:
                    found.append((key, (f.start + start, f.start + start + m.end)))
                    break
    return found


def _place_starts(lex: Lexicon, name: str) -> list[int]:
    """Where a place can start in an agency's name: after "de/du/of (the)", or at its
    first word when the next words are the body ("Kumasi Metropolitan Assembly")."""
    starts = [m.end() for m in _name_preps(lex).finditer(name)]
    if " " in name:
        starts.append(0)
    return starts


@functools.cache
def _name_preps(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(
        r"\b(?:" + lex.alt("qualifier_preps") + r")\s*(?:l['’]|la\s+|the\s+)?(?=\w)", re.I
    )


@rule("agency-named-after-place", "located-in")
def agency_named_after_place(ctx: RuleContext) -> None:
    """ "Communauté urbaine de Yaoundé", "District de Bamako", "Association nationale des
    communes du Niger": a known agency named after its city or country is
    located there (the page's own wording of the name, with its sentence as evidence)."""
    for f in ctx.mentions.items:
        if f.type != "Agency" or f.nested:
            continue
        for key, span in _place_in_name(ctx, f):
            ctx.emit(
                f.key, "locatedIn", "agency-named-after-place", sent=f.sent, span=span, obj=key
            )


@functools.cache
def _based_in(lex: Lexicon) -> re.Pattern[str]:
    """An agency, at most a parenthesised acronym and a comma, then a "based in" cue."""
    return re.compile(
        r"\s*(?:\([^()]{1,20}\))?\)?\s*,?\s*(?:" + lex.alt("based_in_cues") + r")\s*$", re.I
    )


@rule("agency-based-in", "located-in")
def agency_based_in(ctx: RuleContext) -> None:
    """ "l'Agence régionale de l'énergie (ARE), basée à Niamey", "X, headquartered in
    Nairobi": a based-in cue between an agency and a city places the agency there."""
    rx = _based_in(ctx.lex)
    prev: Found | None = None
    for f in ctx.mentions.items:
        if f.nested:
            continue
        if (
            f.type == "City"
            and prev is not None
            and prev.type == "Agency"
            and prev.sent == f.sent
            and rx.fullmatch(ctx.text[prev.end : f.start])
        ):
            span = (prev.start, f.end)
            ctx.emit(prev.key, "locatedIn", "agency-based-in", sent=f.sent, span=span, obj=f.key)
        prev = f


@rule("country-apposition", "located-in")
def country_apposition(ctx: RuleContext) -> None:
    """ "le gouvernement du Sénégal (ministère de l'Urbanisme)": an agency in brackets
    right after a country is that country's."""
    prev: Found | None = None
    for f in ctx.mentions.items:
        if f.nested:
            continue
        if (
            f.type == "Agency"
            and prev is not None
            and prev.type == "Country"
            and re.fullmatch(r"\s*\(\s*", ctx.text[prev.end : f.start])
        ):
            span = (prev.start, f.end)
            ctx.emit(f.key, "locatedIn", "country-apposition", sent=f.sent, span=span, obj=prev.key)
        prev = f
