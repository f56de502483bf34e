"""Phase ``places``: where events take place.

Each rule proposes a location with its confidence; the aggregator keeps one per event
(``location`` is single-valued): a place block beats "s'est tenu à X", which beats a
hosting city, which beats the dateline. That the host city of an exchange also takes part
is derived from the decided location in phase ``hosts`` (:mod:`.hosts`).
"""

from __future__ import annotations

import functools
import re

from ..dates import CALENDAR_WORDS, fold
from ..lexicon import Lexicon
from ..scan import cue_finditer
from .context import RuleContext
from .dating import told_before, visit_of_main
from .records import EventRec, Found
from .registry import rule
from .spans import clause_between


def _locate(ctx: RuleContext, ev: EventRec, city: Found, rule_name: str) -> None:
    ctx.emit(ev.key, "location", rule_name, sent=city.sent, span=city.span, obj=city.key)


def _cities(ctx: RuleContext) -> list[Found]:
    return [f for f in ctx.mentions.items if f.type == "City" and not f.nested]


@rule("location-block", "places")
def location_block(ctx: RuleContext) -> None:
    """ "Lieu : Dakar", "Where: Tirana, Albania": the first city of the page's place block
    is the main event's; a newsletter story's own block line places that story."""
    main = ctx.events.main
    block = ctx.page.block_value("location_labels")
    if main is not None and block is not None:
        city = next((f for f in _cities(ctx) if block[0] <= f.start < block[1]), None)
        if city is not None:
            _locate(ctx, main, city, "location-block")
    label = re.compile(
        r"(?<![\w'’])(?:" + ctx.lex.literal("location_labels") + r")\s*:", re.IGNORECASE
    )
    for ev in ctx.events.items:
        if ev.section is None or len(ev.spans) < 2:
            continue
        a, b = ev.spans[1]
        m = label.search(ctx.text, a, b)
        if m is None:
            continue
        city = next((f for f in _cities(ctx) if m.end() <= f.start < b), None)
        if city is not None:
            _locate(ctx, ev, city, "section-location")


@functools.cache
def _held_in(lex: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The cue, and what must follow it up to the city: a time phrase perhaps, then the
    place preposition."""
    return (
        re.compile(r"(?<![\w'’])(?:" + lex.alt("held_in_verbs") + r")(?![\w'’])", re.IGNORECASE),
        re.compile(
            r"(?P<gap>[^.;:!?\n]{0,50}?)\s+(?:" + lex.alt("place_preps") + r")\s+"
            r"(?:" + lex.alt("city_of_phrases") + r")?",
            re.IGNORECASE,
        ),
    )


def _held_in_before(lex: Lexicon, before: str) -> bool:
    """Whether ``before`` (the sentence up to a city) ends with a held-in cue, its place
    preposition and perhaps a time phrase between them."""
    cue, tail = _held_in(lex)
    for m in reversed(list(cue.finditer(before))):
        t = tail.fullmatch(before, m.end())
        if t is not None and _time_gap(lex, t.group("gap")):
            return True
    return False


def _time_gap(lex: Lexicon, gap: str) -> bool:
    """Whether the words between a place cue and its preposition only say when: "prévue
    en novembre à …", "held on Tuesday 5 March in …", "se tiendra le 14 novembre prochain
    à …" (nothing at all counts too)."""
    words = re.findall(r"[\w'’]+", fold(gap))
    allowed = {fold(w) for w in lex.lower_set("time_gap_words")}
    return all(w in allowed or w in CALENDAR_WORDS or w.isdigit() for w in words)


@rule("held-in", "places")
def held_in(ctx: RuleContext) -> None:
    """ "… s'est tenu à Nairobi", "was held in Bologna", "prévue en octobre à Agadir":
    the event named before the cue in the sentence (else the main exchange) took place in
    the city after it (a time phrase may stand between)."""
    main = ctx.events.main
    for f in _cities(ctx):
        before = ctx.text[ctx.page.sents[f.sent].start : f.start]
        if not _held_in_before(ctx.lex, before[-110:]):
            continue
        ev = ctx.subject_event(f.sent, f.start) or (
            main if main and main.type == "Exchange" else None
        )
        if ev is not None and ev.main and _next_meeting(ctx, f.start - len(before), f.start):
            continue  # "The next partner meeting will take place in Aberdeen": not this one
        if ev is not None and not _other_gathering_between(ctx, ev, f.sent, f.start):
            _locate(ctx, ev, f, "held-in")


def _next_meeting(ctx: RuleContext, start: int, end: int) -> bool:
    """ "The next partner meeting will take place in …", "Its first joint workshop … will
    take place in …": the clause tells another, later meeting, not the page's event."""
    return ctx.lex.rx("next_meeting_cues").search(ctx.text, start, end) is not None


def _other_gathering_between(ctx: RuleContext, ev: EventRec, i: int, pos: int) -> bool:
    """ "Ces rencontres … en prélude du sommet … qui se tiendra à Bordeaux": another
    gathering named between the event and the cue, with a relative pronoun after it, is
    what the cue is about."""
    spans = [(a, b) for a, b, _, e in ctx.events.spans_in(i) if e is ev and b <= pos]
    if not spans:
        return False
    a = max(b for _, b in spans)
    relative = ctx.lex.rx("relative_pronouns")
    for rx in (ctx.lex.rx("conference_triggers"), ctx.lex.rx("exchange_triggers")):
        for m in rx.finditer(ctx.text, a, pos):
            if not any(x <= m.start() < y for x, y in ev.spans) and relative.search(
                ctx.text, m.end(), pos
            ):
                return True
    return False


@functools.cache
def _gathered_verbs(lex: Lexicon) -> str:
    return "|".join(
        lex.alt(n) for n in ("held_in_verbs", "gathering_verbs", "visit_verbs", "delegation_cues")
    )


@functools.cache
def _gathered(lex: Lexicon, dated: bool = False) -> re.Pattern[str]:
    """A gathering or trip verb and its place cue; ``dated``: with words between them,
    which must be a date (see :func:`_gatherings`)."""
    gap = r",?\s*(?P<gap>[^.;:\n]{4,40}?),?\s+" if dated else r"\s+"
    return re.compile(
        r"(?:"
        + _gathered_verbs(lex)
        + r")"
        + gap
        + r"(?:"
        + lex.alt("place_preps")
        + r"|dans|to)\s+",
        re.IGNORECASE,
    )


def _gatherings(ctx: RuleContext) -> list[re.Match[str]]:
    """The gathering verbs of the page with their place cue right after them, or after a
    date ("se sont rendus du 18 au 23 novembre à Kaolack", "met on 3 May in Lyon")."""
    verbs = _gathered_verbs(ctx.lex)
    plain = list(cue_finditer(_gathered(ctx.lex), verbs, ctx.text))
    starts = {m.start() for m in plain}
    dated = [
        m
        for m in cue_finditer(_gathered(ctx.lex, True), verbs, ctx.text)
        if m.start() not in starts
        and any(d.start <= m.start("gap") + 3 and d.end >= m.end("gap") for d in ctx.page.dates)
    ]
    return sorted(plain + dated, key=lambda m: m.start())


#: At most this many words between the place cue and the city ("à l'hôtel Les Palmiers de Lomé").
_VENUE_WORDS = 4


@rule("gathered-in", "places")
def gathered_in(ctx: RuleContext) -> None:
    """ "se sont réunis à l'hôtel Les Palmiers de Lomé", "came together in Växjö", "a
    delegation … travelled to Tbilisi": a gathering or a trip told by its verb took place in
    the city it names right after (a venue's name may stand between), for the event the
    sentence is about."""
    joiners = ctx.lex.lower_set("venue_joiners")
    by_sent: dict[int, list[re.Match[str]]] = {}
    for m in _gatherings(ctx):  # one pass over the page, not one per sentence
        by_sent.setdefault(ctx.page.sentence_of(m.start()), []).append(m)
    for i, matches in sorted(by_sent.items()):
        sent = ctx.page.sents[i]
        cities = ctx.mentions.cities(i)
        if not cities:
            continue
        for m in matches:
            f = next((c for c in cities if c.start >= m.end()), None)
            if f is None or not clause_between(ctx.text, m.end(), f.start):
                continue
            gap = re.findall(r"[\w'’]+", ctx.text[m.end() : f.start])
            last = gap[-1].lower() if gap else ""
            if len(gap) > _VENUE_WORDS or (gap and last not in joiners):
                continue
            ev = ctx.subject_event(sent.index, m.start()) or ctx.event_for_sentence(sent.index)
            if (
                ev is None
                or ev.conference
                or _other_gathering_between(ctx, ev, sent.index, m.start())
                or (ev.main and _next_meeting(ctx, sent.start, m.start()))
            ):
                continue
            stops = _next_stops(ctx, cities, f)
            for g in [f, *stops] if stops else [f]:
                _locate(ctx, ev, g, "trip-stops" if stops else "gathered-in")
            break


_THEN = re.compile(r"\s*,?\s*(?:puis|et|then|and(?:\s+then)?)\s+(?:à|au|en|to|in)?\s*\Z", re.I)


def _next_stops(ctx: RuleContext, cities: list[Found], first: Found) -> list[Found]:
    """ "s'est rendue à Liège puis à Strasbourg", "travelled to Lyon and then to Nantes":
    the cities joined to a trip's first place by "puis"/"then"/"and" are stops of it too."""
    out, prev = [], first
    for c in (c for c in cities if c.start > first.end):
        if not _THEN.match(ctx.text[prev.end : c.start]):
            break
        out.append(c)
        prev = c
    return out


@rule("dateline", "places")
def dateline(ctx: RuleContext) -> None:
    """ "Vienna, Austria — As temperatures …": a news item's dateline says where its story
    happened, which is where its event took place when nothing else says so."""
    main = ctx.events.main
    span = ctx.page.dateline
    if main is None or main.conference or span is None:
        return
    city = next(
        (f for f in ctx.mentions.items if f.type == "City" and span[0] <= f.start < span[1]), None
    )
    if city is not None:
        _locate(ctx, main, city, "dateline")


@functools.cache
def _place_prep(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(
        r"(?:" + "|".join(r"\b" + p for p in lex.words("place_preps_short")) + r")\s+"
        r"(?:" + lex.alt("city_of_phrases", "fr") + r")?$",
        re.IGNORECASE,
    )


@rule("follow-up-place", "places")
def follow_up_place(ctx: RuleContext) -> None:
    """A follow-up announced in one sentence names its own place: "will meet again in
    Bologna … for a half-day workshop", "réunira les trois villes à Niamey"."""
    rx = _place_prep(ctx.lex)
    main = ctx.events.main
    for ev in ctx.events.items:
        if ev is main or ev.conference or ev.parent is not None:
            continue
        sents = sorted({ctx.page.sentence_of(a) for a, _ in ev.spans})
        for i in sents:
            hit = next(
                (
                    f
                    for f in ctx.mentions.cities(i)
                    if rx.search(ctx.text[max(ctx.page.sents[i].start, f.start - 25) : f.start])
                ),
                None,
            )
            if hit is not None:
                _locate(ctx, ev, hit, "follow-up-place")
                break


@functools.cache
def _hosted_by(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(
        # "hosted by the City of X", "our hosts at the Municipality of X"
        r"(?:" + lex.alt("hosted_by_cues") + r")\s+(?:" + lex.alt("city_of_phrases") + r"|"
        r"(?:the\s+)?(?:" + lex.alt("city_government_heads") + r")\s+(?:of|de|d['’])\s*)?$",
        re.IGNORECASE,
    )


@rule("hosted-by", "places")
def hosted_by(ctx: RuleContext) -> None:
    """ "hosted by the City of X", "accueilli par la ville de X": the host city is the
    place of the event it hosts, and takes part in it."""
    rx = _hosted_by(ctx.lex)
    main = ctx.events.main
    for f in _cities(ctx):
        before = ctx.text[ctx.page.sents[f.sent].start : f.start]
        if not rx.search(before[-50:]):
            continue
        ev = ctx.nearest_event(f.sent, f.start) or main
        if ev is None or ev.conference:
            continue
        _locate(ctx, ev, f, "hosted-by")
        ctx.emit(ev.key, "participant", "host-city", sent=f.sent, span=f.span, obj=f.key)


@functools.cache
def _host_after(lex: Lexicon) -> re.Pattern[str]:
    """Right after a city: its hosting verb, perhaps past an apposition between commas
    ("Casablanca, capitale économique du Maroc, a accueilli")."""
    return re.compile(
        r"(?:[ \t]*,[^,.;:\n]{1,60},)?[ \t]*,?[ \t]*(?:" + lex.alt("host_verbs") + r")\b",
        re.IGNORECASE,
    )


@rule("hosts-in-prose", "places")
def hosts_in_prose(ctx: RuleContext) -> None:
    """ "the City of Kumasi hosted the seminar", "Dakar a accueilli l'atelier",
    "Abidjan, ville hôte": the city that hosts the event the sentence is about is its place
    and takes part in it."""
    rx = _host_after(ctx.lex)
    lex = ctx.lex
    what = [
        lex.rx(n)
        for n in (
            "exchange_triggers",
            "conference_triggers",
            "anaphora",
            "delegation_cues",
            "participation_cues",
            "launch_triggers",
        )
    ]
    for f in _cities(ctx):
        m = rx.match(ctx.text, f.end)
        if not m:
            continue
        # what is hosted must be a gathering or its people, in the same clause
        # ("Accra hosted the masterclass", not "Lagos hosts 20 million people")
        end = min(ctx.page.sents[f.sent].end, m.end() + 80)
        if not m.group(0).strip(" ,").lower().endswith(("hôte", "host city")) and not any(
            (w := r.search(ctx.text, m.end(), end)) and clause_between(ctx.text, m.end(), w.start())
            for r in what
        ):
            continue
        # the event hosted is the one named after the verb; a conference's host city is
        # not the host of the sessions held inside it
        after = [(a, e) for a, _, _, e in ctx.events.spans_in(f.sent) if m.end() <= a < end]
        ev = min(after, key=lambda x: x[0])[1] if after else _hosted_people(ctx, f, m.end(), end)
        if ev is None or ev.conference or any(e.conference for _, e in after):
            continue
        _locate(ctx, ev, f, "hosts-in-prose")
        ctx.emit(ev.key, "participant", "host-city", sent=f.sent, span=f.span, obj=f.key)


def _hosted_people(ctx: RuleContext, city: Found, a: int, b: int) -> EventRec | None:
    """ "La Ville de Mopti a accueilli une quarantaine d'élus …", "Trois-Rivières reçoit
    les élus …": a city receiving people (a delegation, élus) and naming no gathering in
    the sentence hosts the page's main exchange, when no other event is named there."""
    main = ctx.events.main
    if main is None or main.conference or main.type != "Exchange":
        return None
    if any(e is not main for _, _, _, e in ctx.events.spans_in(city.sent)):
        return None
    if ctx.lex.rx("conference_triggers").search(ctx.text, a, b):
        return None  # "reçoit des élus pour le sommet régional": another gathering's host
    people = [ctx.lex.rx(n) for n in ("delegation_cues", "participation_cues")]
    if not any(
        (w := r.search(ctx.text, a, b)) and clause_between(ctx.text, a, w.start()) for r in people
    ):
        return None
    return main


@functools.cache
def _in_title(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + lex.alt("title_place_preps") + r")\s+$", re.IGNORECASE)


@rule("place-in-title", "places")
def place_in_title(ctx: RuleContext) -> None:
    """ "Le forum des maires …, du 2 au 4 avril à Lomé", "Study tour to Vienna":
    the city the page's title places its event in."""
    main = ctx.events.main
    if main is None or main.conference or not main.spans:
        return
    a, b = main.spans[0]
    rx = _in_title(ctx.lex)
    for f in _cities(ctx):
        if a <= f.start < b and rx.search(ctx.text[max(a, f.start - 12) : f.start]):
            _locate(ctx, main, f, "place-in-title")
            return


@functools.cache
def _tour_cue(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w'’])(?:" + lex.alt("visit_verbs") + "|" + lex.alt("tour_cues") + r")(?![\w'’])",
        re.IGNORECASE,
    )


@functools.cache
def _fronted_place(lex: Lexicon) -> re.Pattern[str]:
    """ "In Bruges, the mayors toured …": a place prepositional phrase opening the
    sentence, up to the city it names."""
    return re.compile(r"[\s\"'“«(*-]*(?:" + lex.alt("place_preps_short") + r")\s+$", re.IGNORECASE)


#: A list's items may stand this many words apart ("Ghent, the Harbour City Ostend").
_LIST_GAP_WORDS = 6
_LIST_SEPARATOR = re.compile(r",|&|\b(?:and|et|as well as|ainsi que)\b", re.IGNORECASE)


def _list_gap(ctx: RuleContext, a: int, b: int, *, first: bool) -> bool:
    """Whether ``text[a:b]`` may stand between a tour cue and its first stop (``first``) or
    between two stops: list words ("the", "cities of", "and"), a descriptor's capitalised
    words ("the Blue Coast Capital Bruges") or a parenthesised region, nothing else."""
    gap = re.sub(r"\([^()\n]{0,40}\)", " ", ctx.text[a:b])
    if re.search(r"[.;:!?\n]", gap):
        return False
    if not first and not _LIST_SEPARATOR.search(gap):
        return False
    words = re.findall(r"[\w'’-]+", gap)
    allowed = ctx.lex.lower_set("tour_list_words")
    return len(words) <= _LIST_GAP_WORDS and all(
        w.lower() in allowed or w[0].isupper() for w in words
    )


def _stops(ctx: RuleContext, i: int, after: int) -> list[Found]:
    """The cities listed right after position ``after`` in sentence ``i``: "visited Ghent,
    Bruges and Ostend", "voyage d'étude à Lille, Arras et Douai"."""
    stops: list[Found] = []
    pos = after
    for f in ctx.mentions.cities(i):
        if f.start < pos:
            continue
        if not _list_gap(ctx, pos, f.start, first=not stops):
            break
        stops.append(f)
        pos = f.end
    return stops


def _touring_event(ctx: RuleContext, i: int, pos: int) -> EventRec | None:
    """The tour a visit cue is about: the event named before it in the sentence, else the
    one the sentence talks about, else (a delegation's visit told without naming it: "the
    delegation visited …") the page's main exchange."""
    ev = ctx.subject_event(i, pos) or ctx.event_for_sentence(i) or visit_of_main(ctx, i)
    return None if ev is None or ev.conference else ev


@rule("tour-stops", "places")
def tour_stops(ctx: RuleContext) -> None:
    """A visit or a study tour takes place in every city it lists: "the delegation visited
    Ghent, Bruges and Ostend", "Study tour to Lyon and Grenoble", "A delegation …
    travelled to Porto", "In Graz the mayors toured a tram depot". The rule is an
    enumerating one (lexicon ``enumerating_rules``): when it gives an event's best place,
    all the stops it read stand."""
    rx = _tour_cue(ctx.lex)
    fronted = _fronted_place(ctx.lex)
    done: set[tuple[str, str]] = set()
    for m in rx.finditer(ctx.text):
        i = ctx.page.sentence_of(m.start())
        ev = _touring_event(ctx, i, m.start())
        if ev is None:
            continue
        sent = ctx.page.sents[i]
        stops = _stops(ctx, i, m.end())
        opening = next(iter(ctx.mentions.cities(i)), None)
        if (
            opening is not None
            and opening.end <= m.start()
            and fronted.fullmatch(ctx.text, sent.start, opening.start)
            and re.match(r"\s*,", ctx.text[opening.end : opening.end + 3])
        ):
            stops.insert(0, opening)
        for f in stops:
            if (ev.key, f.key) not in done:
                done.add((ev.key, f.key))
                _locate(ctx, ev, f, "tour-stops")


@rule("told-before", "places")
def told_before_place(ctx: RuleContext) -> None:
    """ "C'était le jeudi 6 mars à Nantes", "It took place in Accra": a sentence
    that opens on an anaphor and names no event places the event told just before it in
    the city after its place preposition."""
    rx = _place_prep(ctx.lex)
    for i in sorted({f.sent for f in _cities(ctx)}):
        ev = told_before(ctx, i)
        if ev is None or ev.conference:
            continue
        start = ctx.page.sents[i].start
        f = next(
            (
                c
                for c in ctx.mentions.cities(i)
                if rx.search(ctx.text[max(start, c.start - 25) : c.start])
            ),
            None,
        )
        if f is not None:
            _locate(ctx, ev, f, "told-before")


@functools.cache
def _named_then_place(lex: Lexicon) -> re.Pattern[str]:
    """After an event's trigger: its name ("of the Green Schools Programme") then "in X"."""
    return re.compile(
        r"(?:\s+(?:of|on|for|de|du|des|sur|pour)\s+(?:the\s+|la\s+|le\s+|les\s+|l['’])?"
        r"(?:[A-Z0-9][\w'’.&-]*\s+){1,8})?(?:[ \t]*[:,][ \t]*(?P<gap>[^.;:!?\n]{0,40}?))?"
        r"\s*(?:" + lex.alt("place_preps_short") + r")\s+(?:" + lex.alt("city_of_phrases") + r")?",
        re.IGNORECASE,
    )


@rule("named-event-in", "places")
def named_event_in(ctx: RuleContext) -> None:
    """ "at the launch of the Green Schools Programme in Lagos", "l'atelier sur le Plan
    Climat à Niamey", "Atelier de lancement : du 2 au 4 juin à Libreville": an event's
    trigger, its name (or a label's colon and a time phrase), then the city it took place
    in."""
    rx = _named_then_place(ctx.lex)
    for ev in ctx.events.items:
        if ev.conference:
            continue
        for a, b in ev.spans:
            i = ctx.page.sentence_of(a)
            if ev.main and _next_meeting(ctx, ctx.page.sents[i].start, a):
                continue  # "Prochaine étape : une formation … à Ségou": a later meeting
            f = next((c for c in ctx.mentions.cities(i) if c.start >= b), None)
            m = rx.fullmatch(ctx.text, b, f.start) if f and f.start - b <= 120 else None
            if f is not None and m is not None and _time_gap(ctx.lex, m.group("gap") or ""):
                _locate(ctx, ev, f, "named-event-in")
                break
