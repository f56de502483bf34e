"""Phase ``initiatives`` (facts): who leads an initiative, and the year it aims at."""

from __future__ import annotations

import re

from .context import RuleContext
from .records import Found, InitRec, Veto
from .registry import rule
from .spans import clause_between


def _possessor(ctx: RuleContext, span: tuple[int, int]) -> str | None:
    """ "ATU presented its Electromobility Roadmap": the subject before a possessive that
    opens the initiative's name owns it (an agency whose name holds a city, not the city)."""
    i = ctx.page.sentence_of(span[0])
    head = ctx.text[ctx.page.sents[i].start : span[0]]
    if not re.search(
        r"\b(?:" + ctx.lex.alt("group_possessives") + r")\s+(?:own\s+|propre\s+)?$", head
    ):
        return None
    before = [
        f
        for f in ctx.mentions.in_sentence(i)
        if f.end <= span[0] and f.type in ("City", "Agency") and not f.modifier
    ]
    if not before:
        return None
    last = before[-1]
    return last.host if last.nested and last.host else last.key


@rule("owned-by", "initiatives")
def owned_by(ctx: RuleContext) -> None:
    """The owner the initiative was found with ("son propre plan chaleur" in a sentence
    about one city), or the subject before a possessive that opens its name."""
    for rec in ctx.inits.items:
        if not rec.spans:
            continue
        first = min(rec.spans)
        owner = rec.owner or _possessor(ctx, first)
        if owner is not None:
            ctx.emit(
                rec.key,
                "ledBy",
                "owned-by",
                sent=ctx.page.sentence_of(first[0]),
                span=first,
                obj=owner,
            )


def _leader(ctx: RuleContext, rec: InitRec, i: int) -> tuple[Found, str] | None:
    """The leader sentence ``i`` names for ``rec``: "Accra's plan", "plan … d'Accra",
    "Dakar launched", else the sentence's only city."""
    text = ctx.text
    s = ctx.page.sents[i]
    cands = ctx.mentions.actors(i)
    span = next((sp for sp in rec.spans if s.start <= sp[0] < s.end), None)
    poss, after_de, prefix = [], [], []
    if span is not None:
        poss = [
            f
            for f in cands
            if f.type != "Country"
            and re.match(r"['’]s\b", text[f.end : f.end + 2])
            and 0 <= span[0] - f.end <= 40
        ]
        of_city = re.compile(r"\s*(?:de|du|d['’]|of)\s*(?:la\s+ville\s+de\s+)?")
        after_de = [
            f
            for f in cands
            if f.type != "Country"
            and 0 <= f.start - span[1] <= 6
            and of_city.fullmatch(text[span[1] : f.start])
        ]
        prefix = [f for f in cands if f.type == "City" and 0 <= span[0] - f.end <= 1]
    pick = (poss or prefix or after_de)[:1]
    if pick:
        return pick[0], "led-by"
    lead_cue = ctx.lex.rx("lead_cues").search(text, s.start, s.end)
    lead_cities = {f.key for f in cands if f.type == "City"} if lead_cue else set()
    if len(lead_cities) == 1:
        return next(f for f in cands if f.type == "City"), "led-by-cue"
    cities = [f for f in cands if f.type == "City"]
    if len({f.key for f in cities}) == 1:
        return cities[0], "led-by-sole-city"
    return None


@rule("led-by", "initiatives")
def led_by(ctx: RuleContext) -> None:
    """ "Accra's heat plan", "le plan climat de Dakar", "launched by Dakar": the city or
    agency the initiative's first naming sentence ties to it (a fallback: the owner it
    was found with wins)."""
    for rec in ctx.inits.items:
        for i in sorted({ctx.page.sentence_of(a) for a, _ in rec.spans}):
            hit = _leader(ctx, rec, i)
            if hit is not None:
                f, name = hit
                ctx.emit(rec.key, "ledBy", name, sent=i, span=f.span, obj=f.key, fallback=True)
                break


@rule("target-year", "initiatives")
def target_year(ctx: RuleContext) -> None:
    """ "d'ici 2030", "by 2050": the target of the initiative named in the sentence, or of
    the page's only initiative."""
    inits = ctx.inits.items
    for rec in inits:
        sents = {ctx.page.sentence_of(a) for a, _ in rec.spans}
        targets = [(ctx.page.sentence_of(t.start), t) for t in ctx.page.target_years]
        # the initiative's own sentence first, then (sole initiative) the page's first target
        own = [(ti, t) for ti, t in targets if ti in sents]
        pick = own[:1] or (targets[:1] if len(inits) == 1 else [])
        for ti, t in pick:
            name = "target-year" if own else "target-year-sole-initiative"
            ctx.emit(rec.key, "targetYear", name, sent=ti, span=(t.start, t.end), value=str(t.year))


# -- who carries an initiative out and who pays for it -----------------------------------

_GAP = re.compile(
    r"[\s,()]*(?:(?:and|et|&|/)\s+|/\s*)?(?:(?:the|la|le|les)\s+|l['’])?\s*", re.IGNORECASE
)
#: a name the page spells out before its acronym ("…, l'Agence … de l'Energie (ADEME)")
_EXPANDED_GAP = re.compile(r"[\s,()]*(?:(?:and|et)\s+)?[^,;.:()\n]{1,90}\(\s*")
#: before the first name of a list: a kind of partner without a name of its own may come
#: first ("en partenariat avec la coopération belge (réseau WALEAU), …")
_FIRST_GAP = re.compile(
    r"\s*(?:(?:the|la|le|les)\s+|l['’])?(?:[\w'’-]+\s+){0,3}?\(?\s*"
    r"(?:(?:the|la|le|les)\s+|l['’])?\s*",
    re.IGNORECASE,
)
_ACRONYM_GAP = re.compile(r"\s*\([^()\n]{1,20}\)")


def _chain_after(ctx: RuleContext, names: list[Found], pos: int) -> list[Found]:
    """The coordinated list a passive cue at ``pos`` governs: "carried out by A (AA) and
    the B", "implemented by A / B"; anything else between two names ends the list."""
    out: list[Found] = []
    for f in names:
        if f.start < pos:
            continue
        gap = ctx.text[pos : f.start]
        acr = _ACRONYM_GAP.match(gap)
        if acr and out:
            gap = gap[acr.end() :]
        if not (_GAP if out else _FIRST_GAP).fullmatch(gap) and not (
            out and _EXPANDED_GAP.fullmatch(gap)
        ):
            if out and f.start < out[-1].end + 2:
                continue
            break
        out.append(f)
        pos = f.end
    return out


def _chain_before(ctx: RuleContext, names: list[Found], pos: int) -> list[Found]:
    """The subject of an active cue at ``pos``: "L'AREC, l'Agence …, est à l'origine de"
    (a name and its apposition, or a coordinated subject)."""
    out: list[Found] = []
    for f in reversed(names):
        if f.end > pos:
            continue
        gap = ctx.text[f.end : pos]
        if not re.fullmatch(
            r"(?:\s*\([^()\n]{1,20}\))?[\s,]*(?:(?:and|et|&)\s+)?"
            r"(?:(?:the|la|le|les)\s+|l['’])?\s*",
            gap,
            re.IGNORECASE,
        ):
            break
        out.append(f)
        pos = f.start
    return out


def _referent(ctx: RuleContext, i: int, pos: int, phrase: str) -> InitRec | None:
    """The initiative "it", "the project" or "ce réseau" refers to: for a pronoun, the
    initiative that opens the sentence it continues; for a noun, the last initiative named
    before with that head noun, else the page's only one."""
    inits = ctx.inits.items
    if not inits:
        return None
    if ctx.lex.rx("initiative_pronouns").fullmatch(phrase):
        for j in range(i - 1, max(-1, i - 4), -1):
            s = ctx.page.sents[j]
            # the subject opens the sentence, or follows a fronted phrase ("Trois ans
            # après son lancement, le programme X …")
            comma = ctx.text.find(",", s.start, min(s.end, s.start + 80))
            opener = [
                r
                for r in inits
                for a, _ in r.spans
                if s.start <= a < s.start + 40 or (comma != -1 and comma < a < comma + 8)
            ]
            if opener:
                return opener[0]
            if not ctx.lex.rx("initiative_pronouns").match(ctx.text, s.start):
                return None
        return None
    head = phrase.split()[-1].lower()[:6]
    before = [(a, r) for r in inits for a, _ in r.spans if a < pos]
    same = [(a, r) for a, r in before if head in r.label.lower()]
    if same:
        return max(same, key=lambda x: x[0])[1]
    if len(inits) == 1:
        return inits[0]
    return max(before, key=lambda x: x[0])[1] if before else None


def _named_before(ctx: RuleContext, i: int, pos: int) -> InitRec | None:
    """The initiative a passive cue at ``pos`` is about: named before it in the sentence
    (no event named between), else an anaphor opening the sentence."""
    s = ctx.page.sents[i]
    spans = [(b, r) for r in ctx.inits.items for a, b in r.spans if s.start <= a and b <= pos]
    events = [b for a, b, _, _ in ctx.events.spans_in(i) if b <= pos]
    if spans:
        end, rec = max(spans, key=lambda x: x[0])
        if not any(end < b for b in events) and clause_between(ctx.text, end, pos):
            return rec
        if not any(end < b for b in events) and pos - end < 200:
            return rec
    m = re.match(
        r"\s*(?:(?:"
        + ctx.lex.alt("initiative_anaphora")
        + r"|"
        + ctx.lex.alt("initiative_pronouns")
        + r")\b)",
        ctx.text[s.start : pos],
        re.IGNORECASE,
    )
    if m and not events:
        return _referent(ctx, i, s.start, m.group(0).strip())
    return None


def _named_after(ctx: RuleContext, i: int, pos: int) -> list[InitRec]:
    """The initiatives an active cue at ``pos`` governs: "est à l'origine du dispositif
    et du label", "for supporting the initiative"."""
    s = ctx.page.sents[i]
    text = ctx.text[pos : min(s.end, pos + 80)]
    out: list[InitRec] = []
    for r in ctx.inits.items:
        if any(pos <= a <= pos + 12 for a, _ in r.spans):
            out.append(r)
    rx = re.compile(r"(?:" + ctx.lex.alt("initiative_anaphora") + r")\b", re.IGNORECASE)
    at = 0
    while True:
        m = rx.match(text, at) or re.compile(
            r"\s*(?:(?:et\s+|and\s+)?(?:de\s+|d['’]|of\s+)?)"
        ).match(text, at)
        if m is None or m.end() == at:
            break
        if m.re is rx:
            r = _referent(ctx, i, pos, m.group(0))
            if r is not None and r not in out:
                out.append(r)
        at = m.end()
    return out


def _fronted_subject(ctx: RuleContext, i: int, pos: int) -> list[InitRec]:
    """The initiative a pronoun or an anaphor stands for right after a fronted participle's
    agents ("Piloté par le PFVT, il a mis en relation …", "Financé par la BOAD, le
    programme accompagnera …")."""
    m = re.match(
        r"\s*(?:\([^()]{1,20}\)\s*)?(?:\s*(?:"
        + ctx.lex.alt("conjunctions")
        + r")\s+[^,.;\n]{1,90})?,\s*(?:"
        + ctx.lex.alt("initiative_pronouns")
        + "|"
        + ctx.lex.alt("initiative_anaphora")
        + r")\b",
        ctx.text[pos : pos + 130],
        re.IGNORECASE,
    )
    if m is None:
        return []
    r = _referent(ctx, i, pos, m.group(0).split(",")[-1].strip())
    return [r] if r is not None else []


@rule("initiative-led-by", "initiatives")
def initiative_led_by(ctx: RuleContext) -> None:
    """ "the … pilot project funded by A and carried out by B and C", "It is implemented
    by X / Y", "L'AREC … est à l'origine du dispositif": the organisations a lead cue
    governs lead the initiative it is about."""
    if not ctx.inits.items:
        return
    rx = ctx.lex.rx("initiative_lead_cues")
    agent = re.compile(r"\b(?:" + ctx.lex.alt("agent_words") + r")$", re.IGNORECASE)
    for s in ctx.page.sents:
        names = [f for f in ctx.mentions.actors(s.index) if f.type in ("Agency", "City")]
        if not names:
            continue
        for m in rx.finditer(ctx.text, s.start, s.end):
            if agent.search(m.group(0)):
                who = _chain_after(ctx, names, m.end())
                targets = [r for r in [_named_before(ctx, s.index, m.start())] if r]
                if not targets and who:  # "Piloté par le PFVT, il a …": the pronoun's
                    targets = _fronted_subject(ctx, s.index, who[-1].end)
            else:
                who = _chain_before(ctx, names, m.start())
                targets = _named_after(ctx, s.index, m.end())
            for rec in targets:
                for f in who:
                    ctx.emit(
                        rec.key, "ledBy", "initiative-led-by", sent=s.index, span=f.span, obj=f.key
                    )
                    if f.type == "Agency":  # it runs the programme; it does not attend
                        ctx.veto(
                            Veto(
                                "initiative-led-by",
                                "participant",
                                obj=f.key,
                                span=f.span,
                                rules=frozenset({"participant-cue"}),
                            )
                        )


@rule("initiative-supported-by", "initiatives")
def initiative_supported_by(ctx: RuleContext) -> None:
    """ "Cette action, financée par l'AFD", "in partnership with A, B and C" after a lead
    clause, "the Ministry, whose grant made the scheme possible": the agencies a support
    cue governs support the initiative it is about."""
    if not ctx.inits.items:
        return
    cues = ctx.lex.rx("support_cues")
    verbs = ctx.lex.rx("initiative_support_verbs")
    lead = ctx.lex.rx("initiative_lead_cues")
    for s in ctx.page.sents:
        names = [f for f in ctx.mentions.actors(s.index) if f.type == "Agency"]
        if not names:
            continue
        for m in cues.finditer(ctx.text, s.start, s.end):
            who = _chain_after(ctx, names, m.end())
            rec = _named_before(ctx, s.index, m.start())
            targets = [rec] if rec else []
            if not targets and who:  # "Financé par la BOAD, le programme …"
                targets = _fronted_subject(ctx, s.index, who[-1].end)
            led = [x for x in lead.finditer(ctx.text, s.start, m.start())]
            if led and not targets:  # "X est à l'origine du dispositif, en partenariat avec …"
                targets = _named_after(ctx, s.index, led[-1].end())
            for r in targets:
                for f in who:
                    ctx.emit(
                        r.key,
                        "supportedBy",
                        "initiative-supported-by",
                        sent=s.index,
                        span=f.span,
                        obj=f.key,
                    )
            if targets and not _named_before(ctx, s.index, m.start()):
                for f in who:  # the partners of the programme, not of the sentence's event
                    ctx.veto(
                        Veto(
                            "initiative-supported-by",
                            "supportedBy",
                            obj=f.key,
                            sentence=s.index,
                            rules=frozenset({"supported-by"}),
                        )
                    )
        for m in verbs.finditer(ctx.text, s.start, s.end):
            before = [f for f in names if f.end <= m.start() and m.start() - f.end < 60]
            if not before:
                continue
            gap = ctx.text[before[-1].end : m.start()]
            if not re.fullmatch(
                r"(?:\s*\([^()\n]{1,20}\))?\)?[\s,]*(?:for\s+|pour\s+)?"
                r"(?:(?:" + ctx.lex.alt("relative_pronouns") + r")\s+)?(?:\w+ly\s+)?",
                gap,
            ):
                continue
            for r in _named_after(ctx, s.index, m.end()):
                ctx.emit(
                    r.key,
                    "supportedBy",
                    "initiative-supported-by",
                    sent=s.index,
                    span=before[-1].span,
                    obj=before[-1].key,
                )


@rule("initiative-block", "initiatives")
def initiative_block(ctx: RuleContext) -> None:
    """A project page's blocks ("Main Implementing Agency: A and B", "Funding
    Institution: C") name who leads and who pays for the initiative the headline names
    (or the page's only initiative), when no event owns the page."""
    inits = ctx.inits.items
    head_end = ctx.page.headline[-1].end if ctx.page.headline else 0
    main = ctx.events.main
    # an exchange's page is about the exchange; a project page's news item is not
    about_exchange = (
        main is not None
        and main.type == "Exchange"
        and (not main.spans or main.spans[0][0] < head_end)
    )
    if not inits or about_exchange:
        return
    heads = {line.text.lower() for line in ctx.page.headline}
    titled = [
        r
        for r in inits
        if any(a < head_end for a, _ in r.spans) or {x.lower() for x in r.aliases} & heads
    ]
    rec = titled[0] if titled else (inits[0] if len(inits) == 1 else None)
    if rec is None:
        return
    for labels, predicate, types in (
        ("lead_labels", "ledBy", ("Agency", "City")),
        ("support_labels", "supportedBy", ("Agency",)),
    ):
        span = ctx.page.block_value(labels, strict=True)
        if span is None:
            continue
        for f in ctx.mentions.items:
            if span[0] <= f.start < span[1] and not f.nested and not f.modifier and f.type in types:
                ctx.emit(
                    rec.key, predicate, "initiative-block", sent=f.sent, span=f.span, obj=f.key
                )


@rule("target-year-in-name", "initiatives")
def target_year_in_name(ctx: RuleContext) -> None:
    """ "National … Strategy 2035", "Vision 2030": a year that ends an initiative's name is
    the year it aims at."""
    for rec in ctx.inits.items:
        for alias in sorted(rec.aliases | {rec.label}):
            m = re.search(r"\b(20[2-9]\d)$", alias.strip())
            if m and ctx.lex.rx("initiative_triggers").search(alias):
                a = min(rec.spans)
                ctx.emit(
                    rec.key,
                    "targetYear",
                    "target-year-in-name",
                    sent=ctx.page.sentence_of(a[0]),
                    span=a,
                    value=m.group(1),
                )
                break


@rule("beneficiary-cities", "initiatives")
def beneficiary_cities(ctx: RuleContext) -> None:
    """ "… communes qui bénéficient d'un appui de la Région : A, B et C",
    "Accra and Lagos receive funding from the EU": the cities a beneficiary cue names
    (listed after a colon, else the subject before the cue) are supported by the funder.
    The funder then supports those cities, not whatever else the sentence names (a veto on
    the generic support reading of that sentence)."""
    rx = ctx.lex.rx("beneficiary_cues")
    for s in ctx.page.sents:
        for m in rx.finditer(ctx.text, s.start, s.end):
            agencies = [f for f in ctx.mentions.actors(s.index) if f.type == "Agency"]
            funders = _chain_after(ctx, agencies, m.end())
            if not funders:
                continue
            cities = [f for f in ctx.mentions.actors(s.index) if f.type == "City"]
            colon = ctx.text.find(":", funders[-1].end, s.end)
            listed = [f for f in cities if colon != -1 and f.start > colon]
            subject = _chain_before(ctx, [f for f in cities if f.end <= m.start()], m.start())
            for funder in funders:
                targets = listed or subject
                if not targets:
                    continue
                ctx.veto(
                    Veto(
                        "beneficiary-cities",
                        "supportedBy",
                        obj=funder.key,
                        sentence=s.index,
                        rules=frozenset({"supported-by"}),
                    )
                )
                for city in targets:
                    ctx.emit(
                        city.key,
                        "supportedBy",
                        "beneficiary-cities",
                        sent=s.index,
                        span=funder.span,
                        obj=funder.key,
                    )
