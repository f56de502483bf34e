"""Phase ``roles``: who owns or sets up the event, told by how its name or its set-up is
phrased rather than by a role verb: "GIZ's annual Mayors Tour", "the Eurocities mission",
"A s'est associé avec B pour organiser …" (split from :mod:`.roles`, whose clause-window
helpers these rules share)."""

from __future__ import annotations

import functools
import re

from ..lexicon import Lexicon
from .context import RuleContext
from .registry import rule
from .roles import _not_by_this_clause, _target, local_government
from .spans import clause_between


@functools.cache
def _owner_gap(lex: Lexicon) -> re.Pattern[str]:
    """Between an organisation and the event it owns: "GIZ's 37th annual Tour" (a
    possessive and a few modifiers, no article or preposition), "the Eurocities mission"
    (the name as a modifier), "l'atelier de l'AIMF" (French: event, then "de" + name)."""
    stop = "|".join(
        lex.alt(k) for k in ("articles", "of_words", "where_preps", "conjunctions", "place_preps")
    )
    word = r"(?!(?:" + stop + r")\b)[\w-]+"
    return re.compile(r"(?:['’]s(?:\s+" + word + r"){0,4})?\s+", re.IGNORECASE)


@functools.cache
def _event_noun(lex: Lexicon) -> re.Pattern[str]:
    """An event noun right after a name inside the event's span ("Eurocities mission")."""
    nouns = "|".join(lex.alt(k) for k in ("exchange_triggers", "conference_triggers"))
    return re.compile(r"\s+(?:" + nouns + r")\b", re.IGNORECASE)


@rule("possessive-organiser", "roles")
def possessive_organiser(ctx: RuleContext) -> None:
    """ "GIZ's yearly Study Trip", "CAN's 3rd Andean Forum", "the Eurocities
    mission": an organisation that owns the event's name organises it (cities are left
    to the host rules: "Lagos's workshop" says where, not who convened)."""
    gap = _owner_gap(ctx.lex)
    for sent in ctx.page.sents:
        agencies = [f for f in ctx.mentions.actors(sent.index) if f.type == "Agency"]
        if not agencies:
            continue
        for a, b, _, ev in ctx.events.spans_in(sent.index):
            for f in agencies:
                inside = a <= f.start and f.end < b and _event_noun(ctx.lex).match(ctx.text, f.end)
                if not inside and not (f.end <= a and gap.fullmatch(ctx.text[f.end : a])):
                    continue
                _not_by_this_clause(ctx, f, "possessive-organiser")
                ctx.emit(
                    ev.key,
                    "organizer",
                    "possessive-organiser",
                    sent=sent.index,
                    span=f.span,
                    obj=f.key,
                )


@functools.cache
def _possessive_phrase(lex: Lexicon) -> re.Pattern[str]:
    """ "’s 12th yearly Study Trip": a possessive and the few words of the name after it."""
    return re.compile(r"['’]s((?:\s+[\w-]+(?:['’]s)?){1,5})")


def _label_head(label: str) -> str | None:
    """The head of an event's name: the last capitalised word of its first run of them
    ("2023 Study Trip on Coastal Housing" → "trip")."""
    head = None
    for w in re.findall(r"[\w-]+(?:['’]s)?", label):
        if w[:1].isupper():
            head = _stem(w)
        elif head is not None and not w[:1].isdigit():
            break
    return head


def _stem(word: str) -> str:
    """ "Mayor’s", "Mayors", "mayor" → "mayor": a name's word however it is inflected."""
    w = re.sub(r"['’]s$", "", word).lower()
    return w[:-1] if len(w) > 3 and w.endswith("s") else w


@rule("possessive-names-event", "roles")
def possessive_names_event(ctx: RuleContext) -> None:
    """ "The 2023 Study Trip (GIZ’s 12th yearly Study Trip)": an organisation whose
    possessive heads the event's name again, with its own modifiers, organises it. The
    name's last word must be the head of the event's label."""
    phrase = _possessive_phrase(ctx.lex)
    events = [e for e in ctx.events.items if e.label]
    if not events:
        return
    heads = {e.key: _label_head(e.label) for e in events}
    for sent in ctx.page.sents:
        for f in ctx.mentions.actors(sent.index):
            m = phrase.match(ctx.text, f.end, sent.end)
            if f.type != "Agency" or m is None:
                continue
            caps = [w for w in m.group(1).split() if w[:1].isupper()]
            if not caps or not m.group(1).split()[-1][:1].isupper():
                continue
            head = _stem(caps[-1])
            ev = next((e for e in events if e.main and head == heads[e.key]), None) or next(
                (e for e in events if head == heads[e.key]), None
            )
            if ev is None or len(head) < 3:
                continue
            _not_by_this_clause(ctx, f, "possessive-names-event")
            ctx.emit(
                ev.key,
                "organizer",
                "possessive-names-event",
                sent=sent.index,
                span=f.span,
                obj=f.key,
            )


@rule("joined-to-organise", "roles")
def joined_to_organise(ctx: RuleContext) -> None:
    """ "A s'est associé avec B pour organiser un événement", "A teamed up with B to host
    a workshop": the subject of the association verb and the partners it names before the
    purpose organise the event (a city among them hosts, so it takes part)."""
    assoc, purpose = ctx.lex.rx("association_verbs"), ctx.lex.rx("organise_purpose")
    text = ctx.text
    for sent in ctx.page.sents:
        ments = [f for f in ctx.mentions.actors(sent.index) if not f.nested and not f.modifier]
        for m in assoc.finditer(text, sent.start, sent.end):
            p = purpose.search(text, m.end(), sent.end)
            if p is None or p.start() - m.end() > 200:
                continue
            before = [
                f
                for f in ments
                if f.end <= m.start()
                and m.start() - f.end <= 160
                and clause_between(text, f.end, m.start())
            ]
            partners = [
                f
                for f in ments
                if m.end() <= f.start
                and f.end <= p.start()
                and clause_between(text, m.end(), f.start)
            ]
            tgt = ctx.nearest_event(sent.index, p.end()) or _target(ctx, sent)
            if tgt is None:
                continue
            for f in before[-1:] + partners:
                _not_by_this_clause(ctx, f, "joined-to-organise")
                if f.type == "Agency":
                    ctx.emit(
                        tgt.key,
                        "organizer",
                        "joined-to-organise",
                        sent=sent.index,
                        span=f.span,
                        obj=f.key,
                    )
                if (f.type == "City" or local_government(ctx, f)) and not tgt.conference:
                    ctx.emit(
                        tgt.key,
                        "participant",
                        "city-organiser-participates",
                        sent=sent.index,
                        span=f.span,
                        obj=f.key,
                    )
