"""Roles the page's structure states: titles, label blocks, programme lines, and how
sessions belong to gatherings and conferences (phase ``roles``); the host city's part in
its exchange (phase ``hosts``)."""

from __future__ import annotations

import bisect
import functools
import re

from ..dates import DateMention
from ..lexicon import Lexicon
from .context import RuleContext
from .records import EventRec, Found, Veto
from .registry import rule


@rule("named-in-title", "roles")
def named_in_title(ctx: RuleContext) -> None:
    """Cities named in an exchange's title present their own work there: "Tirana shows
    Skopje and Podgorica …", "Échange entre pairs à Dakar"."""
    main = ctx.events.main
    if main is None or main.type != "Exchange":
        return
    if main.spans:
        a, b = main.spans[0]
        for f in ctx.mentions.items:
            if f.type == "City" and not f.nested and a <= f.start < b:
                ctx.emit(
                    main.key, "participant", "named-in-title", sent=f.sent, span=f.span, obj=f.key
                )
    for g in ctx.gaz.match(main.label):
        if ctx.gaz.entries[g.keys[0]].type != "City":
            continue
        f = next((f for f in ctx.mentions.items if f.text == g.text and f.type == "City"), None)
        if f is not None:
            ctx.emit(main.key, "participant", "named-in-title", sent=0, span=(-1, -1), obj=f.key)


@rule("role-block", "roles")
def role_block(ctx: RuleContext) -> None:
    """Event-page blocks name the roles outright: "Organisateurs : A et B", "Supported
    by: C", "Villes participantes : …". A city among the organisers hosts, so it also
    takes part (the contract's host rule)."""
    main = ctx.events.main
    if main is None or main.conference:
        return
    for labels, predicate in (
        ("organizer_labels", "organizer"),
        ("support_labels", "supportedBy"),
        ("participant_labels", "participant"),
    ):
        span = ctx.page.block_value(labels, strict=True)
        if span is None:
            continue
        emit_role_names(ctx, main.key, predicate, "role-block", span[0], span[1])


def role_names(ctx: RuleContext, a: int, b: int) -> list[Found]:
    """The cities, agencies and countries named in ``text[a:b]`` (a role line's value),
    none nested in a longer name or a modifier of one."""
    return [
        f
        for f in ctx.mentions.items
        if a <= f.start < b
        and not f.nested
        and not f.modifier
        and f.type in ("City", "Agency", "Country")
    ]


def emit_role_names(
    ctx: RuleContext, key: str, predicate: str, rule_name: str, a: int, b: int
) -> None:
    """``key`` ``predicate`` each body a role line's value ``text[a:b]`` names (for role
    blocks and agenda entries alike): "Hosted by: A, with support from B": B supports, it
    does not organise; only agencies support; a city among the organisers hosts, so it
    also takes part (the contract's host rule)."""
    support = ctx.lex.rx("support_cues").search(ctx.text, a, b)
    if predicate != "supportedBy" and support is not None:
        b = support.start()
    for f in role_names(ctx, a, b):
        if predicate == "supportedBy" and f.type != "Agency":
            continue
        ctx.emit(key, predicate, rule_name, sent=f.sent, span=f.span, obj=f.key)
        if predicate == "organizer" and f.type == "City":
            ctx.emit(
                key,
                "participant",
                "host-participates",
                sent=f.sent,
                span=f.span,
                obj=f.key,
                confidence=ctx.lex.conf("organiser-hosts"),
            )


@rule("session-of-gathering", "roles")
def session_of_gathering(ctx: RuleContext) -> None:
    """A session of a gathering (a programme line under the summit's headline) is part of
    it, and the places and organisations of its speakers' line take part in it."""
    for ev in ctx.events.items:
        if ev.parent is None:
            continue
        if ev.spans and ctx.page.own_line(ev.spans[0]):
            _speakers_line(ctx, ev)
        sent = ctx.page.sentence_of(ev.spans[0][0]) if ev.spans else 0
        span = ev.spans[0] if ev.spans else (-1, -1)
        ctx.emit(ev.key, "partOf", "session-of-gathering", sent=sent, span=span, obj=ev.parent)


@rule("session-day", "roles")
def session_day(ctx: RuleContext) -> None:
    """A programme's sessions listed under a day heading ("Lundi 17 novembre", "Day 2 –
    Tuesday 18 November" on a line of its own) take place that day (a fallback: a date
    written for the session wins)."""
    headings = [
        d
        for d in ctx.page.dates
        if d.begin is not None and d.precision == "day" and d.finish is None and _own_line(ctx, d)
    ]
    if not headings:
        return
    starts = [d.start for d in headings]
    for ev in ctx.events.items:
        if ev.parent is None or not ev.spans:
            continue
        i = bisect.bisect_right(starts, ev.spans[0][0]) - 1
        if i < 0:
            continue
        d = headings[i]
        ctx.emit(
            ev.key,
            "startDate",
            "session-day",
            sent=ctx.page.sentence_of(d.start),
            span=(d.start, d.end),
            value=d.begin.isoformat() if d.begin else None,
            fallback=True,
        )


def _own_line(ctx: RuleContext, d: DateMention) -> bool:
    """Whether a date is a line of its own (a heading; Markdown marks aside)."""
    text = ctx.text
    start = text.rfind("\n", 0, d.start) + 1
    end = text.find("\n", d.end)
    end = len(text) if end == -1 else end
    return not text[start : d.start].strip(" \t#*") and not text[d.end : end].strip(" \t.*")


def _speakers_line(ctx: RuleContext, ev: EventRec) -> None:
    """ "Ville de Djibouti ; CGLU Afrique ; IGAD" on the line after the session's title."""
    if not ev.spans:
        return
    text = ctx.text
    pos = text.find("\n", ev.spans[0][1])
    while pos != -1 and pos + 1 < len(text) and text[pos + 1] == "\n":
        pos += 1
    if pos == -1:
        return
    end = text.find("\n", pos + 1)
    end = len(text) if end == -1 else end
    line = text[pos + 1 : end].strip()
    if not line or line.endswith((".", "!", "?")) or len(line.split()) > 30:
        return
    for f in ctx.mentions.items:
        if pos < f.start < end and not f.nested and not f.modifier and f.type in ("City", "Agency"):
            ctx.emit(ev.key, "participant", "speakers-line", sent=f.sent, span=f.span, obj=f.key)


@functools.cache
def _sideline(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(
        r"(?:" + lex.alt("sideline_links") + r")\s+(?:" + lex.alt("sideline_determiners") + r")?$",
        re.IGNORECASE,
    )


@functools.cache
def _owned_by_conference(lex: Lexicon) -> re.Pattern[str]:
    """ "The ICLEI World Congress … devoted one of its technical workshops to …"."""
    return re.compile(
        r"\b(?:" + lex.alt("group_possessives") + r")\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE
    )


def linked_conference(ctx: RuleContext, main: EventRec) -> EventRec | None:
    confs = ctx.events.conferences
    if len(confs) == 1 and main.side:
        return confs[0]
    link, owned = _sideline(ctx.lex), _owned_by_conference(ctx.lex)
    main_starts = sorted(x for x, _ in main.spans)
    lead = {x.index for x in ctx.page.lead(ctx.page.headline_end)}
    for conf in confs:
        for a, b in conf.spans:
            s = ctx.page.sents[ctx.page.sentence_of(a)]
            in_sent = main_starts[
                bisect.bisect_left(main_starts, s.start) : bisect.bisect_left(main_starts, s.end)
            ]
            # the lead tells the page's event even where it names it by no trigger ("La
            # cérémonie … s'est tenue à Gitega, en clôture de la troisième Conférence …")
            others = [e for e in ctx.events.mentioned_in(s.index) if e is not conf]
            told = in_sent or (s.index in lead and not others)
            if told and link.search(ctx.text[s.start : a][-40:]):
                return conf
            for x in in_sent:
                if b <= x and owned.search(ctx.text[b:x][-40:]):
                    return conf
    return None


@rule("side-session-of", "roles")
def side_session_of(ctx: RuleContext) -> None:
    """ "en marge de la COP28", "a side event at the World Urban Forum": the page's event
    is part of the conference (surely when it is a side event, less so when a sentence
    only places it during the conference)."""
    main = ctx.events.main
    if main is None or main.conference or not ctx.events.conferences:
        return
    conf = linked_conference(ctx, main)
    if conf is None:
        return
    sent = ctx.page.sentence_of(conf.spans[0][0])
    name = "side-session-of" if main.side else "during-conference"
    ctx.emit(main.key, "partOf", name, sent=sent, span=conf.spans[0], obj=conf.key)


@rule("host-participates", "hosts")
def host_participates(ctx: RuleContext) -> None:
    """The host city of an exchange takes part in it (host included, by the contract);
    a side session's venue is the conference's, not a host."""
    for ev in ctx.events.items:
        if ev.type != "Exchange" or ev.side:
            continue
        for fact in ctx.decided.of(ev.key, "location"):
            e = fact.best
            ctx.emit(
                ev.key,
                "participant",
                "host-participates",
                sent=e.sentence,
                span=e.span,
                obj=fact.obj,
            )


@rule("conference-host", "hosts")
def conference_host(ctx: RuleContext) -> None:
    """A session held inside a conference is not hosted by the conference's city: the
    city that hosts COP29 does not take part in every side session in Baku by that
    alone (a veto on host evidence only; a city named as a participant still is one)."""
    for part in ctx.decided.with_predicate("partOf"):
        for loc in ctx.decided.of(part.obj or "", "location"):
            ctx.veto(
                Veto(
                    "conference-host",
                    "participant",
                    subject=part.subject,
                    obj=loc.obj,
                    rules=frozenset({"host-participates"}),
                )
            )


@rule("session-takes-part", "hosts")
def session_takes_part(ctx: RuleContext) -> None:
    """Who speaks at a session the report of the page's own gathering tells in its prose
    ("during the session on heat, Dakar and Lima presented …") takes part in it. Not
    for a conference the page only mentions: a side session's speakers are not by that
    COP participants of record."""
    main = ctx.events.main
    if main is None or main.conference:
        return
    themed = {ev.key for ev in ctx.events.items if ev.key.startswith("docevent:t")}
    for part in ctx.decided.with_predicate("partOf"):
        if part.obj != main.key or part.subject not in themed:
            continue  # a programme line's speakers are the session's, not the gathering's
        for fact in ctx.decided.of(part.subject, "participant"):
            e = fact.best
            ctx.emit(
                main.key,
                "participant",
                "session-takes-part",
                sent=e.sentence,
                span=e.span,
                obj=fact.obj,
            )


@rule("held-within-conference", "roles")
def held_within_conference(ctx: RuleContext) -> None:
    """ "le forum des maires, qui aura lieu le 9 juin en marge de la
    COP31", "Cette rencontre s'inscrit dans le cadre des travaux du forum …": an
    event is part of the conference or gathering its sentence places it in (a link word
    right before the other's name, after a mention of this one)."""
    link = _sideline(ctx.lex)
    targets = [
        e
        for e in ctx.events.items
        if e.conference or e.key.startswith(("docevent:m", "docevent:g"))
    ]
    for ev in ctx.events.items:
        if ev.conference or ev.parent is not None:
            continue
        for t in targets:
            if t is ev or t.parent == ev.key:
                continue
            hit = _placed_in(ctx, link, ev, t)
            if hit is not None:
                sent, span = hit
                ctx.emit(
                    ev.key, "partOf", "held-within-conference", sent=sent, span=span, obj=t.key
                )


def _placed_in(
    ctx: RuleContext, link: re.Pattern[str], ev: EventRec, target: EventRec
) -> tuple[int, tuple[int, int]] | None:
    """The first (sentence, span) where a mention of ``ev`` is followed in its sentence by
    a link word and the target's name."""
    for a0, b0 in ev.spans:
        s = ctx.page.sents[ctx.page.sentence_of(a0)]
        for a, b in target.spans:
            if b0 <= a < s.end and link.search(ctx.text[b0:a][-60:]):
                return s.index, (a, b)
    return None


@rule("mission-destination", "places")
def mission_destination(ctx: RuleContext) -> None:
    """ "a mission to Tbilisi": the city a mission goes to is where it takes place."""
    for ev in ctx.events.items:
        if not ev.key.startswith("docevent:v") or not ev.spans:
            continue
        a, b = ev.spans[0]
        city = next(
            (
                f
                for f in ctx.mentions.items
                if f.type == "City" and a <= f.start < b and not f.nested
            ),
            None,
        )
        if city is not None:
            ctx.emit(
                ev.key,
                "location",
                "mission-destination",
                sent=city.sent,
                span=city.span,
                obj=city.key,
            )
