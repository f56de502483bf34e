"""Phase ``events``: conferences, the page's own event, its sessions and follow-ups.

A page is about one event (its headline, its lead, its date and place blocks), may hold
sessions of a gathering, follow-ups announced with their own date, newsletter stories under
headings, and mentions of recurring conferences (COP29, WUF12) and named gatherings. This
phase finds them and the spans that refer to each (title lines, trigger words, anaphora),
so the fact rules can tell which event a sentence talks about.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..lexicon import Lexicon
from . import backoff, breves, headed, programmes, series, sessions, stints, stories, workshops
from .gatherings import (
    conference_anaphora,
    conference_mentions,
    gathering_name,
    merge_named,
    named_gatherings,
    named_session,
    title_then_trigger,
)
from .mentions import Mentions
from .page import Line, Page, date_line
from .records import EventRec, Found, Sent
from .registry import stage
from .spans import SpanSet, overlaps


@dataclass
class Events:
    """The document's events, in order (the main event first), with their spans indexed
    by sentence."""

    items: list[EventRec]
    page: Page
    by_sent: dict[int, list[tuple[int, int, int, EventRec]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_sent = {}
        for order, ev in enumerate(self.items):
            for a, b in ev.spans:
                i = self.page.sentence_of(a)
                self.by_sent.setdefault(i, []).append((a, b, order, ev))

    @property
    def main(self) -> EventRec | None:
        return next((e for e in self.items if e.main), None)

    @property
    def conferences(self) -> list[EventRec]:
        return [e for e in self.items if e.conference]

    def spans_in(self, i: int) -> list[tuple[int, int, int, EventRec]]:
        """(start, end, order, event) of the event spans starting in sentence ``i``."""
        return self.by_sent.get(i, [])

    def mentioned_in(self, i: int) -> list[EventRec]:
        """Events with a span in sentence ``i``, in document order."""
        seen: dict[int, EventRec] = {}
        for _, _, order, ev in self.spans_in(i):
            seen.setdefault(order, ev)
        return [seen[k] for k in sorted(seen)]

    def get(self, key: str) -> EventRec | None:
        return next((e for e in self.items if e.key == key), None)


@stage("events")
def find_events(page: Page, lex: Lexicon, mentions: Mentions) -> tuple[Events, Mentions]:
    """The events, and the mentions left once conference names are taken out of them (an
    agency's name may hold a conference's, "C40" in a summit's name stays an agency)."""
    confs = conference_mentions(page)
    confs += named_gatherings(page, lex, mentions, confs)
    conf_spans = SpanSet(sp for ev in confs for sp in ev.spans)
    kept = [f for f in mentions.items if f.type == "Agency" or not conf_spans.overlaps(f.span)]
    events = _main_event(page, lex, confs, conf_spans, Mentions(kept))
    conference_anaphora(page, lex, events)
    events += sessions.topical_sessions(page, lex, events)
    sessions.headline_programme(page, events)
    sessions.pronoun_spans(page, lex, events)
    return Events(_fold_placed_names(events, lex), page), Mentions(kept)


def _fold_placed_names(events: list[EventRec], lex: Lexicon) -> list[EventRec]:
    """ "un séminaire de lancement à Essaouira (Maroc), du 8 au 10 février" and, further
    down, "au séminaire de lancement": a name and the same name followed by its place
    ("à X", "in X") tell one gathering; the longer name is an alias of the other and its
    sentences are that event's."""
    preps = re.compile(r"[ \t]+(?:" + lex.alt("place_preps") + r")[ \t]+\S", re.IGNORECASE)
    kept = list(events)
    for long in events:
        for short in events:
            if short is long or short not in kept or long not in kept:
                continue
            if (short.type, short.parent, short.conference) != (long.type, long.parent, False):
                continue
            if not long.label.lower().startswith(short.label.lower() + " "):
                continue
            if preps.match(long.label, len(short.label)) is None:
                continue
            short.aliases.add(long.label)
            short.spans += long.spans
            short.main = short.main or long.main
            kept.remove(long)
    return kept


def bare(trigger: re.Pattern[str], text: str) -> bool:
    """True for a line that is only a trigger word ("Webinaire", "Study tour"): a kicker or
    category, not the name of an event."""
    return trigger.fullmatch(text.strip().strip(":").strip()) is not None


def _main_event(
    page: Page, lex: Lexicon, confs: list[EventRec], conf_spans: SpanSet, mentions: Mentions
) -> list[EventRec]:
    """All events of the page, the main one first (see :mod:`.sessions` for the others)."""
    ex_rx = lex.rx("exchange_triggers")
    conf_rx = lex.rx("conference_triggers")

    def conf_in(s: int, e: int) -> bool:
        return conf_spans.overlaps((s, e))

    sections = sessions.section_events(page, lex)
    if not sections and (sections := headed.story_sections(page, lex)):
        headed.story_parent(page, lex, sections, confs)
    sections = sections or stories.numbered_stories(page, lex) or breves.column_stories(page, lex)
    if sections:
        # a newsletter of several stories: one event per story, the first stands as
        # the page's main event for the rules that need one
        sections[0].main = True
        return sections + confs
    head = page.headline
    m = named_session(lex).search(page.text)
    # a headline naming a gathering of its own ("Sommet des maires francophones …"),
    # not a known conference series: the page is about it and its sessions are parts
    # (a press release's sender line, "Commune de Fès", stands above the title)
    first = next((h for h in head if not _name_line(h.text)), head[0]) if head else None
    gathering = bool(
        first
        and conf_rx.search(first.text)
        and not ex_rx.search(first.text)
        and not conf_in(first.start, first.end)
    )
    found: list[EventRec] = []
    if gathering:
        main, found = _gathering(page, lex, first)
        confs = merge_named(main, confs)
        m = None
    else:
        main = _headline_event(page, lex, head, conf_in)
        if main is None and (main := programmes.titled_programme(page, lex)) is not None:
            confs = programmes.absorb_named(main, confs)
        main = main or stints.told_period(page, lex)
        main = (
            main or _other_main(page, lex, m, conf_spans) or programmes.named_gathering(page, lex)
        )
        main = main or backoff.page_story(page, lex, mentions, title_line(head))
    if main is None:
        return confs
    if not gathering:
        confs = _told_gathering(page, lex, main, confs)
    others = _around_main(page, lex, main, m, found, gathering, conf_in)
    return [main, *confs, *others]


def _around_main(
    page: Page,
    lex: Lexicon,
    main: EventRec,
    m: re.Match[str] | None,
    found: list[EventRec],
    gathering: bool,
    conf_in: Callable[[int, int], bool],
) -> list[EventRec]:
    """What a page's main event gathers once found (its aliases, whether it is a side
    event, every later mention of an exchange trigger) and the page's other events: its
    sessions, missions and secondary gatherings, parts of it when it is a gathering."""
    if (
        m is not None
        and main.label != m.group("name").strip()
        and not overlaps((m.start(), m.end()), main.spans[0] if main.spans else (0, 0))
    ):
        main.aliases.add(m.group("name").strip())
    side_rx = lex.rx("side_event_triggers")
    main.side = bool(
        side_rx.search(main.label)
        or any(side_rx.search(a) for a in main.aliases)
        or (m is not None and side_rx.search(m.group("trig")))
        or (m is not None and _side_before(page, side_rx, m.start()))
    )
    sessions.headline_label(page, lex, main, conf_in)
    sessions.session_sections(page, lex, found)
    others = found + sessions.secondary_events(page, lex, main, taken=found)
    others += sessions.missions(page, lex, main, others)
    if gathering:
        for ev in others:
            ev.parent = main.key
    others += sessions.secondary_gatherings(page, lex, main, [main, *others], conf_in)
    if gathering:
        main_spans = SpanSet([*main.spans, *(sp for ev in others for sp in ev.spans)])
        for t in lex.rx("conference_triggers").finditer(
            page.text
        ):  # "le sommet", "ce forum": the gathering itself
            if not conf_in(t.start(), t.end()) and not main_spans.overlaps((t.start(), t.end())):
                main.spans.append((t.start(), t.end()))
    taken = SpanSet([*main.spans, *(sp for ev in others for sp in ev.spans)])
    # every other mention of an exchange trigger or anaphor refers to it
    for rx in (lex.rx("exchange_triggers"), lex.rx("anaphora")):
        for t in rx.finditer(page.text):
            if not taken.overlaps((t.start(), t.end())):
                main.spans.append((t.start(), t.end()))
                taken.add((t.start(), t.end()))
    _lead_gathering(page, lex, main, taken, others)
    sessions.named_aliases(page, lex, main)
    _titled_aliases(page, lex, main)
    return others


def _told_gathering(
    page: Page, lex: Lexicon, main: EventRec, confs: list[EventRec]
) -> list[EventRec]:
    """ "… spent last week in Trondheim at a forum on storm surges. The Atlantic Harbour
    Cities Forum, organised by …": a gathering the lead tells indefinitely and the next
    sentences name is the page's own event (its name an alias), not another event."""
    lead = lead_sentences(page, page.headline_end, 3, min_words=6)
    if not lead:
        return confs
    indefinite = re.compile(
        r"\b(?:" + lex.alt("indefinite_determiners", page.lang) + r")\s+(?:[\w-]+\s+){0,2}?"
        r"(" + lex.alt("conference_triggers", page.lang) + r")\b",
        re.IGNORECASE,
    )
    told = {
        m.group(1).lower().rstrip("s")
        for x in lead[:2]
        for m in indefinite.finditer(page.text, x.start, x.end)
    }
    kept = []
    for conf in confs:
        first = min((a for a, _ in conf.spans), default=len(page.text))
        if (
            conf.key.startswith("docevent:g")
            and first < lead[-1].end
            and conf.label.split()[-1].lower().rstrip("s") in told
        ):
            main.aliases.add(conf.label)
            main.spans += conf.spans
        else:
            kept.append(conf)
    return kept


def lead_sentences(page: Page, start: int, n: int, *, min_words: int = 0) -> list[Sent]:
    """The first ``n`` sentences from ``start`` that are not date lines and have at least
    ``min_words`` words: the lead. Looked at one by one until ``n`` are found, as
    :func:`~.page.date_line` is costly and a page has many sentences after its lead."""
    chosen = (
        x
        for x in page.sents
        if x.start >= start
        and (not min_words or len(page.sent_text(x.index).split()) >= min_words)
        and not date_line(page.sent_text(x.index), page.lang)
    )
    return list(itertools.islice(chosen, n))


def _side_before(page: Page, side_rx: re.Pattern[str], pos: int) -> bool:
    """ "Sur le stand des régions, une table ronde intitulée « … »": a side-event cue
    (a conference pavilion) before the session's trigger in its sentence."""
    sent = page.sents[page.sentence_of(pos)]
    return side_rx.search(page.text, sent.start, pos) is not None


def _titled_aliases(page: Page, lex: Lexicon, main: EventRec) -> None:
    """ "took part in the "Resilient Ports: Planning Ahead" workshop": a quoted title
    before a trigger of the page's event names that event."""
    spans = SpanSet(main.spans)
    for m in title_then_trigger(lex).finditer(page.text):
        if spans.overlaps((m.start("trig"), m.end("trig"))):
            main.aliases.add(m.group("name").strip())


def _lead_gathering(
    page: Page, lex: Lexicon, main: EventRec, taken: SpanSet, others: list[EventRec]
) -> None:
    """ "Du 3 au 4 mai, près de 200 délégués se sont retrouvés …": a gathering
    verb in the lead tells the page's own event (its date, place and people), unless the
    sentence announces another event ("will meet again in Bologna for a workshop"). A
    delegation's visit verb in the lead ("se sont rendus du 18 au 23 novembre à Kaolack")
    tells the page's exchange the same way."""
    busy = {page.sentence_of(a) for ev in others for a, _ in ev.spans}
    lead = [x for x in page.sents if x.start >= page.headline_end][:3]
    for x in (x for x in lead if x.index not in busy):
        hits = [*lex.rx("gathering_verbs").finditer(page.text, x.start, x.end)]
        if main.type == "Exchange":
            hits += lex.rx("visit_verbs").finditer(page.text, x.start, x.end)
        for t in hits:
            if not taken.overlaps(t.span()):
                main.spans.append(t.span())
                taken.add(t.span())


def _gathering(page: Page, lex: Lexicon, first: Line) -> tuple[EventRec, list[EventRec]]:
    """The headline's own gathering and the sessions its page names with quoted titles."""
    main = EventRec("docevent:0", "Event", first.text, main=True)
    main.spans.append((first.start, first.end))
    for gm in gathering_name(lex).finditer(first.text):
        main.aliases.add(gm.group("name"))  # "… at the 3rd Andean Forum in Peru"
    found = []
    for k, sm in enumerate(named_session(lex).finditer(page.text), start=1):
        sess = EventRec(f"docevent:s{k}", "Exchange", sm.group("name").strip())
        sess.aliases.add(page.text[sm.start("trig") : sm.end()].strip())
        sess.spans.append((sm.start(), sm.end()))
        sess.parent = main.key
        found.append(sess)
    return main, found or workshops.numbered_sessions(page, lex, main)


def _headline_event(page: Page, lex: Lexicon, head: list[Line], conf_in) -> EventRec | None:
    """A headline line naming an exchange: the page's event, labelled by the title."""
    ex_rx = lex.rx("exchange_triggers")
    hit = next((h for h in head if ex_rx.search(h.text)), None)
    if hit is None:
        return None
    main = EventRec("docevent:0", "Exchange", hit.text, main=True)
    main.spans.append((hit.start, hit.end))
    for h in head:
        if h != hit and ex_rx.search(h.text) and not series.is_label_line(h.text, lex):
            main.aliases.add(h.text)
            main.spans.append((h.start, h.end))
    first = head[0]
    if (
        first != hit
        and len(first.text.split()) >= 3
        and not _name_line(first.text)
        and not conf_in(first.start, first.end)
        and not bare(ex_rx, first.text)
    ):
        # "Title / Part of the … webinar series": the title names the event
        if not bare(ex_rx, hit.text):
            main.aliases.add(hit.text)
        main.label = first.text
        main.aliases.discard(first.text)
        main.spans.insert(0, (first.start, first.end))
    elif bare(ex_rx, hit.text):
        # a kicker ("Webinaire", "Study tour") above the title: the title names it
        title = next(
            (
                h
                for h in head
                if h != hit
                and not bare(ex_rx, h.text)
                and len(h.text.split()) >= 3
                and not conf_in(h.start, h.end)
            ),
            None,
        )
        if title is not None:
            main.label = title.text
            main.aliases.discard(title.text)
            if (title.start, title.end) not in main.spans:
                main.spans.append((title.start, title.end))
    return main


def _other_main(
    page: Page, lex: Lexicon, m: re.Match | None, conf_spans: SpanSet
) -> EventRec | None:
    """The main event when no headline line names an exchange: a named session, the
    document title, a conference headline, else the body (see :func:`_body_main`)."""
    head = page.headline

    def conf_in(s: int, e: int) -> bool:
        return conf_spans.overlaps((s, e))

    if m is not None:
        main = EventRec("docevent:0", "Exchange", m.group("name").strip(), main=True)
        main.spans.append((m.start(), m.end()))
        main.aliases.add(page.text[m.start("trig") : m.end()].strip())
        return main
    if page.title and lex.rx("exchange_triggers").search(page.title):
        return EventRec("docevent:0", "Exchange", page.title.strip(), main=True)
    if (
        head
        and lex.rx("conference_triggers").search(head[0].text)
        and not conf_in(head[0].start, head[0].end)
    ):
        main = EventRec("docevent:0", "Event", head[0].text, main=True)
        main.spans.append((head[0].start, head[0].end))
        return main
    return _body_main(page, lex, conf_spans)


def _body_main(page: Page, lex: Lexicon, conf_spans: SpanSet) -> EventRec | None:
    """The first body sentence where an exchange is organised or held; a delegation's
    visit told without a trigger word; a launch in the headline; an event page's title."""
    head = page.headline

    def conf_in(s: int, e: int) -> bool:
        return conf_spans.overlaps((s, e))

    ex_rx = lex.rx("exchange_triggers")
    main: EventRec | None = None
    cues = [lex.rx(n) for n in ("organizer_cues", "participation_cues", "gathering_verbs")]
    for sent in page.sents:
        st = page.sent_text(sent.index)
        tm = ex_rx.search(st)
        told = sessions.run_in_told(page, cues, sent) if tm else None
        if tm and (told or any(c.search(st) for c in cues)):
            # ("les équipes se sont retrouvées à Toulon pour la réunion de lancement")
            label = sessions.trigger_phrase(page, lex, sent.start + tm.start())
            main = EventRec("docevent:0", "Exchange", label, main=True)
            main.spans.append((sent.start + tm.start(), sent.start + tm.end()))
            main.spans += [told] if told else []
            break
    if main is None and (org := sessions.organised_event(page, lex)) is not None:
        main = EventRec("docevent:0", "Exchange", org[2], main=True)
        main.spans.append((org[0], org[1]))
    title = title_line(head)
    # "officials from Lisbon spent three days in Vienna", "une délégation s'est rendue à …"
    visit = lex.rx("visit_verbs")
    lead = lead_sentences(page, head[-1].end if head else 0, 2)
    if main is None and title is not None and not conf_in(title.start, title.end):
        hit = next((vm for x in lead if (vm := visit.search(page.text, x.start, x.end))), None)
        if hit is not None:
            main = EventRec("docevent:0", "Exchange", title.text, main=True)
            main.spans += [(title.start, title.end), (hit.start(), hit.end())]
    # a launch in the headline ("X launched in Nairobi"): the launch is the event
    launch = lex.rx("launch_triggers")
    if main is None and head and launch.search(head[0].text):
        main = EventRec("docevent:0", "Event", head[0].text, main=True)
        main.spans.append((head[0].start, head[0].end))
        for lm in launch.finditer(page.text, head[0].end):
            main.spans.append((lm.start(), lm.end()))
    # an event page (date and place blocks) is about the event in its title (the first
    # headline line of three words or more: "Event recap" is a kicker)
    titled = [h for h in head if len(h.text.split()) >= 3] or head
    if titled and page.is_event_page and _names_more_than_conference(page, titled[0], conf_spans):
        t = titled[0]
        if main is None:
            main = EventRec("docevent:0", "Event", t.text, main=True)
        else:
            main.aliases.add(main.label)
            main.label = t.text
        main.spans.insert(0, (t.start, t.end))
    return main or _story_main(page, lex, conf_spans)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


def _story_main(page: Page, lex: Lexicon, conf_spans: SpanSet) -> EventRec | None:
    """A news item told around a gathering, a delegation's trip or a signing without a
    trigger word in its title ("Plus de 60 représentants … se sont retrouvés à Rennes",
    "mayors came together in Växjö", "a delegation from X will travel to Y"): the story is
    the event; its headline names it (else the phrase that told it). A conference word in
    the lead ("forum", "sommet") makes it an Event, anything else an Exchange."""
    head = page.headline
    start = head[-1].end if head else 0
    lead = lead_sentences(page, start, 3, min_words=6)
    signals = [
        lex.rx(n) for n in ("gathering_verbs", "visit_verbs", "delegation_cues", "launch_triggers")
    ]
    places = [(h.start, h.end) for h in head] + [(x.start, x.end) for x in lead]
    # a headline telling a meeting names it, whatever else the lead tells
    hit, told = sessions.meeting_headline(page, lex)
    hit = hit or next(
        (
            m
            for x in [_Span(a, b) for a, b in places]
            for rx in signals
            if (m := rx.search(page.text, x.start, x.end)) and not conf_spans.overlaps(m.span())
        ),
        None,
    )
    if hit is None:
        return _news_item(page, lex, conf_spans)
    conf = lex.rx("conference_triggers")
    kind = (
        "Event"
        if any(conf.search(page.text, x.start, x.end) for x in lead[:1])
        or (head and conf.search(head[0].text))
        or lex.rx("launch_triggers").fullmatch(hit.group(0))
        else "Exchange"
    )
    title = title_line(head)
    if title is not None and _names_more_than_conference(page, title, conf_spans):
        main = EventRec("docevent:0", kind, title.text, main=True)
        main.spans.append((title.start, title.end))
    else:
        # no title: the phrase that told it ("launch of the … Programme")
        label = sessions.story_phrase(page, lex, hit)
        main = EventRec("docevent:0", kind, label, main=True)
    main.spans.append(hit.span())
    main.spans += told
    return main


def _news_item(page: Page, lex: Lexicon, conf_spans: SpanSet) -> EventRec | None:
    """A page about no event of its own (a project page) whose news item tells one:
    "Partners gather on the Danish coast to start work / Posted 14 October 2024 / The
    whole consortium came together for the first time in Esbjerg on 8 and 9 October." The
    item's heading names the meeting its first sentence tells with a gathering verb."""
    gather = lex.rx("gathering_verbs")
    for x in page.sents:
        if x.start < page.headline_end:
            continue
        hit = gather.search(page.text, x.start, x.end)
        if hit is None or conf_spans.overlaps(hit.span()):
            continue
        heading = _heading_above(page, x.start)
        if heading is None:
            return None  # the first gathering is told in running text: not a news item
        main = EventRec("docevent:0", "Exchange", heading[2], main=True)
        main.spans += [(heading[0], heading[1]), hit.span()]
        return main
    return None


def _heading_above(page: Page, pos: int) -> tuple[int, int, str] | None:
    """The short line right above the paragraph at ``pos`` (a publication line between
    them skipped): a news item's heading."""
    before = page.text[:pos].rstrip().split("\n")
    end = len(page.text[:pos].rstrip())
    for line in reversed(before[-3:]):
        start = end - len(line)
        stripped = line.strip()
        if (
            stripped
            and not date_line(stripped, page.lang)
            and not re.match(r"(?i)posted\b", stripped)
        ):
            words = stripped.split()
            if 3 <= len(words) <= 14 and not stripped.endswith((".", "!", "?", ":")):
                return (
                    start + line.find(stripped),
                    start + line.find(stripped) + len(stripped),
                    stripped,
                )
            return None
        end = start - 1
    return None


_CONNECTORS = frozenset({"de", "du", "des", "la", "le", "les", "of", "the", "and", "et", "for"})


def title_line(head: list[Line]) -> Line | None:
    """The headline line that names the story: the first of three words or more that is
    not only a name (a sender line above the title: "City of Tampere", "The Government of
    the Hong Kong Special Administrative Region"), else the first of three words or more."""
    titled = [h for h in head if len(h.text.split()) >= 3]
    return next((h for h in titled if not _name_line(h.text)), titled[0] if titled else None)


def _name_line(text: str) -> bool:
    """A line that is only a name ("Commune de Fès", "City of Tampere"): the sender line
    of a press release above its title, not the title."""
    words = re.findall(r"[\w'’-]+", text)
    return len(words) <= 10 and all(
        w[0].isupper() or w.lower() in _CONNECTORS or re.match(r"[dl]['’]", w) for w in words
    )


def _names_more_than_conference(page: Page, line: Line, conf_spans: SpanSet) -> bool:
    """Whether a title line names something besides a conference: "WUF12 : des rues pour
    tous" is a session's page, "COP29" alone is the conference's."""
    rest = page.text[line.start : line.end]
    for a, b in sorted(conf_spans.overlapping((line.start, line.end)), reverse=True):
        a, b = max(a, line.start) - line.start, min(b, line.end) - line.start
        rest = rest[:a] + " " + rest[b:]
    return len(re.findall(r"\w+", rest)) >= 3


def event_mentions(events: Events, mentions: list[Found]) -> list[Found]:
    """Mentions that fall inside an event span (helper for rules on titles)."""
    spans = SpanSet(sp for ev in events.items for sp in ev.spans)
    return [f for f in mentions if spans.overlaps(f.span)]
