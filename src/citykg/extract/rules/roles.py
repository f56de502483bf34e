"""Phase ``roles``: who organised, who paid, who took part, in each sentence.

A cue governs a name when it stands before it in the same clause, with only names,
commas, articles and conjunctions between ("organisé par C40 et l'AIMF", "avec le soutien
de la Banque mondiale"), or right after a coordinated subject ("MedCities et CGLU
organisent"). Clause boundaries always stop a cue: "organised by C40 … brought together
experts from the World Bank" does not make the World Bank an organiser.

Each rule emits its own facts; an organiser or supporter named in a clause states a veto
on that clause's participant evidence for the same name, and a contrast or source cue
("selon", "unlike") vetoes every role of the name it governs. The aggregator settles it.
"""

from __future__ import annotations

import functools
import re

from ..lexicon import Lexicon
from .context import RuleContext
from .records import EventRec, Found, Sent, Veto
from .registry import rule
from .spans import clause_between

_ROLE_PREDICATES = ("participant", "organizer", "supportedBy")


def governed(ctx: RuleContext, rx: re.Pattern[str], sent: Sent, f: Found, window: int) -> bool:
    """Whether a cue of ``rx`` stands before ``f`` in the same clause, within ``window``
    characters."""
    lo = max(sent.start, f.start - window)
    return any(
        clause_between(ctx.text, m.end(), f.start)
        and f.start - m.end() <= window
        and not _relative_clause(ctx.lex).search(ctx.text, m.end(), f.start)
        for m in rx.finditer(ctx.text, lo, f.start)
    )


@functools.cache
def _relative_clause(lex: Lexicon) -> re.Pattern[str]:
    """ ", where items such as the city budget …", ", qui …": a relative clause opened after a
    cue is a clause of its own; the cue does not govern the names in it."""
    return re.compile(r",\s*(?:" + lex.alt("relative_pronouns") + r")\b", re.IGNORECASE)


def excluded(ctx: RuleContext, sent: Sent) -> set[int]:
    """Ids of the sentence's actors governed by a contrast or source cue."""
    key = ("excluded", sent.index)
    found = ctx.memo.get(key)
    if found is None:  # asked by every role rule of the sentence: read once
        rx = ctx.lex.rx("exclusion_cues")
        found = ctx.memo[key] = frozenset(
            id(f) for f in ctx.mentions.actors(sent.index) if governed(ctx, rx, sent, f, 80)
        )
    return set(found)


@rule("exclusion", "roles")
def exclusion(ctx: RuleContext) -> None:
    """ "Contrairement à Lagos", "according to UNEP", "data from WRI": the name is a
    comparison or a source, no role of any event (a veto on every role evidence read at
    that name)."""
    rx = ctx.lex.rx("exclusion_cues")
    for sent in ctx.page.sents:
        for f in ctx.mentions.actors(sent.index):
            if governed(ctx, rx, sent, f, 80):
                for p in _ROLE_PREDICATES:
                    ctx.veto(Veto("exclusion", p, obj=f.key, span=f.span))


def _target(ctx: RuleContext, sent: Sent) -> EventRec | None:
    ev = ctx.event_for_sentence(sent.index)
    main = ctx.events.main
    return ev or (
        main if main is not None and (main.type == "Exchange" or not main.conference) else None
    )


@functools.cache
def _list_gap(lex: Lexicon) -> re.Pattern[str]:
    """Between a passive cue and each name of its coordinated list ("organised by FCM and
    the City of Helsinki": a city's government form before any of the names; "organisé
    par CGLU Afrique avec la Ville de Djibouti": a co-organiser after "with"; an acronym in
    brackets after a long name: "avec l'Institut … (IFDD)"; an organisation's own unit
    after its possessive: "by the Regional Bank's Training Centre")."""
    art = r"(?:(?:" + lex.alt("articles") + r")\s+|l['’])?"
    city = r"(?:(?i:" + lex.alt("city_nouns") + r")\s+(?:" + lex.alt("of_words") + r")\s+)?"
    return re.compile(
        r"[\s,:*]*" + art + city
        + r"(?:[^,;.(]*?(?:,|\(|['’]s?\s|\s(?:" + lex.alt("conjunctions") + r"|with|avec)\s)\s*"
        + art + city + r")*"
    )  # fmt: skip


@functools.cache
def _other_role(lex: Lexicon) -> re.Pattern[str]:
    """A support, co-organising or gathering cue inside an organiser's list: the names
    after it are that cue's ("initié par A avec le soutien du ministère …", "hosted by A,
    brought together officials from B")."""
    return re.compile(
        r"(?<![\w-])(?:"
        + "|".join(
            lex.alt(k)
            for k in ("support_cues", "co_organiser_cues", "convening_verbs", "gathering_verbs")
        )
        + r")(?![\w-])",
        re.IGNORECASE,
    )


@functools.cache
def _subject_gap(lex: Lexicon) -> re.Pattern[str]:
    """Between two names of a coordinated subject ("MedCities et CGLU", "Name (ACR)", "C40,
    in cooperation with ICLEI,")."""
    return re.compile(
        r"\s*(?:\([^()]{1,60}\)\s*)?(?:,|" + lex.alt("conjunctions") + r")\s*"
        r"(?:(?:" + lex.alt("articles") + r")\s+|l['’])?|\s*\("
        r"|\s*,?\s*(?:" + lex.alt("co_organiser_cues") + "|" + lex.alt("partnership_cues") + r")\s+"
        r"(?:(?:" + lex.alt("articles") + r")\s+|l['’])?"
    )


def _funded(ctx: RuleContext, sent: Sent, f: Found) -> bool:
    """A name a support cue governs ("avec le soutien de l'AFD, a réuni") is no subject of
    the verb after it; a partner is ("A, en partenariat avec B, a organisé")."""
    return _heads_list(ctx, ctx.lex.rx("support_cues"), sent, f, 120) and not _heads_list(
        ctx, ctx.lex.rx("partnership_cues"), sent, f, 120
    )


def _is_passive(lex: Lexicon, cue: str) -> bool:
    cue = cue.lower()
    if any(w in cue for w in lex.words("active_cue_words")):
        return False  # "X est à l'origine de …": the subject before the cue
    return cue.endswith(tuple(lex.words("passive_cue_endings"))) or any(
        w in cue for w in lex.words("passive_cue_words")
    )


def organizers(ctx: RuleContext, rx: re.Pattern[str], sent: Sent) -> list[Found]:
    """Names a role cue governs: the coordinated list after a passive cue ("organisé par
    A et B"), the coordinated subject before an active one ("A et B organisent")."""
    lex, text = ctx.lex, ctx.text
    out: list[Found] = []
    skip = excluded(ctx, sent)
    ments = [f for f in ctx.mentions.actors(sent.index) if id(f) not in skip]
    for m in rx.finditer(text, sent.start, sent.end):
        if _is_passive(lex, m.group(0)):
            out += [
                f
                for f in ments
                if f.start >= m.end()
                and clause_between(text, m.end(), f.start)
                and f.start - m.end() < 80
                and _list_gap(lex).fullmatch(text[m.end() : f.start])
                and not _other_role(lex).search(text, m.end(), f.start)
            ]
            continue
        earlier = [f for f in ments if f.end <= m.start()]
        before = [
            f
            for f in earlier
            if clause_between(text, f.end, m.start())
            and m.start() - f.end < 40
            and not _funded(ctx, sent, f)
        ]
        if before:
            chain = [before[-1]]
            for f in reversed(earlier[: earlier.index(before[-1])]):
                if not _subject_gap(lex).fullmatch(text[f.end : chain[-1].start]):
                    break
                chain.append(f)
            out += reversed(chain)
    uniq: dict[int, Found] = {}
    for f in out:
        uniq.setdefault(id(f), f)
    return list(uniq.values())


def _all_organizers(ctx: RuleContext, sent: Sent) -> list[Found]:
    found = organizers(ctx, ctx.lex.rx("organizer_cues"), sent)
    ids = {id(f) for f in found}
    found += [
        f
        for f in organizers(ctx, ctx.lex.rx("convening_verbs"), sent)
        if f.type == "Agency" and id(f) not in ids
    ]
    if found:
        ids = {id(f) for f in found}
        found += [f for f in co_organisers(ctx, sent) if id(f) not in ids]
    return found


def co_organisers(ctx: RuleContext, sent: Sent) -> list[Found]:
    """ "organisé par CGLU Afrique … en collaboration avec l'IFDD et l'ANCB", "organised by
    C40 in cooperation with ICLEI": in a sentence that names an organiser, the names a
    co-organising cue heads organise too (the caller asks only then)."""
    text, lex = ctx.text, ctx.lex
    skip = excluded(ctx, sent)
    ments = [f for f in ctx.mentions.actors(sent.index) if id(f) not in skip]
    out = []
    for m in lex.rx("co_organiser_cues").finditer(text, sent.start, sent.end):
        out += [
            f
            for f in ments
            if f.start >= m.end()
            and f.start - m.end() < 120
            and clause_between(text, m.end(), f.start)
            and _list_gap(lex).fullmatch(text[m.end() : f.start])
            and not _other_role(lex).search(text, m.end(), f.start)
        ]
    return out


def about_a_project(ctx: RuleContext, sent: Sent, f: Found) -> bool:
    """ "Ce projet est piloté par Arbora", "The programme was designed with experts from
    X": a sentence whose subject is a project or programme, with no event named in it,
    tells who runs the project, not who organised or attended the event."""
    if ctx.events.spans_in(sent.index):
        return False
    return _project_subject(ctx.lex).search(ctx.text, sent.start, f.start) is not None


@functools.cache
def _project_subject(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w-])(?:"
        + lex.alt("project_determiners")
        + r")\s+(?:"
        + lex.alt("initiative_triggers")
        + r")(?![\w-])",
        re.IGNORECASE,
    )


def _names_a_conference(ctx: RuleContext, f: Found) -> bool:
    """ "la Réunion des Parties au Protocole régional sur l'eau": an organisation
    named in a conference's name (or standing for the conference: "COP22" as the UNFCCC's
    name) is its owner, not a participant of the page's event."""
    gap = _conference_joint(ctx.lex)
    return any(
        e.conference
        and ((b <= f.start and gap.fullmatch(ctx.text, b, f.start)) or (a < f.end and f.start < b))
        for a, b, _, e in ctx.events.spans_in(f.sent)
    )


@functools.cache
def _conference_joint(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(
        r"\s+(?:"
        + lex.alt("conference_joints")
        + r")\s+(?:(?:"
        + lex.alt("articles")
        + r")\s+|l['’])?",
        re.IGNORECASE,
    )


def _not_by_this_clause(ctx: RuleContext, f: Found, rule_name: str) -> None:
    """A name holding another role in its clause is no participant by that clause."""
    ctx.veto(
        Veto(
            rule_name,
            "participant",
            obj=f.key,
            sentence=f.sent,
            rules=frozenset({"participant-cue"}),
        )
    )


@rule("organised-by", "roles")
def organised_by(ctx: RuleContext) -> None:
    """ "organisé par C40", "UN-Habitat convened": an agency organises the event the
    sentence is about (the nearest event named); a city that organises hosts, so it takes
    part (the contract's host rule)."""
    for sent in ctx.page.sents:
        if not ctx.mentions.actors(sent.index):
            continue
        target = _target(ctx, sent)
        for f in _all_organizers(ctx, sent):
            _not_by_this_clause(ctx, f, "organised-by")
            ctx.veto(
                Veto(
                    "organised-by",
                    "supportedBy",
                    obj=f.key,
                    span=f.span,
                    rules=frozenset({"supported-by"}),
                )
            )
            tgt = ctx.nearest_event(sent.index, f.start) or target
            if tgt is None or about_a_project(ctx, sent, f) or _names_a_conference(ctx, f):
                continue
            if f.type == "Agency":
                ctx.emit(
                    tgt.key, "organizer", "organised-by", sent=sent.index, span=f.span, obj=f.key
                )
            if (f.type != "Agency" or local_government(ctx, f)) and not tgt.conference:
                ctx.emit(
                    tgt.key,
                    "participant",
                    "city-organiser-participates",
                    sent=sent.index,
                    span=f.span,
                    obj=f.key,
                )
                if _as_government(ctx, f):  # "organised by FCM and the City of Helsinki"
                    ctx.emit(
                        tgt.key,
                        "organizer",
                        "city-government-organises",
                        sent=sent.index,
                        span=f.span,
                        obj=f.key,
                    )


def _as_government(ctx: RuleContext, f: Found) -> bool:
    """Whether a city is named here as its government ("the City of Helsinki",
    "Municipality of Tirana", "la Ville de Djibouti"): the city acting as an organisation."""
    return any(
        g.rule == "city-government" and g.key == f.key and g.start <= f.start and f.end <= g.end
        for g in ctx.mentions.in_sentence(f.sent)
    )


def local_government(ctx: RuleContext, f: Found) -> bool:
    """ "la Métropole de Rouen", "Kumasi Metropolitan Assembly": an agency that is
    a city's own government hosts when it organises, as the city would."""
    entry = ctx.gaz.entries.get(f.key)
    names = [f.text] + ([entry.name_en, entry.name_fr] if entry is not None else [])
    return any(_local_head(ctx.lex).search(n) for n in names)


@functools.cache
def _local_head(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + lex.alt("local_government_heads") + r")(?!\w)", re.IGNORECASE)


def _supporters(ctx: RuleContext, sent: Sent) -> list[Found]:
    rx = ctx.lex.rx("support_cues")
    skip = excluded(ctx, sent)
    return [
        f
        for f in ctx.mentions.actors(sent.index)
        if id(f) not in skip and f.type == "Agency" and _heads_list(ctx, rx, sent, f, 120)
    ]


def _heads_list(ctx: RuleContext, rx: re.Pattern[str], sent: Sent, f: Found, window: int) -> bool:
    """Whether a support cue governs ``f`` in its clause: "funded by A and B", "with
    support from the UK Foreign Office", not "funded by A and carried out by B" (another
    participle between them takes B)."""
    lo = max(sent.start, f.start - window)
    return any(
        clause_between(ctx.text, m.end(), f.start)
        and f.start - m.end() <= window
        and not _agent_word(ctx.lex).search(ctx.text, m.end(), f.start)
        for m in rx.finditer(ctx.text, lo, f.start)
    )


@functools.cache
def _agent_word(lex: Lexicon) -> re.Pattern[str]:
    """ "by"/"par" between a support cue and a name: another participle took the name."""
    return re.compile(r"\b(?:" + lex.alt("agent_words") + r")\b", re.IGNORECASE)


@rule("supported-by", "roles")
def supported_by(ctx: RuleContext) -> None:
    """ "avec le soutien de la Banque mondiale", "funded by the EU": the agency supports
    the initiative or event of the sentence, else the city named before it, else the
    page's event (a header block "Avec le soutien de : l'OIF")."""
    for sent in ctx.page.sents:
        sups = _supporters(ctx, sent)
        if not sups:
            continue
        for f in sups:
            _not_by_this_clause(ctx, f, "supported-by")
        subject = _support_subject(ctx, sent, sups[0])
        if subject is None:
            continue
        for f in sups:
            ctx.emit(
                subject, "supportedBy", "supported-by", sent=sent.index, span=f.span, obj=f.key
            )


def _lead_space(ctx: RuleContext, sent: Sent) -> int:
    text = ctx.text[sent.start : sent.end]
    return len(text) - len(text.lstrip())


def _support_subject(ctx: RuleContext, sent: Sent, first: Found) -> str | None:
    ev = ctx.event_for_sentence(sent.index)
    init, init_at = next(
        (
            (r, a)
            for r in ctx.inits.items
            for a, _ in r.spans
            if sent.start <= a < min(sent.end, first.start)
        ),
        (None, 0),
    )
    opener = _project_subject(ctx.lex).match(ctx.text, sent.start + _lead_space(ctx, sent))
    if init is None and ctx.inits.items and opener and about_a_project(ctx, sent, first):
        # "Ce projet est financé par l'UE": the page's project, not its kick-off meeting
        before = [(a, r) for r in ctx.inits.items for a, _ in r.spans if a < sent.start]
        if len(ctx.inits.items) == 1 or before:
            return (max(before, key=lambda x: x[0])[1] if before else ctx.inits.items[0]).key
    # "The event, organised by … Programme, with support from X": the event named first
    ev_at = min(
        (a for a, _, _, e in ctx.events.spans_in(sent.index) if e is ev and a < first.start),
        default=None,
    )
    if init is not None and (ev_at is None or init_at < ev_at):
        return init.key
    if ev is not None:
        return ev.key
    if init is not None:
        return init.key
    done = (
        excluded(ctx, sent)
        | {id(f) for f in _supporters(ctx, sent)}
        | {id(f) for f in _all_organizers(ctx, sent)}
    )
    before = [
        f
        for f in ctx.mentions.actors(sent.index)
        if f.end <= first.start and f.type in ("City", "Country") and id(f) not in done
    ]
    if before:
        return before[0].key
    main = ctx.events.main
    return main.key if main is not None and not main.conference else None


def _agency_takes_part(ctx: RuleContext, part_rx: re.Pattern[str], sent: Sent, f: Found) -> bool:
    """An organisation named in a participation sentence takes part only when the cue
    governs it ("delegations from X", "speakers from A and B") or it is the subject of
    the cue ("ATU presented …"); one cited in passing ("the standard developed by WRI")
    does not."""
    if governed(ctx, part_rx, sent, f, 110):
        return True
    cue = part_rx.search(ctx.text, f.end, sent.end)
    return (
        cue is not None
        and cue.start() - f.end <= 40
        and clause_between(ctx.text, f.end, cue.start())
        and ":" not in ctx.text[f.end : cue.start()]  # "COP31 : le forum des maires": a title
    )


def _where_not_who_city(ctx: RuleContext, target: EventRec, f: Found) -> bool:
    """A city in a participation sentence that is the dateline's ("Dakar, 7 mai (MAP) –"),
    an organisation's seat ("based in Nairobi") or the venue of another event of the page
    ("… la COP22, prévue à Marrakech") says where a story was filed, an office sits or
    another event is held, not who took part."""
    line = ctx.page.dateline
    if line is not None and line[0] <= f.start < line[1]:
        return True
    if _based_in(ctx.lex).search(ctx.text[max(0, f.start - 40) : f.start]):
        return True  # "l'ICPAC, basé à Nairobi": where an organisation sits
    where = _where_not_who(ctx.lex)
    if any(
        e.conference
        and e is not target
        and 0 <= f.start - b <= 60
        and not re.search(r"[;.:]", ctx.text[b : f.start])
        and where.search(ctx.text[b : f.start])
        for _, b, _, e in ctx.events.spans_in(f.sent)
    ):
        return True  # "COP28, which runs in Dubai", "la COP22, prévue à Marrakech"
    if ctx.located(target, f.key):
        return False
    return any(e is not target and ctx.located(e, f.key) for e in ctx.events.items if e.conference)


@functools.cache
def _based_in(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + lex.alt("based_cues") + r")\s+$", re.IGNORECASE)


@functools.cache
def _where_not_who(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + lex.alt("where_preps") + r")\s+$", re.IGNORECASE)


def _listed_with_a_city(ctx: RuleContext, ments: list[Found], f: Found) -> bool:
    """ "des représentants de Kigali, de Durban et de l'île Maurice": a country in one list
    with cities stands for its government, as they do."""
    i = ments.index(f)
    prev = ments[i - 1] if i > 0 else None
    if prev is None or prev.type != "City":
        return False
    gap = ctx.text[prev.end : f.start]
    return len(gap.split()) <= 4 and bool(_list_joint(ctx.lex).search(gap))


@functools.cache
def _list_joint(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(r",|\b(?:" + lex.alt("conjunctions") + r")\b", re.IGNORECASE)


@rule("participant-cue", "roles")
def participant_cue(ctx: RuleContext) -> None:
    """ "des représentants de Bombay, Kigali et Accra", "officials from Lisbon": the
    places (and the organisations a cue governs) of a participation sentence take part in
    the event it is about."""
    part_rx = ctx.lex.rx("participation_cues")
    where = _where_not_who(ctx.lex)
    for sent in ctx.page.sents:
        ments = ctx.mentions.actors(sent.index)
        if not ments or not part_rx.search(ctx.text, sent.start, sent.end):
            continue
        target = _target(ctx, sent)
        if target is None:
            continue
        if target.conference and ctx.event_for_sentence(sent.index) is None:
            continue
        for f in ments:
            if target.conference and f.type == "City" and ctx.located(target, f.key):
                continue
            if f.type == "City" and _where_not_who_city(ctx, target, f):
                continue
            if f.type == "Country" and not _listed_with_a_city(ctx, ments, f):
                continue  # "mayors from the regions Poland, France …": a group reference
            if f.type == "Agency" and (
                not _agency_takes_part(ctx, part_rx, sent, f)
                or about_a_project(ctx, sent, f)
                or _names_a_conference(ctx, f)
            ):
                continue
            if f.type == "Country" and (
                re.match(r"['’]s\b", ctx.text[f.end : f.end + 2])
                or where.search(ctx.text[max(0, f.start - 12) : f.start])
            ):
                continue  # "Nepal's hydropower", "a week in Finland": where, not who
            ctx.emit(
                target.key,
                "participant",
                "participant-cue",
                sent=sent.index,
                span=f.span,
                obj=f.key,
            )
