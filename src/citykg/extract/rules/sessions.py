"""Events besides the main one: newsletter stories, programme sessions, follow-ups; and
the names the page gives its events (labels, aliases, trigger phrases)."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re

from ..lexicon import Lexicon
from .page import Page, date_line
from .records import EventRec
from .spans import SpanSet


def section_events(page: Page, lex: Lexicon) -> list[EventRec]:
    """Newsletter pages tell several stories, each under its own heading with its own
    "When: … · Where: …" line. Two or more such sections make one event each, labelled
    by the heading; the section's trigger words and sentences belong to it."""
    text = page.text
    ex_rx = lex.rx("exchange_triggers")
    block = re.compile(
        r"^[ \t*-]*(?:" + lex.literal("date_labels") + r")[ \t*]*:[^\n]*\d", re.I | re.M
    )
    found: list[tuple[int, int, str, int]] = []  # heading start, end, text, block start
    seen: set[int] = set()
    for m in block.finditer(text):
        heading = page.heading_before(m.start())
        if heading is not None and heading.start not in seen:
            seen.add(heading.start)
            found.append((heading.start, heading.end, heading.text, m.start()))
    # a heading is not itself a block line ("Date: …" above "Time: …"), and each story
    # has a body or, as an agenda's entries, a block of its own ("Date :", "Lieu :",
    # "Organisateur :")
    found = [f for f in found if not _block_line(f[2], lex)]
    found = [
        f
        for n, f in enumerate(found)
        if _has_body(text, f[3], found[n + 1][0] if n + 1 < len(found) else len(text))
    ]
    if len(found) < 2:
        return []
    out: list[EventRec] = []
    for n, (hs, he, heading, bs) in enumerate(found):
        end = found[n + 1][0] if n + 1 < len(found) else len(text)
        label = re.sub(r"^\s*(?:\d{1,2}[.)]|[-*•])\s+", "", heading).strip()
        kind = "Exchange" if ex_rx.search(text, hs, end) else "Event"
        ev = EventRec(f"docevent:{n}", kind, label, section=(hs, end))
        line_end = text.find("\n", bs)
        ev.spans += [(hs, he), (bs, line_end if line_end != -1 else end)]
        for t in ex_rx.finditer(text, hs, end):
            ev.spans.append((t.start(), t.end()))
        out.append(ev)
    return out


_LABEL_LINE = re.compile(r"^[ \t*-]*(?P<label>[\w' ’-]{1,30}?)[ \t*]*:(?P<rest>[^\n]*)", re.M)

#: a field line's value ("Format: Online", "Series: Coasts that Protect") is this short; a
#: heading that names its kind first ("Webinaire : financer l'action climatique") is longer
_FIELD_WORDS = 3

#: a section's body is at least this long, or it has this many field lines of its own
_BODY_CHARS = 200
_ENTRY_FIELDS = 3


def _block_line(heading: str, lex: Lexicon) -> bool:
    """Whether a heading is itself a field line: a block label ("Date", "Lieu") or a short
    value after its colon, not a title that names its kind ("Webinaire : financer …")."""
    m = _LABEL_LINE.match(heading)
    if m is None:
        return False
    label = m.group("label").strip().lower()
    return label in lex.block_labels() or len(m.group("rest").split()) <= _FIELD_WORDS


def _has_body(text: str, block: int, end: int) -> bool:
    """A section tells a story (a long paragraph) or is an agenda's entry: its own field
    lines, a date, a place, an organiser, and maybe no sentence at all."""
    if end - block > _BODY_CHARS:
        return True
    return len(_LABEL_LINE.findall(text, block, end)) >= _ENTRY_FIELDS


#: "Kick-off in Huế." opening a paragraph: a run-in heading of a few words.
_RUN_IN_WORDS = 6


def run_in_told(page: Page, cues: list[re.Pattern[str]], sent) -> tuple[int, int] | None:
    """ "Kick-off in Huế. The partners met for the first time on 19 March …": a run-in
    heading naming an event, and the next sentence of its paragraph telling who met (the
    cue's span, which then refers to the event, so its date and place are the event's)."""
    st = page.sent_text(sent.index)
    if len(st.split()) > _RUN_IN_WORDS or sent.index + 1 >= len(page.sents):
        return None
    nxt = page.sents[sent.index + 1]
    if "\n" in page.text[sent.end : nxt.start]:
        return None  # a heading line of its own, not a run-in heading
    hit = next((m for c in cues if (m := c.search(page.text, nxt.start, nxt.end))), None)
    return hit.span() if hit else None


def headline_label(page: Page, lex: Lexicon, main: EventRec, conf_in) -> None:
    """A news item's headline names its story: when the main exchange was found in the
    lead ("The study tour, held from …") rather than in the title, the headline becomes
    its label and the trigger phrase an alias."""
    head = page.headline
    if not head or not main.spans or any(a < head[-1].end for a, _ in main.spans[:1]):
        return
    from .events import bare, title_line

    first = title_line(head)
    if first is None or conf_in(first.start, first.end):
        return
    a, b = main.spans[0]
    if page.own_line((a, b)) and main.label == page.text[a:b].strip():
        return  # a news item's own heading already names it
    lead = [x for x in page.sents if x.start > head[-1].end][:6]
    if not any(x.start <= main.spans[0][0] < x.end for x in lead):
        return

    if not bare(lex.rx("exchange_triggers"), main.label):
        main.aliases.add(main.label)
    main.label = first.text
    main.spans.insert(0, (first.start, first.end))


def session_sections(page: Page, lex: Lexicon, found: list[EventRec]) -> None:
    """A programme page gives each session a heading and a section: the trigger words
    and anaphora of that section ("la séance plénière", "l'atelier") are the session."""
    heads = sorted(
        (
            (ev.spans[0][0], n, ev)
            for n, ev in enumerate(found)
            if ev.spans and page.own_line(ev.spans[0])
        ),
        key=lambda x: (x[0], x[1]),
    )
    for n, (start, _, ev) in enumerate(heads):
        end = heads[n + 1][0] if n + 1 < len(heads) else page.section_end(start)
        taken = SpanSet(ev.spans)
        for rx in (lex.rx("exchange_triggers"), lex.rx("anaphora")):
            for t in rx.finditer(page.text, start, end):
                if not taken.overlaps((t.start(), t.end())):
                    ev.spans.append((t.start(), t.end()))
                    taken.add((t.start(), t.end()))


@functools.cache
def _indefinite(lex: Lexicon) -> re.Pattern[str]:
    """Right before a trigger: "a", "another", "its second", "la prochaine" (a new event)."""
    return re.compile(
        r"(?:(?:^|\s)(?:" + lex.alt("indefinite_determiners") + r")"
        r"|(?:\b[\w-]+['’]s|"
        + r"|".join(r"\b" + w for w in lex.words("ordinal_owners"))
        + r")\s+(?:"
        + lex.alt("ordinals")
        + r"))"
        r"\s+(?P<mods>(?:[\w-]+\s+){0,2}?)$",
        re.IGNORECASE,
    )


def _main_days(page: Page, main: EventRec) -> tuple[set[dt.date], int]:
    """The main event's own dates (its date block, the lead, the sentences naming it), and
    where the lead ends."""
    head_end = max([b for a, b in main.spans[:1]] + [page.headline_end], default=0)
    lead = page.lead(head_end)
    days: set[dt.date] = set()
    block = page.block_value("date_labels")
    if block is not None:
        days |= page.days(*block)
    naming = [page.sents[i] for i in sorted({page.sentence_of(a) for a, _ in main.spans})]
    for x in lead + naming:
        days |= page.days(x.start, x.end)
    return days, (lead[-1].end if lead else 0)


def secondary_events(
    page: Page, lex: Lexicon, main: EventRec, taken: list[EventRec]
) -> list[EventRec]:
    """Other events of the page: an indefinite trigger ("a half-day workshop on …",
    "un atelier de restitution") in a sentence that gives its own date is a new event,
    not the main one again (the genre announces follow-ups this way)."""
    text = page.text
    indefinite = _indefinite(lex)
    out: list[EventRec] = []
    dated: list[set[dt.date]] = []  # each follow-up's own dates
    main_days, lead_end = _main_days(page, main)
    busy = SpanSet([*main.spans, *(sp for ev in taken for sp in ev.spans)])
    main_sents = {page.sentence_of(a) for a, _ in main.spans}
    for t in lex.rx("exchange_triggers").finditer(text):
        if busy.overlaps((t.start(), t.end())):
            continue
        m = indefinite.search(text, max(0, t.start() - 40), t.start())
        if m is None:
            continue
        sent = page.sents[page.sentence_of(t.start())]
        if sent.index in main_sents or t.start() < lead_end:
            continue  # the lead introduces the page's own event, not a follow-up
        own = page.days(sent.start, sent.end) - main_days
        if not own:
            continue  # no date of its own: the main event again
        label = event_phrase(page, lex, m.start("mods"), t.end())
        same = next((ev for ev, d in zip(out, dated, strict=True) if d & own), None)
        if same is not None:
            # announced twice with the same date (a bilingual page's summary): one event
            same.aliases.add(label)
            same.spans.append((m.start("mods"), t.end()))
            continue
        ev = EventRec(f"docevent:{1 + len(out) + len(taken)}", "Exchange", label)
        ev.spans.append((m.start("mods"), t.end()))
        out.append(ev)
        dated.append(own)
    return out


def event_phrase(page: Page, lex: Lexicon, start: int, trig_end: int) -> str:
    """ "half-day workshop on heat-health warning systems", "atelier de restitution": the
    trigger with its modifiers and one prepositional complement, cut before a verb, a
    date, a place preposition or punctuation."""
    text = page.text
    words = [text[start:trig_end].strip()]
    rest = re.match(r"[^,.;:!?()\n«»\"“”]*", text[trig_end : trig_end + 120]).group(0)
    tokens = rest.split()
    preps = lex.lower_set("complement_preps")
    elided = re.compile(r"(?:" + lex.alt("of_words", "fr") + r")\w", re.IGNORECASE)
    if tokens and (tokens[0].lower() in preps or elided.match(tokens[0])):
        kept = [tokens[0]]
        stops = lex.lower_set("phrase_stops")
        # "au changement climatique" goes on, "au Kenya", "in the city" stop there
        inner = lex.lower_set("place_preps_short")
        function_words = lex.lower_set("function_words")
        for n, tok in enumerate(tokens[1:6], start=1):
            low = tok.lower()
            nxt = tokens[n + 1] if n + 1 < len(tokens) else ""
            goes_on = low in inner and nxt[:1].islower() and nxt.lower() not in function_words
            if low in inner and nxt[:1].isupper() and len(kept) > 1:
                # "… d'une délégation à Saint-Louis": its place ends the phrase
                names = list(itertools.takewhile(lambda t: t[:1].isupper(), tokens[n + 1 : n + 4]))
                kept += [tok, *names]
                break
            if (low in stops and not goes_on) or tok[0].isdigit():
                break
            if re.search(r"(?:ra|ront|rait|raient)$", low):
                break
            kept.append(tok)
        while kept and kept[-1].lower() in preps | lex.lower_set("function_words"):
            kept.pop()
        words += kept
    return " ".join(words)


def trigger_phrase(page: Page, lex: Lexicon, pos: int) -> str:
    """The event's name in a body sentence: the trigger and its complement, cut like a
    follow-up's ("atelier de restitution", not "… se tiendra à Arequipa le 9 mai")."""
    m = lex.rx("exchange_triggers").match(page.text, pos)
    return event_phrase(page, lex, _title_start(page, lex, pos), m.end() if m else pos)


def _title_start(page: Page, lex: Lexicon, pos: int) -> int:
    """Where a title-case name ending in a capitalised trigger starts ("the first Water
    Pricing and Municipal Budgeting Masterclass"): the trigger's position otherwise."""
    if not page.text[pos : pos + 1].isupper():
        return pos
    connectors = lex.lower_set("title_connectors") - {"the"}
    sent = page.sents[page.sentence_of(pos)]
    words = list(re.finditer(r"[\w&’'-]+", page.text[sent.start : pos]))
    start = edge = pos
    for w in reversed(words[-8:]):
        tok = w.group(0)
        if page.text[sent.start + w.end() : edge].strip():
            break  # punctuation between: "In May, Lima …" is no name
        edge = sent.start + w.start()
        if tok[:1].isupper():
            start = edge
        elif tok.lower() not in connectors and tok != "&":
            break
    return start


def named_aliases(page: Page, lex: Lexicon, main: EventRec) -> None:
    """Other names of the main exchange in the page ("… Peer-to-Peer Exchange on
    Zero-Emission Buses"): a capitalised title containing an exchange trigger."""
    edge = lex.alt("title_connectors")
    rx = re.compile(
        r"(?<![\w-])(?:[A-Z][\w-]*\s+){0,4}(?:" + lex.alt("exchange_title_heads") + r")"
        r"(?:\s+(?:" + edge + r"|[A-Z][\w-]*)){0,8}"
    )
    connectors = lex.lower_set("title_connectors")
    for m in rx.finditer(page.text):
        words = m.group(0).strip().split()
        while words and words[-1].lower() in connectors:
            words.pop()
        if len(words) >= 3 and sum(w[0].isupper() for w in words) >= 3:
            main.aliases.add(" ".join(words))


@functools.cache
def _topical(lex: Lexicon) -> re.Pattern[str]:
    """ "la session sur les mobilités douces", "The Dialogue on Street Lighting": a session
    noun with its theme."""
    return re.compile(
        r"(?<![\w-])(?:" + lex.alt("session_determiners") + r")\s*"
        r"(?P<trig>(?:" + lex.alt("session_nouns") + r"))\s+"
        r"(?:" + lex.alt("session_topic_preps") + r")\s+",
        re.IGNORECASE,
    )


def _theme_end(page: Page, lex: Lexicon, pos: int) -> int:
    """Where a session's theme ends: punctuation, a verb, a place or time preposition (the
    articles inside the theme stay: "sur la planification urbaine")."""
    text = page.text
    rest = re.match(r"[^,.;:!?()\n«»\"“”]*", text[pos : pos + 120]).group(0)
    # articles and "of" words stay inside a theme ("sur la qualité des eaux")
    stops = lex.lower_set("phrase_stops") - lex.lower_set("leading_articles")
    stops -= lex.lower_set("theme_inner_words")
    ends = lex.lower_set("function_words") | lex.lower_set("complement_preps")
    end = last = pos
    for n, tok in enumerate(re.finditer(r"\S+", rest)):
        low = tok.group(0).lower()
        if n >= 8 or low in stops or tok.group(0)[0].isdigit():
            break
        end = pos + tok.end()
        if low not in ends:
            last = end
    return last


def topical_sessions(page: Page, lex: Lexicon, events: list[EventRec]) -> list[EventRec]:
    """Sessions of a gathering named by their theme in the body ("Pendant la session sur
    les mobilités douces, animée par …", "The Dialogue on Street Lighting, chaired by …"):
    each is an event of its own, part of the page's gathering (else of the conference its
    headline names). Not in the lead, which tells the page's own event, and not when the
    page's event is itself a session (then "the session on …" is that one again)."""
    main = next((e for e in events if e.main), None)
    nouns = re.compile(r"\b(?:" + lex.alt("session_nouns") + r")\b", re.IGNORECASE)
    if page.is_event_page or (main is not None and (nouns.search(main.label) or main.side)):
        return []  # an event page is about one event: "the session on …" is that one
    lead_end = max([page.headline_end, *(x.end for x in page.lead(page.headline_end))])
    busy = SpanSet(sp for e in events if not e.main for sp in e.spans)
    parent = _session_parent(page, main, events)
    out: dict[str, EventRec] = {}
    cues = [lex.rx(n) for n in ("organizer_cues", "participation_cues", "session_role_cues")]
    for m in _topical(lex).finditer(page.text, lead_end):
        end = _theme_end(page, lex, m.end())
        if end <= m.end() or busy.overlaps((m.start(), end)):
            continue
        sent = page.sents[page.sentence_of(m.start())]
        if not any(c.search(page.text, sent.start, sent.end) for c in cues):
            continue  # "the dialogue on finance is essential": no one at a session
        label = page.text[m.start("trig") : end].strip()
        key = label.lower()
        ev = out.get(key)
        if ev is None:
            ev = out[key] = EventRec(f"docevent:t{len(out) + 1}", "Exchange", label)
            ev.parent = parent
        ev.spans.append((m.start(), end))
    found = list(out.values())
    taken = SpanSet(sp for e in found for sp in e.spans)
    for e in events:  # a session's words are no longer its gathering's anaphora
        e.spans = [sp for sp in e.spans if not taken.overlaps(sp)] or e.spans[:1]
    return found


def _session_parent(page: Page, main: EventRec | None, events: list[EventRec]) -> str | None:
    """The gathering a themed session belongs to: the page's own event, else the one
    conference its headline names."""
    if main is not None and not main.conference:
        return main.key
    head_end = page.headline_end
    confs = [e for e in events if e.conference and any(a < head_end for a, _ in e.spans)]
    return confs[0].key if len(confs) == 1 else None


def headline_programme(page: Page, events: list[EventRec]) -> None:
    """A page whose headline names one conference ("Our network at WUF12: …") tells its
    programme: a gathering it names in its body ("the World Assembly of …") is part of
    that conference."""
    parent = _session_parent(page, None, events)
    if parent is None:
        return
    head_end = page.headline_end
    for ev in events:
        if (
            ev.key.startswith("docevent:g")
            and ev.parent is None
            and ev.spans
            and all(a >= head_end for a, _ in ev.spans)
            and not _dated(page, ev.spans[0][0])
        ):
            ev.parent = parent


def _dated(page: Page, pos: int) -> bool:
    """Whether the sentence at ``pos`` gives a date (a gathering of its own time, "the Bonn
    conference in June 2025", is no part of the programme)."""
    sent = page.sents[page.sentence_of(pos)]
    return bool(page.days(sent.start, sent.end))


@functools.cache
def _organised_event(lex: Lexicon) -> re.Pattern[str]:
    """ "pour tenir un événement commun sur …", "hosted an event on …"."""
    return re.compile(
        r"(?<![\w-])(?:" + lex.alt("generic_event_verbs") + r")\s+"
        r"(?:" + lex.alt("indefinite_determiners") + r")\s+"
        r"(?:[\w-]+\s+)?(?P<trig>" + lex.alt("generic_event_nouns") + r")(?![\w-])",
        re.IGNORECASE,
    )


def organised_event(page: Page, lex: Lexicon) -> tuple[int, int, str] | None:
    """An event the lead says someone organised, named by no trigger of the genre ("X s'est
    joint à Y pour tenir un événement commun sur …"): where its noun phrase
    starts and ends, and its label (the noun, its modifiers and its theme)."""
    lead = [x for x in page.sents if x.start >= page.headline_end][:4]
    for x in lead:
        m = _organised_event(lex).search(page.text, x.start, x.end)
        if m is None:
            continue
        noun = m.start("trig")
        # the noun's modifier ("conjoint") and its theme ("sur la façon de …")
        tail = re.match(
            r"\s+[\w-]+(?=\s+(?:" + lex.alt("session_topic_preps") + r")\s)",
            page.text[m.end() : m.end() + 40],
            re.IGNORECASE,
        )
        after = m.end() + (tail.end() if tail else 0)
        prep = re.match(
            r"\s+(?:" + lex.alt("session_topic_preps") + r")\s+",
            page.text[after : after + 30],
            re.IGNORECASE,
        )
        end = _theme_end(page, lex, after + prep.end()) if prep else after
        return noun, end, page.text[noun:end].strip()
    return None


def secondary_gatherings(
    page: Page, lex: Lexicon, main: EventRec, taken: list[EventRec], conf_in
) -> list[EventRec]:
    """Another gathering the body announces with a date of its own ("la préparation du
    forum des maires, qui aura lieu le 9 juin en marge de la COP31"): an
    event of its own, named by its noun and complement, not the page's gathering again.
    A demonstrative ("ce sommet") or a bare noun ("the forum will …") is the page's own."""
    text = page.text
    main_days, lead_end = _main_days(page, main)
    busy = SpanSet(sp for ev in taken for sp in ev.spans)
    demonstrative = re.compile(r"(?:" + lex.alt("anaphora_determiners") + r")\s+$", re.I)
    out: list[EventRec] = []
    for t in lex.rx("conference_triggers").finditer(text, lead_end):
        if busy.overlaps(t.span()) or conf_in(*t.span()):
            continue
        if demonstrative.search(text[max(0, t.start() - 12) : t.start()]):
            continue
        sent = page.sents[page.sentence_of(t.start())]
        if not page.days(sent.start, sent.end) - main_days:
            continue  # no date of its own
        prep = re.match(r"\s+(\S+)\s+", text[t.end() : t.end() + 30])
        if prep is None or prep.group(1).lower() not in lex.lower_set("complement_preps"):
            continue  # "the forum will …": no name of its own
        end = _theme_end(page, lex, t.end() + prep.end())
        label = text[t.start() : end].strip()
        if len(label.split()) < 3:
            continue
        ev = EventRec(f"docevent:m{len(out) + 1}", "Event", label)
        ev.spans.append((t.start(), end))
        out.append(ev)
    return out


def meeting_headline(page: Page, lex: Lexicon) -> tuple[re.Match | None, list[tuple[int, int]]]:
    """ "Mayors talk energy with Commission President": a headline that tells a meeting
    names the page's event, and the first body sentence where people meet ("… met with
    the President") tells it (its span, where its people are). When that sentence says
    "today", the page's date line under the headline is the meeting's date."""
    head = page.headline
    if not head:
        return None, []
    hit = lex.rx("headline_meeting_verbs").search(page.text, head[0].start, head[0].end)
    if hit is None:
        return None, []
    gather = lex.rx("gathering_verbs")
    body = [x for x in page.sents if x.start >= page.headline_end]
    told = next(((x, g) for x in body if (g := gather.search(page.text, x.start, x.end))), None)
    if told is None:
        return None, []  # a headline's verb alone ("talks trade with …") tells no meeting
    spans = [told[1].span()]
    if lex.rx("today_words").search(page.text, told[0].start, told[1].start()):
        dateline = next(
            (x for x in body[:2] if date_line(page.sent_text(x.index), page.lang)), None
        )
        if dateline is not None:
            spans.append((dateline.start, dateline.end))
    return hit, spans


def missions(page: Page, lex: Lexicon, main: EventRec, taken: list[EventRec]) -> list[EventRec]:
    """A mission to a city the page tells besides its own event ("in May, a group
    of mayors went on a mission to Tbilisi", "the mayors' mission to Tbilisi on 4 May"):
    an exchange of its own when one of its sentences gives it a date the page's event does
    not have. Its mentions are one event per destination."""
    text = page.text
    main_days, _ = _main_days(page, main)
    busy = SpanSet([*main.spans, *(sp for ev in taken for sp in ev.spans)])
    rx = re.compile(
        r"(?<![\w-])(?:" + lex.alt("mission_phrases") + r")\s+(?P<place>[A-Z][\w’'-]+)",
        re.IGNORECASE,
    )
    found: dict[str, EventRec] = {}
    dated: set[str] = set()
    for m in rx.finditer(text, page.headline_end):
        if not m.group("place")[0].isupper() or busy.overlaps(m.span()):
            continue
        key = m.group("place").lower()
        ev = found.get(key)
        label = text[m.start() : m.end()]
        if ev is None:
            ev = found[key] = EventRec(f"docevent:v{len(found) + 1}", "Exchange", label)
        elif label != ev.label:
            ev.aliases.add(label)
        ev.spans.append(m.span())
        sent = page.sents[page.sentence_of(m.start())]
        if page.days(sent.start, sent.end) - main_days:
            dated.add(key)
    return [ev for k, ev in found.items() if k in dated]


def story_phrase(page: Page, lex: Lexicon, hit: re.Match) -> str:
    """The name of a story told without a title: the phrase that told it ("launch of the
    … Programme"); a delegation's phrase runs on through whose delegation it is, up to
    its verb, without its determiner ("délégation de la ville de Lomé", not "Une
    délégation de")."""
    text = page.text
    if not lex.rx("delegation_cues").fullmatch(hit.group(0)) or not re.search(
        r"(?:" + lex.alt("of_words") + r"|from|des|du)\s*$", hit.group(0), re.IGNORECASE
    ):
        return event_phrase(page, lex, hit.start(), hit.end())
    start = hit.start()
    det = re.match(
        r"(?:" + lex.alt("indefinite_determiners") + r"|la|the|les|des)\s+",
        text[start : hit.end()],
        re.IGNORECASE,
    )
    if det:
        start += det.end()
    stops = lex.lower_set("phrase_stops") - lex.lower_set("theme_inner_words")
    verbs = [lex.rx(n) for n in ("visit_verbs", "gathering_verbs", "delegation_cues")]
    rest = re.match(r"[^,.;:!?()\n«»\"“”]*", text[hit.end() : hit.end() + 120]).group(0)
    end = hit.end()
    for n, tok in enumerate(re.finditer(r"\S+", rest)):
        at = hit.end() + tok.start()
        if n >= 8 or tok.group(0).lower() in stops or any(v.match(text, at) for v in verbs):
            break
        end = hit.end() + tok.end()
    return text[start:end].strip()


def pronoun_spans(page: Page, lex: Lexicon, events: list[EventRec]) -> None:
    """ "… a ouvert un atelier sur … C'était le jeudi 6 mars à Nantes." / "It
    was held in Lima": a sentence opening on the event as a pronoun talks about the one
    event the sentence before named (its date and place are that event's)."""
    rx = lex.rx("event_pronoun_openers")
    spans = {id(ev): SpanSet(ev.spans) for ev in events}
    for x in page.sents[1:]:
        lead = len(page.text[x.start : x.end]) - len(page.text[x.start : x.end].lstrip())
        m = rx.match(page.text, x.start + lead)
        if m is None:
            continue
        prev = page.sents[x.index - 1]
        named = [
            ev
            for ev in events
            if not ev.conference and spans[id(ev)].overlapping((prev.start, prev.end))
        ]
        if len(named) == 1:
            named[0].spans.append(m.span())
